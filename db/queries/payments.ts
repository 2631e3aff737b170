import { ToolError } from '../../tools/errors';
import type { Executor } from '../client';
import { newId } from '../ids';
import { all, one, run } from '../sql';
import { accountFor, postTransfer, type TransferReceipt } from './ledger';

export type WalletKind = 'client_wallet' | 'freelancer_wallet';

/** The wallet a user of this role spends from and is paid into. */
export const walletKindFor = (role: 'client' | 'freelancer'): WalletKind =>
  role === 'client' ? 'client_wallet' : 'freelancer_wallet';

// ---------------------------------------------------------------------------------------------- deposits

export interface PaymentRow {
  id: string;
  provider: string;
  provider_payment_id: string;
  user_id: string;
  provider_key: string;
  currency: string;
  amount_minor: number;
  status: 'pending' | 'succeeded' | 'failed';
  transfer_id: string | null;
  created_at: string;
  settled_at: string | null;
}

export async function getPayment(ex: Executor, id: string): Promise<PaymentRow | undefined> {
  return one<PaymentRow>(ex, 'SELECT * FROM payments WHERE id = ?', [id]);
}

export async function paymentByProviderId(
  ex: Executor,
  provider: string,
  providerPaymentId: string,
): Promise<PaymentRow | undefined> {
  return one<PaymentRow>(ex, 'SELECT * FROM payments WHERE provider = ? AND provider_payment_id = ?', [
    provider,
    providerPaymentId,
  ]);
}

/** external_in (the provider) → the client's wallet, referencing the payment. */
async function creditPayment(
  tx: Executor,
  p: { paymentId: string; provider: string; userId: string; currency: string; amount: number },
  actorId: string | undefined,
  now: Date,
): Promise<TransferReceipt> {
  const external = await accountFor(tx, 'external_in', p.provider, p.currency, now);
  const wallet = await accountFor(tx, 'client_wallet', p.userId, p.currency, now);
  return postTransfer(tx, {
    kind: 'deposit',
    currency: p.currency,
    legs: [
      { account: external, amount: -p.amount },
      { account: wallet, amount: p.amount },
    ],
    refKind: 'payment',
    refId: p.paymentId,
    memo: `${p.provider} payment`,
    ...(actorId ? { actorId } : {}),
    now,
  });
}

/**
 * Records what a provider reported for a deposit charge, inside the caller's transaction:
 * - succeeded: credits the client's wallet once (external_in → client_wallet);
 * - pending: records the payment and credits nothing until `settlePayment`;
 * - a payment id already recorded (the provider reported it twice): credits nothing and says `duplicate`,
 *   unless it was pending and is now succeeded, which credits it (once). The UNIQUE (provider, payment id)
 *   index refuses a second row even if two connections race past the read.
 * A reported payment that was recorded for another user, amount or currency is a CONFLICT.
 */
