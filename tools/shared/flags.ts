import { evaluateFlag, evaluateFlags } from '../../db/queries/flags';
import type { FlagDecision } from '../../trust/flags';
import type { ToolContext } from '../define';
import { ToolError } from '../errors';

/**
 * Decides these flags for the caller and queues the exposure of every one the caller is in: call it where the
 * decisions change what the caller sees, so each exposure names the arm that decided it.
 */
export async function exposeFlags(
  ctx: ToolContext,
  keys: readonly string[],
): Promise<Map<string, FlagDecision>> {
  const decisions = await evaluateFlags(ctx.db, keys, ctx.actor.id);
  recordExposures(ctx, decisions);
  return decisions;
}

/**
 * Queues the exposures of decisions taken earlier (`evaluateFlags`), once the caller has seen their effect:
 * a call that fails after deciding showed nothing, so it must not count as exposed.
 */
export function recordExposures(ctx: ToolContext, decisions: ReadonlyMap<string, FlagDecision>): void {
  for (const d of decisions.values()) ctx.exposures.record(ctx.actor.id, d, ctx.now);
}

/**
 * Refuses the call with FEATURE_UNAVAILABLE unless the flag is on for the caller (a missing flag is off), and
 * records the exposure of a caller in the flag. `message` tells the person what they can do instead.
 */
export async function requireFeature(ctx: ToolContext, key: string, message: string): Promise<void> {
  const d = await evaluateFlag(ctx.db, key, ctx.actor.id);
  ctx.exposures.record(ctx.actor.id, d, ctx.now);
  if (!d.on) throw new ToolError('FEATURE_UNAVAILABLE', message, { details: { flag: key } });
}
