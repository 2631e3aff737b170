import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  type Client,
  createClient,
  type InStatement,
  type ResultSet,
  type Transaction,
} from '@libsql/client';

/** Anything that runs a statement: the read client or an open write transaction. */
export interface Executor {
  execute(stmt: InStatement): Promise<ResultSet>;
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
  /** Runs a multi-statement script (migrations) outside any queue-held transaction. */
  script(sql: string): Promise<void>;
  close(): void;
}

export interface DbOptions {
  url: string;
  authToken?: string | undefined;
}

const BUSY_TIMEOUT_MS = 5000;

export async function openDb({ url, authToken }: DbOptions): Promise<Db> {
  const remote = !url.startsWith('file:') && url !== ':memory:';
  if (url === ':memory:')
    throw new Error('Use a file: URL; an in-memory database cannot be shared by reader and writer.');
  if (!remote) ensureDir(url);
  // Locally, one connection writes (so per-connection pragmas stick) and a pool reads.
  const writer = createClient({
    url,
    authToken,
    timeout: BUSY_TIMEOUT_MS,
    ...(remote ? {} : { concurrency: 1 }),
  });
  const reader = remote ? writer : createClient({ url, authToken, timeout: BUSY_TIMEOUT_MS });
  if (!remote) {
    await writer.execute('PRAGMA journal_mode=WAL');
    // WAL + NORMAL survives process crashes; only an OS crash can lose the last commits.
    await writer.execute('PRAGMA synchronous=NORMAL');
  }
  let queue: Promise<unknown> = Promise.resolve();
  const write = <T>(fn: (tx: Executor) => Promise<T>): Promise<T> => {
    const run = queue.then(() => inTransaction(writer, fn));
    queue = run.catch(() => undefined);
    return run;
  };
  return {
    url,
    remote,
    reader,
    write,
    script: async (sql) => {
      await write(async () => undefined); // wait for queued writers
      await writer.executeMultiple(sql);
    },
    close: () => {
      writer.close();
      if (reader !== writer) reader.close();
    },
  };
}

async function inTransaction<T>(client: Client, fn: (tx: Executor) => Promise<T>): Promise<T> {
  const tx: Transaction = await client.transaction('write');
  try {
    const result = await fn(tx);
    await tx.commit();
    return result;
  } catch (err) {
    await tx.rollback().catch(() => undefined);
    throw err;
  } finally {
    tx.close();
  }
}

function ensureDir(url: string): void {
  const path = url.replace(/^file:(\/\/)?/, '').split('?')[0] ?? '';
  if (path && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
}
