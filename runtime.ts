import type { Config } from './config';
import { type Db, openDb } from './db/client';
import { migrate } from './db/migrate';
import { createJobQueue } from './jobs/index';
import type { JobQueue } from './jobs/queue';
import { Dispatcher, type Logger } from './tools/dispatcher';
import { catalog } from './tools/index';

export interface Runtime {
  config: Config;
  db: Db;
  dispatcher: Dispatcher;
  jobs: JobQueue;
  close(): Promise<void>;
}

/** Opens the database, applies migrations and builds the dispatcher over the whole catalog. */
export async function createRuntime(
  config: Config,
  opts: { clock?: () => Date; log?: Logger } = {},
): Promise<Runtime> {
  const db = await openDb({
    url: config.DATABASE_URL,
    authToken: config.DATABASE_AUTH_TOKEN,
    syncUrl: config.DATABASE_SYNC_URL,
    syncSeconds: config.DATABASE_SYNC_SECONDS,
  });
  await migrate(db);
  const jobs = createJobQueue(config, db, {
    prefix: config.JOBS_PREFIX,
    ...(opts.log ? { log: opts.log } : {}),
  });
  const dispatcher = new Dispatcher({
    db,
    jobs,
    tools: catalog,
    confirmationTtlMs: config.CONFIRMATION_TTL_MINUTES * 60_000,
    ...opts,
  });
  return {
    config,
    db,
    dispatcher,
    jobs,
    close: async () => {
      await dispatcher.flush();
      await jobs.close(); // inline jobs use the database: let them finish first
      db.close();
    },
  };
}
