/**
 * `npm run bench:ledger`: durable ledger transfers per second on the embedded database (WAL,
 * synchronous=FULL), for fund, release and replay under many concurrent requests, side by side:
 *
 *   tool    THE PRODUCT PATH: each request is a `dispatcher.confirm` of a pending fund_milestone /
 *           approve_milestone (a replay: the same `dispatcher.call` again) over the real catalog and `db.write`
 *           (bench/ledger/toolPath.ts): what a whole confirmed money tool costs.
 *   serial  one transaction (one COMMIT, one fsync) per request: what a write queue without batching does
 *   group   the real `db.write` of db/client.ts: concurrent requests share one transaction, each in its own
 *           SAVEPOINT, one COMMIT for the batch. The issue's target (durable transfers/s) is read here.
 *   proto   a PROTOTYPE (this file only) of the same group commit over the synchronous `libsql` driver with
 *           a prepared-statement cache, to show what the per-statement overhead of @libsql/client costs
 *
 * Every request runs the real ledger code (db/queries/ledger.ts + holds.ts) keyed like a money tool
 * (tools/idempotency.ts: find the receipt, move, store the receipt, in one transaction). The same
 * functions run in all three modes; only the Executor under them changes. After each run the invariants
 * are checked (`ledgerViolations` + the money proofs' extra checks) and, for the run with refusals, that
 * every accepted request committed and every refused one left nothing. See bench/ledger/README.md.
 *
 *   npm run bench:ledger
 *   npm run bench:ledger -- --concurrency 64,512 --requests 20000 --serial-requests 400 --modes group,proto
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createClient, type InStatement, type ResultSet, type Transaction } from '@libsql/client';
import Database from 'libsql';
import { type Db, type Executor, openDb } from '../../db/client';
import { newId } from '../../db/ids';
import { all, one, run } from '../../db/sql';
import {
  codeOf,
  depositTx,
  feeOf,
  fundTx,
  keyedTx,
  makeParties,
  milestoneTx,
  moneyViolations,
  NOW,
  type Parties,
  releaseTx,
  tempDbFile,
} from '../../tests/money/support/world';
import { ToolError } from '../../tools/errors';
import { findReceipt, requestHash } from '../../tools/idempotency';
import { prepareToolRun, type ToolOp } from './toolPath';

// ---------------------------------------------------------------------------------------------- writers

interface Writer {
  write<T>(fn: (tx: Executor) => Promise<T>): Promise<T>;
  reader: Executor;
  close(): void;
}

const BUSY_TIMEOUT_MS = 5000;

/** (a) One transaction per request, queued one at a time: each request pays its own COMMIT and fsync. */
async function serialWriter(url: string): Promise<Writer> {
  const client = createClient({ url, timeout: BUSY_TIMEOUT_MS, concurrency: 1 });
  await client.execute('PRAGMA journal_mode=WAL');
  await client.execute('PRAGMA synchronous=FULL');
  const reader = createClient({ url, timeout: BUSY_TIMEOUT_MS });
  let tail: Promise<unknown> = Promise.resolve();
  return {
    reader,
    write<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
      const run = async () => {
        const tx: Transaction = await client.transaction('write');
        try {
          const value = await fn(tx);
          await tx.commit();
          return value;
        } catch (err) {
          await tx.rollback().catch(() => undefined);
          throw err;
        } finally {
          tx.close();
        }
      };
      const p = tail.then(run, run);
      tail = p.catch(() => undefined);
      return p;
    },
    close: () => {
      client.close();
      reader.close();
    },
  };
}

/** (b) The real thing. */
async function groupWriter(url: string): Promise<Writer> {
  const db: Db = await openDb({ url });
  // Through the statement timer when --statements is on (a pass-through otherwise).
  const view = observed(db, new Map());
  return { reader: db.reader, write: (fn) => view.write(fn), close: () => db.close() };
}

/**
 * (c) PROTOTYPE, not used by the product: the group commit of db/client.ts (same batch size, one SAVEPOINT
 * per request, one COMMIT, callers answered after it) over the synchronous `libsql` driver, with every
 * statement prepared once per connection and reused. @libsql/client's local `execute` prepares the SQL
 * again on every call (a transfer insert compiles its balancing trigger each time) and probes `raw()` with
 * a thrown exception for every statement that returns no rows; this executor does neither.
 */
