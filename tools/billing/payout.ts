import type { ContractRow } from '../../db/queries/contracts';
import { type HoldRow, refundHold, releaseHold } from '../../db/queries/holds';
import { type InvoiceSource, issueInvoiceForRelease } from '../../db/queries/invoices';
import type { TransferReceipt } from '../../db/queries/ledger';
import type { ToolContext } from '../define';
import { contractValue } from '../money/access';
import { platformFee as tieredFee } from '../money/fees';

/**
 * Where money leaves a hold for disputes, hourly weeks and retainer periods. Releases go through the money
 * domain's own rules, like approve_milestone: the tiered platform fee (tools/money/fees.ts, by contract value
 * as tools/money/access.ts computes it) and an invoice (issueInvoiceForRelease) in the same transaction.
 */

export interface ReleaseReceipt {
  transfer: TransferReceipt;
  /** What left the hold for the freelancer: net + fee. */
  gross: number;
  fee: number;
  feeBps: number;
  net: number;
  invoice: { id: string; number: string };
  hold: HoldRow;
}

/** The platform fee on `amount` released on this contract, and its rate in basis points. */
export async function platformFee(
  ctx: ToolContext,
  contract: ContractRow,
  amount: number,
): Promise<{ fee: number; bps: number }> {
  return tieredFee(amount, await contractValue(ctx, contract));
}

/**
 * Releases `amount` of the hold to the freelancer minus the platform fee, and issues the invoice for it, in the
 * call's own transaction (ctx.db).
 */
export async function releaseWithFee(
  ctx: ToolContext,
  p: {
    contract: ContractRow;
    hold: HoldRow;
    amount: number;
    allowDisputed?: boolean;
    kind?: 'escrow_release' | 'dispute_split';
    source: InvoiceSource;
    /** The invoice line: "Milestone 2: API (dispute resolution)", "Hours, week 2026-W48". */
    line: { description: string; quantity?: string; unitAmount?: number };
  },
): Promise<ReleaseReceipt> {
  const { fee, bps } = await platformFee(ctx, p.contract, p.amount);
  const released = await releaseHold(ctx.db, {
    holdId: p.hold.id,
    amount: p.amount,
    fee,
    actorId: ctx.actor.id,
    now: ctx.now,
    ...(p.allowDisputed ? { allowDisputed: true } : {}),
    ...(p.kind ? { kind: p.kind } : {}),
  });
  const { invoice } = await issueInvoiceForRelease(ctx.db, {
    source: p.source,
    contractId: p.contract.id,
    milestoneId: p.hold.milestone_id,
    holdId: p.hold.id,
    transferId: released.transfer.transferId,
    currency: p.hold.currency,
    lines: [{ ...p.line, amount: p.amount }],
    fee,
    feeBps: bps,
    memo: `${p.contract.project_title} — contract ${p.contract.id}`,
    now: ctx.now,
  });
  return {
    transfer: released.transfer,
    gross: p.amount,
    fee: released.fee,
    feeBps: bps,
    net: released.net,
    invoice: { id: invoice.id, number: invoice.number },
    hold: released.hold,
  };
}

/** Returns `amount` of the hold to the client, in the call's own transaction. */
export async function refundToClient(
  ctx: ToolContext,
  p: { hold: HoldRow; amount: number; allowDisputed?: boolean; kind?: 'escrow_refund' | 'dispute_split' },
): Promise<{ transfer: TransferReceipt; hold: HoldRow }> {
  return refundHold(ctx.db, {
    holdId: p.hold.id,
    amount: p.amount,
    actorId: ctx.actor.id,
    now: ctx.now,
    ...(p.allowDisputed ? { allowDisputed: true } : {}),
    ...(p.kind ? { kind: p.kind } : {}),
  });
}
