import { z } from 'zod';
import { getProjectRow } from '../../db/queries/projects';
import {
  acceptInvitation,
  findLiveProposal,
  getProposalRow,
  hasFreelancerProfile,
  insertProposal,
} from '../../db/queries/proposals';
import { proposalRisk } from '../../trust/risk/hooks';
import { defineTool } from '../define';
import { conflict, invalid, notFound } from '../errors';
import { recordConversion } from '../shared/conversions';
import { Id } from '../shared/schemas';
import { PositiveMoney, ProposalMilestone, ProposalView, proposalView } from './schemas';

export const submitProposal = defineTool({
  name: 'submit_proposal',
  title: 'Submit a proposal',
  description:
    'Send a proposal to an open project: a cover letter, your price and an estimate in weeks. On a fixed-price ' +
    'project the amount is the total price; on an hourly project it is your hourly rate. The currency must be ' +
    "the project's. Optionally split a fixed price into milestones (title, amount, due in weeks) whose amounts add " +
    'up exactly to the total; hourly proposals take no milestones. You can have one live proposal per project: ' +
    'withdraw it to send another. A pending invitation to the project is marked accepted.',
  roles: ['freelancer'],
  effect: 'write',
  input: z
    .object({
      projectId: Id('Project'),
      coverLetter: z.string().trim().min(10).max(10000).describe('Why you, and how you would do the work'),
      amount: PositiveMoney.describe('Total price (fixed projects) or hourly rate (hourly projects)'),
      estimatedWeeks: z.number().int().min(1).max(520).describe('How many weeks the work should take'),
      milestones: z
        .array(ProposalMilestone)
        .max(20)
        .default([])
        .describe('Optional payment plan for a fixed price; amounts must add up to amount'),
    })
    .superRefine((input, ctx) => {
      input.milestones.forEach((m, i) => {
        if (m.amount.currency !== input.amount.currency) {
          ctx.addIssue({
            code: 'custom',
            path: ['milestones', i, 'amount', 'currency'],
            message: `Milestone currency must match the proposal's ${input.amount.currency}.`,
          });
        }
      });
      if (input.milestones.length === 0) return;
      const sum = input.milestones.reduce((s, m) => s + m.amount.amount, 0);
      if (sum !== input.amount.amount) {
        ctx.addIssue({
          code: 'custom',
          path: ['milestones'],
          message: `Milestone amounts add up to ${sum} but the proposal amount is ${input.amount.amount}; they must be equal.`,
        });
      }
    }),
  output: ProposalView,
  risk: proposalRisk,
  async run(ctx, input) {
    const project = await getProjectRow(ctx.db, input.projectId);
    // Freelancers never own projects, so a draft is always someone else's: it does not exist for them.
    if (!project || project.status === 'draft') throw notFound('project', input.projectId);
    if (project.status !== 'open') {
      throw conflict(`This project is ${project.status.replace('_', ' ')} and no longer takes proposals.`);
    }
    if (input.amount.currency !== project.currency) {
      throw invalid(
        'amount.currency',
        `This project is priced in ${project.currency}; propose in ${project.currency}.`,
      );
    }
    if (project.pricing === 'hourly' && input.milestones.length > 0) {
      throw invalid('milestones', 'Hourly projects are billed from time logs; leave milestones out.');
    }
    if (!(await hasFreelancerProfile(ctx.db, ctx.actor.id))) {
      throw conflict('Set up your freelancer profile before sending proposals.');
    }
    const existing = await findLiveProposal(ctx.db, project.id, ctx.actor.id);
    if (existing) {
      throw conflict(
        existing.status === 'rejected' || existing.status === 'accepted'
          ? `Your proposal ${existing.id} on this project was already ${existing.status}; you cannot propose again.`
          : `You already have a ${existing.status} proposal (${existing.id}) on this project. ` +
              'Withdraw it first if you want to send a new one.',
      );
    }
    const id = ctx.newId('prp');
    await insertProposal(ctx.db, {
      id,
      projectId: project.id,
      freelancerId: ctx.actor.id,
      coverLetter: input.coverLetter,
      amountMinor: input.amount.amount,
      currency: input.amount.currency,
      estimatedWeeks: input.estimatedWeeks,
      milestones: input.milestones,
      now: ctx.now.toISOString(),
    });
    await acceptInvitation(ctx.db, project.id, ctx.actor.id);
    await recordConversion(ctx, 'proposal_submitted');
    const row = await getProposalRow(ctx.db, id);
    if (!row) throw notFound('proposal', id);
    return proposalView(row);
  },
});
