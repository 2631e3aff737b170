/**
 * The `risk` hooks tools declare (tools/define.ts): the dispatcher runs them inside the call's write
 * transaction, after `authorize` and before `run`. Each scores the account (or the proposal being sent) and
 * applies the policy:
 * - allow / review: the assessment (and for review the alert) is written on ctx.db, committing with the call;
 * - block: nothing is written in the call; the dispatcher refuses it with BLOCKED_BY_RISK and then runs
 *   `afterRefusal` in a write of its own, so the assessment and the alert survive the rolled-back call.
 * The refused person is not told the score or the reasons (that would teach a fraudster what to change);
 * admins see both in list_risk_alerts.
 */
import type { Executor } from '../../db/client';
import type { RiskCheck, ToolContext } from '../../tools/define';
import { type RiskSubject, recordVerdict, verdictOf } from './policy';
import { type RiskScore, riskScorer } from './scorer';

const BLOCK_MESSAGE =
  'Our fraud checks stopped this action and an admin will review your account; nothing was changed. ' +
  'If you think this is a mistake, contact support.';

async function enforce(
  ctx: ToolContext,
  subject: RiskSubject,
  score: RiskScore,
): Promise<RiskCheck | undefined> {
  const verdict = verdictOf(score);
  const now = ctx.now;
  const newId = ctx.newId;
  if (verdict.decision !== 'block') {
    await recordVerdict(ctx.db, subject, verdict, { now, newId });
    return undefined;
  }
  return {
    block: { message: BLOCK_MESSAGE, details: { check: 'fraud_risk', trigger: subject.trigger } },
    afterRefusal: async (tx: Executor) => {
      await recordVerdict(tx, subject, verdict, { now, newId });
    },
  };
}

/** submit_proposal: the freelancer plus the letter being sent. */
export async function proposalRisk(
  ctx: ToolContext,
  input: { projectId: string; coverLetter: string },
): Promise<RiskCheck | undefined> {
  const score = await riskScorer().assessProposal(
    ctx.db,
    { freelancerId: ctx.actor.id, projectId: input.projectId, coverLetter: input.coverLetter },
    ctx.now,
  );
  return enforce(
    ctx,
    { userId: ctx.actor.id, trigger: 'submit_proposal', projectId: input.projectId },
    score,
  );
}

/** deposit, withdraw, open_dispute…: the calling account as a whole. Use as `risk: accountRisk('withdraw')`. */
export function accountRisk(trigger: string) {
  return async (ctx: ToolContext): Promise<RiskCheck | undefined> => {
    const score = await riskScorer().assessUser(ctx.db, ctx.actor.id, ctx.now);
    return enforce(ctx, { userId: ctx.actor.id, trigger }, score);
  };
}