function protoWriter(file: string, url: string): Writer {
  const conn = new Database(file, { timeout: BUSY_TIMEOUT_MS } as never);
  conn.exec('PRAGMA journal_mode=WAL');
  conn.exec('PRAGMA synchronous=FULL');
  conn.exec('PRAGMA foreign_keys=ON');
  const cache = new Map<string, ReturnType<typeof conn.prepare>>();
  const exec: Executor = {
    execute(stmt: InStatement): Promise<ResultSet> {
      const sql = typeof stmt === 'string' ? stmt : stmt.sql;
      const args = typeof stmt === 'string' ? [] : (stmt.args ?? []);
      let s = cache.get(sql);
      if (!s) {
        s = conn.prepare(sql);
        cache.set(sql, s);
      }
      const record = stmtStats && measuring;
      const t0 = record ? performance.now() : 0;
      try {
        if (s.reader) {
          const rows = s.all(args) as Record<string, unknown>[];
          return Promise.resolve({ rows, rowsAffected: 0 } as unknown as ResultSet);
        }
        const info = s.run(args);
        return Promise.resolve({ rows: [], rowsAffected: info.changes } as unknown as ResultSet);
      } catch (err) {
        return Promise.reject(err);
      } finally {
        if (record && stmtStats) {
          const st = stmtStats.get(sql) ?? { n: 0, ms: 0 };
          st.n++;
          st.ms += performance.now() - t0;
          stmtStats.set(sql, st);
        }
      }
    },
  };
  const run = (sql: string) => exec.execute(sql);
  interface Queued {
    fn: (tx: Executor) => Promise<unknown>;
    resolve(v: unknown): void;
    reject(e: unknown): void;
  }
  const queue: Queued[] = [];
  let draining = false;
  const runBatch = async (batch: Queued[]) => {
    // A fresh object per batch, so the bench can count batch sizes the same way for every mode.
    const tx: Executor = { execute: (s) => exec.execute(s) };
    const outcomes: ({ ok: true; v: unknown } | { ok: false; e: unknown })[] = [];
    try {
      await run('BEGIN IMMEDIATE');
    } catch (e) {
      for (const w of batch) w.reject(e);
      return;
    }
    try {
      for (const w of batch) {
        await run('SAVEPOINT w');
        try {
          const v = await w.fn(tx);
          await run('RELEASE w');
          outcomes.push({ ok: true, v });
        } catch (e) {
          await run('ROLLBACK TO w');
          await run('RELEASE w');
          outcomes.push({ ok: false, e });
        }
      }
      await run('COMMIT');
    } catch (e) {
      await run('ROLLBACK').catch(() => undefined);
      for (const w of batch) w.reject(e);
      return;
    }
    batch.forEach((w, i) => {
      const o = outcomes[i]!;
      if (o.ok) w.resolve(o.v);
      else w.reject(o.e);
    });
  };
  const drain = async () => {
    draining = true;
    try {
      while (queue.length > 0) await runBatch(queue.splice(0, 256));
    } finally {
      draining = false;
    }
  };
  const reader = createClient({ url, timeout: BUSY_TIMEOUT_MS });
  return {
    reader,
    write<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
        if (!draining) void drain();
      });
    },
    close: () => {
      conn.close();
      reader.close();
    },
  };
}

/** --statements: time spent in each SQL statement of the proto executor (synchronous, so this is exact). */
let stmtStats: Map<string, { n: number; ms: number }> | undefined;
/** True while a run is measured (not while its database is prepared or checked). */
let measuring = false;

function printStatementStats(out: NodeJS.WritableStream): void {
  if (!stmtStats || stmtStats.size === 0) return;
  const console = { log: (line: string) => out.write(`${line}\n`) };
  const rows = [...stmtStats].sort((a, b) => b[1].ms - a[1].ms);
  const total = rows.reduce((s, [, v]) => s + v.ms, 0);
  console.log(
    `\n${process.argv.includes('--one') ? process.argv[process.argv.indexOf('--one') + 1] : 'proto'}: time inside SQLite by statement (${total.toFixed(0)} ms in all)`,
  );
  for (const [sql, v] of rows.slice(0, 25)) {
    const text = sql.replace(/\s+/g, ' ').slice(0, 90);
    console.log(
      `${v.ms.toFixed(1).padStart(9)} ms ${String(v.n).padStart(7)}× ${((1000 * v.ms) / v.n).toFixed(1).padStart(7)} µs  ${text}`,
    );
  }
}

type Mode = 'serial' | 'group' | 'proto' | 'lean' | 'tool';

async function writerFor(mode: Mode, file: string, url: string): Promise<Writer> {
  if (mode === 'serial') return serialWriter(url);
  if (mode === 'group') return groupWriter(url);
  return protoWriter(file, url);
}

// ------------------------------------------------------------------------------------ lean prototype

