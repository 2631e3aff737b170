import { z } from 'zod';
import { getProposalRow } from '../../db/queries/proposals';
import { findReport, insertReport, linkReportToAlert } from '../../db/queries/risk';
import { findUser } from '../../db/queries/users';
import { recordVerdict, verdictOf } from '../../trust/risk/policy';
import { riskScorer } from '../../trust/risk/scorer';
import { defineTool, ROLES, type ToolContext } from '../define';
import { conflict, invalid, notFound } from '../errors';
import { Id } from '../shared/schemas';

interface Input {
  userId?: string | undefined;
  proposalId?: string | undefined;
}

/** Who is reported, and the proposal when one is; a proposal only its project's client (or an admin) sees. */
async function subjectOf(ctx: ToolContext, input: Input) {
  if (input.proposalId) {
    const p = await getProposalRow(ctx.db, input.proposalId);
    const visible = p && (ctx.actor.role === 'admin' || p.project_client_id === ctx.actor.id);
    if (!p || !visible) throw notFound('proposal', input.proposalId);
    return { userId: p.freelancer_id, proposal: p };
  }
  const u = await findUser(ctx.db, input.userId ?? '');
  if (!u) throw notFound('user', input.userId ?? '');
  return { userId: u.id, proposal: undefined };
}

export const reportFraud = defineTool({
  name: 'report_fraud',
  title: 'Report fraud',
  description:
    'Report an account (userId) or a proposal sent to your project (proposalId) that looks fraudulent: asking ' +
    'to be paid off the platform, spam, a fake identity, a scam. Say what happened. Admins review every ' +
    'report, and reports count in the account’s fraud risk score. One report per account or proposal from you; ' +
    'you cannot report yourself.',
  roles: ROLES,
  effect: 'write',
  input: z
    .object({
      userId: Id('User').optional().describe('The account to report (usr_…)'),
      proposalId: Id('Proposal').optional().describe('Or a proposal sent to one of your projects (prp_…)'),
      reason: z.enum(['off_platform_payment', 'spam', 'fake_identity', 'scam', 'harassment', 'other']),
      details: z.string().trim().min(10).max(2000).describe('What happened, for the admin who reviews it'),
    })
    .superRefine((v, ctx) => {
      if ((v.userId === undefined) === (v.proposalId === undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: ['userId'],
          message: 'Give a userId or a proposalId (one of them).',
        });
      }
    }),
  output: z.object({
    reportId: z.string(),
    userId: z.string().describe('The reported account'),
    proposalId: z.string().nullable(),
    reason: z.string(),
    createdAt: z.string(),
    message: z.string(),
  }),
  async authorize(ctx, input) {
    await subjectOf(ctx, input);
  },
  async run(ctx, input) {
    const { userId, proposal } = await subjectOf(ctx, input);
    if (userId === ctx.actor.id) throw invalid('userId', 'You cannot report yourself.');
    const proposalId = proposal?.id ?? null;
    if (await findReport(ctx.db, ctx.actor.id, userId, proposalId)) {
      throw conflict('You already reported this; an admin will review it.');
    }
    const id = ctx.newId('rpt');
    const now = ctx.now.toISOString();
    await insertReport(ctx.db, {
      id,
      reporterId: ctx.actor.id,
      userId,
      proposalId,
      reason: input.reason,
      details: input.details,
      now,
    });
    // The report counts at once: the account is rescored and its alert opened (or bumped) for an admin.
    const score = proposal
      ? await riskScorer().assessProposal(
          ctx.db,
          {
            freelancerId: userId,
            projectId: proposal.project_id,
            coverLetter: proposal.cover_letter,
            proposalId: proposal.id,
          },
          ctx.now,
        )
      : await riskScorer().assessUser(ctx.db, userId, ctx.now);
    const { alertId } = await recordVerdict(
      ctx.db,
      {
        userId,
        trigger: 'report',
        proposalId: proposalId ?? undefined,
        projectId: proposal?.project_id ?? null,
      },
      verdictOf(score),
      { now: ctx.now, newId: ctx.newId, alert: 'report' },
    );
    if (alertId) await linkReportToAlert(ctx.db, id, alertId);
    return {
      reportId: id,
      userId,
      proposalId,
      reason: input.reason,
      createdAt: now,
      message: 'Thank you. An admin will review this account; we do not share the outcome of a review.',
    };
  },
});
