/**
 * Shared fixtures for the money proofs (properties, race, crash) and the ledger bench: a migrated database
 * file, parties with contracts, the money moves written directly on the ledger primitives
 * (db/queries/ledger.ts + holds.ts), an idempotent wrapper that does what the dispatcher does with a money
 * tool's key, and invariant checks that go beyond `ledgerViolations`.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Db, type Executor, openDb } from '../../../db/client';
import { migrate } from '../../../db/migrate';
import {
  type HoldRow,
  holdForMilestone,
  openHold,
  refundHold,
  releaseHold,
  setHoldDisputed,
} from '../../../db/queries/holds';
import { accountFor, ledgerViolations, postTransfer } from '../../../db/queries/ledger';
import { all, run } from '../../../db/sql';
import { ToolError } from '../../../tools/errors';
import { findReceipt, requestHash, storeReceipt } from '../../../tools/idempotency';

export const NOW = new Date('2026-11-23T12:00:00.000Z');
export const CATEGORY = 'web-development';
/** The external accounts deposits come from and payouts go to. */
export const PROVIDER = 'sandbox';

// ------------------------------------------------------------------------------------------- databases

let template: Promise<Buffer> | undefined;

/**
 * The bytes of a migrated, empty database, made once per process and written out for each caller
 * (migrating takes ~250 ms; a copy, a millisecond). Kept in memory, so no template file outlives the process.
 */
async function templateBytes(): Promise<Buffer> {
  template ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'megilance-money-template-'));
    const file = join(dir, 'template.db');
    const db = await openDb({ url: `file:${file}` });
    await migrate(db);
    await db.write(async (tx) => {
      await run(tx, 'INSERT OR IGNORE INTO categories (slug, name) VALUES (?, ?)', [
        CATEGORY,
        'Web development',
      ]);
    });
    // Fold the WAL into the file (and empty it): a plain copy of the file is then the whole database.
    await db.reader.execute('PRAGMA wal_checkpoint(TRUNCATE)');
    db.close();
    if (existsSync(`${file}-wal`) && statSync(`${file}-wal`).size > 0)
      throw new Error('template: the WAL was not checkpointed');
    const bytes = readFileSync(file);
    rmSync(dir, { recursive: true, force: true });
    return bytes;
  })();
  return template;
}

export interface TempDb {
  db: Db;
  url: string;
  file: string;
  dir: string;
  /** Closes the connections and deletes the directory. */
  dispose(): void;
}

/** A fresh migrated database in its own temp directory. */
export async function tempDbFile(
  prefix = 'megilance-money-',
): Promise<{ url: string; file: string; dir: string }> {
  const bytes = await templateBytes();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const file = join(dir, 'money.db');
  writeFileSync(file, bytes);
  return { url: `file:${file}`, file, dir };
}

