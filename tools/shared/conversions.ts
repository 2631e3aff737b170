import { trackConversion } from '../../db/queries/flags';
import type { ToolContext } from '../define';

/** The conversion events flag_exposure_report counts, and the tool that records each (for its caller). */
export type ConversionEvent = 'proposal_submitted' | 'contract_started' | 'milestone_funded';

/**
 * Records that the caller did something experiments measure, attributed to every flag arm they were exposed
 * to. Call it inside the write tool's transaction (ctx.db), so the conversion commits with the action or not at
 * all. Exposures still in the buffer are written first, so a match seen a moment ago counts.
 */
export async function recordConversion(ctx: ToolContext, event: ConversionEvent): Promise<void> {
  await ctx.exposures.writePendingFor(ctx.db, ctx.actor.id);
  await trackConversion(ctx.db, { userId: ctx.actor.id, event, now: ctx.now });
}
