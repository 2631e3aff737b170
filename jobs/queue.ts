import type { z } from 'zod';
import type { Db } from '../db/client';

/**
 * Background jobs: one small interface, two runners (inline in-process, BullMQ on Redis).
 * A job is a named, zod-typed function of the database; the same definition runs on both runners.
 */

/** The pino-compatible subset the runners log through. */
export interface JobLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: JobLogger = { info: () => {}, warn: () => {}, error: () => {} };

export interface JobContext {
  db: Db;
  /** The caller's jobId when it gave one, else the runner's id. */
  jobId: string;
  /** 1 on the first try, 2 on the first retry… */
  attempt: number;
  log: JobLogger;
}

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  /** snake_case; the BullMQ job name too. */
  name: string;
  /** Validated on enqueue and again when the job runs. Job data must survive JSON. */
  data: S;
  /** Total tries before the job lands in failed(); defaults to the runner's `attempts`. */
  attempts?: number;
  /**
   * Throw to fail this attempt (it is retried with backoff while attempts remain). A job can run more than
   * once (retries; a BullMQ worker that died mid-job): make it idempotent.
   */
  run(ctx: JobContext, data: z.output<S>): Promise<void>;
}

export type AnyJob = JobDefinition<z.ZodType>;

export function defineJob<S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> {
  if (!/^[a-z][a-z0-9_]{2,63}$/.test(def.name)) throw new Error(`Job name ${def.name} must be snake_case`);
  if (def.attempts !== undefined && !(Number.isInteger(def.attempts) && def.attempts >= 1))
    throw new Error(`Job ${def.name}: attempts must be a positive integer`);
  return def;
}

export interface EnqueueOptions {
  /**
   * De-duplication key: while a job enqueued with this id is pending (waiting, delayed, running or
   * between retries), enqueueing the same id again does nothing. Once it has finished, the id is free.
   */
  jobId?: string;
  /** Run no earlier than this many milliseconds from now. */
  delayMs?: number;
  /** Total tries for this one job (overrides the definition and the runner default). */
  attempts?: number;
}

export interface Enqueued {
  /** The jobId given, else the runner's id. */
  id: string;
  /** True when a pending job with this jobId already existed and nothing new was queued. */
  deduplicated: boolean;
}

export interface FailedJob {
  id: string;
  name: string;
  data: unknown;
  /** The last attempt's error message. */
  error: string;
  attemptsMade: number;
  failedAt: Date;
}

export interface JobQueue {
  readonly kind: 'inline' | 'bullmq';
  /** Validates `data` (throws JobError INVALID_JOB_DATA / UNKNOWN_JOB) and queues the job. */
  enqueue<S extends z.ZodType>(
    job: JobDefinition<S>,
    data: z.input<S>,
    opts?: EnqueueOptions,
  ): Promise<Enqueued>;
  enqueue(name: string, data: unknown, opts?: EnqueueOptions): Promise<Enqueued>;
  /** The checks enqueue makes, synchronously, without queueing anything (see DeferredJobs). */
  validate(job: AnyJob | string, data: unknown, opts?: EnqueueOptions): void;
  /**
   * Waits (never discards, unlike BullMQ's Queue.drain) until nothing is waiting, delayed or running.
   * With BullMQ this needs a worker to be running somewhere. Rejects after `timeoutMs` (default 30 s).
   */
  drain(opts?: { timeoutMs?: number }): Promise<void>;
  /** Jobs that used up their attempts, newest first. */
  failed(limit?: number): Promise<FailedJob[]>;
  /** Stops accepting jobs and releases resources; the inline runner waits for running jobs first. */
  close(): Promise<void>;
}

/** Runner settings shared by both runners. */
export interface RetryOptions {
  /** Default total tries per job (default 3). */
  attempts?: number;
  /** Exponential backoff base: retry n waits backoffMs · 2^(n-1) (default 1000 ms). */
  backoffMs?: number;
}

export const DEFAULT_ATTEMPTS = 3;
export const DEFAULT_BACKOFF_MS = 1000;

/** The same formula as BullMQ's built-in 'exponential' backoff (no jitter). */
export function backoffDelay(baseMs: number, attemptsMade: number): number {
  return Math.round(2 ** (attemptsMade - 1) * baseMs);
}

export type JobErrorCode =
  | 'UNKNOWN_JOB'
  | 'INVALID_JOB_DATA'
  | 'INVALID_JOB_OPTIONS'
  | 'QUEUE_CLOSED'
  /** BullMQ: Redis did not take the job in time (it may still be queued once Redis is back). */
  | 'QUEUE_UNAVAILABLE';

export interface JobFieldError {
  field: string;
  message: string;
}

