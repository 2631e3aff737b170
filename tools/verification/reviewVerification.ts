import { z } from 'zod';
import { refreshReputation } from '../../db/queries/reputation';
import { decideVerification, getVerification, isVerified } from '../../db/queries/verification';
import { defineTool, type ToolContext } from '../define';
import { conflict, notFound } from '../errors';
import { Id } from '../shared/schemas';
import { AdminVerificationView, adminVerificationView, EVIDENCE_LABELS } from './schemas';

interface Input {
  verificationId: string;
  decision: 'approve' | 'reject';
  reason?: string | undefined;
}

async function loadPending(ctx: ToolContext, id: string) {
  const v = await getVerification(ctx.db, id);
  if (!v) throw notFound('verification', id);
  if (v.status !== 'pending') throw conflict(`Verification ${id} was already decided: ${v.status}.`);
  return v;
}

export const reviewVerification = defineTool({
  name: 'review_verification',
  title: 'Approve or reject a verification',
  description:
    'Admin only. Decide a pending identity or company verification (see list_verifications): approve, or ' +
    'reject with a reason the user will see (they may then submit again). Approving marks the user verified: ' +
    'their freelancer profile shows it, matching ranks it and risk scoring reads it; a freelancer’s badges ' +
    'are recomputed. Needs confirmation.',
  roles: ['admin'],
  effect: 'admin',
  input: z
    .object({
      verificationId: Id('Verification'),
      decision: z.enum(['approve', 'reject']),
      reason: z
        .string()
        .trim()
        .min(3)
        .max(2000)
        .optional()
        .describe('Why; required to reject, shown to the user'),
    })
    .superRefine((v, ctx) => {
      if (v.decision === 'reject' && !v.reason) {
        ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Say why, so the user can fix it.' });
      }
    }),
  output: z.object({
    verification: AdminVerificationView,
    userVerified: z.boolean().describe('Whether the user now counts as verified'),
  }),
  async authorize(ctx, input: Input) {
    await loadPending(ctx, input.verificationId);
  },
  async summarize(ctx, input: Input) {
    const v = await loadPending(ctx, input.verificationId);
    const what = v.kind === 'individual' ? 'identity' : `company (“${v.company_name}”)`;
    const doc = `${EVIDENCE_LABELS[v.evidence_kind]} issued in ${v.issuing_country}, number ending ${v.last4}`;
    const others = Number(v.same_document_accounts);
    const dupes =
      others === 0
        ? 'No other account submitted this document.'
        : `Warning: ${others} other account${others === 1 ? '' : 's'} submitted the same document.`;
    const verb = input.decision === 'approve' ? 'Approve' : 'Reject';
    const why = input.reason ? ` Reason: ${input.reason}` : '';
    return (
      `${verb} the ${what} verification of ${v.display_name} (${v.role}, ${v.country}): ${doc}, submitted ` +
      `${v.submitted_at.slice(0, 10)}. ${dupes}${why}`
    );
  },
  async run(ctx, input) {
    const v = await loadPending(ctx, input.verificationId);
    const decided = await decideVerification(ctx.db, v.id, {
      status: input.decision === 'approve' ? 'verified' : 'rejected',
      reviewedBy: ctx.actor.id,
      reason: input.reason ?? null,
      now: ctx.now.toISOString(),
    });
    if (!decided) throw conflict(`Verification ${v.id} was decided meanwhile.`);
    // Badges (verified identity / business) follow the decision in the same transaction.
    await refreshReputation(ctx.db, v.user_id, ctx.now);
    const after = await getVerification(ctx.db, v.id);
    if (!after) throw notFound('verification', v.id);
    return { verification: adminVerificationView(after), userVerified: await isVerified(ctx.db, v.user_id) };
  },
});
