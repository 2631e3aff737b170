import { Worker } from 'node:worker_threads';
import type { AppendBatch } from './client';

export interface AppendRequest {
  id: number;
  statements: AppendBatch['statements'];
}

export type AppendReply = { id: number; ok: true } | { id: number; ok: false; message: string };

/** The thread answered that its transaction failed and was rolled back: nothing of the request was written. */
export class AppendRefused extends Error {}

interface Waiting {
  records: number;
  resolve(): void;
  reject(err: Error): void;
}

/**
 * Writes write-behind batches (the audit of reads and refusals) from a worker thread with a connection of
 * its own, so that their statements, commit and fsync leave the event loop, which serves every request of
 * the node (bench/http).
 *
 * The thread is started the first time it is asked for and takes requests once it is up; callers write
 * themselves until then, and for good if it fails. It is a second connection that writes, so db/client.ts
 * only hands it a request while holding the process's write turn: no write of ours is open meanwhile, and
 * neither ever waits on SQLite's busy handler for the other.
 */
export class OffThreadAppender {
  private worker: Worker | undefined;
  private state: 'idle' | 'starting' | 'ready' | 'dead' = 'idle';
  private readyWaiters: ((up: boolean) => void)[] = [];
  private next = 1;
  private readonly waiting = new Map<number, Waiting>();
  /** Records this thread has committed (tests, diagnostics). */
  recordsWritten = 0;

  constructor(
    private readonly path: string,
    private readonly timeoutMs: number,
  ) {}

  /** Whether requests go to the thread now; the first call starts it. */
  available(): boolean {
    if (this.state === 'idle') void this.start();
    return this.state === 'ready';
  }

  /** Starts the thread; resolves true once it takes requests, false if it could not start. */
  start(): Promise<boolean> {
    if (this.state === 'ready') return Promise.resolve(true);
    if (this.state === 'dead') return Promise.resolve(false);
    const up = new Promise<boolean>((resolve) => this.readyWaiters.push(resolve));
    if (this.state === 'starting') return up;
    this.state = 'starting';
    // tsx's loader does not reach worker threads, so the thread imports the TypeScript file through it. Its
    // API is located here where the runtime can (a bare name in the thread's code resolves from the working
    // directory; vitest's module runner has no import.meta.resolve, and runs from the project's root).
    const file = new URL('./appendWorker.ts', import.meta.url).href;
    const tsx =
      typeof import.meta.resolve === 'function' ? import.meta.resolve('tsx/esm/api') : 'tsx/esm/api';
    const boot = `import(${JSON.stringify(tsx)}).then(({ tsImport }) => tsImport(${JSON.stringify(file)}, ${JSON.stringify(import.meta.url)}))`;
    const worker = new Worker(boot, {
      eval: true,
      workerData: { path: this.path, timeoutMs: this.timeoutMs },
    });
    this.worker = worker;
    worker.unref();
    worker.on('message', (msg: AppendReply | { ready: true }) => {
      if ('ready' in msg) return this.settleStart(true);
      this.answer(msg);
    });
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', (code) => this.fail(new Error(`the append thread exited (code ${code})`)));
    return up;
  }

  /** Runs the batch in one transaction of the thread's. Only call while holding the write turn. */
  append(batch: AppendBatch): Promise<void> {
    const worker = this.worker;
    if (this.state !== 'ready' || !worker)
      return Promise.reject(new AppendRefused('the append thread is not up'));
    const id = this.next++;
    const request: AppendRequest = { id, statements: batch.statements };
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(id, { records: batch.records, resolve, reject });
      // Held open only while a request is out: an idle thread never keeps the process alive.
      if (this.waiting.size === 1) worker.ref();
      worker.postMessage(request);
    });
  }

  close(): void {
    const worker = this.worker;
    this.fail(new Error('the database was closed'));
    void worker?.terminate();
  }

  private answer(reply: AppendReply): void {
    const w = this.waiting.get(reply.id);
    if (!w) return;
    this.waiting.delete(reply.id);
    if (this.waiting.size === 0) this.worker?.unref();
    if (reply.ok) {
      this.recordsWritten += w.records;
      w.resolve();
    } else w.reject(new AppendRefused(reply.message));
  }

  /** The thread is gone: requests in flight may or may not have committed, so they fail as unknown. */
  private fail(err: Error): void {
    if (this.state === 'dead') return;
    this.state = 'dead';
    this.worker = undefined;
    this.settleStart(false);
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }

  private settleStart(up: boolean): void {
    if (up && this.state === 'starting') this.state = 'ready';
    for (const resolve of this.readyWaiters.splice(0)) resolve(up);
  }
}
