import { z } from 'zod';
import { listFlags as listRows } from '../../db/queries/flags';
import { defineTool } from '../define';
import { FlagView, flagView } from './schemas';

export const listFlags = defineTool({
  name: 'list_flags',
  title: 'List feature flags',
  description:
    'Admin only. Every feature flag: key, description, whether it is enabled, its rollout percentage, its ' +
    'variants with weights and its targeting (role, country, verified). Details and exposure counts for one ' +
    'flag: get_flag.',
  roles: ['admin'],
  effect: 'read',
  idempotent: true,
  input: z.object({}),
  output: z.object({ flags: z.array(FlagView) }),
  async run(ctx) {
    return { flags: (await listRows(ctx.db)).map(flagView) };
  },
});