export async function recordCharge(
  tx: Executor,
  p: {
    provider: string;
    providerPaymentId: string;
    providerKey: string;
    userId: string;
    currency: string;
    amount: number;
    status: 'succeeded' | 'pending';
    actorId: string;
    now: Date;
  },
): Promise<{ payment: PaymentRow; transfer: TransferReceipt | null; duplicate: boolean }> {
  const existing = await paymentByProviderId(tx, p.provider, p.providerPaymentId);
  if (existing) {
    if (
      existing.user_id !== p.userId ||
      existing.currency !== p.currency ||
      Number(existing.amount_minor) !== p.amount
    ) {
      throw new ToolError(
        'CONFLICT',
        `${p.provider} reported payment ${p.providerPaymentId}, which was already recorded for another deposit; ` +
          'nothing was credited. Contact support with this payment id.',
        { details: { provider: p.provider, paymentId: p.providerPaymentId } },
      );
    }
    if (existing.status === 'failed') {
      throw new ToolError(
        'CONFLICT',
        `${p.provider} reported payment ${p.providerPaymentId} again, but it had failed; nothing was credited.`,
        { details: { provider: p.provider, paymentId: p.providerPaymentId } },
      );
    }
    if (existing.status === 'pending' && p.status === 'succeeded') {
      return { ...(await settlePayment(tx, { ...p, status: 'succeeded' })), duplicate: false };
    }
    return { payment: existing, transfer: null, duplicate: true };
  }
  const id = newId('pmt');
  const transfer =
    p.status === 'succeeded'
      ? await creditPayment(
          tx,
          { paymentId: id, provider: p.provider, userId: p.userId, currency: p.currency, amount: p.amount },
          p.actorId,
          p.now,
        )
      : null;
  const at = p.now.toISOString();
  await run(
    tx,
    `INSERT INTO payments (id, provider, provider_payment_id, user_id, provider_key, currency, amount_minor, status,
                           transfer_id, created_at, settled_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      id,
      p.provider,
      p.providerPaymentId,
      p.userId,
      p.providerKey,
      p.currency,
      p.amount,
      p.status,
      transfer?.transferId ?? null,
      at,
      transfer ? at : null,
    ],
  );
  return { payment: (await getPayment(tx, id))!, transfer, duplicate: false };
}

/**
 * A pending payment settles (a provider notification or a polling job calls this): succeeded credits the
 * wallet once, failed credits nothing. A payment that is not pending any more is a CONFLICT.
 */
export async function settlePayment(
  tx: Executor,
  p: {
    provider: string;
    providerPaymentId: string;
    status: 'succeeded' | 'failed';
    actorId?: string;
    now: Date;
  },
): Promise<{ payment: PaymentRow; transfer: TransferReceipt | null }> {
  const payment = await paymentByProviderId(tx, p.provider, p.providerPaymentId);
  if (!payment) throw new ToolError('NOT_FOUND', `No ${p.provider} payment ${p.providerPaymentId}.`);
  if (payment.status !== 'pending') {
    throw new ToolError('CONFLICT', `Payment ${p.providerPaymentId} is already ${payment.status}.`);
  }
  const transfer =
    p.status === 'succeeded'
      ? await creditPayment(
          tx,
          {
            paymentId: payment.id,
            provider: payment.provider,
            userId: payment.user_id,
            currency: payment.currency,
            amount: Number(payment.amount_minor),
          },
          p.actorId,
          p.now,
        )
      : null;
  // Claim with the status in the WHERE: a concurrent settlement on another connection changes no row here.
  const changed = await run(
    tx,
    `UPDATE payments SET status = ?, transfer_id = ?, settled_at = ? WHERE id = ? AND status = 'pending'`,
    [p.status, transfer?.transferId ?? null, p.now.toISOString(), payment.id],
  );
  if (changed !== 1) throw new ToolError('CONFLICT', `Payment ${p.providerPaymentId} was settled meanwhile.`);
  return { payment: (await getPayment(tx, payment.id))!, transfer };
}

// ---------------------------------------------------------------------------------------------- payouts

export interface PayoutRow {
  id: string;
  user_id: string;
  wallet_kind: WalletKind;
  provider: string;
  currency: string;
  amount_minor: number;
  status: 'requested' | 'paid' | 'failed';
  transfer_id: string;
  reversal_transfer_id: string | null;
  failure_reason: string | null;
  created_at: string;
  resolved_at: string | null;
}

export async function getPayout(ex: Executor, id: string): Promise<PayoutRow | undefined> {
  return one<PayoutRow>(ex, 'SELECT * FROM payout_requests WHERE id = ?', [id]);
}

/**
 * A withdrawal: the amount leaves the wallet now (wallet → external_out, so it cannot be spent twice) and a
 * payout request waits for the provider to pay it. INSUFFICIENT_FUNDS (from the ledger) when the wallet holds
 * less; the caller's transaction then rolls back, so nothing is written.
 */
export async function requestPayout(
  tx: Executor,
  p: {
    userId: string;
    walletKind: WalletKind;
    provider: string;
    currency: string;
    amount: number;
    actorId: string;
    now: Date;
  },
): Promise<{ payout: PayoutRow; transfer: TransferReceipt }> {
  const id = newId('pyo');
  const wallet = await accountFor(tx, p.walletKind, p.userId, p.currency, p.now);
  const external = await accountFor(tx, 'external_out', p.provider, p.currency, p.now);
  const transfer = await postTransfer(tx, {
    kind: 'withdrawal',
    currency: p.currency,
    legs: [
      { account: wallet, amount: -p.amount },
      { account: external, amount: p.amount },
    ],
    refKind: 'payout',
    refId: id,
    memo: `payout via ${p.provider}`,
    actorId: p.actorId,
    now: p.now,
  });
  await run(
    tx,
    `INSERT INTO payout_requests (id, user_id, wallet_kind, provider, currency, amount_minor, status, transfer_id,
                                  created_at)
     VALUES (?, ?, ?, ?, ?, ?, 'requested', ?, ?)`,
    [id, p.userId, p.walletKind, p.provider, p.currency, p.amount, transfer.transferId, p.now.toISOString()],
  );
  return { payout: (await getPayout(tx, id))!, transfer };
}

/**
 * The provider paid a payout (status paid), or could not: then the amount goes back to the wallet by a new
 * transfer (external_out → wallet, kind adjustment), history untouched. Resolves once; again is a CONFLICT.
 */
export async function resolvePayout(
  tx: Executor,
  p: { payoutId: string; outcome: 'paid' | 'failed'; reason?: string; actorId?: string; now: Date },
): Promise<{ payout: PayoutRow; reversal: TransferReceipt | null }> {
  const payout = await getPayout(tx, p.payoutId);
  if (!payout) throw new ToolError('NOT_FOUND', `No payout request ${p.payoutId}.`);
  if (payout.status !== 'requested')
    throw new ToolError('CONFLICT', `Payout ${p.payoutId} is already ${payout.status}.`);
  let reversal: TransferReceipt | null = null;
  if (p.outcome === 'failed') {
    const wallet = await accountFor(tx, payout.wallet_kind, payout.user_id, payout.currency, p.now);
    const external = await accountFor(tx, 'external_out', payout.provider, payout.currency, p.now);
    reversal = await postTransfer(tx, {
      kind: 'adjustment',
      currency: payout.currency,
      legs: [
        { account: external, amount: -Number(payout.amount_minor) },
        { account: wallet, amount: Number(payout.amount_minor) },
      ],
      refKind: 'payout',
      refId: payout.id,
      memo: `payout failed: ${p.reason ?? 'returned by the provider'}`,
      ...(p.actorId ? { actorId: p.actorId } : {}),
      now: p.now,
    });
  }
  const changed = await run(
    tx,
    `UPDATE payout_requests SET status = ?, reversal_transfer_id = ?, failure_reason = ?, resolved_at = ?
      WHERE id = ? AND status = 'requested'`,
    [p.outcome, reversal?.transferId ?? null, p.reason ?? null, p.now.toISOString(), payout.id],
  );
  if (changed !== 1) throw new ToolError('CONFLICT', `Payout ${p.payoutId} was resolved meanwhile.`);
  return { payout: (await getPayout(tx, payout.id))!, reversal };
}

// ---------------------------------------------------------------------------------------------- schedules

export interface PayoutScheduleRow {
  user_id: string;
  currency: string;
  frequency: 'weekly' | 'biweekly' | 'monthly';
  minimum_minor: number;
  next_run_on: string;
  updated_at: string;
}

export async function upsertPayoutSchedule(
  tx: Executor,
  s: Omit<PayoutScheduleRow, 'updated_at'> & { now: Date },
): Promise<PayoutScheduleRow> {
  await run(
    tx,
    `INSERT INTO payout_schedules (user_id, currency, frequency, minimum_minor, next_run_on, updated_at)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (user_id, currency) DO UPDATE SET frequency = excluded.frequency,
       minimum_minor = excluded.minimum_minor, next_run_on = excluded.next_run_on, updated_at = excluded.updated_at`,
    [s.user_id, s.currency, s.frequency, s.minimum_minor, s.next_run_on, s.now.toISOString()],
  );
  return (await one<PayoutScheduleRow>(
    tx,
    'SELECT * FROM payout_schedules WHERE user_id = ? AND currency = ?',
    [s.user_id, s.currency],
  ))!;
}

export async function payoutSchedules(ex: Executor, userId: string): Promise<PayoutScheduleRow[]> {
  return all<PayoutScheduleRow>(ex, 'SELECT * FROM payout_schedules WHERE user_id = ? ORDER BY currency', [
    userId,
  ]);
}

// ---------------------------------------------------------------------------------------------- balances

export interface WalletLine {
  currency: string;
  /** Spendable now: the wallet account's balance. */
  available: number;
  /** Still in escrow on the user's contracts: funded by them (client) or waiting for release to them. */
  inEscrow: number;
  /** Withdrawn from the wallet, not yet confirmed paid by the provider. */
  pendingPayouts: number;
}

/** Everything a user has in the ledger, by currency, from the accounts and holds themselves. */
export async function walletSummary(
  ex: Executor,
  userId: string,
  side: 'client' | 'freelancer',
): Promise<WalletLine[]> {
  const [wallets, escrow, payouts] = await Promise.all([
    all<{ currency: string; s: number }>(
      ex,
      'SELECT currency, sum(balance_minor) AS s FROM ledger_accounts WHERE kind = ? AND owner_id = ? GROUP BY currency',
      [walletKindFor(side), userId],
    ),
    all<{ currency: string; s: number }>(
      ex,
      `SELECT h.currency, sum(a.balance_minor) AS s
         FROM escrow_holds h JOIN ledger_accounts a ON a.id = h.escrow_account_id
        WHERE h.${side === 'client' ? 'client_id' : 'freelancer_id'} = ? AND h.status <> 'settled'
        GROUP BY h.currency`,
      [userId],
    ),
    all<{ currency: string; s: number }>(
      ex,
      `SELECT currency, sum(amount_minor) AS s FROM payout_requests
        WHERE user_id = ? AND status = 'requested' GROUP BY currency`,
      [userId],
    ),
  ]);
  const lines = new Map<string, WalletLine>();
  const line = (currency: string) => {
    let l = lines.get(currency);
    if (!l) {
      l = { currency, available: 0, inEscrow: 0, pendingPayouts: 0 };
      lines.set(currency, l);
    }
    return l;
  };
  for (const w of wallets) line(w.currency).available = Number(w.s);
  for (const e of escrow) line(e.currency).inEscrow = Number(e.s);
  for (const p of payouts) line(p.currency).pendingPayouts = Number(p.s);
  return [...lines.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}

/** The user's spendable balance in one currency (0 when they have no wallet in it yet). */
export async function walletBalance(
  ex: Executor,
  userId: string,
  kind: WalletKind,
  currency: string,
): Promise<number> {
  const row = await one<{ balance_minor: number }>(
    ex,
    'SELECT balance_minor FROM ledger_accounts WHERE kind = ? AND owner_id = ? AND currency = ?',
    [kind, userId, currency],
  );
  return Number(row?.balance_minor ?? 0);
}

// ---------------------------------------------------------------------------------------------- history

export interface HistoryRow {
  transfer_id: string;
  kind: string;
  currency: string;
  amount_minor: number;
  signed_minor: number;
  ref_kind: string | null;
  ref_id: string | null;
  memo: string;
  created_at: string;
  contract_id: string | null;
  milestone_id: string | null;
  milestone_title: string | null;
  milestone_position: number | null;
  client_name: string | null;
  freelancer_name: string | null;
  provider: string | null;
  provider_payment_id: string | null;
}

/**
 * Every transfer that moved one of the user's wallets, newest first, with the signed amount for them and
 * what it referred to (the hold's milestone and the other party, the payment, the payout).
 */
export async function walletHistory(
  ex: Executor,
  userId: string,
  page: { limit: number; offset: number },
): Promise<{ total: number; rows: HistoryRow[] }> {
  const mine = `
    SELECT e.transfer_id, sum(e.amount_minor) AS signed_minor, max(e.id) AS seq
      FROM ledger_entries e
     WHERE e.account_id IN (SELECT id FROM ledger_accounts
                             WHERE kind IN ('client_wallet', 'freelancer_wallet') AND owner_id = ?)
     GROUP BY e.transfer_id`;
  const [count, rows] = await Promise.all([
    one<{ n: number }>(ex, `SELECT count(*) AS n FROM (${mine})`, [userId]),
    all<HistoryRow>(
      ex,
      `SELECT t.id AS transfer_id, t.kind, t.currency, t.amount_minor, m.signed_minor, t.ref_kind, t.ref_id, t.memo,
              t.created_at, h.contract_id, h.milestone_id, ms.title AS milestone_title,
              ms.position AS milestone_position, cu.display_name AS client_name, fu.display_name AS freelancer_name,
              p.provider, p.provider_payment_id
         FROM (${mine}) m
         JOIN ledger_transfers t ON t.id = m.transfer_id
         LEFT JOIN escrow_holds h ON t.ref_kind = 'hold' AND h.id = t.ref_id
         LEFT JOIN milestones ms ON ms.id = h.milestone_id
         LEFT JOIN users cu ON cu.id = h.client_id
         LEFT JOIN users fu ON fu.id = h.freelancer_id
         LEFT JOIN payments p ON t.ref_kind = 'payment' AND p.id = t.ref_id
        ORDER BY m.seq DESC
        LIMIT ? OFFSET ?`,
      [userId, page.limit, page.offset],
    ),
  ]);
  return { total: Number(count?.n ?? 0), rows };
}

// ---------------------------------------------------------------------------------------------- milestones

/** Moves a milestone from one of `from` to `to`; false when it was in another status (nothing changed). */
export async function moveMilestone(
  tx: Executor,
  milestoneId: string,
  from: readonly string[],
  to: 'funded' | 'approved' | 'paid' | 'refunded',
): Promise<boolean> {
  const changed = await run(
    tx,
    `UPDATE milestones SET status = ? WHERE id = ? AND status IN (${from.map(() => '?').join(', ')})`,
    [to, milestoneId, ...from],
  );
  return changed === 1;
}
