import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createClient, type InStatement, type ResultSet, type Row } from '@libsql/client';
import { AppendRefused, OffThreadAppender } from './appender';
import { LocalConnection, type ReplicaOptions } from './local';

/** Anything that runs a statement: the read client or an open write transaction. */
export interface Executor {
  execute(stmt: InStatement): Promise<ResultSet>;
  /** Optional: the first row only, where the driver answers that cheaper than `execute` (db/local.ts). */
  first?(stmt: InStatement): Promise<Row | undefined>;
}

export interface Db {
  readonly url: string;
  readonly remote: boolean;
  /** Reads outside a transaction; never blocked by the writer in WAL mode. */
  readonly reader: Executor;
  /**
   * Runs `fn` in one write transaction. Write transactions in this process are queued one at a time:
   * libSQL has one writer, and overlapping BEGIN IMMEDIATE calls would otherwise fail with SQLITE_BUSY.
   */
  write<T>(fn: (tx: Executor) => Promise<T>): Promise<T>;
  /**
   * Runs a batch's statements in a transaction of their own, for records written behind the calls that made
   * them (the audit of reads and refusals). On an embedded file, once a batch is large enough to be worth
   * it, a worker thread runs it off the event loop (db/appender.ts); otherwise it is an ordinary queued write.
   */
  append(batch: AppendBatch): Promise<AppendedBy>;
  /** Embedded file only: the thread behind `append` (tests and diagnostics). */
  readonly appender?: OffThreadAppender;
  /** Runs a multi-statement script (migrations) outside any queue-held transaction. */
  script(sql: string): Promise<void>;
  close(): void;
}

/** Written behind: statements with plain values only (they may cross to the append thread). */
export interface AppendBatch {
  statements: { sql: string; args: (string | number | null)[] }[];
  /** How many records the batch carries: small batches are not worth the thread. */
  records: number;
}

/** Who committed an `append`: the append thread, or this process's writer on the event loop. */
export type AppendedBy = 'thread' | 'writer';

export interface DbOptions {
  url: string;
  /**
   * Embedded file: the fewest records an `append` batch must carry to go to the append thread (default 64). Traffic
   * that fills a window with fewer does not need a thread; tests pass 0, `Infinity` turns the thread off.
   */
  appendThreadMinRecords?: number | undefined;
  authToken?: string | undefined;
  /** With a file: url, keep that file as an embedded replica of this libSQL server (writes go to it). */
  syncUrl?: string | undefined;
  /** Embedded replica: seconds between pulls of other nodes' writes (default 1). */
  syncSeconds?: number | undefined;
}

const BUSY_TIMEOUT_MS = 5000;

export async function openDb({
  url,
  authToken,
  syncUrl,
  syncSeconds = 1,
  appendThreadMinRecords = 64,
}: DbOptions): Promise<Db> {
  const remote = !url.startsWith('file:') && url !== ':memory:';
  if (url === ':memory:')
    throw new Error('Use a file: URL; an in-memory database cannot be shared by reader and writer.');
  if (remote && syncUrl) throw new Error('DATABASE_SYNC_URL needs a file: DATABASE_URL (the local replica).');
  if (remote) return openServer(url, url, authToken);
  if (syncUrl) return openServer(url, syncUrl, authToken, { syncUrl, authToken, syncSeconds });
  return openLocal(url, appendThreadMinRecords);
}

/**
 * An embedded file: one connection writes (so per-connection pragmas stick) and one reads, both on the
 * synchronous driver with prepared statements reused (db/local.ts). Reads never wait for the writer in WAL.
 */
