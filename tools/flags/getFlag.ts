import { z } from 'zod';
import { countEligibleUsers, exposureStats, getFlag as getRow, usersAt } from '../../db/queries/flags';
import { defineTool } from '../define';
import { notFound } from '../errors';
import { describePopulation, FlagKey, FlagView, flagView } from './schemas';

export const getFlag = defineTool({
  name: 'get_flag',
  title: 'Get a feature flag',
  description:
    'Admin only. One feature flag with its reach: how many active users its targeting admits, about how many ' +
    'of them its rollout reaches, and how many users have been exposed to each variant so far.',
  roles: ['admin'],
  effect: 'read',
  idempotent: true,
  input: z.object({ flagKey: FlagKey }),
  output: z.object({
    flag: FlagView,
    population: z.string().describe('Who the targeting admits, e.g. "clients in DE"'),
    eligibleUsers: z.number().int().describe('Active users the targeting admits'),
    estimatedUsersIn: z
      .number()
      .int()
      .describe('About how many of them the rollout reaches (0 when disabled)'),
    exposures: z.array(z.object({ variant: z.string(), users: z.number().int() })),
  }),
  async run(ctx, { flagKey }) {
    const flag = await getRow(ctx.db, flagKey);
    if (!flag) throw notFound('feature flag', flagKey);
    const [eligible, stats] = await Promise.all([
      countEligibleUsers(ctx.db, flag.targeting),
      exposureStats(ctx.db, flagKey),
    ]);
    return {
      flag: flagView(flag),
      population: describePopulation(flag.targeting),
      eligibleUsers: eligible,
      estimatedUsersIn: flag.enabled ? usersAt(eligible, flag.rolloutBps) : 0,
      exposures: stats.map((s) => ({ variant: s.variant, users: s.exposures })),
    };
  },
});
