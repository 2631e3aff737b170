import { z } from 'zod';
import { type DisputeRow, type EvidenceRow, getDisputeRow } from '../../db/queries/disputes';
import type { ToolContext } from '../define';
import { forbidden, notFound } from '../errors';
import { Id, Money } from '../shared/schemas';

export const DisputeReason = z
  .enum(['not_delivered', 'quality', 'scope', 'hours', 'payment', 'communication', 'other'])
  .describe(
    'not_delivered, quality (work below what was agreed), scope (disagreement on what was agreed), hours ' +
      '(time logged on an hourly week), payment, communication, other',
  );
export const DisputeStatus = z.enum(['open', 'resolved']);
export const DisputeOutcome = z.enum(['release', 'refund', 'split']);

export const DisputeIdInput = Id('Dispute');

export const SPLIT_ROUNDING =
  'The freelancer’s part is floor(disputed amount × basis points / 10000) minor units; the client gets the exact ' +
  'rest, so the two always add up to the disputed amount (an odd minor unit goes to the client). The platform ' +
  'fee is taken from the freelancer’s part only.';

export const EvidenceView = z.object({
  id: z.string(),
  disputeId: z.string(),
  authorId: z.string(),
  authorName: z.string(),
  authorRole: z.enum(['client', 'freelancer', 'admin']),
  text: z.string(),
  links: z.array(z.string()),
  createdAt: z.string(),
});
export type EvidenceView = z.infer<typeof EvidenceView>;

export const DisputeView = z.object({
  id: z.string(),
  status: DisputeStatus,
  reason: DisputeReason,
  description: z.string(),
  contractId: z.string(),
  projectTitle: z.string(),
  clientId: z.string(),
  clientName: z.string(),
  freelancerId: z.string(),
  freelancerName: z.string(),
  openedBy: z.object({ id: z.string(), role: z.enum(['client', 'freelancer']) }),
  hold: z.object({
    id: z.string(),
    milestoneId: z.string().nullable(),
    milestoneTitle: z.string().nullable(),
    period: z.string().nullable().describe("Hourly week ('2026-W48') or retainer month ('2026-11')"),
    amount: Money.describe('What was put in escrow'),
    released: Money,
    refunded: Money,
    remaining: Money.describe('What the dispute is about: still in escrow'),
    status: z.enum(['held', 'disputed', 'settled']),
  }),
  evidenceCount: z.number().int(),
  createdAt: z.string(),
  resolution: z
    .object({
      outcome: DisputeOutcome,
      freelancerShareBps: z
        .number()
        .int()
        .describe('Basis points of the disputed amount released (10000 = all)'),
      disputed: Money,
      released: Money.describe("The freelancer's part, before the platform fee"),
      fee: Money,
      freelancerReceives: Money,
      refunded: Money.describe("The client's part"),
      note: z.string(),
      resolvedBy: z.string(),
      resolvedAt: z.string(),
      invoiceId: z.string().nullable(),
    })
    .nullable(),
});
export type DisputeView = z.infer<typeof DisputeView>;

export function disputeView(d: DisputeRow): DisputeView {
  const m = (amount: number | string | null) => ({ amount: Number(amount ?? 0), currency: d.currency });
  const heldLeft =
    Number(d.hold_amount_minor) - Number(d.hold_released_minor) - Number(d.hold_refunded_minor);
  return {
    id: d.id,
    status: d.status,
    reason: d.reason,
    description: d.description,
    contractId: d.contract_id,
    projectTitle: d.project_title,
    clientId: d.client_id,
    clientName: d.client_name,
    freelancerId: d.freelancer_id,
    freelancerName: d.freelancer_name,
    openedBy: { id: d.opened_by, role: d.opened_by_role },
    hold: {
      id: d.hold_id,
      milestoneId: d.milestone_id,
      milestoneTitle: d.milestone_title,
      period: d.period,
      amount: m(d.hold_amount_minor),
      released: m(d.hold_released_minor),
      refunded: m(d.hold_refunded_minor),
      remaining: m(heldLeft),
      status: d.hold_status,
    },
    evidenceCount: Number(d.evidence_count),
    createdAt: d.created_at,
    resolution:
      d.status === 'resolved' && d.outcome && d.resolved_by && d.resolved_at
        ? {
            outcome: d.outcome,
            freelancerShareBps: Number(d.freelancer_share_bps ?? 0),
            disputed: m(d.disputed_minor),
            released: m(d.released_minor),
            fee: m(d.fee_minor),
            freelancerReceives: m(Number(d.released_minor ?? 0) - Number(d.fee_minor ?? 0)),
            refunded: m(d.refunded_minor),
            note: d.resolution_note ?? '',
            resolvedBy: d.resolved_by,
            resolvedAt: d.resolved_at,
            invoiceId: d.invoice_id,
          }
        : null,
  };
}

export function evidenceView(e: EvidenceRow): EvidenceView {
  return {
    id: e.id,
    disputeId: e.dispute_id,
    authorId: e.author_id,
    authorName: e.author_name,
    authorRole: e.author_role,
    text: e.body,
    links: JSON.parse(e.links) as string[],
    createdAt: e.created_at,
  };
}

/** The dispute, when the caller is a party of its contract or an admin; NOT_FOUND / FORBIDDEN otherwise. */
export async function requireDispute(ctx: ToolContext, disputeId: string): Promise<DisputeRow> {
  const d = await getDisputeRow(ctx.db, disputeId);
  if (!d) throw notFound('dispute', disputeId);
  if (ctx.actor.role === 'admin') return d;
  if (d.client_id !== ctx.actor.id && d.freelancer_id !== ctx.actor.id) {
    throw forbidden('This dispute is between other people.');
  }
  return d;
}