function openLocal(url: string, appendThreadMinRecords: number): Db {
  const path = filePath(url);
  mkdirSync(dirname(path), { recursive: true });
  const writer = new LocalConnection(path, BUSY_TIMEOUT_MS);
  writer.exec('PRAGMA journal_mode=WAL');
  // FULL: a commit is on disk before its callers hear back (money must survive a power cut). Group
  // commit below shares that one fsync among every write that was waiting.
  writer.exec('PRAGMA synchronous=FULL');
  writer.exec('PRAGMA foreign_keys=ON');
  // 64 MB of page cache instead of SQLite's 2 MB: every write walks the indexes of the ledger and holds
  // tables, which outgrow 2 MB after a few thousand transfers; past that each statement re-read its pages
  // from the OS (bench/ledger at 20,000 fundings: 208 → 189 µs of CPU per transfer). A ceiling, not an
  // allocation: the cache only grows as pages are touched.
  writer.exec('PRAGMA cache_size=-65536');
  const reader = new LocalConnection(path, BUSY_TIMEOUT_MS);
  reader.exec('PRAGMA foreign_keys=ON');
  // Reads hop across a large file (ranking loads a few hundred profiles, vectors and skill rows per call):
  // mapped pages skip a read() syscall and a copy into SQLite's small default cache (2 MB) for each page,
  // which halved match_freelancers at 100k profiles (bench/matching). Address space only; the OS page
  // cache holds the pages either way. The driver caps it at its build's limit (2 GB for libsql 0.5).
  reader.exec('PRAGMA mmap_size=17179869184');
  const { write, exclusive } = groupCommit({
    budgetMs: LOCAL_BUDGET_MS,
    begin: async () => {
      writer.exec('BEGIN IMMEDIATE');
      return {
        execute: (stmt) => writer.execute(stmt),
        first: (stmt) => writer.first(stmt),
        control: (sql) => writer.exec(sql),
        commit: async () => writer.exec('COMMIT'),
        rollback: async () => writer.exec('ROLLBACK'),
        close: () => undefined,
      };
    },
  });
  const appender = new OffThreadAppender(path, BUSY_TIMEOUT_MS);
  const append = async (batch: AppendBatch): Promise<AppendedBy> => {
    if (batch.records >= appendThreadMinRecords && appender.available()) {
      try {
        await exclusive(() => appender.append(batch));
        return 'thread';
      } catch (err) {
        // Refused means rolled back there, so nothing was written: write them here instead. Anything else
        // (the thread died mid-request) may have committed, and is not repeated.
        if (!(err instanceof AppendRefused)) throw err;
      }
    }
    return appendByWriter(write, batch);
  };
  return {
    url,
    remote: false,
    reader,
    write,
    append,
    appender,
    script: async (sql) => {
      await write(async () => undefined); // let queued writers finish first
      writer.exec(sql);
    },
    close: () => {
      appender.close();
      writer.close();
      reader.close();
    },
  };
}

/** `append` as an ordinary queued write transaction. */
async function appendByWriter(write: Db['write'], batch: AppendBatch): Promise<AppendedBy> {
  await write(async (tx) => {
    for (const stmt of batch.statements) await tx.execute(stmt);
  });
  return 'writer';
}

/**
 * A libSQL server or Turso: one client, and the server serialises writers. With `replica`, reads come from
 * a local file kept as an embedded replica of the server instead; writes still go to the server itself
 * (group-committed like everywhere else), and after each committed batch the replica pulls, so a node
 * always reads its own writes; other nodes' writes arrive within `syncSeconds`. Transactions never run on
 * the replica: delegated writes held the primary's lock across the replica's background pulls and timed
 * out under concurrent writers.
 */
function openServer(
  url: string,
  serverUrl: string,
  authToken: string | undefined,
  replica?: ReplicaOptions,
): Db {
  // Hrana over a WebSocket, not HTTP: a write transaction is interactive (one round trip per statement)
  // and holds the server's only write lock from its first statement to COMMIT. Over HTTP each statement
  // is a fetch() carrying the stream's baton, ~5 ms of client and server work when idle and far more under
  // load, so under the bench:load mix writers queued behind each other until the server's 5 s
  // TRANSACTION_TIMEOUT rolled the holder back. One socket, with streams multiplexed on it, costs ~1 ms
  // a statement and reconnects by itself when the server comes back.
  const client = createClient({ url: hranaOverWebSocket(serverUrl), authToken });
  let local: LocalConnection | undefined;
  if (replica) {
    const path = filePath(url);
    mkdirSync(dirname(path), { recursive: true });
    local = new LocalConnection(path, BUSY_TIMEOUT_MS, replica);
  }
  const pull = local ? () => local.sync() : undefined;
  const { write } = groupCommit(
    { begin: () => client.transaction('write'), budgetMs: REMOTE_BUDGET_MS },
    pull,
  );
  return {
    url,
    remote: true,
    reader: local ?? client,
    write,
    append: (batch) => appendByWriter(write, batch),
    script: async (sql) => {
      await write(async () => undefined); // let queued writers finish first
      await client.executeMultiple(sql);
      pull?.();
    },
    close: () => {
      client.close();
      local?.close();
    },
  };
}

