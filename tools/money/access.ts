import type { ContractRow } from '../../db/queries/contracts';
import { getContractMilestones, getMilestoneRow } from '../../db/queries/contracts';
import type { HoldRow } from '../../db/queries/holds';
import { remainingOf } from '../../db/queries/holds';
import type { InvoiceRow } from '../../db/queries/invoices';
import type { MilestoneRow } from '../../db/queries/projects';
import { getProjectRow } from '../../db/queries/projects';
import { requireContract } from '../contracts/access';
import type { ToolContext } from '../define';
import { conflict, forbidden, notFound } from '../errors';
import { milestoneView } from '../shared/projects';
import { amountOf } from './schemas';

/**
 * A milestone on one of the caller's own contracts, as its client. Unknown ids are NOT_FOUND; a milestone on
 * someone else's project or contract (the contract's freelancer included) is FORBIDDEN; a milestone of the
 * caller's own project that no contract has taken yet is a CONFLICT (hire first).
 */
export async function requireClientMilestone(
  ctx: ToolContext,
  milestoneId: string,
): Promise<{ milestone: MilestoneRow; contract: ContractRow }> {
  const milestone = await getMilestoneRow(ctx.db, milestoneId);
  if (!milestone) throw notFound('milestone', milestoneId);
  if (!milestone.contract_id) {
    const project = await getProjectRow(ctx.db, milestone.project_id);
    if (project?.client_id !== ctx.actor.id) throw forbidden('This milestone belongs to another client.');
    throw conflict(
      'This milestone is not on a contract yet: accept a proposal on the project first, then fund it.',
    );
  }
  const contract = await requireContract(ctx, milestone.contract_id, 'client');
  return { milestone, contract };
}

/**
 * A tool's checks, run once per call: the dispatcher hands `authorize`, `summarize` and `run` the same
 * context and input object, inside one transaction with nothing written in between (these tools have no
 * risk hook), so what `authorize` checked and read still holds when `run` starts. A new context (another
 * call, or the confirm after the ask) checks again.
 */
export function oncePerCall<I extends object, T>(
  check: (ctx: ToolContext, input: I) => Promise<T>,
): (ctx: ToolContext, input: I) => Promise<T> {
  const memo = new WeakMap<ToolContext, { input: I; result: Promise<T> }>();
  return (ctx, input) => {
    const hit = memo.get(ctx);
    if (hit?.input === input) return hit.result;
    const result = check(ctx, input);
    memo.set(ctx, { input, result });
    return result;
  };
}

/** "milestone 2 'API'" for summaries and messages. */
export const milestoneLabel = (m: Pick<MilestoneRow, 'position' | 'title'>) =>
  `milestone ${Number(m.position)} '${m.title}'`;

/**
 * What the contract is worth for the fee tiers: its amount (fixed total, retainer fee), or, when that is 0
 * (hourly), the sum of its milestones that are not cancelled.
 */
export async function contractValue(ctx: ToolContext, contract: ContractRow): Promise<number> {
  const amount = Number(contract.amount_minor);
  if (amount > 0) return amount;
  const milestones = await getContractMilestones(ctx.db, contract.id);
  return milestones.filter((m) => m.status !== 'cancelled').reduce((s, m) => s + Number(m.amount_minor), 0);
}

/** The milestone and its escrow, as money tools return them. */
export function milestoneMoney(milestone: MilestoneRow, hold: HoldRow, transferId: string) {
  const c = hold.currency;
  return {
    milestone: milestoneView(milestone),
    contractId: hold.contract_id,
    holdId: hold.id,
    transferId,
    held: amountOf(Number(hold.amount_minor), c),
    released: amountOf(Number(hold.released_minor), c),
    refunded: amountOf(Number(hold.refunded_minor), c),
    remaining: amountOf(remainingOf(hold), c),
    escrowStatus: hold.status,
  };
}

/** Invoices are read by their two parties and by admins; anyone else is FORBIDDEN. */
export function requireInvoiceReader(
  ctx: ToolContext,
  invoice: InvoiceRow,
): 'client' | 'freelancer' | 'admin' {
  if (ctx.actor.role === 'admin') return 'admin';
  if (invoice.client_id === ctx.actor.id) return 'client';
  if (invoice.freelancer_id === ctx.actor.id) return 'freelancer';
  throw forbidden('This invoice is between other people.');
}
