import { Queue, UnrecoverableError, Worker } from 'bullmq';
import type { z } from 'zod';
import type { Db } from '../db/client';
import { newId } from '../db/ids';
import {
  type AnyJob,
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

/** One BullMQ queue per deployment; the job name is the handler's name. */
export const QUEUE_NAME = 'megilance';

export interface BullConnection {
  /** redis://[user:pass@]host:port[/db] */
  url: string;
  /** Key prefix (BullMQ default "bull"); tests use a random one each so they never collide. */
  prefix?: string;
  queueName?: string;
}

export interface BullJobQueueOptions extends BullConnection, RetryOptions {
  jobs: JobRegistry | readonly AnyJob[];
  log?: JobLogger;
  /** Completed jobs kept in Redis: at most this many (default 1000), for at most a day. */
  keepCompleted?: number;
  /** Failed jobs kept for failed() (default 10 000, newest). */
  keepFailed?: number;
  /** enqueue() gives up (JobError QUEUE_UNAVAILABLE) when Redis has not answered by then (default 5000). */
  enqueueTimeoutMs?: number;
}

const UNFINISHED = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'] as const;

/**
 * The API side: enqueues into Redis. Jobs run in `npm run worker` (createJobWorker), any number of them.
 *
 * `jobId` maps to BullMQ de-duplication (not to BullMQ's own job id), so it blocks duplicates only while
 * the job is pending, as in the inline runner: once it completed or failed, the same jobId queues again.
 * (A BullMQ job id would stay taken for as long as the finished job is kept in Redis.)
 */
export class BullJobQueue implements JobQueue {
  readonly kind = 'bullmq' as const;
  readonly queue: Queue;
  private readonly registry: JobRegistry;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly enqueueTimeoutMs: number;
  private closed = false;

  constructor(opts: BullJobQueueOptions) {
    this.registry = opts.jobs instanceof JobRegistry ? opts.jobs : new JobRegistry(opts.jobs);
    this.attempts = opts.attempts ?? DEFAULT_ATTEMPTS;
    this.backoffMs = opts.backoffMs ?? DEFAULT_BACKOFF_MS;
    this.enqueueTimeoutMs = opts.enqueueTimeoutMs ?? 5000;
    const log = opts.log ?? silentLogger;
    this.queue = new Queue(opts.queueName ?? QUEUE_NAME, {
      connection: { url: opts.url },
      ...(opts.prefix ? { prefix: opts.prefix } : {}),
      defaultJobOptions: {
        removeOnComplete: { age: 24 * 3600, count: opts.keepCompleted ?? 1000 },
        removeOnFail: { count: opts.keepFailed ?? 10_000 },
      },
    });
    // Without a listener, an 'error' event (Redis unreachable…) would crash the process.
    this.queue.on('error', (err) => log.error({ err: err.message }, 'job queue: Redis error'));
  }

  enqueue<S extends z.ZodType>(
    job: JobDefinition<S>,
    data: z.input<S>,
    opts?: EnqueueOptions,
  ): Promise<Enqueued>;
  enqueue(name: string, data: unknown, opts?: EnqueueOptions): Promise<Enqueued>;
  async enqueue(jobOrName: AnyJob | string, data: unknown, opts: EnqueueOptions = {}): Promise<Enqueued> {
    const { job, stored } = this.check(jobOrName, data, opts);
    const id = newId('job');
    const adding = this.queue.add(job.name, stored, {
      jobId: id,
      attempts: opts.attempts ?? job.attempts ?? this.attempts,
      backoff: { type: 'exponential', delay: this.backoffMs },
      ...(opts.delayMs ? { delay: opts.delayMs } : {}),
      ...(opts.jobId !== undefined ? { deduplication: { id: opts.jobId } } : {}),
    });
    // While Redis is down, add() waits for a reconnect forever; a caller (an HTTP request, a transaction)
    // must not. The add may still go through later, so the error says "may".
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        adding.catch(() => undefined);
        const msg = `Redis did not take job ${job.name} within ${this.enqueueTimeoutMs} ms; it may still be queued once Redis is back.`;
        reject(new JobError('QUEUE_UNAVAILABLE', job.name, msg));
      }, this.enqueueTimeoutMs);
    });
    const added = await Promise.race([adding, timeout]).finally(() => clearTimeout(timer));
    // A de-duplicated add returns the pending job, whose id is not ours.
    return { id: opts.jobId ?? id, deduplicated: added.id !== id };
  }

  validate(job: AnyJob | string, data: unknown, opts: EnqueueOptions = {}): void {
    this.check(job, data, opts);
  }

  private check(jobOrName: AnyJob | string, data: unknown, opts: EnqueueOptions) {
    const name = typeof jobOrName === 'string' ? jobOrName : jobOrName.name;
    if (this.closed) throw new JobError('QUEUE_CLOSED', name, 'The job queue is closed.');
    checkOptions(name, opts);
    return this.registry.prepare(jobOrName, data);
  }

  async drain({ timeoutMs = 30_000 }: { timeoutMs?: number } = {}): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const counts = await this.queue.getJobCounts(...UNFINISHED);
      if (Object.values(counts).every((n) => n === 0)) return;
      if (Date.now() >= deadline) throw timeoutError(`BullMQ queue ${this.queue.name} drain`, timeoutMs);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async failed(limit = 100): Promise<FailedJob[]> {
    const jobs = await this.queue.getFailed(0, Math.max(0, limit - 1));
    return jobs
      .filter((j) => j !== undefined)
      .map((j) => ({
        id: j.deduplicationId ?? j.id ?? '',
        name: j.name,
        data: j.data,
        error: j.failedReason ?? '',
        attemptsMade: j.attemptsMade,
        failedAt: new Date(j.finishedOn ?? j.timestamp),
      }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue.close();
  }
}

export interface JobWorkerOptions extends BullConnection {
  db: Db;
  jobs: JobRegistry | readonly AnyJob[];
  /** Jobs this worker runs at once (default 4). */
  concurrency?: number;
  /**
   * How long a job stays locked to this worker without a renewal (default 30 s). A worker that dies
   * mid-job stops renewing; within about this long another worker takes the job up again.
   */
  lockMs?: number;
  log?: JobLogger;
}

/**
 * The processing side (`npm run worker`): runs every job of the queue by its name. Unknown names and
 * data that no longer validates fail at once, without retries. `worker.close()` stops taking jobs and
 * waits for the active ones: call it on SIGINT/SIGTERM.
 */
export function createJobWorker(opts: JobWorkerOptions): Worker {
  const registry = opts.jobs instanceof JobRegistry ? opts.jobs : new JobRegistry(opts.jobs);
  const log = opts.log ?? silentLogger;
  const worker = new Worker(
    opts.queueName ?? QUEUE_NAME,
    async (job) => {
      const def = registry.get(job.name);
      if (!def) throw new UnrecoverableError(`No job named ${job.name} in this worker.`);
      const parsed = def.data.safeParse(job.data);
      if (!parsed.success)
        throw new UnrecoverableError(`Invalid data for job ${job.name}: ${parsed.error.message}`);
      const ctx = {
        db: opts.db,
        jobId: job.deduplicationId ?? job.id ?? '',
        attempt: job.attemptsMade + 1,
        log,
      };
      await def.run(ctx, parsed.data);
    },
    {
      // Workers block on Redis: commands must wait for a reconnect instead of failing.
      connection: { url: opts.url, maxRetriesPerRequest: null },
      ...(opts.prefix ? { prefix: opts.prefix } : {}),
      concurrency: opts.concurrency ?? 4,
      ...(opts.lockMs ? { lockDuration: opts.lockMs, stalledInterval: opts.lockMs } : {}),
    },
  );
  worker.on('error', (err) => log.error({ err: err.message }, 'job worker: Redis error'));
  worker.on('failed', (job, err) => {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1) || err instanceof UnrecoverableError;
    const fields = { job: job.name, id: job.deduplicationId ?? job.id, attempt: job.attemptsMade };
    if (final) log.error({ ...fields, err: errorMessage(err) }, 'job failed');
    else log.warn({ ...fields, err: errorMessage(err) }, 'job attempt failed; will retry');
  });
  return worker;
}
