import { z } from 'zod';
import { latestAssessment, listAlerts } from '../../db/queries/risk';
import { findUser } from '../../db/queries/users';
import { riskThresholds, verdictOf } from '../../trust/risk/policy';
import { riskScorer } from '../../trust/risk/scorer';
import { defineTool } from '../define';
import { notFound } from '../errors';
import { Id } from '../shared/schemas';
import { AlertView, Assessment, alertView, RiskBand } from './schemas';

export const assessUser = defineTool({
  name: 'assess_user',
  title: 'Assess an account’s fraud risk',
  description:
    'Admin only. Scores an account now (0–100) with every reason behind the number: account age, verification, ' +
    'profile, proposal velocity, copied or templated letters, contact details or off-platform payment requests, ' +
    'throwaway email, failed payments, disputes, cancellations, rate changes, shared payment instruments or ' +
    'documents, reports and warnings. The score is computed live and not stored (stored scores come from the ' +
    'actions themselves); the last stored one and any open alert are shown beside it.',
  roles: ['admin'],
  effect: 'read',
  idempotent: true,
  input: z.object({ userId: Id('User').describe('The account to assess (usr_…)') }),
  output: Assessment.extend({
    userId: z.string(),
    displayName: z.string(),
    role: z.enum(['client', 'freelancer', 'admin']),
    status: z.enum(['active', 'suspended']),
    lastStored: z
      .object({
        score: z.number().int(),
        band: RiskBand,
        trigger: z.string(),
        at: z.string(),
        modelVersion: z.string(),
      })
      .nullable()
      .describe('The latest assessment an action stored'),
    openAlert: AlertView.nullable(),
  }),
  async run(ctx, input) {
    const user = await findUser(ctx.db, input.userId);
    if (!user) throw notFound('user', input.userId);
    const thresholds = riskThresholds();
    const v = verdictOf(await riskScorer().assessUser(ctx.db, user.id, ctx.now), thresholds);
    const last = await latestAssessment(ctx.db, user.id);
    const open = await listAlerts(ctx.db, { userId: user.id, status: 'open', limit: 1, offset: 0 });
    return {
      userId: user.id,
      displayName: user.display_name,
      role: user.role,
      status: user.status,
      score: v.score,
      band: v.band,
      decision: v.decision,
      reasons: v.reasons,
      modelVersion: v.modelVersion,
      assessedAt: ctx.now.toISOString(),
      thresholds,
      lastStored: last
        ? {
            score: Number(last.score),
            band: last.band,
            trigger: last.trigger,
            at: last.created_at,
            modelVersion: last.model_version,
          }
        : null,
      openAlert: open.rows[0] ? alertView(open.rows[0]) : null,
    };
  },
});
