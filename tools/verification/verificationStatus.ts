import { z } from 'zod';
import { findUser } from '../../db/queries/users';
import { isVerified, latestVerifications, verificationHistory } from '../../db/queries/verification';
import { defineTool, type ToolContext } from '../define';
import { forbidden, invalid, notFound } from '../errors';
import { Id } from '../shared/schemas';
import { VerificationState, VerificationView, verificationView } from './schemas';

const KindStatus = z.object({
  state: VerificationState,
  current: VerificationView.nullable().describe('The newest submission of this kind; null when none'),
});

function subjectOf(ctx: ToolContext, userId: string | undefined): string {
  if (ctx.actor.role === 'admin') {
    if (!userId) throw invalid('userId', 'Admins name the user whose verification they want to see.');
    return userId;
  }
  if (userId && userId !== ctx.actor.id) throw forbidden('You can only see your own verification status.');
  return ctx.actor.id;
}

export const verificationStatus = defineTool({
  name: 'verification_status',
  title: 'Verification status',
  description:
    'Your identity and company verification: for each kind its state (unverified, pending, verified, ' +
    'rejected) with the newest submission and, when rejected, the reason, plus every earlier submission. ' +
    'Documents show only as their last 4 characters. Admins pass userId to see anyone’s.',
  roles: ['client', 'freelancer', 'admin'],
  effect: 'read',
  idempotent: true,
  input: z.object({ userId: Id('User').optional().describe('Admins only: whose status to show') }),
  output: z.object({
    userId: z.string(),
    verified: z.boolean().describe('Verified as a person or a business: what matching and risk read'),
    individual: KindStatus,
    company: KindStatus,
    history: z.array(VerificationView).describe('Every submission, newest first'),
  }),
  async authorize(ctx, input) {
    subjectOf(ctx, input.userId);
  },
  async run(ctx, input) {
    const userId = subjectOf(ctx, input.userId);
    if (!(await findUser(ctx.db, userId))) throw notFound('user', userId);
    const [latest, history, verified] = await Promise.all([
      latestVerifications(ctx.db, userId),
      verificationHistory(ctx.db, userId),
      isVerified(ctx.db, userId),
    ]);
    const kindStatus = (kind: 'individual' | 'company') => {
      const row = latest.find((r) => r.kind === kind);
      return { state: row?.status ?? 'unverified', current: row ? verificationView(row) : null } as const;
    };
    return {
      userId,
      verified,
      individual: kindStatus('individual'),
      company: kindStatus('company'),
      history: history.map(verificationView),
    };
  },
});
