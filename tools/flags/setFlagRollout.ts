import { z } from 'zod';
import { countEligibleUsers, getFlag, setFlagRollout as storeRollout, usersAt } from '../../db/queries/flags';
import { formatBps, percentToBps } from '../../trust/flags';
import { defineTool, type ToolContext } from '../define';
import { conflict, notFound } from '../errors';
import { count, describePopulation, FlagKey, FlagView, flagView, Percent } from './schemas';

async function load(ctx: ToolContext, flagKey: string, percent: number) {
  const flag = await getFlag(ctx.db, flagKey);
  if (!flag) throw notFound('feature flag', flagKey);
  const bps = percentToBps(percent);
  if (bps === flag.rolloutBps) throw conflict(`${flagKey} is already rolled out to ${formatBps(bps)}.`);
  return { flag, bps };
}

export const setFlagRollout = defineTool({
  name: 'set_flag_rollout',
  title: 'Change a flag’s rollout',
  description:
    'Admin only. Set the share of targeted users a feature flag reaches, 0–100%. Users are bucketed by a ' +
    'stable hash of the flag and their id: raising the rollout keeps everyone who was in and adds more, ' +
    'lowering it removes only the newest buckets, and nobody changes variant. Enabling or disabling the flag ' +
    'itself is set_flag_enabled. Needs confirmation; audited.',
  roles: ['admin'],
  effect: 'admin',
  input: z.object({ flagKey: FlagKey, percent: Percent }),
  output: z.object({ flag: FlagView, previousPercent: z.number() }),
  async authorize(ctx, input) {
    await load(ctx, input.flagKey, input.percent);
  },
  async summarize(ctx, input) {
    const { flag, bps } = await load(ctx, input.flagKey, input.percent);
    const eligible = await countEligibleUsers(ctx.db, flag.targeting);
    const delta = Math.abs(usersAt(eligible, bps) - usersAt(eligible, flag.rolloutBps));
    const up = bps > flag.rolloutBps;
    const line =
      `${up ? 'Roll out' : 'Roll back'} ${flag.key} from ${formatBps(flag.rolloutBps)} to ${formatBps(bps)} ` +
      `(about ${count(delta)} ${up ? 'more' : 'fewer'} users, of ${count(eligible)} ${describePopulation(flag.targeting)}).`;
    return flag.enabled ? line : `${line} The flag is disabled: nobody gets it until it is enabled.`;
  },
  async run(ctx, input) {
    const { flag, bps } = await load(ctx, input.flagKey, input.percent);
    await storeRollout(ctx.db, flag.key, bps, ctx.actor.id, ctx.now.toISOString());
    const after = await getFlag(ctx.db, flag.key);
    if (!after) throw notFound('feature flag', flag.key);
    return { flag: flagView(after), previousPercent: flag.rolloutBps / 100 };
  },
});