interface QueuedWrite {
  fn: (tx: Executor) => Promise<unknown>;
  /** Runs alone, between batches and outside any transaction of ours (`exclusive`). */
  alone: boolean;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

interface WriteTx extends Executor {
  commit(): Promise<void>;
  rollback(): Promise<void>;
  close(): void;
  /**
   * Optional: runs a savepoint statement (no arguments, no rows) synchronously. Two of them frame every
   * write of a batch; the driver's `exec` runs them in about a third of a prepared statement's time.
   */
  control?(sql: string): void;
}

interface TxSource {
  begin(): Promise<WriteTx>;
  /**
   * No write starts in a batch that has been open this long; the rest wait for the next one. A libSQL
   * server ends an interactive transaction after 5 s (TRANSACTION_TIMEOUT), and over HTTP every statement
   * is a round trip, so an unbounded batch of busy writes outlived it and failed them all.
   */
  budgetMs: number;
}

const MAX_BATCH = 256;
const LOCAL_BUDGET_MS = 500;
const REMOTE_BUDGET_MS = 1_000;

/**
 * One writer, group commit. Writes that arrive while another is running wait, then run together in ONE
 * transaction, each inside its own SAVEPOINT: a write that throws is rolled back to its savepoint alone,
 * its neighbours still commit, and every caller hears back only after the shared COMMIT (durable).
 * One commit (and at most one fsync) then serves a whole batch instead of one write.
 */
function groupCommit(source: TxSource, afterCommit?: () => void) {
  const queue: QueuedWrite[] = [];
  let draining = false;

  const drain = async () => {
    draining = true;
    try {
      while (queue.length > 0) {
        const head = queue[0];
        if (head?.alone) {
          queue.shift();
          await head.fn(NO_TX).then(head.resolve, head.reject);
          continue;
        }
        const alone = queue.findIndex((w) => w.alone);
        const size = alone === -1 ? MAX_BATCH : Math.min(alone, MAX_BATCH);
        const notStarted = await runBatch(source, queue.splice(0, size), afterCommit);
        queue.unshift(...notStarted);
      }
    } finally {
      draining = false;
    }
  };

  const enqueue = <T>(fn: (tx: Executor) => Promise<T>, alone: boolean): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      queue.push({ fn, alone, resolve: resolve as (v: unknown) => void, reject });
      if (!draining) void drain();
    });
  return {
    write: <T>(fn: (tx: Executor) => Promise<T>): Promise<T> => enqueue(fn, false),
    /** Runs `fn` in the writers' order while no write transaction of this process is open. */
    exclusive: <T>(fn: () => Promise<T>): Promise<T> => enqueue(fn, true),
  };
}

/** What an `exclusive` turn is handed: it has no transaction, so any statement on it is a mistake. */
const NO_TX: Executor = {
  execute: () => Promise.reject(new Error('An exclusive turn has no transaction to run statements in.')),
};

/** Runs a batch in one transaction; returns the writes it left for the next batch (over its time budget). */
async function runBatch(
  source: TxSource,
  queued: QueuedWrite[],
  afterCommit?: () => void,
): Promise<QueuedWrite[]> {
  let tx: WriteTx;
  try {
    tx = await source.begin();
  } catch (err) {
    for (const w of queued) w.reject(err);
    return [];
  }
  const started = performance.now();
  const outcomes: ({ ok: true; value: unknown } | { ok: false; err: unknown })[] = [];
  let batch = queued;
  let notStarted: QueuedWrite[] = [];
  try {
    for (const [i, w] of queued.entries()) {
      if (i > 0 && performance.now() - started > source.budgetMs) {
        batch = queued.slice(0, i);
        notStarted = queued.slice(i);
        break;
      }
      if (queued.length === 1) {
        outcomes.push({ ok: true, value: await w.fn(tx) });
        continue;
      }
      await control(tx, 'SAVEPOINT w');
      try {
        const value = await w.fn(tx);
        await control(tx, 'RELEASE w');
        outcomes.push({ ok: true, value });
      } catch (err) {
        // If the engine already aborted the whole transaction, this throws and fails the batch below.
        await control(tx, 'ROLLBACK TO w');
        await control(tx, 'RELEASE w');
        outcomes.push({ ok: false, err });
      }
    }
    await tx.commit();
  } catch (err) {
    await tx.rollback().catch(() => undefined);
    tx.close();
    // Nothing of this batch was committed: a lone write reports its own error, a batch the common cause.
    for (const w of batch) w.reject(err);
    return notStarted;
  }
  tx.close();
  try {
    afterCommit?.();
  } catch {
    // A replica that could not pull now catches up on its next pull; the batch itself is committed.
  }
  batch.forEach((w, i) => {
    const o = outcomes[i];
    if (o?.ok) w.resolve(o.value);
    else w.reject(o?.err);
  });
  return notStarted;
}

async function control(tx: WriteTx, sql: string): Promise<void> {
  if (tx.control) tx.control(sql);
  else await tx.execute(sql);
}

/** The same server's WebSocket address: http → ws, https and libsql (Turso) → wss (ws with ?tls=0). */
export function hranaOverWebSocket(url: string): string {
  const [, scheme = '', rest = ''] = /^([a-z]+):(.*)$/i.exec(url) ?? [];
  const ws: Record<string, string> = {
    http: 'ws',
    https: 'wss',
    libsql: /[?&]tls=0(&|$)/.test(rest) ? 'ws' : 'wss',
  };
  const to = ws[scheme.toLowerCase()];
  return to ? `${to}:${rest}` : url;
}

function filePath(url: string): string {
  return url.replace(/^file:(\/\/)?/, '').split('?')[0] ?? '';
}
