import { ToolError } from '../../tools/errors';
import type { Executor } from '../client';
import { newId } from '../ids';
import { all, one, run } from '../sql';

export type AccountKind =
  | 'client_wallet'
  | 'freelancer_wallet'
  | 'escrow'
  | 'platform_fees'
  | 'external_in'
  | 'external_out';

export type TransferKind =
  | 'deposit'
  | 'withdrawal'
  | 'escrow_fund'
  | 'escrow_release'
  | 'escrow_refund'
  | 'dispute_split'
  | 'hourly_bill'
  | 'adjustment';

/** One side of a transfer: a signed amount in minor units on one account. */
export interface Leg {
  account: string;
  amount: number;
}

export interface TransferInput {
  kind: TransferKind;
  currency: string;
  legs: Leg[];
  refKind?: string;
  refId?: string;
  memo?: string;
  actorId?: string;
  now: Date;
}

export interface TransferReceipt {
  transferId: string;
  kind: TransferKind;
  currency: string;
  amount: number;
  createdAt: string;
}

const MAY_GO_NEGATIVE: ReadonlySet<AccountKind> = new Set(['external_in', 'external_out']);

/** The account of this kind, owner and currency, created on first use. */
export async function accountFor(
  tx: Executor,
  kind: AccountKind,
  ownerId: string,
  currency: string,
  now: Date,
): Promise<string> {
  const found = await one<{ id: string }>(
    tx,
    'SELECT id FROM ledger_accounts WHERE kind = ? AND owner_id = ? AND currency = ?',
    [kind, ownerId, currency],
  );
  if (found) return found.id;
  const id = newId('acc');
  await run(
    tx,
    'INSERT INTO ledger_accounts (id, kind, owner_id, currency, balance_minor, created_at) VALUES (?, ?, ?, ?, 0, ?)',
    [id, kind, ownerId, currency, now.toISOString()],
  );
  return id;
}

export async function accountBalance(ex: Executor, accountId: string): Promise<number> {
  const row = await one<{ balance_minor: number }>(
    ex,
    'SELECT balance_minor FROM ledger_accounts WHERE id = ?',
    [accountId],
  );
  return Number(row?.balance_minor ?? 0);
}

/** Balances of one owner's accounts of one kind, by currency. */
export async function balancesOf(
  ex: Executor,
  kind: AccountKind,
  ownerId: string,
): Promise<{ currency: string; balance: number; accountId: string }[]> {
  const rows = await all<{ id: string; currency: string; balance_minor: number }>(
    ex,
    'SELECT id, currency, balance_minor FROM ledger_accounts WHERE kind = ? AND owner_id = ? ORDER BY currency',
    [kind, ownerId],
  );
  return rows.map((r) => ({ currency: r.currency, balance: Number(r.balance_minor), accountId: r.id }));
}

/**
 * Posts one balanced transfer inside the caller's transaction. Refuses, with nothing written: fewer than two
 * legs, legs that do not sum to zero, non-integer amounts, and any debit that would take a wallet or escrow
 * below zero (INSUFFICIENT_FUNDS). The schema enforces the same rules again (CHECK + trigger).
 */
