import type { Config } from '../config';
import type { Db } from '../db/client';
import { BullJobQueue } from './bullmq';
import { embedDocuments } from './handlers/embedDocuments';
import { matchingSync } from './handlers/matchingSync';
import { reindex } from './handlers/reindex';
import { InlineJobQueue } from './inline';
import type { AnyJob, JobLogger, JobQueue, RetryOptions } from './queue';

export { BullJobQueue, createJobWorker, QUEUE_NAME } from './bullmq';
export { InlineJobQueue } from './inline';
export * from './queue';

/**
 * THE job catalog: every background job the product runs, by name. Add a job as its own file under
 * jobs/handlers/ exporting one defineJob({...}) and list it here; both runners and `npm run worker` pick it
 * up.
 */
export const jobCatalog: readonly AnyJob[] = [embedDocuments, matchingSync, reindex] as AnyJob[];

export interface CreateJobQueueOptions extends RetryOptions {
  /** Defaults to jobCatalog. */
  jobs?: readonly AnyJob[];
  log?: JobLogger;
  /** BullMQ key prefix (default "bull"); `npm run worker -- --prefix` must match. */
  prefix?: string;
  /** Inline runner only: jobs running at once (default 2). */
  concurrency?: number;
}

/**
 * The API-side queue: BullMQ on Redis when REDIS_URL is set (jobs then run in `npm run worker`), else the
 * in-process runner (jobs run inside this process, e.g. `npm start`). Close it on shutdown.
 */
export function createJobQueue(
  config: Pick<Config, 'REDIS_URL'>,
  db: Db,
  opts: CreateJobQueueOptions = {},
): JobQueue {
  const { jobs = jobCatalog, ...rest } = opts;
  if (config.REDIS_URL) return new BullJobQueue({ url: config.REDIS_URL, jobs, ...rest });
  return new InlineJobQueue({ db, jobs, ...rest });
}
