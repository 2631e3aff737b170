import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hranaOverWebSocket } from '../db/client';
import { one } from '../db/sql';
import type { Runtime } from '../runtime';
import { makeUser, projectInput, type TestUser } from './support/harness';
import { startTwoNodes, type TwoNodes } from './support/twoNodes';

/**
 * Writes through two nodes on one libSQL server while a third keeps reading, as on `npm run cluster`.
 * Every write holds the server's single write lock from its first statement to its COMMIT, one round trip
 * per statement; over HTTP those round trips were slow enough that writers queued behind each other up to
 * the server's 5 s transaction timeout, and the holder was then rolled back ("no such savepoint").
 */
describe('the libSQL server client', () => {
  it('speaks Hrana over a WebSocket to the same server, Turso URLs included', () => {
    expect(hranaOverWebSocket('http://127.0.0.1:8080')).toBe('ws://127.0.0.1:8080');
    expect(hranaOverWebSocket('https://db.example.com')).toBe('wss://db.example.com');
    expect(hranaOverWebSocket('libsql://db-org.turso.io?authToken=t')).toBe(
      'wss://db-org.turso.io?authToken=t',
    );
    expect(hranaOverWebSocket('libsql://127.0.0.1:8080?tls=0')).toBe('ws://127.0.0.1:8080?tls=0');
    expect(hranaOverWebSocket('wss://db-org.turso.io')).toBe('wss://db-org.turso.io');
  });
});

describe('concurrent writes through two nodes on a libSQL server', () => {
  let nodes: TwoNodes;
  let a: Runtime;
  let b: Runtime;
  let client: TestUser;

  beforeAll(async () => {
    nodes = await startTwoNodes();
    ({ a, b } = nodes);
    client = await makeUser(a, 'client');
    // Warm both nodes (skill graph, statement caches) so the timings below are steady-state writes.
    for (const rt of [a, b]) await create(rt);
  }, 60_000);

  afterAll(() => nodes?.close());

  async function create(rt: Runtime): Promise<{ id: string }> {
    const res = await rt.dispatcher.call<{ id: string }>({
      actor: client.actor,
      channel: 'test',
      tool: 'create_project',
      input: projectInput(),
    });
    if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`);
    return { id: res.data.id };
  }

  // How long they take is a figure of bench:load (the cluster's write p50/p95/p99), not a timed test.
  it('each write lands once and none fails while the others hold the lock', async () => {
    let reading = true;
    const reads = (async () => {
      let n = 0;
      while (reading) {
        await Promise.all(
          Array.from({ length: 2 }, () =>
            a.dispatcher.call({ actor: client.actor, channel: 'test', tool: 'wallet_balance', input: {} }),
          ),
        );
        n++;
      }
      return n;
    })();
    const rounds: { id: string }[][] = [];
    try {
      for (let round = 0; round < 3; round++)
        rounds.push(await Promise.all(Array.from({ length: 16 }, (_, i) => create(i % 2 ? a : b))));
    } finally {
      reading = false;
    }
    expect(await reads).toBeGreaterThan(0);

    const writes = rounds.flat();
    expect(new Set(writes.map((w) => w.id)).size).toBe(writes.length);
    const stored = await one<{ n: number }>(
      a.db.reader,
      'SELECT count(*) AS n FROM projects WHERE id IN (SELECT value FROM json_each(?))',
      [JSON.stringify(writes.map((w) => w.id))],
    );
    expect(Number(stored?.n)).toBe(writes.length);
  }, 60_000);
});