export async function postTransfer(tx: Executor, t: TransferInput): Promise<TransferReceipt> {
  if (t.legs.length < 2) throw new Error('ledger: a transfer needs at least two legs');
  let sum = 0;
  let amount = 0;
  for (const leg of t.legs) {
    if (!Number.isSafeInteger(leg.amount) || leg.amount === 0)
      throw new Error(`ledger: bad leg amount ${leg.amount}`);
    sum += leg.amount;
    if (leg.amount > 0) amount += leg.amount;
  }
  if (sum !== 0) throw new Error(`ledger: legs sum to ${sum}, not zero`);

  const accounts = await all<{ id: string; kind: AccountKind; currency: string; balance_minor: number }>(
    tx,
    `SELECT id, kind, currency, balance_minor FROM ledger_accounts WHERE id IN (${t.legs.map(() => '?').join(', ')})`,
    t.legs.map((l) => l.account),
  );
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const debits = new Map<string, number>();
  for (const leg of t.legs) {
    const acc = byId.get(leg.account);
    if (!acc) throw new Error(`ledger: no account ${leg.account}`);
    if (acc.currency !== t.currency) {
      throw new ToolError('VALIDATION', `This account holds ${acc.currency}, not ${t.currency}.`);
    }
    if (leg.amount < 0) debits.set(leg.account, (debits.get(leg.account) ?? 0) - leg.amount);
  }
  for (const [accountId, debit] of debits) {
    const acc = byId.get(accountId)!;
    if (!MAY_GO_NEGATIVE.has(acc.kind) && Number(acc.balance_minor) < debit) {
      throw new ToolError(
        'INSUFFICIENT_FUNDS',
        `Not enough funds: ${formatMinor(Number(acc.balance_minor), t.currency)} available, ${formatMinor(debit, t.currency)} needed.`,
        {
          details: { available: Number(acc.balance_minor), needed: debit, currency: t.currency },
        },
      );
    }
  }

  const id = newId('trf');
  const at = t.now.toISOString();
  for (const leg of t.legs) {
    await run(
      tx,
      'INSERT INTO ledger_entries (transfer_id, account_id, amount_minor, currency) VALUES (?, ?, ?, ?)',
      [id, leg.account, leg.amount, t.currency],
    );
    await run(tx, 'UPDATE ledger_accounts SET balance_minor = balance_minor + ? WHERE id = ?', [
      leg.amount,
      leg.account,
    ]);
  }
  await run(
    tx,
    `INSERT INTO ledger_transfers (id, kind, currency, amount_minor, ref_kind, ref_id, memo, actor_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [id, t.kind, t.currency, amount, t.refKind ?? null, t.refId ?? null, t.memo ?? '', t.actorId ?? null, at],
  );
  return { transferId: id, kind: t.kind, currency: t.currency, amount, createdAt: at };
}

/** "$1,234.56"-style text for messages; amounts stay integers everywhere else. */
export function formatMinor(amount: number, currency: string): string {
  const digits = currency === 'JPY' || currency === 'KRW' ? 0 : 2;
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
  }).format(amount / 10 ** digits);
}

/** Every invariant of the ledger, for tests, benchmarks and an admin health check. Empty means sound. */
export async function ledgerViolations(ex: Executor): Promise<string[]> {
  const problems: string[] = [];
  const unbalanced = await all<{ transfer_id: string; s: number }>(
    ex,
    'SELECT transfer_id, sum(amount_minor) AS s FROM ledger_entries GROUP BY transfer_id HAVING s <> 0',
  );
  for (const u of unbalanced) problems.push(`transfer ${u.transfer_id} sums to ${u.s}`);
  const orphans = await all<{ transfer_id: string }>(
    ex,
    'SELECT DISTINCT e.transfer_id FROM ledger_entries e LEFT JOIN ledger_transfers t ON t.id = e.transfer_id WHERE t.id IS NULL',
  );
  for (const o of orphans) problems.push(`entries without transfer ${o.transfer_id}`);
  const drift = await all<{ id: string; balance_minor: number; s: number }>(
    ex,
    `SELECT a.id, a.balance_minor, coalesce((SELECT sum(amount_minor) FROM ledger_entries e WHERE e.account_id = a.id), 0) AS s
       FROM ledger_accounts a WHERE a.balance_minor <> coalesce((SELECT sum(amount_minor) FROM ledger_entries e WHERE e.account_id = a.id), 0)`,
  );
  for (const d of drift) problems.push(`account ${d.id} caches ${d.balance_minor} but entries sum to ${d.s}`);
  const negative = await all<{ id: string; balance_minor: number }>(
    ex,
    "SELECT id, balance_minor FROM ledger_accounts WHERE balance_minor < 0 AND kind NOT IN ('external_in', 'external_out')",
  );
  for (const n of negative) problems.push(`account ${n.id} is negative: ${n.balance_minor}`);
  const totals = await all<{ currency: string; s: number }>(
    ex,
    'SELECT currency, sum(balance_minor) AS s FROM ledger_accounts GROUP BY currency HAVING s <> 0',
  );
  for (const t of totals) problems.push(`money is created or lost in ${t.currency}: accounts sum to ${t.s}`);
  const holds = await all<{ id: string }>(
    ex,
    `SELECT h.id FROM escrow_holds h JOIN ledger_accounts a ON a.id = h.escrow_account_id
      WHERE a.balance_minor <> h.amount_minor - h.released_minor - h.refunded_minor`,
  );
  for (const h of holds) problems.push(`hold ${h.id} escrow balance does not match what it still holds`);
  return problems;
}