/*
 * PROTOTYPE (mode "lean", bench only): the same fund and release with fewer statements, on the proto
 * executor. What the real path runs per fund: receipt lookup, 2 account lookups + 1 insert, hold insert,
 * an account SELECT for the balance check, 2 × (entry insert + balance update), transfer insert, hold
 * re-read, receipt insert (13, plus SAVEPOINT/RELEASE). Lean: the debit is one UPDATE … RETURNING whose
 * CHECK (balance_minor >= 0) is the balance check, the new escrow account is inserted with its balance,
 * entries go in one multi-row INSERT, wallets are upserted, nothing is read back (7–8 statements). The
 * schema, its triggers and CHECKs are unchanged, and the run ends with the same invariant checks.
 */

const isCheck = (err: unknown, column: string) =>
  err instanceof Error && /CHECK constraint failed/.test(err.message) && err.message.includes(column);

async function leanFund(
  tx: Executor,
  a: {
    milestoneId: string;
    contractId: string;
    clientId: string;
    freelancerId: string;
    currency: string;
    amount: number;
  },
): Promise<{ transferIds: string[] }> {
  const at = NOW.toISOString();
  const holdId = newId('hld');
  const escrowId = newId('acc');
  const transferId = newId('trf');
  let wallet: { id: string } | undefined;
  try {
    wallet = await one<{ id: string }>(
      tx,
      `UPDATE ledger_accounts SET balance_minor = balance_minor - ?
        WHERE kind = 'client_wallet' AND owner_id = ? AND currency = ? RETURNING id`,
      [a.amount, a.clientId, a.currency],
    );
  } catch (err) {
    if (isCheck(err, 'balance_minor')) throw new ToolError('INSUFFICIENT_FUNDS', 'Not enough funds.');
    throw err;
  }
  if (!wallet) throw new ToolError('INSUFFICIENT_FUNDS', 'Not enough funds: no wallet in this currency.');
  await run(
    tx,
    `INSERT INTO ledger_accounts (id, kind, owner_id, currency, balance_minor, created_at) VALUES (?, 'escrow', ?, ?, ?, ?)`,
    [escrowId, holdId, a.currency, a.amount, at],
  );
  await run(
    tx,
    `INSERT INTO escrow_holds (id, contract_id, milestone_id, client_id, freelancer_id, escrow_account_id, currency,
                               amount_minor, status, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'held', ?)`,
    [holdId, a.contractId, a.milestoneId, a.clientId, a.freelancerId, escrowId, a.currency, a.amount, at],
  );
  await run(
    tx,
    'INSERT INTO ledger_entries (transfer_id, account_id, amount_minor, currency) VALUES (?, ?, ?, ?), (?, ?, ?, ?)',
    [transferId, wallet.id, -a.amount, a.currency, transferId, escrowId, a.amount, a.currency],
  );
  await run(
    tx,
    `INSERT INTO ledger_transfers (id, kind, currency, amount_minor, ref_kind, ref_id, memo, actor_id, created_at)
     VALUES (?, 'escrow_fund', ?, ?, 'hold', ?, '', ?, ?)`,
    [transferId, a.currency, a.amount, holdId, a.clientId, at],
  );
  return { transferIds: [transferId] };
}

async function leanRelease(
  tx: Executor,
  a: { milestoneId: string; amount: number; feeBps: number; actorId: string },
): Promise<{ transferIds: string[] }> {
  const at = NOW.toISOString();
  let h: { id: string; escrow_account_id: string; freelancer_id: string; currency: string } | undefined;
  try {
    // Claim first; the CHECK (released + refunded <= amount) refuses an over-ask, `status = 'held'` a frozen
    // or settled hold.
    h = await one(
      tx,
      `UPDATE escrow_holds
          SET released_minor = released_minor + ?1,
              status = CASE WHEN released_minor + refunded_minor + ?1 = amount_minor THEN 'settled' ELSE status END,
              settled_at = CASE WHEN released_minor + refunded_minor + ?1 = amount_minor THEN ?2 ELSE settled_at END
        WHERE milestone_id = ?3 AND status = 'held'
        RETURNING id, escrow_account_id, freelancer_id, currency`,
      [a.amount, at, a.milestoneId],
    );
  } catch (err) {
    if (isCheck(err, 'released_minor'))
      throw new ToolError('CONFLICT', 'Not that much is left in this escrow.');
    throw err;
  }
  if (!h) throw new ToolError('CONFLICT', 'This escrow is not held (settled, disputed or missing).');
  const fee = feeOf(a.amount, a.feeBps);
  const net = a.amount - fee;
  const transferId = newId('trf');
  await run(tx, 'UPDATE ledger_accounts SET balance_minor = balance_minor - ? WHERE id = ?', [
    a.amount,
    h.escrow_account_id,
  ]);
  const upsert = async (kind: string, owner: string, amount: number) =>
    (await one<{ id: string }>(
      tx,
      `INSERT INTO ledger_accounts (id, kind, owner_id, currency, balance_minor, created_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (kind, owner_id, currency) DO UPDATE SET balance_minor = balance_minor + excluded.balance_minor
       RETURNING id`,
      [newId('acc'), kind, owner, h.currency, amount, at],
    ))!.id;
  const wallet = await upsert('freelancer_wallet', h.freelancer_id, net);
  const fees = await upsert('platform_fees', 'platform', fee);
  await run(
    tx,
    'INSERT INTO ledger_entries (transfer_id, account_id, amount_minor, currency) VALUES (?, ?, ?, ?), (?, ?, ?, ?), (?, ?, ?, ?)',
    [
      transferId,
      h.escrow_account_id,
      -a.amount,
      h.currency,
      transferId,
      wallet,
      net,
      h.currency,
      transferId,
      fees,
      fee,
      h.currency,
    ],
  );
  await run(
    tx,
    `INSERT INTO ledger_transfers (id, kind, currency, amount_minor, ref_kind, ref_id, memo, actor_id, created_at)
     VALUES (?, 'escrow_release', ?, ?, 'hold', ?, '', ?, ?)`,
    [transferId, h.currency, a.amount, h.id, a.actorId, at],
  );
  return { transferIds: [transferId] };
}

