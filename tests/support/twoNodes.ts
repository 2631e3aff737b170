import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../config';
import { seedReference } from '../../db/seed/reference';
import { createRuntime, type Runtime } from '../../runtime';
import { type Sqld, startSqld } from './sqld';

export interface TwoNodes {
  sqld: Sqld;
  /** Talks to the server. */
  a: Runtime;
  /** Keeps an embedded replica (a local file synced from the server every 0.2 s), writes go to the server. */
  b: Runtime;
  close(): Promise<void>;
}

/** Two API nodes on one real libSQL server, as `npm run cluster` runs them, with the reference data. */
export async function startTwoNodes(): Promise<TwoNodes> {
  const sqld = await startSqld();
  const dir = mkdtempSync(join(tmpdir(), 'megilance-two-nodes-'));
  const base = { LOG_LEVEL: 'silent', API_KEY_CACHE_SECONDS: '0' };
  const a = await createRuntime(loadConfig({ ...base, DATABASE_URL: sqld.url }));
  await seedReference(a.db);
  const b = await createRuntime(
    loadConfig({
      ...base,
      DATABASE_URL: `file:${join(dir, 'replica.db')}`,
      DATABASE_SYNC_URL: sqld.url,
      DATABASE_SYNC_SECONDS: '0.2',
    }),
  );
  return {
    sqld,
    a,
    b,
    close: async () => {
      await b.close();
      await a.close();
      await sqld.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
