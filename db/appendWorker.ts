import { parentPort, workerData } from 'node:worker_threads';
import type { AppendReply, AppendRequest } from './appender';
import { LocalConnection } from './local';

/**
 * The thread behind db/appender.ts: a connection of its own to the file, one transaction per request. It is
 * only sent a request while the main thread holds the process's write turn, so it never meets another
 * writer of ours.
 */
const { path, timeoutMs } = workerData as { path: string; timeoutMs: number };
const conn = new LocalConnection(path, timeoutMs);

/**
 * Most commits here skip the fsync (synchronous=NORMAL, which WAL keeps safe from corruption): then a commit
 * takes a fraction of a millisecond, so the writers' turn is held that long and windows can stay short
 * (rows die young). The rows are on disk at the next fsync: any write's commit, a checkpoint, or this
 * thread's own FULL commit, at least once a second. A power cut may lose that second; a crash of the process
 * loses nothing committed here.
 */
const FSYNC_EVERY_MS = 1000;
let synced = 0;

function runBatch({ statements }: AppendRequest): void {
  const now = Date.now();
  const durable = now - synced >= FSYNC_EVERY_MS;
  conn.exec(durable ? 'PRAGMA synchronous=FULL' : 'PRAGMA synchronous=NORMAL');
  conn.exec('BEGIN IMMEDIATE');
  try {
    for (const stmt of statements) conn.executeSync(stmt);
    conn.exec('COMMIT');
    if (durable) synced = now;
  } catch (err) {
    // SQLite may have rolled back by itself already (a full disk, a busy timeout): then this throws.
    try {
      conn.exec('ROLLBACK');
    } catch {}
    throw err;
  }
}

// One request at a time, even if two arrive: each is one transaction on the one connection.
let turn: Promise<unknown> = Promise.resolve();
parentPort?.on('message', (req: AppendRequest) => {
  turn = turn
    .then(() => runBatch(req))
    .then(
      (): AppendReply => ({ id: req.id, ok: true }),
      (err: unknown): AppendReply => ({
        id: req.id,
        ok: false,
        message: err instanceof Error ? err.message : String(err),
      }),
    )
    .then((reply) => parentPort?.postMessage(reply));
});
parentPort?.postMessage({ ready: true });
