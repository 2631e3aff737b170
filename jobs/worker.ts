import { parseArgs } from 'node:util';
import pino from 'pino';
import { loadConfig } from '../config';
import { openDb } from '../db/client';
import { migrate } from '../db/migrate';
import { createJobWorker, jobCatalog, QUEUE_NAME } from './index';

/**
 * `npm run worker [-- --concurrency N] [--prefix P]`: runs the background jobs that the API enqueues into
 * BullMQ (REDIS_URL). Run as many as you like. SIGINT/SIGTERM stop taking jobs and wait for the active
 * ones; a second signal stops at once (BullMQ hands those jobs to another worker once their lock expires).
 */
async function main() {
  const { values } = parseArgs({
    options: { concurrency: { type: 'string' }, prefix: { type: 'string' } },
  });
  const config = loadConfig();
  const log = pino({ level: config.LOG_LEVEL });
  if (!config.REDIS_URL) {
    log.error('REDIS_URL is not set. Without it, jobs run inside `npm start` and no worker is needed.');
    process.exit(1);
  }
  // The API's queue and this worker must agree on it: JOBS_PREFIX for both, or --prefix here.
  const prefix = values.prefix ?? config.JOBS_PREFIX;
  const concurrency = Number(values.concurrency ?? 4);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    log.error(`--concurrency must be a positive integer, not ${values.concurrency}`);
    process.exit(1);
  }
  const db = await openDb({ url: config.DATABASE_URL, authToken: config.DATABASE_AUTH_TOKEN });
  await migrate(db);
  const worker = createJobWorker({
    url: config.REDIS_URL,
    db,
    jobs: jobCatalog,
    concurrency,
    lockMs: config.JOB_LOCK_SECONDS * 1000,
    log,
    prefix,
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      log.warn({ signal }, 'worker: second signal, stopping without waiting for active jobs');
      await worker.close(true).catch(() => undefined);
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'worker: stopping, waiting for active jobs');
    await worker.close();
    db.close();
    log.info('worker: stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await worker.waitUntilReady();
  log.info({ queue: QUEUE_NAME, prefix, concurrency, jobs: jobCatalog.map((j) => j.name) }, 'worker: ready');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