// ---------------------------------------------------------------------------------------------- workload

type Op = 'fund' | 'release' | 'replay' | 'replay-reader' | 'mixed-10%-refused';

interface Request {
  actorId: string;
  key: string;
  tool: string;
  args: Record<string, unknown>;
  move: (tx: Executor) => Promise<{ transferIds: string[] }>;
  /** The same move with fewer statements (lean prototype). */
  lean: (tx: Executor) => Promise<{ transferIds: string[] }>;
  /** The refusal this request must get (mixed run), or undefined when it must succeed. */
  refusal?: string;
}

const CLIENTS = 8;
const FREELANCERS = 8;
const AMOUNT = 10_000;

function fundRequest(p: Parties, i: number, tag: string, clientIdx = i % CLIENTS): Request {
  const f = Math.floor(i / CLIENTS) % FREELANCERS;
  const contractId = p.contracts[clientIdx]![f]!;
  const args = {
    milestoneId: `mst_${tag}_${i}`,
    contractId,
    projectId: p.projectOf.get(contractId)!,
    clientId: p.clients[clientIdx]!,
    freelancerId: p.freelancers[f]!,
    currency: 'USD',
    amount: AMOUNT,
  };
  return {
    actorId: args.clientId,
    key: `bench:${tag}:${i}`,
    tool: 'fund',
    args,
    move: (tx) => fundTx(tx, args, { createMilestone: false }),
    lean: (tx) => leanFund(tx, args),
  };
}

function releaseRequest(p: Parties, i: number, amount = AMOUNT): Request {
  const clientId = p.clients[i % CLIENTS]!;
  const args = { milestoneId: `mst_pre_${i}`, amount, feeBps: 1_000 };
  return {
    actorId: clientId,
    key: `bench:rel:${i}`,
    tool: 'release',
    args,
    move: (tx) => releaseTx(tx, { ...args, actorId: clientId }),
    lean: (tx) => leanRelease(tx, { ...args, actorId: clientId }),
  };
}

interface Prepared {
  parties: Parties;
  requests: Request[];
}

/**
 * Builds the database state a run needs (not measured) and the requests. It writes through the proto
 * writer only because it is faster; what it writes is what the real code writes.
 */
