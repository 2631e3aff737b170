import { z } from 'zod';
import type { ContractRow } from '../../db/queries/contracts';
import { getMilestoneRow, getScopeChangeRow, insertScopeChange } from '../../db/queries/contracts';
import type { MilestoneRow } from '../../db/queries/projects';
import { defineTool } from '../define';
import { conflict, invalid, notFound } from '../errors';
import { Id, IsoDate } from '../shared/schemas';
import { requireContract, scopeChangeView, utcDate } from './access';
import { ScopeChangeView } from './schemas';

/** Milestone statuses whose amount may still change: no money is held against them yet. */
const AMOUNT_EDITABLE = new Set(['planned', 'active']);

/**
 * Why this amount change cannot apply to the contract (and milestone) as they are now, or null when it can.
 * Checked when the change is requested and again when it is approved.
 */
export function scopeChangeProblem(
  contract: Pick<ContractRow, 'kind' | 'amount_minor' | 'currency'>,
  milestone: Pick<MilestoneRow, 'amount_minor' | 'status' | 'title'> | undefined,
  delta: number,
): string | null {
  if (delta === 0) return null;
  if (contract.kind === 'hourly') {
    return 'Hourly contracts are billed from logged time; amountDelta must be 0 (a scope change may still move the deadline).';
  }
  const total = Number(contract.amount_minor) + delta;
  if (total < 0) {
    return `The contract amount would drop below zero (${Number(contract.amount_minor)} ${contract.currency} minor units now).`;
  }
  if (milestone) {
    if (!AMOUNT_EDITABLE.has(milestone.status)) {
      return `Milestone "${milestone.title}" is ${milestone.status}; its amount can no longer change.`;
    }
    if (Number(milestone.amount_minor) + delta < 0) {
      return `Milestone "${milestone.title}" would drop below zero (${Number(milestone.amount_minor)} minor units now).`;
    }
  }
  return null;
}

export const requestScopeChange = defineTool({
  name: 'request_scope_change',
  title: 'Request a scope change',
  description:
    'Propose a change to an active contract you are a party to (client or freelancer): describe the change, ' +
    'give amountDelta as a signed whole number of minor units in the contract currency (positive adds to the ' +
    'price, negative takes off; 0 for no price change), optionally a new deadline and the milestone it ' +
    'affects. Amounts must stay at or above zero, hourly contracts only move deadlines, and the amount of a ' +
    'milestone that is already funded or further along cannot change. The request waits as pending until the ' +
    'other party approves or rejects it with respond_scope_change.',
  roles: ['client', 'freelancer'],
  effect: 'write',
  input: z.object({
    contractId: Id('Contract'),
    description: z.string().trim().min(1).max(5000).describe('What changes in the work'),
    amountDelta: z
      .number()
      .int('Use whole minor units (cents).')
      .min(-1_000_000_000_00)
      .max(1_000_000_000_00)
      .default(0)
      .describe('Signed price change in minor units of the contract currency, e.g. 50000 or -20000'),
    newDeadline: IsoDate.optional().describe('New deadline for the contract (and the milestone, if given)'),
    milestoneId: Id('Milestone').optional().describe('The milestone of this contract the change applies to'),
  }),
  output: ScopeChangeView,
  async authorize(ctx, input) {
    await requireContract(ctx, input.contractId, 'party');
  },
  async run(ctx, input) {
    const contract = await requireContract(ctx, input.contractId, 'party');
    if (contract.status !== 'active') {
      throw conflict(`This contract is ${contract.status}; scope changes apply to active contracts only.`);
    }
    let milestone: Awaited<ReturnType<typeof getMilestoneRow>>;
    if (input.milestoneId) {
      milestone = await getMilestoneRow(ctx.db, input.milestoneId);
      if (!milestone || milestone.contract_id !== contract.id) {
        throw invalid('milestoneId', `Milestone ${input.milestoneId} is not part of this contract.`);
      }
    }
    const problem = scopeChangeProblem(contract, milestone, input.amountDelta);
    if (problem) throw invalid('amountDelta', problem);
    const today = utcDate(ctx.now);
    if (input.newDeadline && input.newDeadline < today) {
      throw invalid('newDeadline', `The new deadline is in the past (today is ${today} UTC).`);
    }
    const id = ctx.newId('scr');
    await insertScopeChange(ctx.db, {
      id,
      contract_id: contract.id,
      milestone_id: input.milestoneId ?? null,
      requested_by: ctx.actor.id,
      description: input.description,
      amount_delta_minor: input.amountDelta,
      new_deadline: input.newDeadline ?? null,
      created_at: ctx.now.toISOString(),
    });
    const row = await getScopeChangeRow(ctx.db, id);
    if (!row) throw notFound('scope change request', id);
    return scopeChangeView(row, contract);
  },
});
