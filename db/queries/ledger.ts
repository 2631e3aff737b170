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

/**
 * One side of a transfer: a signed amount in minor units on one account, named by its id or, to spare the
 * lookup, by kind and owner (in the transfer's currency). By owner, a debit needs the account to exist and
 * hold enough; a credit (and any leg on an external account) creates it on first use. `opened` is an
 * account the caller created in this transaction already holding exactly this leg's credit (a new hold's
 * escrow, inserted with its balance): the transfer writes its entry and moves no balance.
 */
export type Leg =
  | { account: string; amount: number }
  | { of: AccountOf; amount: number }
  | { opened: string; amount: number };

export interface AccountOf {
  kind: AccountKind;
  owner: string;
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

/**
 * Creates the account, for an owner that cannot have one yet (a new hold's escrow); UNIQUE refuses a second.
 * `balance` opens it already holding a transfer's credit (that transfer's leg is then `opened`).
 */
export async function openAccount(
  tx: Executor,
  kind: AccountKind,
  ownerId: string,
  currency: string,
  now: Date,
  balance = 0,
): Promise<string> {
  const id = newId('acc');
  await run(
    tx,
    'INSERT INTO ledger_accounts (id, kind, owner_id, currency, balance_minor, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    [id, kind, ownerId, currency, balance, now.toISOString()],
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
 * Posts one balanced transfer inside the caller's transaction. Refuses, with no balance changed: fewer than
 * two legs, legs that do not sum to zero, non-integer amounts, and any debit that would take a wallet or
 * escrow below zero (INSUFFICIENT_FUNDS). The schema enforces the same rules again (CHECK + trigger).
 *
 * Statements: one per account — a guarded `UPDATE … RETURNING` (the balance check and the move are one
 * statement, so no read can go stale before the write), an upsert for a credit by owner, an INSERT for an
 * account the transfer opens — then one INSERT for all entries and one for the transfer. Each account's
 * balance afterwards comes back in `balances`, and each leg's account id in `accounts` (in leg order).
 */
export async function postTransfer(
  tx: Executor,
  t: TransferInput,
): Promise<TransferReceipt & { balances: Map<string, number>; accounts: string[] }> {
  if (t.legs.length < 2) throw new Error('ledger: a transfer needs at least two legs');
  let sum = 0;
  let amount = 0;
  const net = new Map<string, Move>();
  for (const leg of t.legs) {
    if (!Number.isSafeInteger(leg.amount) || leg.amount === 0)
      throw new Error(`ledger: bad leg amount ${leg.amount}`);
    sum += leg.amount;
    if (leg.amount > 0) amount += leg.amount;
    const key = keyOf(leg);
    const m = net.get(key);
    if (m) m.delta += leg.amount;
    else net.set(key, { leg, delta: leg.amount, id: 'account' in leg ? leg.account : undefined });
  }
  if (sum !== 0) throw new Error(`ledger: legs sum to ${sum}, not zero`);

  // Debits first: only they can be refused for funds, and a refusal then has the fewest moves to undo.
  // Opened accounts last: they move nothing, so a refusal never has to undo them.
  const moves = [...net.values()]
    .filter((m) => m.delta !== 0)
    .sort((a, b) => Number('opened' in a.leg) - Number('opened' in b.leg) || a.delta - b.delta);
  const balances = new Map<string, number>();
  const at = t.now.toISOString();
  for (const [i, m] of moves.entries()) {
    const row = await move(tx, m, t.currency, at);
    if (!row) {
      // Undo this transfer's earlier moves, so a caller that goes on after the refusal finds nothing changed.
      for (const done of moves.slice(0, i)) {
        await run(tx, 'UPDATE ledger_accounts SET balance_minor = balance_minor - ? WHERE id = ?', [
          done.delta,
          done.id ?? '',
        ]);
      }
      throw await refusal(tx, m, t.currency);
    }
    m.id = row.id;
    balances.set(row.id, Number(row.balance_minor));
  }

  const id = newId('trf');
  const accounts = t.legs.map((leg) => net.get(keyOf(leg))?.id ?? '');
  const args: (string | number)[] = [];
  t.legs.forEach((leg, i) => {
    args.push(id, accounts[i] ?? '', leg.amount, t.currency);
  });
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
  return { transferId: id, kind: t.kind, currency: t.currency, amount, createdAt: at, balances, accounts };
}

/** One account's net change in a transfer; `id` once known. */
interface Move {
  leg: Leg;
  delta: number;
  id: string | undefined;
}

const keyOf = (leg: Leg): string =>
  'account' in leg ? leg.account : 'opened' in leg ? leg.opened : `${leg.of.kind}\u0000${leg.of.owner}`;

const EXTERNAL: ReadonlySet<AccountKind> = new Set(['external_in', 'external_out']);

/** Applies one move; undefined when it is refused (not enough funds, no such account, another currency). */
async function move(
  tx: Executor,
  m: Move,
  currency: string,
  at: string,
): Promise<{ id: string; balance_minor: number } | undefined> {
  const { leg, delta } = m;
  if ('account' in leg) {
    const row = await one<{ balance_minor: number }>(
      tx,
      `UPDATE ledger_accounts SET balance_minor = balance_minor + ?1
        WHERE id = ?2 AND currency = ?3
          AND (?1 >= 0 OR balance_minor + ?1 >= 0 OR kind IN ('external_in', 'external_out'))
        RETURNING balance_minor`,
      [delta, leg.account, currency],
    );
    return row && { id: leg.account, balance_minor: row.balance_minor };
  }
  if ('opened' in leg) {
    if (delta < 0) throw new Error('ledger: an opened account can only be credited');
    return { id: leg.opened, balance_minor: delta };
  }
  if (delta < 0 && !EXTERNAL.has(leg.of.kind)) {
    return one<{ id: string; balance_minor: number }>(
      tx,
      `UPDATE ledger_accounts SET balance_minor = balance_minor + ?1
        WHERE kind = ?2 AND owner_id = ?3 AND currency = ?4 AND balance_minor + ?1 >= 0
        RETURNING id, balance_minor`,
      [delta, leg.of.kind, leg.of.owner, currency],
    );
  }
  return one<{ id: string; balance_minor: number }>(
    tx,
    `INSERT INTO ledger_accounts (id, kind, owner_id, currency, balance_minor, created_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (kind, owner_id, currency) DO UPDATE SET balance_minor = balance_minor + excluded.balance_minor
     RETURNING id, balance_minor`,
    [newId('acc'), leg.of.kind, leg.of.owner, currency, delta, at],
  );
}

/** Why a guarded balance move matched no row: no such account, another currency, or not enough in it. */
async function refusal(tx: Executor, m: Move, currency: string): Promise<Error> {
  const leg = m.leg;
  type Found = { currency: string; balance_minor: number };
  let acc: Found | undefined;
  if ('account' in leg) {
    acc = await one<Found>(tx, 'SELECT currency, balance_minor FROM ledger_accounts WHERE id = ?', [
      leg.account,
    ]);
    if (!acc) return new Error(`ledger: no account ${leg.account}`);
  } else if ('of' in leg) {
    // An account by owner that does not exist yet holds nothing: a debit from it is short by all of it.
    acc = (await one<Found>(
      tx,
      'SELECT currency, balance_minor FROM ledger_accounts WHERE kind = ? AND owner_id = ? AND currency = ?',
      [leg.of.kind, leg.of.owner, currency],
    )) ?? { currency, balance_minor: 0 };
  } else return new Error(`ledger: refused a move on opened account ${leg.opened}`);
  if (acc.currency !== currency)
    return new ToolError('VALIDATION', `This account holds ${acc.currency}, not ${currency}.`);
  const available = Number(acc.balance_minor);
  const needed = -m.delta;
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