export async function tempDb(prefix?: string): Promise<TempDb> {
  const { url, file, dir } = await tempDbFile(prefix);
  const db = await openDb({ url });
  return {
    db,
    url,
    file,
    dir,
    dispose: () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// --------------------------------------------------------------------------------------------- parties

export interface Parties {
  admin: string;
  clients: string[];
  freelancers: string[];
  /** contracts[c][f]: the active fixed contract between client c and freelancer f. */
  contracts: string[][];
  /** The project of each contract, by contract id (milestones belong to it). */
  projectOf: Map<string, string>;
}

let partyCounter = 0;

/** Users (with freelancer profiles), one project and one active contract per client × freelancer pair. */
export async function makeParties(
  db: Pick<Db, 'write'>,
  n: { clients: number; freelancers: number; tag?: string },
): Promise<Parties> {
  const tag = n.tag ?? `p${++partyCounter}${process.pid}`;
  const at = NOW.toISOString();
  return db.write(async (tx) => {
    const user = async (role: string, i: number) => {
      const id = `usr_${tag}_${role[0]}${i}`;
      await run(
        tx,
        'INSERT INTO users (id, role, email, display_name, country, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        [id, role, `${id}@example.test`, `${role} ${i}`, 'US', at],
      );
      if (role === 'freelancer') {
        await run(
          tx,
          `INSERT INTO freelancer_profiles (user_id, headline, bio, category, hourly_rate_minor, currency, availability, updated_at)
           VALUES (?, 'Money test freelancer', '', ?, 8000, 'USD', 'full_time', ?)`,
          [id, CATEGORY, at],
        );
      }
      return id;
    };
    const admin = await user('admin', 0);
    const clients: string[] = [];
    const freelancers: string[] = [];
    for (let i = 0; i < n.clients; i++) clients.push(await user('client', i));
    for (let i = 0; i < n.freelancers; i++) freelancers.push(await user('freelancer', i));
    const contracts: string[][] = [];
    const projectOf = new Map<string, string>();
    for (const [ci, c] of clients.entries()) {
      const row: string[] = [];
      for (const [fi, f] of freelancers.entries()) {
        const projectId = `prj_${tag}_${ci}_${fi}`;
        const contractId = `ctr_${tag}_${ci}_${fi}`;
        await run(
          tx,
          `INSERT INTO projects (id, client_id, title, description, category, pricing, budget_min_minor, budget_max_minor,
                                 currency, status, created_at, updated_at)
           VALUES (?, ?, 'Money test project', 'A project for the money proofs', ?, 'fixed', 0, 100000000, 'USD',
                   'in_progress', ?, ?)`,
          [projectId, c, CATEGORY, at, at],
        );
        await run(
          tx,
          `INSERT INTO contracts (id, project_id, client_id, freelancer_id, kind, amount_minor, currency, status, started_at)
           VALUES (?, ?, ?, ?, 'fixed', 100000000, 'USD', 'active', ?)`,
          [contractId, projectId, c, f, at],
        );
        projectOf.set(contractId, projectId);
        row.push(contractId);
      }
      contracts.push(row);
    }
    return { admin, clients, freelancers, contracts, projectOf };
  });
}

// ------------------------------------------------------------------------------------ money primitives

export interface Moved {
  /** The ledger transfers this move posted, in order. */
  transferIds: string[];
}

/** external_in → the client's wallet. */
export async function depositTx(
  tx: Executor,
  p: { clientId: string; currency: string; amount: number },
): Promise<Moved> {
  const ext = await accountFor(tx, 'external_in', PROVIDER, p.currency, NOW);
  const wallet = await accountFor(tx, 'client_wallet', p.clientId, p.currency, NOW);
  const t = await postTransfer(tx, {
    kind: 'deposit',
    currency: p.currency,
    legs: [
      { account: ext, amount: -p.amount },
      { account: wallet, amount: p.amount },
    ],
    actorId: p.clientId,
    now: NOW,
  });
  return { transferIds: [t.transferId] };
}

/** A wallet → external_out (a payout request's money leaving). INSUFFICIENT_FUNDS when the wallet is short. */
export async function withdrawTx(
  tx: Executor,
  p: { kind: 'client_wallet' | 'freelancer_wallet'; userId: string; currency: string; amount: number },
): Promise<Moved> {
  const wallet = await accountFor(tx, p.kind, p.userId, p.currency, NOW);
  const ext = await accountFor(tx, 'external_out', PROVIDER, p.currency, NOW);
  const t = await postTransfer(tx, {
    kind: 'withdrawal',
    currency: p.currency,
    legs: [
      { account: wallet, amount: -p.amount },
      { account: ext, amount: p.amount },
    ],
    actorId: p.userId,
    now: NOW,
  });
  return { transferIds: [t.transferId] };
}

/** The milestone a hold belongs to (status funded; no-op when it exists). */
export async function milestoneTx(
  tx: Executor,
  p: { milestoneId: string; contractId: string; projectId: string; currency: string; amount: number },
): Promise<void> {
  await run(
    tx,
    `INSERT INTO milestones (id, project_id, contract_id, position, title, amount_minor, currency, status, created_at)
     VALUES (?, ?, ?, 1, 'Money test milestone', ?, ?, 'funded', ?)
     ON CONFLICT (id) DO NOTHING`,
    [p.milestoneId, p.projectId, p.contractId, p.amount, p.currency, NOW.toISOString()],
  );
}

/** Creates the milestone (unless told it exists) and its hold: client wallet → a new escrow account. */
export async function fundTx(
  tx: Executor,
  p: {
    milestoneId: string;
    contractId: string;
    projectId: string;
    clientId: string;
    freelancerId: string;
    currency: string;
    amount: number;
  },
  opts: { createMilestone?: boolean } = {},
): Promise<Moved & { holdId: string }> {
  if (opts.createMilestone ?? true) await milestoneTx(tx, p);
  const { hold, transfer } = await openHold(tx, {
    contractId: p.contractId,
    milestoneId: p.milestoneId,
    clientId: p.clientId,
    freelancerId: p.freelancerId,
    currency: p.currency,
    amount: p.amount,
    actorId: p.clientId,
    now: NOW,
  });
  return { holdId: hold.id, transferIds: [transfer.transferId] };
}

/** The milestone's hold, found as the money tools find it. */
const holdOf = async (tx: Executor, milestoneId: string): Promise<HoldRow> => {
  const h = await holdForMilestone(tx, milestoneId);
  if (!h) throw new ToolError('NOT_FOUND', `No escrow for milestone ${milestoneId}.`);
  return h;
};

/** floor(amount × bps / 10000), the fee rule of the money tools. */
export const feeOf = (amount: number, bps: number) => Math.floor((amount * bps) / 10_000);

export async function releaseTx(
  tx: Executor,
  p: { milestoneId: string; amount: number; feeBps: number; actorId: string },
): Promise<Moved> {
  const h = await holdOf(tx, p.milestoneId);
  const r = await releaseHold(tx, {
    holdId: h.id,
    amount: p.amount,
    fee: feeOf(p.amount, p.feeBps),
    actorId: p.actorId,
    now: NOW,
    known: h,
  });
  return { transferIds: [r.transfer.transferId] };
}

export async function refundTx(
  tx: Executor,
  p: { milestoneId: string; amount: number; actorId: string },
): Promise<Moved> {
  const h = await holdOf(tx, p.milestoneId);
  const r = await refundHold(tx, { holdId: h.id, amount: p.amount, actorId: p.actorId, now: NOW, known: h });
  return { transferIds: [r.transfer.transferId] };
}

/** Opens (freeze) or withdraws (unfreeze) a dispute on the milestone's hold. */
export async function disputeTx(
  tx: Executor,
  p: { milestoneId: string; disputed: boolean },
): Promise<Moved & { status: string }> {
  const h = await holdOf(tx, p.milestoneId);
  const after = await setHoldDisputed(tx, h.id, p.disputed);
  return { transferIds: [], status: after.status };
}

/**
 * An admin resolution of a frozen hold: `freelancerBps` of what remains is released (minus the fee), the
 * rest refunded, in this one transaction, as resolve_dispute does.
 */
export async function resolveTx(
  tx: Executor,
  p: { milestoneId: string; freelancerBps: number; feeBps: number; actorId: string },
): Promise<Moved> {
  const h = await holdOf(tx, p.milestoneId);
  if (h.status !== 'disputed') throw new ToolError('CONFLICT', 'Only a disputed escrow can be resolved.');
  const remaining = Number(h.amount_minor) - Number(h.released_minor) - Number(h.refunded_minor);
  const release = Math.floor((remaining * p.freelancerBps) / 10_000);
  const refund = remaining - release;
  const transferIds: string[] = [];
  if (release > 0) {
    const r = await releaseHold(tx, {
      holdId: h.id,
      amount: release,
      fee: feeOf(release, p.feeBps),
      actorId: p.actorId,
      now: NOW,
      allowDisputed: true,
      kind: 'dispute_split',
    });
    transferIds.push(r.transfer.transferId);
  }
  if (refund > 0) {
    const r = await refundHold(tx, {
      holdId: h.id,
      amount: refund,
      actorId: p.actorId,
      now: NOW,
      allowDisputed: true,
      kind: 'dispute_split',
    });
    transferIds.push(r.transfer.transferId);
  }
  return { transferIds };
}

// ---------------------------------------------------------------------------------------- idempotency

export interface KeyedRequest {
  actorId: string;
  key: string;
  tool: string;
  args: Record<string, unknown>;
}

export type Keyed<T> = { replay: boolean; response: T };

/**
 * What the dispatcher does for a money tool, inside ONE write: a stored receipt for this key answers (a
 * replay writes nothing); the same key with other arguments is a CONFLICT; otherwise the move runs and
 * its receipt is stored in the same transaction.
 */
export async function keyedTx<T>(
  tx: Executor,
  req: KeyedRequest,
  move: (tx: Executor) => Promise<T>,
): Promise<Keyed<T>> {
  const hash = requestHash(req.tool, req.args);
  const found = await findReceipt(tx, req.actorId, req.key, hash);
  if (found) return { replay: true, response: found.response as T };
  const response = await move(tx);
  await storeReceipt(tx, { actorId: req.actorId, key: req.key, tool: req.tool, hash, response, now: NOW });
  return { replay: false, response };
}

export const keyed = <T>(db: Db, req: KeyedRequest, move: (tx: Executor) => Promise<T>) =>
  db.write((tx) => keyedTx(tx, req, move));

// ----------------------------------------------------------------------------------------- invariants

/**
 * `ledgerViolations` plus what it does not look at: transfers without (enough) entries, entries or
 * transfers whose currency differs, money conservation per currency (in = held + out), holds whose
 * resolutions exceed their amount or disagree with the transfers that moved them, and settled holds that
 * are not exactly resolved. Empty means sound.
 */
export async function moneyViolations(ex: Executor): Promise<string[]> {
  const problems = await ledgerViolations(ex);
  const thin = await all<{ id: string; n: number }>(
    ex,
    `SELECT t.id, (SELECT count(*) FROM ledger_entries e WHERE e.transfer_id = t.id) AS n
       FROM ledger_transfers t WHERE (SELECT count(*) FROM ledger_entries e WHERE e.transfer_id = t.id) < 2`,
  );
  for (const t of thin) problems.push(`transfer ${t.id} has ${t.n} entries`);
  const amounts = await all<{ id: string }>(
    ex,
    `SELECT t.id FROM ledger_transfers t
      WHERE t.amount_minor <> (SELECT sum(amount_minor) FROM ledger_entries e WHERE e.transfer_id = t.id AND amount_minor > 0)`,
  );
  for (const t of amounts) problems.push(`transfer ${t.id} amount differs from its credits`);
  const conservation = await all<{ currency: string; money_in: number; held: number; money_out: number }>(
    ex,
    `SELECT currency,
            -sum(CASE WHEN kind = 'external_in' THEN balance_minor ELSE 0 END) AS money_in,
            sum(CASE WHEN kind IN ('client_wallet', 'freelancer_wallet', 'escrow', 'platform_fees') THEN balance_minor ELSE 0 END) AS held,
            sum(CASE WHEN kind = 'external_out' THEN balance_minor ELSE 0 END) AS money_out
       FROM ledger_accounts GROUP BY currency`,
  );
  for (const c of conservation) {
    if (Number(c.money_in) !== Number(c.held) + Number(c.money_out))
      problems.push(`${c.currency}: in ${c.money_in} <> held ${c.held} + out ${c.money_out}`);
  }
  const holds = await all<{
    id: string;
    amount_minor: number;
    released_minor: number;
    refunded_minor: number;
    status: string;
    funded: number;
    funds: number;
    out_sum: number;
  }>(
    ex,
    `SELECT h.id, h.amount_minor, h.released_minor, h.refunded_minor, h.status,
            coalesce((SELECT sum(e.amount_minor) FROM ledger_entries e
                       WHERE e.account_id = h.escrow_account_id AND e.amount_minor > 0), 0) AS funded,
            (SELECT count(*) FROM ledger_transfers t WHERE t.ref_kind = 'hold' AND t.ref_id = h.id AND t.kind = 'escrow_fund') AS funds,
            coalesce((SELECT -sum(e.amount_minor) FROM ledger_entries e
                       WHERE e.account_id = h.escrow_account_id AND e.amount_minor < 0), 0) AS out_sum
       FROM escrow_holds h`,
  );
  for (const h of holds) {
    const resolved = Number(h.released_minor) + Number(h.refunded_minor);
    if (resolved > Number(h.amount_minor))
      problems.push(`hold ${h.id} resolved ${resolved} of ${h.amount_minor}`);
    if (Number(h.funds) !== 1) problems.push(`hold ${h.id} was funded by ${h.funds} transfers`);
    if (Number(h.funded) !== Number(h.amount_minor))
      problems.push(`hold ${h.id} escrow received ${h.funded}, hold says ${h.amount_minor}`);
    if (Number(h.out_sum) !== resolved)
      problems.push(`hold ${h.id} escrow paid out ${h.out_sum}, hold says released+refunded ${resolved}`);
    if ((h.status === 'settled') !== (resolved === Number(h.amount_minor)))
      problems.push(`hold ${h.id} is ${h.status} with ${resolved} of ${h.amount_minor} resolved`);
  }
  const receipts = await all<{ key: string }>(
    ex,
    `SELECT key FROM idempotency_keys WHERE json_type(response, '$.transferIds') = 'array'
        AND EXISTS (SELECT 1 FROM json_each(response, '$.transferIds') j
                     WHERE NOT EXISTS (SELECT 1 FROM ledger_transfers t WHERE t.id = j.value))`,
  );
  for (const r of receipts) problems.push(`receipt ${r.key} names a transfer that does not exist`);
  return problems;
}

/** Everything a write could change, as one comparable value: a refused or replayed request must not change it. */
export async function snapshot(ex: Executor): Promise<string> {
  const parts = await Promise.all([
    all(ex, 'SELECT id, balance_minor FROM ledger_accounts ORDER BY id'),
    all(ex, 'SELECT * FROM escrow_holds ORDER BY id'),
    all(
      ex,
      `SELECT (SELECT count(*) FROM ledger_transfers) AS transfers, (SELECT count(*) FROM ledger_entries) AS entries,
              (SELECT count(*) FROM idempotency_keys) AS receipts, (SELECT count(*) FROM milestones) AS milestones,
              (SELECT max(id) FROM ledger_entries) AS last_entry`,
    ),
  ]);
  return JSON.stringify(parts);
}

/** Cached balances by account kind, owner and currency ("client_wallet|usr_1|USD" → 1200). */
export async function balances(ex: Executor): Promise<Map<string, number>> {
  const rows = await all<{ kind: string; owner_id: string; currency: string; balance_minor: number }>(
    ex,
    'SELECT kind, owner_id, currency, balance_minor FROM ledger_accounts',
  );
  return new Map(rows.map((r) => [`${r.kind}|${r.owner_id}|${r.currency}`, Number(r.balance_minor)]));
}

/** The error code a caller would see (constraint failures mapped as the dispatcher maps them). */
export function codeOf(err: unknown): string {
  if (err instanceof ToolError) return err.code;
  const msg = err instanceof Error ? err.message : String(err);
  if (/SQLITE_CONSTRAINT/.test(msg) && /UNIQUE/.test(msg)) return 'CONFLICT';
  return err instanceof Error ? `${err.name}: ${msg}` : msg;
}
