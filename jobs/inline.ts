import type { z } from 'zod';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import {
  type AnyJob,
  backoffDelay,
  checkOptions,
  DEFAULT_ATTEMPTS,
  DEFAULT_BACKOFF_MS,
  type Enqueued,
  type EnqueueOptions,
  errorMessage,
  type FailedJob,
  type JobDefinition,
  JobError,
  type JobLogger,
  type JobQueue,
  JobRegistry,
  type RetryOptions,
  silentLogger,
  timeoutError,
} from './queue';

export interface InlineJobQueueOptions extends RetryOptions {
  db: Db;
  jobs: JobRegistry | readonly AnyJob[];
  /** Jobs running at once (default 2; the database has one writer anyway). */
  concurrency?: number;
  log?: JobLogger;
  /** How many failed jobs failed() remembers (default 1000). */
  keepFailed?: number;
}

interface Entry {
  id: string;
  key: string | undefined;
  job: AnyJob;
  data: unknown;
  attempts: number;
  attemptsMade: number;
  /** Set while the entry waits for its delay or its retry backoff. */
  timer: NodeJS.Timeout | undefined;
}

/**
 * Runs jobs in this process, on a later tick than the enqueue (so never inside the caller's transaction),
 * with the BullMQ runner's semantics: attempts with exponential backoff, jobId de-duplication while
 * pending, failed() for jobs out of attempts. Nothing survives a restart: jobs still waiting on a delay or
 * a backoff when the queue closes are dropped (and logged).
 */
export class InlineJobQueue implements JobQueue {
  readonly kind = 'inline' as const;
  private readonly db: Db;
  private readonly registry: JobRegistry;
  private readonly concurrency: number;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly keepFailed: number;
  private readonly log: JobLogger;
  private readonly pending = new Set<Entry>();
  private readonly byKey = new Map<string, Entry>();
  private readonly ready: Entry[] = [];
  private running = 0;
  private idleWaiters: (() => void)[] = [];
  private failures: FailedJob[] = [];
  private closing: Promise<void> | undefined;

  constructor(opts: InlineJobQueueOptions) {
    this.db = opts.db;
    this.registry = opts.jobs instanceof JobRegistry ? opts.jobs : new JobRegistry(opts.jobs);
    this.concurrency = Math.max(1, opts.concurrency ?? 2);
    this.attempts = opts.attempts ?? DEFAULT_ATTEMPTS;
    this.backoffMs = opts.backoffMs ?? DEFAULT_BACKOFF_MS;
    this.keepFailed = opts.keepFailed ?? 1000;
    this.log = opts.log ?? silentLogger;
  }

  enqueue<S extends z.ZodType>(
    job: JobDefinition<S>,
    data: z.input<S>,
    opts?: EnqueueOptions,
  ): Promise<Enqueued>;
  enqueue(name: string, data: unknown, opts?: EnqueueOptions): Promise<Enqueued>;
  async enqueue(jobOrName: AnyJob | string, data: unknown, opts: EnqueueOptions = {}): Promise<Enqueued> {
    const { job, stored } = this.check(jobOrName, data, opts);
    // No await above: the check and the insert below cannot interleave with another enqueue.
    if (opts.jobId !== undefined && this.byKey.has(opts.jobId)) return { id: opts.jobId, deduplicated: true };
    const entry: Entry = {
      id: opts.jobId ?? newId('job'),
      key: opts.jobId,
      job,
      data: stored,
      attempts: opts.attempts ?? job.attempts ?? this.attempts,
      attemptsMade: 0,
      timer: undefined,
    };
    this.pending.add(entry);
    if (entry.key !== undefined) this.byKey.set(entry.key, entry);
    this.schedule(entry, opts.delayMs ?? 0);
    return { id: entry.id, deduplicated: false };
  }

  validate(job: AnyJob | string, data: unknown, opts: EnqueueOptions = {}): void {
    this.check(job, data, opts);
  }

  private check(jobOrName: AnyJob | string, data: unknown, opts: EnqueueOptions) {
    const name = typeof jobOrName === 'string' ? jobOrName : jobOrName.name;
    if (this.closing) throw new JobError('QUEUE_CLOSED', name, 'The job queue is closed.');
    checkOptions(name, opts);
    return this.registry.prepare(jobOrName, data);
  }

  async drain({ timeoutMs = 30_000 }: { timeoutMs?: number } = {}): Promise<void> {
    if (this.pending.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(timeoutError('Inline job queue drain', timeoutMs)), timeoutMs);
    });
    try {
      await Promise.race([this.whenIdle(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async failed(limit = 100): Promise<FailedJob[]> {
    return this.failures.slice(0, limit).map((f) => ({ ...f }));
  }

  /** Refuses new jobs, drops those still waiting on a timer, and waits for the ones due or running. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const dropped: string[] = [];
      for (const entry of this.pending) {
        if (entry.timer === undefined) continue;
        clearTimeout(entry.timer);
        entry.timer = undefined;
        dropped.push(`${entry.job.name}:${entry.id}`);
        this.finish(entry);
      }
      if (dropped.length) this.log.warn({ dropped }, 'inline job queue closed; delayed jobs dropped');
      await this.whenIdle();
    })();
    return this.closing;
  }

  private whenIdle(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(entry: Entry, ms: number): void {
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      this.ready.push(entry);
      this.pump();
    }, ms);
  }

  private pump(): void {
    while (this.running < this.concurrency) {
      const entry = this.ready.shift();
      if (!entry) return;
      void this.runOnce(entry);
    }
  }

  private async runOnce(entry: Entry): Promise<void> {
    this.running++;
    entry.attemptsMade++;
    const { job } = entry;
    let ok = false;
    let permanent = false;
    let error: unknown;
    try {
      const parsed = job.data.safeParse(entry.data);
      if (!parsed.success) {
        permanent = true; // retrying cannot fix the data
        throw new Error(`Invalid data for job ${job.name}: ${parsed.error.message}`);
      }
      await job.run(
        { db: this.db, jobId: entry.id, attempt: entry.attemptsMade, log: this.log },
        parsed.data,
      );
      ok = true;
    } catch (err) {
      error = err;
    }
    this.running--;
    const fields = { job: job.name, id: entry.id, attempt: entry.attemptsMade };
    if (ok) {
      this.finish(entry);
    } else if (!permanent && entry.attemptsMade < entry.attempts && !this.closing) {
      const retryInMs = backoffDelay(this.backoffMs, entry.attemptsMade);
      this.log.warn({ ...fields, err: errorMessage(error), retryInMs }, 'job attempt failed; will retry');
      this.schedule(entry, retryInMs);
    } else {
      this.log.error({ ...fields, err: errorMessage(error) }, 'job failed');
      this.failures.unshift({
        id: entry.id,
        name: job.name,
        data: entry.data,
        error: errorMessage(error),
        attemptsMade: entry.attemptsMade,
        failedAt: new Date(),
      });
      this.failures.length = Math.min(this.failures.length, this.keepFailed);
      this.finish(entry);
    }
    this.pump();
  }

  private finish(entry: Entry): void {
    this.pending.delete(entry);
    if (entry.key !== undefined && this.byKey.get(entry.key) === entry) this.byKey.delete(entry.key);
    if (this.pending.size > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
