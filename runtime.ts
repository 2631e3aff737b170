import type { Config } from './config';
import { type Db, openDb } from './db/client';
import { migrate } from './db/migrate';
import { Dispatcher, type Logger } from './tools/dispatcher';
import { catalog } from './tools/index';

export interface Runtime {
  config: Config;
  db: Db;
  dispatcher: Dispatcher;
  close(): Promise<void>;
}

/** Opens the database, applies migrations and builds the dispatcher over the whole catalog. */
export async function createRuntime(
  config: Config,
  opts: { clock?: () => Date; log?: Logger } = {},
): Promise<Runtime> {
  const db = await openDb({ url: config.DATABASE_URL, authToken: config.DATABASE_AUTH_TOKEN });
  await migrate(db);
  const dispatcher = new Dispatcher({
    db,
    tools: catalog,
    confirmationTtlMs: config.CONFIRMATION_TTL_MINUTES * 60_000,
    ...opts,
  });
  return {
    config,
    db,
    dispatcher,
    close: async () => {
      await dispatcher.flush();
      db.close();
    },
  };
}
