import { ToolError } from '../../tools/errors';
import type { Executor } from '../client';
import { minorExponent } from '../currency';
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
  return openAccount(tx, kind, ownerId, currency, now);
}

/** Creates the account, for an owner that cannot have one yet (a new hold's escrow); UNIQUE refuses a second. */
export async function openAccount(
  tx: Executor,
  kind: AccountKind,
  ownerId: string,
  currency: string,
  now: Date,
): Promise<string> {
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
 *
 * Statements: one guarded `UPDATE … RETURNING` per account (the balance check and the move are the same
 * statement, so no read can go stale before the write), one INSERT for all entries, one for the transfer.
 * Each account's balance afterwards comes back in `balances`, so callers need not read it again.
 */
export async function postTransfer(
  tx: Executor,
  t: TransferInput,
): Promise<TransferReceipt & { balances: Map<string, number> }> {
  if (t.legs.length < 2) throw new Error('ledger: a transfer needs at least two legs');
  let sum = 0;
  let amount = 0;
  const net = new Map<string, number>();
  for (const leg of t.legs) {
    if (!Number.isSafeInteger(leg.amount) || leg.amount === 0)
      throw new Error(`ledger: bad leg amount ${leg.amount}`);
    sum += leg.amount;
    if (leg.amount > 0) amount += leg.amount;
    net.set(leg.account, (net.get(leg.account) ?? 0) + leg.amount);
  }
  if (sum !== 0) throw new Error(`ledger: legs sum to ${sum}, not zero`);

  // Debits first: only they can be refused for funds, and a refusal then has the fewest moves to undo.
  const moves = [...net].filter(([, delta]) => delta !== 0).sort((a, b) => a[1] - b[1]);
  const balances = new Map<string, number>();
  for (const [i, [account, delta]] of moves.entries()) {
    const row = await one<{ balance_minor: number }>(
      tx,
      `UPDATE ledger_accounts SET balance_minor = balance_minor + ?1
        WHERE id = ?2 AND currency = ?3
          AND (?1 >= 0 OR balance_minor + ?1 >= 0 OR kind IN ('external_in', 'external_out'))
        RETURNING balance_minor`,
      [delta, account, t.currency],
    );
    if (!row) {
      // Undo this transfer's earlier moves, so a caller that goes on after the refusal finds nothing changed.
      for (const [done, d] of moves.slice(0, i)) {
        await run(tx, 'UPDATE ledger_accounts SET balance_minor = balance_minor - ? WHERE id = ?', [d, done]);
      }
      throw await refusal(tx, account, delta, t.currency);
    }
    balances.set(account, Number(row.balance_minor));
  }

  const id = newId('trf');
  const at = t.now.toISOString();
  const args: (string | number)[] = [];
  for (const leg of t.legs) args.push(id, leg.account, leg.amount, t.currency);
  await run(
    tx,
    `INSERT INTO ledger_entries (transfer_id, account_id, amount_minor, currency) VALUES ${t.legs.map(() => '(?, ?, ?, ?)').join(', ')}`,
    args,
  );
  await run(
    tx,
    `INSERT INTO ledger_transfers (id, kind, currency, amount_minor, ref_kind, ref_id, memo, actor_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [id, t.kind, t.currency, amount, t.refKind ?? null, t.refId ?? null, t.memo ?? '', t.actorId ?? null, at],
  );
  return { transferId: id, kind: t.kind, currency: t.currency, amount, createdAt: at, balances };
}

/** Why a guarded balance move matched no row: no such account, another currency, or not enough in it. */
async function refusal(tx: Executor, accountId: string, delta: number, currency: string): Promise<Error> {
  const acc = await one<{ currency: string; balance_minor: number }>(
    tx,
    'SELECT currency, balance_minor FROM ledger_accounts WHERE id = ?',
    [accountId],
  );
  if (!acc) return new Error(`ledger: no account ${accountId}`);
  if (acc.currency !== currency)
    return new ToolError('VALIDATION', `This account holds ${acc.currency}, not ${currency}.`);
  const available = Number(acc.balance_minor);
  const needed = -delta;
  return new ToolError(
    'INSUFFICIENT_FUNDS',
    `Not enough funds: ${formatMinor(available, currency)} available, ${formatMinor(needed, currency)} needed.`,
    { details: { available, needed, currency } },
  );
}

/** "$1,234.56", "¥1,500", "KWD 1.234"-style text for messages; amounts stay integers everywhere else. */
export function formatMinor(amount: number, currency: string): string {
  const digits = minorExponent(currency);
  return formatterFor(currency, digits).format(amount / 10 ** digits);
}

// Building an Intl.NumberFormat costs ~100 µs, more than the rest of a money call's JavaScript: one per currency.
const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(currency: string, digits: number): Intl.NumberFormat {
  let f = formatters.get(currency);
  if (!f) {
    f = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    // Currencies are three-letter codes, validated before they get here; the bound is only a safety net.
    if (formatters.size < 1000) formatters.set(currency, f);
  }
  return f;
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
