import { z } from 'zod';
import { getProposalRow } from '../../db/queries/proposals';
import { riskThresholds, verdictOf } from '../../trust/risk/policy';
import { riskScorer } from '../../trust/risk/scorer';
import { defineTool } from '../define';
import { notFound } from '../errors';
import { Id } from '../shared/schemas';
import { Assessment } from './schemas';

export const assessProposal = defineTool({
  name: 'assess_proposal',
  title: 'Assess a proposal’s fraud risk',
  description:
    'Admin only. Scores a proposal now (0–100) with its reasons: its freelancer’s account signals plus the ' +
    'letter itself — contact details or requests to pay off the platform, the same text sent to other ' +
    'projects or by other accounts. Computed live, not stored.',
  roles: ['admin'],
  effect: 'read',
  idempotent: true,
  input: z.object({ proposalId: Id('Proposal').describe('The proposal to assess (prp_…)') }),
  output: Assessment.extend({
    proposalId: z.string(),
    projectId: z.string(),
    projectTitle: z.string(),
    freelancerId: z.string(),
    freelancerName: z.string(),
    status: z.string().describe('The proposal’s status'),
  }),
  async run(ctx, input) {
    const p = await getProposalRow(ctx.db, input.proposalId);
    if (!p) throw notFound('proposal', input.proposalId);
    const thresholds = riskThresholds();
    const score = await riskScorer().assessProposal(
      ctx.db,
      {
        freelancerId: p.freelancer_id,
        projectId: p.project_id,
        coverLetter: p.cover_letter,
        proposalId: p.id,
      },
      ctx.now,
    );
    const v = verdictOf(score, thresholds);
    return {
      proposalId: p.id,
      projectId: p.project_id,
      projectTitle: p.project_title,
      freelancerId: p.freelancer_id,
      freelancerName: p.freelancer_name,
      status: p.status,
      score: v.score,
      band: v.band,
      decision: v.decision,
      reasons: v.reasons,
      modelVersion: v.modelVersion,
      assessedAt: ctx.now.toISOString(),
      thresholds,
    };
  },
});