async function prepare(op: Op, n: number, file: string, url: string): Promise<Prepared> {
  const db = protoWriter(file, url);
  try {
    // One extra client with an empty wallet: its fundings are refused with INSUFFICIENT_FUNDS.
    const parties = await makeParties(db, { clients: CLIENTS + 1, freelancers: FREELANCERS, tag: 'bench' });
    await db.write(async (tx) => {
      for (const clientId of parties.clients.slice(0, CLIENTS))
        await depositTx(tx, { clientId, currency: 'USD', amount: n * AMOUNT * 2 });
    });
    // Milestones exist before they are funded (as with fund_milestone); created here, not measured.
    const milestones = async (rs: Request[]) => {
      const funds = rs.filter((r) => r.tool === 'fund');
      for (let i = 0; i < funds.length; i += 1000)
        await db.write(async (tx) => {
          for (const r of funds.slice(i, i + 1000))
            await milestoneTx(tx, r.args as Parameters<typeof milestoneTx>[1]);
        });
    };
    const inBatches = async (count: number, make: (i: number) => Request) => {
      const rs = Array.from({ length: count }, (_, i) => make(i));
      await milestones(rs);
      await Promise.all(rs.map((r) => db.write((tx) => keyedTx(tx, r, r.move))));
    };
    let requests: Request[];
    switch (op) {
      case 'fund':
        requests = Array.from({ length: n }, (_, i) => fundRequest(parties, i, 'fund'));
        break;
      case 'release':
        await inBatches(n, (i) => fundRequest(parties, i, 'pre'));
        requests = Array.from({ length: n }, (_, i) => releaseRequest(parties, i));
        break;
      case 'replay':
      case 'replay-reader':
        await inBatches(n, (i) => fundRequest(parties, i, 'fund'));
        requests = Array.from({ length: n }, (_, i) => fundRequest(parties, i, 'fund'));
        break;
      case 'mixed-10%-refused':
        await inBatches(n, (i) => fundRequest(parties, i, 'pre'));
        requests = Array.from({ length: n }, (_, i) => {
          if (i % 10 === 0) {
            // Every tenth request is refused: alternately a funding from the empty wallet and a release
            // asking one minor unit more than its escrow holds.
            return (i / 10) % 2 === 0
              ? { ...fundRequest(parties, i, 'mix', CLIENTS), refusal: 'INSUFFICIENT_FUNDS' }
              : { ...releaseRequest(parties, i, AMOUNT + 1), refusal: 'CONFLICT' };
          }
          return i % 2 === 0 ? fundRequest(parties, i, 'mix') : releaseRequest(parties, i);
        });
        break;
    }
    await milestones(requests);
    return { parties, requests };
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------- driver

interface Result {
  mode: string;
  op: Op;
  concurrency: number;
  requests: number;
  ok: number;
  refused: number;
  transfers: number;
  seconds: number;
  /** CPU time of this process (user + system) during the run, in µs. */
  cpuMicros: number;
  latencies: number[];
  batches: number[];
  /** Bytes this process wrote during the run (the WAL and checkpoints), or undefined off Linux. */
  written: number | undefined;
  invariants: string;
}

/** A run's row: counts from its outcomes, `invariants` from what the checks after it found. */
function result(
  run: {
    mode: string;
    op: Op;
    concurrency: number;
    seconds: number;
    cpu: NodeJS.CpuUsage;
    latencies: number[];
    batchOf: Map<unknown, number>;
    written: number | undefined;
  },
  outcomes: readonly { ok: boolean; transfers: number }[],
  problems: readonly string[],
): Result {
  return {
    mode: run.mode,
    op: run.op,
    concurrency: run.concurrency,
    requests: outcomes.length,
    ok: outcomes.filter((o) => o.ok).length,
    refused: outcomes.filter((o) => !o.ok).length,
    transfers: outcomes.reduce((s, o) => s + o.transfers, 0),
    seconds: run.seconds,
    cpuMicros: run.cpu.user + run.cpu.system,
    latencies: run.latencies,
    batches: [...run.batchOf.values()],
    written: run.written,
    invariants:
      problems.length === 0 ? 'ok' : `${problems.length} FAILED: ${problems.slice(0, 3).join('; ')}`,
  };
}

/**
 * Bytes written by this process so far (Linux `/proc/self/io`), or undefined elsewhere. Unlike time, it does
 * not move with the machine's load: how many pages a commit writes is the engine's work, not the noise.
 */
function bytesWritten(): number | undefined {
  try {
    const m = /^wchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

const since = (start: number | undefined) => {
  const now = bytesWritten();
  return start === undefined || now === undefined ? undefined : now - start;
};

/** Warm-up requests per run, sent through the same writer before the clock starts (see `--warmup`). */
let WARMUP = 1000;

/**
 * Sends `requests` with `concurrency` in flight, from index `from` up to `to`, each answer recorded by
 * `record(i, answer, ms)`. The warm-up and the measured part of a run are two calls of it.
 */
async function drive<T>(
  count: { from: number; to: number; concurrency: number },
  send: (i: number) => Promise<T>,
  record: (i: number, outcome: { ok: true; value: T } | { ok: false; err: unknown }, ms: number) => void,
): Promise<void> {
  let next = count.from;
  const lanes = Math.min(count.concurrency, count.to - count.from);
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < count.to) {
        const i = next++;
        const t0 = performance.now();
        try {
          record(i, { ok: true, value: await send(i) }, performance.now() - t0);
        } catch (err) {
          record(i, { ok: false, err }, performance.now() - t0);
        }
      }
    }),
  );
}

/**
 * A run's two parts: the first WARMUP requests unmeasured, then the rest with the clock, CPU, bytes written
 * and (BENCH_CPU_PROFILE) the profiler on. `measuring` is true only during the second part.
 */
