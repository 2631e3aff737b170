import { z } from 'zod';
import { countEligibleUsers, getFlag, setFlagEnabled as storeEnabled, usersAt } from '../../db/queries/flags';
import { formatBps } from '../../trust/flags';
import { defineTool, type ToolContext } from '../define';
import { conflict, notFound } from '../errors';
import { count, describePopulation, FlagKey, FlagView, flagView } from './schemas';

async function load(ctx: ToolContext, flagKey: string, enabled: boolean) {
  const flag = await getFlag(ctx.db, flagKey);
  if (!flag) throw notFound('feature flag', flagKey);
  if (flag.enabled === enabled) throw conflict(`${flagKey} is already ${enabled ? 'enabled' : 'disabled'}.`);
  return flag;
}

export const setFlagEnabled = defineTool({
  name: 'set_flag_enabled',
  title: 'Enable or disable a flag',
  description:
    'Admin only. Turn a feature flag on (for its rollout share of its targeted users) or off for everyone: ' +
    'the kill switch. The rollout percentage and who is in are kept, so turning it back on restores the same ' +
    'users and variants. Needs confirmation; audited.',
  roles: ['admin'],
  effect: 'admin',
  input: z.object({ flagKey: FlagKey, enabled: z.boolean().describe('true: on; false: off for everyone') }),
  output: z.object({ flag: FlagView }),
  async authorize(ctx, input) {
    await load(ctx, input.flagKey, input.enabled);
  },
  async summarize(ctx, input) {
    const flag = await load(ctx, input.flagKey, input.enabled);
    const eligible = await countEligibleUsers(ctx.db, flag.targeting);
    const reach = `about ${count(usersAt(eligible, flag.rolloutBps))} users`;
    const of = `${formatBps(flag.rolloutBps)} of ${count(eligible)} ${describePopulation(flag.targeting)}`;
    return input.enabled
      ? `Turn on ${flag.key} for ${reach} (${of}).`
      : `Turn off ${flag.key} for everyone (${reach} get it now: ${of}).`;
  },
  async run(ctx, input) {
    const flag = await load(ctx, input.flagKey, input.enabled);
    await storeEnabled(ctx.db, flag.key, input.enabled, ctx.actor.id, ctx.now.toISOString());
    const after = await getFlag(ctx.db, flag.key);
    if (!after) throw notFound('feature flag', flag.key);
    return { flag: flagView(after) };
  },
});
