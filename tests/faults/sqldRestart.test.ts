import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../../db/client';
import { ledgerViolations } from '../../db/queries/ledger';
import { type Sqld, startSqld } from '../support/sqld';
import {
  AMOUNT,
  type ApiNode,
  apiKeyFor,
  type DepositStats,
  deposit,
  depositTransfers,
  killGroup,
  startNode,
  walletUsd,
} from './support';

/**
 * Issue 11: the libSQL server crashes (SIGKILL) and comes back while deposits stream through an API node.
 * The node reconnects on its own; clients that got an error retry with their idempotency keys; no deposit
 * is lost or doubled.
 */
const CLIENTS = 4;
const PER_CLIENT = 10;
const USER = 'usr_c000002';

let sqld: Sqld;
let node: ApiNode;

beforeAll(async () => {
  sqld = await startSqld();
  node = await startNode(sqld.url);
}, 300_000);

afterAll(async () => {
  if (node) killGroup(node.child);
  await sqld?.stop();
});

async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDb({ url: sqld.url });
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

describe('faults: the libSQL server restarts mid-stream', () => {
  it('the node reconnects and every retried deposit lands exactly once', async () => {
    const key = await withDb((db) => apiKeyFor(db, USER));
    const [before, transfersBefore] = await withDb(
      async (db) => [await walletUsd(db, USER), await depositTransfers(db, USER)] as const,
    );
    const stats: DepositStats = { done: 0, failures: 0 };
    const stamp = Date.now();
    const runs = Array.from({ length: CLIENTS }, async (_, c) => {
      for (let i = 0; i < PER_CLIENT; i++)
        await deposit(key, `restart-${stamp}-${c}-${i}`, () => node, stats);
    });
    while (stats.done < CLIENTS * 2) await new Promise((r) => setTimeout(r, 5));
    // Down until a client has seen it fail (bounded): on a busy machine the stream could otherwise miss the outage.
    await sqld.restart(async () => {
      const until = Date.now() + 10_000;
      while (stats.failures === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    });
    await Promise.all(runs);

    expect(stats.failures).toBeGreaterThan(0);
    await withDb(async (db) => {
      expect(await walletUsd(db, USER)).toBe(before + CLIENTS * PER_CLIENT * AMOUNT);
      expect((await depositTransfers(db, USER)) - transfersBefore).toBe(CLIENTS * PER_CLIENT);
      expect(await ledgerViolations(db.reader)).toEqual([]);
    });
  }, 180_000);
});
