import { z } from 'zod';
import {
  attachPlannedMilestones,
  getPlannedMilestones,
  insertContract,
  insertMilestone,
  nextMilestonePosition,
} from '../../db/queries/contracts';
import { getProjectRow } from '../../db/queries/projects';
import {
  getProposalRow,
  LIVE_PROPOSAL_STATUSES,
  type ProposalRow,
  rejectOtherLiveProposals,
  setProposalStatus,
} from '../../db/queries/proposals';
import { run } from '../../db/sql';
import { addDays, loadContractView, utcDate } from '../contracts/access';
import { ContractView } from '../contracts/schemas';
import { defineTool, type ToolContext } from '../define';
import { conflict, forbidden, invalid, notFound, ToolError } from '../errors';
import { recordConversion } from '../shared/conversions';
import { ContractKind, Id } from '../shared/schemas';
import type { ProposalMilestone } from './schemas';

/** Ownership for client proposal tools: unknown → NOT_FOUND, a proposal on another client's project → FORBIDDEN. */
async function requireProposalOnOwnProject(ctx: ToolContext, proposalId: string): Promise<ProposalRow> {
  const p = await getProposalRow(ctx.db, proposalId);
  if (!p) throw notFound('proposal', proposalId);
  if (p.project_client_id !== ctx.actor.id) throw forbidden('This proposal is on another client’s project.');
  return p;
}

export const acceptProposal = defineTool({
  name: 'accept_proposal',
  title: 'Accept a proposal',
  description:
    'Hire the freelancer behind a submitted or shortlisted proposal on your own open project. This creates the ' +
    'contract: fixed-price projects get a fixed contract for the proposed total, hourly projects an hourly ' +
    'contract at the proposed rate (optionally capped with weeklyLimitHours); pass kind "retainer" on a ' +
    'fixed-price project to make the amount a monthly fee instead. The project’s planned milestones move onto ' +
    'the contract and become active (on a fixed contract they must add up to the proposed total); without any, ' +
    'the proposal’s milestones are used, and without those a fixed contract gets one milestone for the whole ' +
    'amount. The project moves to in progress, this proposal to accepted and every other live proposal to ' +
    'rejected. Returns the contract with its milestones.',
  roles: ['client'],
  effect: 'write',
  input: z.object({
    proposalId: Id('Proposal'),
    kind: ContractKind.optional().describe(
      'Defaults to the project pricing (fixed or hourly); "retainer" makes a fixed-price amount a monthly fee',
    ),
    weeklyLimitHours: z
      .number()
      .int()
      .min(1)
      .max(80)
      .optional()
      .describe('Hourly contracts only: most hours the freelancer may log per ISO week'),
  }),
  output: ContractView,
  async authorize(ctx, input) {
    await requireProposalOnOwnProject(ctx, input.proposalId);
  },
  async run(ctx, input) {
    const p = await requireProposalOnOwnProject(ctx, input.proposalId);
    if (p.status === 'accepted') {
      throw conflict(
        `This proposal was already accepted${p.contract_id ? ` (contract ${p.contract_id})` : ''}.`,
      );
    }
    if (!LIVE_PROPOSAL_STATUSES.includes(p.status)) {
      throw conflict(
        `This proposal is ${p.status}; only submitted or shortlisted proposals can be accepted.`,
      );
    }
    const project = await getProjectRow(ctx.db, p.project_id);
    if (!project) throw notFound('project', p.project_id);
    if (project.status !== 'open') {
      throw conflict(
        project.status === 'in_progress'
          ? 'This project already has an accepted proposal and a contract.'
          : `This project is ${project.status}; only open projects can hire.`,
      );
    }

    const kind = input.kind ?? project.pricing;
    if (kind === 'retainer' && project.pricing !== 'fixed') {
      throw invalid(
        'kind',
        'Retainers are for fixed-price projects: the proposed amount becomes the monthly fee.',
      );
    }
    if (kind !== 'retainer' && kind !== project.pricing) {
      throw invalid('kind', `This is a ${project.pricing} project; its contract must be ${project.pricing}.`);
    }
    if (input.weeklyLimitHours !== undefined && kind !== 'hourly') {
      throw invalid('weeklyLimitHours', 'Only hourly contracts have a weekly hour limit.');
    }

    const amount = Number(p.amount_minor);
    const planned = await getPlannedMilestones(ctx.db, project.id);
    if (kind === 'fixed' && planned.length > 0) {
      const plannedTotal = planned.reduce((s, m) => s + Number(m.amount_minor), 0);
      if (plannedTotal !== amount) {
        throw new ToolError(
          'CONFLICT',
          `The project's planned milestones add up to ${plannedTotal} ${project.currency} minor units but this ` +
            `proposal is for ${amount}. They must match on a fixed contract: plan milestones that add up to the ` +
            'proposal, or ask the freelancer to withdraw and propose the planned total.',
          { details: { plannedTotal, proposalAmount: amount } },
        );
      }
    }

    const now = ctx.now.toISOString();
    const today = utcDate(ctx.now);
    const estimatedWeeks = p.estimated_weeks === null ? null : Number(p.estimated_weeks);
    const deadline = project.deadline ?? (estimatedWeeks ? addDays(today, estimatedWeeks * 7) : null);
    const contractId = ctx.newId('ctr');
    await insertContract(ctx.db, {
      id: contractId,
      projectId: project.id,
      proposalId: p.id,
      clientId: project.client_id,
      freelancerId: p.freelancer_id,
      kind,
      amountMinor: kind === 'hourly' ? 0 : amount,
      hourlyRateMinor: kind === 'hourly' ? amount : null,
      weeklyLimitHours: input.weeklyLimitHours ?? null,
      currency: p.currency,
      deadline,
      now,
    });

    const proposed = JSON.parse(p.milestones) as ProposalMilestone[];
    if (planned.length > 0) {
      await attachPlannedMilestones(ctx.db, project.id, contractId);
    } else {
      const plan =
        proposed.length > 0
          ? proposed.map((m) => ({
              title: m.title,
              description: '',
              amountMinor: m.amount.amount,
              dueDate: addDays(today, m.dueInWeeks * 7),
            }))
          : kind === 'fixed'
            ? [
                {
                  title: project.title,
                  description: 'The whole project, delivered in one milestone.',
                  amountMinor: amount,
                  dueDate: deadline,
                },
              ]
            : [];
      let position = await nextMilestonePosition(ctx.db, project.id);
      for (const m of plan) {
        await insertMilestone(ctx.db, {
          id: ctx.newId('mst'),
          projectId: project.id,
          contractId,
          position: position++,
          ...m,
          currency: p.currency,
          status: 'active',
          now,
        });
      }
    }

    await run(
      ctx.db,
      "UPDATE projects SET status = 'in_progress', updated_at = ? WHERE id = ? AND status = 'open'",
      [now, project.id],
    );
    await setProposalStatus(ctx.db, p.id, LIVE_PROPOSAL_STATUSES, 'accepted', now);
    await rejectOtherLiveProposals(ctx.db, project.id, p.id, now);
    await recordConversion(ctx, 'contract_started');
    return loadContractView(ctx.db, contractId);
  },
});
