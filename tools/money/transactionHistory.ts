import { z } from 'zod';
import { formatMinor } from '../../db/queries/ledger';
import { type HistoryRow, walletHistory } from '../../db/queries/payments';
import { defineTool } from '../define';
import { Page } from '../shared/schemas';
import { amountOf, TransactionView } from './schemas';

/** What a transfer meant to the person whose wallet it moved. */
function describe(
  r: HistoryRow,
  side: 'client' | 'freelancer',
): Omit<TransactionView, 'transferId' | 'createdAt'> {
  const signed = Number(r.signed_minor);
  const amount = amountOf(signed, r.currency);
  const ms =
    r.milestone_title === null ? null : `milestone ${Number(r.milestone_position)} '${r.milestone_title}'`;
  const what = ms ?? (r.contract_id ? `escrow of contract ${r.contract_id}` : 'escrow');
  const other = side === 'client' ? r.freelancer_name : r.client_name;
  const kind = r.kind as TransactionView['kind'];
  const holdRef =
    r.ref_kind === 'hold' && r.ref_id
      ? r.milestone_id
        ? { kind: 'milestone' as const, id: r.milestone_id, contractId: r.contract_id }
        : { kind: 'hold' as const, id: r.ref_id, contractId: r.contract_id }
      : null;
  switch (kind) {
    case 'deposit':
      return {
        kind,
        amount,
        description: `Deposit via ${r.provider ?? 'payment provider'}${r.provider_payment_id ? ` (payment ${r.provider_payment_id})` : ''}`,
        counterpart: r.provider ?? 'payment provider',
        reference: r.ref_id ? { kind: 'payment', id: r.ref_id, contractId: null } : null,
      };
    case 'withdrawal':
      return {
        kind,
        amount,
        description: `Withdrawal to your payout account (request ${r.ref_id ?? '?'})`,
        counterpart: 'your payout account',
        reference: r.ref_id ? { kind: 'payout', id: r.ref_id, contractId: null } : null,
      };
    case 'adjustment':
      return {
        kind,
        amount,
        description:
          r.ref_kind === 'payout'
            ? `Returned payout (request ${r.ref_id}): ${r.memo}`
            : r.memo || 'Adjustment',
        counterpart: r.ref_kind === 'payout' ? 'your payout account' : 'the platform',
        reference:
          r.ref_kind === 'payout' && r.ref_id ? { kind: 'payout', id: r.ref_id, contractId: null } : null,
      };
    case 'escrow_fund':
      return {
        kind,
        amount,
        description: `Funded ${what} into escrow${other ? ` for ${other}` : ''}`,
        counterpart: 'escrow',
        reference: holdRef,
      };
    case 'escrow_refund':
      return {
        kind,
        amount,
        description: `Refund from escrow of ${what}`,
        counterpart: 'escrow',
        reference: holdRef,
      };
    default: {
      // Releases, dispute splits and hourly bills: escrow paid out to the freelancer (or back to the client).
      const verb =
        kind === 'dispute_split'
          ? 'Dispute settlement of'
          : kind === 'hourly_bill'
            ? 'Hourly billing of'
            : 'Payment for';
      return {
        kind,
        amount,
        description: `${verb} ${what}${other ? (signed >= 0 ? ` from ${other}` : ` to ${other}`) : ''}${
          side === 'freelancer' && Number(r.amount_minor) > signed && signed > 0
            ? ` (after platform fee; ${formatMinor(Number(r.amount_minor), r.currency)} released)`
            : ''
        }`,
        counterpart: other ?? 'escrow',
        reference: holdRef,
      };
    }
  }
}

export const transactionHistory = defineTool({
  name: 'transaction_history',
  title: 'Transaction history',
  description:
    'Every movement of your wallet, newest first and paged: deposits, withdrawals, escrow funding and refunds ' +
    '(clients), escrow releases to you after the platform fee (freelancers), and returned payouts. Each entry ' +
    'has its kind, the signed amount for you (negative when money left your wallet), who or what was on the ' +
    'other side, what it refers to (milestone, payment or payout id) and when it happened.',
  roles: ['client', 'freelancer'],
  effect: 'read',
  idempotent: true,
  input: z.object({ ...Page }),
  output: z.object({
    total: z.number().int().describe('All your transactions, not just this page'),
    nextOffset: z.number().int().nullable().describe('Pass as offset for the next page; null on the last'),
    transactions: z.array(TransactionView),
  }),
  async run(ctx, input) {
    const side = ctx.actor.role === 'client' ? 'client' : 'freelancer';
    const { total, rows } = await walletHistory(ctx.db, ctx.actor.id, input);
    const next = input.offset + rows.length;
    return {
      total,
      nextOffset: next < total ? next : null,
      transactions: rows.map((r) => ({
        transferId: r.transfer_id,
        createdAt: r.created_at,
        ...describe(r, side),
      })),
    };
  },
});