async function warmThenMeasure<T>(
  total: number,
  concurrency: number,
  send: (i: number) => Promise<T>,
  record: Parameters<typeof drive<T>>[2],
  beforeMeasuring?: () => void,
): Promise<{ seconds: number; cpu: NodeJS.CpuUsage; written: number | undefined }> {
  await drive({ from: 0, to: WARMUP, concurrency }, send, record);
  beforeMeasuring?.();
  const profiler = await startProfile();
  const written0 = bytesWritten();
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  measuring = true;
  await drive({ from: WARMUP, to: total, concurrency }, send, record);
  const written = since(written0);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  measuring = false;
  await profiler?.();
  return { seconds, cpu, written };
}

async function runOne(mode: Mode | 'reader', op: Op, concurrency: number, n: number): Promise<Result> {
  if (mode === 'tool') return runTool(op as ToolOp, concurrency, n);
  const { url, file, dir } = await tempDbFile('megilance-bench-ledger-');
  try {
    // The first WARMUP requests are the warm-up (unmeasured, checked like the rest).
    const total = n + WARMUP;
    const { requests } = await prepare(op, total, file, url);
    const writer = await writerFor(mode === 'reader' ? 'group' : mode, file, url);
    const moveOf = (r: Request) => (mode === 'lean' ? r.lean : r.move);
    const batchOf = new Map<Executor, number>();
    const latencies: number[] = [];
    const outcomes: { ok: boolean; code?: string; transfers: number; replay?: boolean }[] = new Array(total);
    const issue = async (i: number) => {
      const r = requests[i]!;
      if (op === 'replay-reader') {
        // The dispatcher's first look: a replay is answered from the reader, before any write.
        const found = await findReceipt(writer.reader, r.actorId, r.key, requestHash(r.tool, r.args));
        if (!found) throw new Error(`no receipt for ${r.key}`);
        return { replay: true, response: found.response as { transferIds: string[] } };
      }
      return writer.write((tx) => {
        if (measuring) batchOf.set(tx, (batchOf.get(tx) ?? 0) + 1);
        return keyedTx(tx, r, moveOf(r));
      });
    };
    const record = (
      i: number,
      o: { ok: true; value: Awaited<ReturnType<typeof issue>> } | { ok: false; err: unknown },
      ms: number,
    ) => {
      outcomes[i] = o.ok
        ? {
            ok: true,
            replay: o.value.replay,
            transfers: o.value.replay ? 0 : o.value.response.transferIds.length,
          }
        : { ok: false, code: codeOf(o.err), transfers: 0 };
      if (measuring) latencies.push(ms);
    };
    const { seconds, cpu, written } = await warmThenMeasure(total, concurrency, issue, record);

    // Invariants, and for each request (warm-up included) the outcome it had to have.
    const problems = await moneyViolations(writer.reader);
    const receipts = new Set(
      (await all<{ key: string }>(writer.reader, 'SELECT key FROM idempotency_keys')).map((r) => r.key),
    );
    requests.forEach((r, i) => {
      const o = outcomes[i]!;
      const wantReplay = op === 'replay' || op === 'replay-reader';
      if (r.refusal) {
        if (o.ok || o.code !== r.refusal)
          problems.push(`${r.key}: expected ${r.refusal}, got ${o.code ?? 'ok'}`);
        else if (receipts.has(r.key)) problems.push(`${r.key}: refused but its receipt was stored`);
      } else if (!o.ok) problems.push(`${r.key}: refused ${o.code}`);
      else if (!receipts.has(r.key)) problems.push(`${r.key}: accepted but not committed`);
      else if (Boolean(o.replay) !== wantReplay) problems.push(`${r.key}: replay=${o.replay}`);
    });
    writer.close();
    const measured = outcomes.slice(WARMUP);
    return result({ mode, op, concurrency, seconds, cpu, latencies, batchOf, written }, measured, problems);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * BENCH_CPU_PROFILE=<file>: a V8 CPU profile of the measured part of a run (setup excluded),
 * for chrome://inspect or any .cpuprofile viewer.
 */
async function startProfile(): Promise<(() => Promise<void>) | undefined> {
  const file = process.env.BENCH_CPU_PROFILE;
  if (!file) return undefined;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

/** A statement-timing, batch-counting view of `db` (the dispatcher writes through it). */
function observed(db: Db, batchOf: Map<Executor, number>): Db {
  /** Times one statement call; db/local.ts runs it synchronously inside the call, so this is the engine alone. */
  const time = <T>(stmt: InStatement, run: () => Promise<T>): Promise<T> => {
    const sql = typeof stmt === 'string' ? stmt : stmt.sql;
    const t0 = performance.now();
    const p = run();
    if (measuring && stmtStats) {
      const st = stmtStats.get(sql) ?? { n: 0, ms: 0 };
      st.n++;
      st.ms += performance.now() - t0;
      stmtStats.set(sql, st);
    }
    return p;
  };
  const timed = (tx: Executor): Executor => {
    if (!stmtStats) return tx;
    const first = tx.first?.bind(tx);
    return {
      execute: (stmt) => time(stmt, () => tx.execute(stmt)),
      first: first && ((stmt) => time(stmt, () => first(stmt))),
    };
  };
  return {
    url: db.url,
    remote: db.remote,
    reader: timed(db.reader),
    write: (fn) =>
      db.write((tx) => {
        batchOf.set(tx, (batchOf.get(tx) ?? 0) + 1);
        return fn(timed(tx));
      }),
    append: (batch) => db.append(batch),
    script: (sql) => db.script(sql),
    close: () => db.close(),
  };
}

/** `tool` mode: the requests are dispatcher calls (bench/ledger/toolPath.ts). */
async function runTool(op: ToolOp, concurrency: number, n: number): Promise<Result> {
  const { url, dir } = await tempDbFile('megilance-bench-ledger-');
  try {
    const batchOf = new Map<Executor, number>();
    const db = await openDb({ url });
    const total = n + WARMUP;
    const { dispatcher, requests } = await prepareToolRun(observed(db, batchOf), op, total);
    batchOf.clear();
    const latencies: number[] = [];
    const outcomes: { ok: boolean; code?: string; transfers: number }[] = new Array(total);
    const send = (i: number) => requests[i]!.send();
    const record = (
      i: number,
      o: { ok: true; value: Awaited<ReturnType<typeof send>> } | { ok: false; err: unknown },
      ms: number,
    ) => {
      if (!o.ok) throw o.err;
      const res = o.value;
      outcomes[i] = res.ok
        ? { ok: true, transfers: requests[i]!.replay ? 0 : res.data.transferId ? 1 : 0 }
        : { ok: false, code: res.error.code, transfers: 0 };
      if (measuring) latencies.push(ms);
    };
    const { seconds, cpu, written } = await warmThenMeasure(total, concurrency, send, record, () =>
      batchOf.clear(),
    );
    await dispatcher.flush();

    const problems = await moneyViolations(db.reader);
    const receipts = new Set(
      (await all<{ key: string }>(db.reader, 'SELECT key FROM idempotency_keys')).map((r) => r.key),
    );
    const transferCount = Number(
      (await one<{ n: number }>(db.reader, 'SELECT count(*) AS n FROM ledger_transfers'))?.n,
    );
    requests.forEach((r, i) => {
      const o = outcomes[i]!;
      if (r.refusal) {
        if (o.ok || o.code !== r.refusal)
          problems.push(`${r.key}: expected ${r.refusal}, got ${o.code ?? 'ok'}`);
        else if (receipts.has(r.key)) problems.push(`${r.key}: refused but its receipt was stored`);
      } else if (!o.ok) problems.push(`${r.key}: refused ${o.code}`);
      else if (!receipts.has(r.key)) problems.push(`${r.key}: accepted but not committed`);
      else if (!r.replay && o.transfers !== 1) problems.push(`${r.key}: no transfer in its answer`);
    });
    // Every transfer the run answered with exists, and nothing else was posted while it ran.
    if (op === 'replay' && transferCount !== CLIENTS + total)
      problems.push(`a replay posted a transfer: ${transferCount} transfers for ${total} fundings`);
    db.close();
    const measured = outcomes.slice(WARMUP);
    return result(
      { mode: 'tool', op, concurrency, seconds, cpu, latencies, batchOf, written },
      measured,
      problems,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------- report

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

function row(r: Result): string[] {
  const b = r.batches;
  return [
    r.mode,
    r.op,
    String(r.concurrency),
    String(r.requests),
    String(r.refused),
    r.transfers > 0 ? Math.round(r.transfers / r.seconds).toLocaleString('en-US') : '-',
    Math.round(r.requests / r.seconds).toLocaleString('en-US'),
    Math.round(r.cpuMicros / r.requests).toLocaleString('en-US'),
    r.written === undefined ? '-' : (r.written / r.requests / 1024).toFixed(1),
    pct(r.latencies, 50).toFixed(1),
    pct(r.latencies, 99).toFixed(1),
    b.length ? String(b.length) : '-',
    b.length ? (b.reduce((s, x) => s + x, 0) / b.length).toFixed(1) : '-',
    b.length ? String(Math.max(...b)) : '-',
    r.invariants,
  ];
}

const HEADER = [
  'mode',
  'op',
  'in flight',
  'requests',
  'refused',
  'transfers/s',
  'requests/s',
  'CPU µs/req',
  'KB written/req',
  'p50 ms',
  'p99 ms',
  'batches',
  'avg batch',
  'max batch',
  'invariants',
];

function printTable(rows: string[][]): void {
  const widths = HEADER.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i >= 2 && i <= 13 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  console.log(line(HEADER));
  console.log(
    `|${widths.map((w, i) => (i >= 2 && i <= 13 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`,
  );
  for (const r of rows) console.log(line(r));
}

/**
 * Each run gets its own process: @libsql/client leaks native memory on every statement it prepares (see the
 * README), so one process running every mode would grow by gigabytes and skew the later runs.
 */
function runChild(spec: string, statements: boolean): Promise<{ row: string[]; rss: number }> {
  const args = ['--import', 'tsx', fileURLToPath(import.meta.url), '--one', spec, '--warmup', String(WARMUP)];
  if (statements) args.push('--statements');
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code !== 0 || !line)
        reject(new Error(`bench run ${spec} failed (exit ${code}): ${out.slice(-2000)}`));
      else resolve(JSON.parse(line.slice(7)) as { row: string[]; rss: number });
    });
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      concurrency: { type: 'string', default: '64,256,512' },
      requests: { type: 'string', default: '3000' },
      'serial-requests': { type: 'string', default: '300' },
      one: { type: 'string' },
      modes: { type: 'string', default: 'tool,serial,group,proto,lean' },
      ops: { type: 'string', default: 'fund,release,replay,replay-reader,mixed-10%-refused' },
      statements: { type: 'boolean', default: false },
      warmup: { type: 'string', default: '1000' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(
      'npm run bench:ledger -- [--concurrency 64,256,512] [--requests 3000] [--serial-requests 300]\n' +
        '                        [--modes tool,serial,group,proto,lean] [--ops fund,release,replay,replay-reader,mixed-10%-refused]\n' +
        '                        [--statements]   (time per SQL statement in the proto/lean/group/tool executor)\n' +
        '                        [--warmup 1000]  (requests per run sent before the clock starts; checked like the rest)\n' +
        '  BENCH_CPU_PROFILE=<file> with --one "tool|fund|256|2000" (or group|…): a CPU profile of the measured part',
    );
    return;
  }
  if (values.statements) stmtStats = new Map();
  WARMUP = Number(values.warmup);
  if (values.one) {
    // A child: one run, its row as JSON on the last line.
    const [mode, op, c, count] = values.one.split('|') as [Mode | 'reader', Op, string, string];
    const r = await runOne(mode, op, Number(c), Number(count));
    printStatementStats(process.stderr);
    process.stdout.write(`RESULT ${JSON.stringify({ row: row(r), rss: process.memoryUsage().rss })}\n`);
    return;
  }
  const levels = values.concurrency.split(',').map(Number);
  const modes = values.modes.split(',') as Mode[];
  const ops = values.ops.split(',') as Op[];
  const n = Number(values.requests);
  const nSerial = Number(values['serial-requests']);

  const { url } = await tempDbFile('megilance-bench-ledger-probe-');
  const probe = await openDb({ url });
  const sync = await probe.write((tx) => tx.execute('PRAGMA synchronous'));
  const journal = await probe.write((tx) => tx.execute('PRAGMA journal_mode'));
  probe.close();
  console.log(
    `ledger bench: journal_mode=${journal.rows[0]?.[0]}, synchronous=${sync.rows[0]?.[0]} (2 = FULL: every COMMIT is fsynced before its callers hear back)`,
  );
  console.log(
    `requests per run: ${n} (serial ${nSerial}); in flight: ${levels.join(', ')}; node ${process.version}\n`,
  );

  const rows: string[][] = [];
  for (const op of ops) {
    for (const c of levels) {
      const replay = op === 'replay' || op === 'replay-reader';
      for (const mode of op === 'replay-reader' ? (['reader'] as const) : modes) {
        if (replay && mode === 'lean') continue; // a replay runs no move: lean = proto
        const { row: cells, rss } = await runChild(
          [mode, op, c, mode === 'serial' ? nSerial : n].join('|'),
          values.statements,
        );
        rows.push(cells);
        process.stderr.write(`  ${cells.slice(0, 10).join('  ')}  (rss ${Math.round(rss / 2 ** 20)} MB)\n`);
      }
    }
  }
  console.log('');
  printTable(rows);
  const failed = rows.filter((r) => r[14] !== 'ok');
  if (failed.length > 0) {
    console.error(`\n${failed.length} run(s) broke an invariant`);
    process.exitCode = 1;
  }
}

await main();
