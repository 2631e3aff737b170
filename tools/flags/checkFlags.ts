import { z } from 'zod';
import { decideFor, listFlags, recordExposures } from '../../db/queries/flags';
import { defineTool, ROLES } from '../define';
import { FlagKey } from './schemas';

/**
 * Effect 'write', not 'read': it records first exposures, and read tools run on the pooled read connection,
 * which must never write (writes go through the one writer and its group commit). Read tools that decide by a
 * flag queue their exposures in ctx.exposures instead (written shortly after, lost on a crash within that
 * window); asking for your flags is the explicit record, so it commits with the call. Exposure rows are
 * write-once, so a repeated check inserts nothing.
 */
export const checkFlags = defineTool({
  name: 'check_flags',
  title: 'Check my feature flags',
  description:
    'Which feature flags are on for you, and which variant you are in. Decided by the platform from what it ' +
    'knows about your account (role, country, verification) and a stable hash of your id, never from what ' +
    'you send; the same answer every time until an admin changes the flag. Records your first exposure to ' +
    'each flag you are in. Pass keys to check only some flags.',
  roles: ROLES,
  effect: 'write',
  idempotent: true,
  input: z.object({
    keys: z.array(FlagKey).min(1).max(50).optional().describe('Only these flags; all flags when omitted'),
  }),
  output: z.object({
    flags: z.array(
      z.object({
        key: z.string(),
        on: z.boolean().describe('You get the new behaviour'),
        variant: z
          .string()
          .nullable()
          .describe('Your arm (control, treatment…; "on" for a flag without variants); null when not in it'),
      }),
    ),
  }),
  async run(ctx, input) {
    const flags = await listFlags(ctx.db, input.keys);
    const decisions = await decideFor(ctx.db, flags, ctx.actor.id);
    await recordExposures(ctx.db, ctx.actor.id, decisions, ctx.now);
    const known = new Map(decisions.map((d) => [d.key, d]));
    // A key that names no flag answers off, as isFlagOn does for product code.
    const keys = input.keys ?? decisions.map((d) => d.key);
    return {
      flags: keys.map((key) => {
        const d = known.get(key);
        return { key, on: d?.on ?? false, variant: d?.variant ?? null };
      }),
    };
  },
});