/** What enqueue throws. A tool that enqueues should already have validated, so this is a bug, not the user's. */
export class JobError extends Error {
  readonly code: JobErrorCode;
  readonly job: string;
  readonly fields: JobFieldError[] | undefined;

  constructor(code: JobErrorCode, job: string, message: string, fields?: JobFieldError[]) {
    super(message);
    this.name = 'JobError';
    this.code = code;
    this.job = job;
    this.fields = fields;
  }
}

/** Job definitions by name; names are unique. */
export class JobRegistry {
  private readonly byName: ReadonlyMap<string, AnyJob>;

  constructor(jobs: readonly AnyJob[]) {
    this.byName = new Map(jobs.map((j) => [j.name, j]));
    if (this.byName.size !== jobs.length) throw new Error('Two jobs share a name');
  }

  get names(): string[] {
    return [...this.byName.keys()];
  }

  get(name: string): AnyJob | undefined {
    return this.byName.get(name);
  }

  /**
   * Enqueue-side check: the job exists and its data is valid after a JSON round trip (what a Redis
   * runner stores), so both runners accept and refuse the same data. Returns the data to store.
   */
  prepare(jobOrName: AnyJob | string, data: unknown): { job: AnyJob; stored: unknown } {
    const name = typeof jobOrName === 'string' ? jobOrName : jobOrName.name;
    const job = this.byName.get(name);
    if (!job) throw new JobError('UNKNOWN_JOB', name, `No job named ${name}.`);
    let stored: unknown;
    try {
      const json = JSON.stringify(data);
      stored = json === undefined ? undefined : JSON.parse(json);
    } catch (err) {
      throw new JobError('INVALID_JOB_DATA', name, `Data for job ${name} is not JSON: ${errorMessage(err)}`);
    }
    const parsed = job.data.safeParse(stored);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((issue) => ({
        field: issue.path.length ? issue.path.map(String).join('.') : '(data)',
        message: issue.message,
      }));
      const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
      throw new JobError('INVALID_JOB_DATA', name, `Invalid data for job ${name}: ${summary}`, fields);
    }
    return { job, stored };
  }
}

/** Checks enqueue options the same way for both runners. */
export function checkOptions(name: string, opts: EnqueueOptions): void {
  const bad = (message: string) => new JobError('INVALID_JOB_OPTIONS', name, `Job ${name}: ${message}`);
  if (
    opts.jobId !== undefined &&
    (typeof opts.jobId !== 'string' || opts.jobId.length < 1 || opts.jobId.length > 200)
  )
    throw bad('jobId must be a string of 1 to 200 characters');
  if (opts.delayMs !== undefined && !(Number.isFinite(opts.delayMs) && opts.delayMs >= 0))
    throw bad('delayMs must be a number >= 0');
  if (opts.attempts !== undefined && !(Number.isInteger(opts.attempts) && opts.attempts >= 1))
    throw bad('attempts must be a positive integer');
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The error a drain() that ran out of time rejects with. */
export function timeoutError(what: string, ms: number): Error {
  return new Error(`${what} did not finish within ${ms} ms`);
}

/**
 * Enqueues collected during a write transaction, sent only after it commits. Neither runner is part of a
 * libSQL transaction: enqueueing inside one would run the job even if the transaction rolls back, and the
 * job could read the database before the commit. enqueue() validates at once (JobError), flush() sends.
 */
export class DeferredJobs {
  // Made on the first enqueue: most calls (every read) defer nothing.
  private items: { job: AnyJob | string; data: unknown; opts: EnqueueOptions | undefined }[] | undefined;

  constructor(private readonly queue: JobQueue) {}

  enqueue<S extends z.ZodType>(job: JobDefinition<S>, data: z.input<S>, opts?: EnqueueOptions): void;
  enqueue(name: string, data: unknown, opts?: EnqueueOptions): void;
  enqueue(job: AnyJob | string, data: unknown, opts?: EnqueueOptions): void {
    this.queue.validate(job, data, opts);
    if (!this.items) this.items = [];
    this.items.push({ job, data, opts });
  }

  get size(): number {
    return this.items?.length ?? 0;
  }

  /** Call after COMMIT. Sends them in order; if one fails, the rest are still sent, then it rethrows. */
  async flush(): Promise<Enqueued[]> {
    const items = this.items ?? [];
    this.items = undefined;
    const sent: Enqueued[] = [];
    let error: unknown;
    for (const { job, data, opts } of items) {
      try {
        sent.push(
          await (typeof job === 'string'
            ? this.queue.enqueue(job, data, opts)
            : this.queue.enqueue(job, data, opts)),
        );
      } catch (err) {
        error ??= err;
      }
    }
    if (error !== undefined) throw error;
    return sent;
  }

  /** Call on ROLLBACK. */
  discard(): void {
    this.items = undefined;
  }
}
