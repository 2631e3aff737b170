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
 * Issue 11, a fault under load: two API nodes on one libSQL server; node A is killed (SIGKILL) while
 * deposits stream through it. Clients retry on node B with the same idempotency keys, as a client of a
 * load-balanced API does: every deposit lands exactly once and the ledger holds.
 */
const CLIENTS = 6;
const PER_CLIENT = 8;
const USER = 'usr_c000001';

let sqld: Sqld;
let db: Db;
const nodes: ApiNode[] = [];

beforeAll(async () => {
  sqld = await startSqld();
  nodes.push(await startNode(sqld.url)); // migrates and seeds the demo marketplace
  nodes.push(await startNode(sqld.url));
  db = await openDb({ url: sqld.url });
}, 300_000);

afterAll(async () => {
  for (const n of nodes) killGroup(n.child);
  db?.close();
  await sqld?.stop();
});

describe('faults: an API node killed mid-stream', () => {
  it('every retried deposit lands exactly once on the surviving node', async () => {
    const key = await apiKeyFor(db, USER);
    const before = await walletUsd(db, USER);
    const transfersBefore = await depositTransfers(db, USER);
    const [a, b] = nodes as [ApiNode, ApiNode];
    const stats: DepositStats = { done: 0, failures: 0 };
    let killed = false;
    const pick = () => (killed ? b : a);
    const stamp = Date.now();
    const runs = Array.from({ length: CLIENTS }, async (_, c) => {
      for (let i = 0; i < PER_CLIENT; i++) await deposit(key, `kill-${stamp}-${c}-${i}`, pick, stats);
    });
    // Kill node A once some deposits are through and others are in flight.
    while (stats.done < CLIENTS * 2) await new Promise((r) => setTimeout(r, 5));
    killGroup(a.child);
    killed = true;
    await Promise.all(runs);

    // The fault really hit requests in flight, and they were retried on node B.
    expect(stats.failures).toBeGreaterThan(0);
    expect(await walletUsd(db, USER)).toBe(before + CLIENTS * PER_CLIENT * AMOUNT);
    expect((await depositTransfers(db, USER)) - transfersBefore).toBe(CLIENTS * PER_CLIENT);
    expect(await ledgerViolations(db.reader)).toEqual([]);
  }, 180_000);
});
