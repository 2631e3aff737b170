import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../../db/client';
import { createApiKey } from '../../db/queries/apiKeys';
import { ledgerViolations } from '../../db/queries/ledger';
import { one } from '../../db/sql';
import { type Sqld, startSqld } from '../support/sqld';

/**
 * Issue 11, a fault under load: two API nodes on one libSQL server; node A is killed (SIGKILL) while
 * deposits stream through it. Clients retry on node B with the same idempotency keys, as a client of a
 * load-balanced API does: every deposit lands exactly once and the ledger holds.
 */
/** Clients sending deposits one after another, so some are always in flight. */
const CLIENTS = 6;
const PER_CLIENT = 8;
const DEPOSITS = CLIENTS * PER_CLIENT;
const AMOUNT = 1_234;

interface Node {
  base: string;
  child: ChildProcess;
}

let sqld: Sqld;
let db: Db;
const nodes: Node[] = [];

async function startNode(port: number): Promise<Node> {
  const child = spawn(resolve('node_modules/.bin/tsx'), ['channels/http/main.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: sqld.url,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      WEB_ENABLED: 'false',
      REDIS_URL: '',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
    // Its own process group: tsx runs the server in a child process, and SIGKILL must reach that one too.
    detached: true,
  });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`node on ${port} exited: ${stderr}`);
    try {
      if ((await fetch(`${base}/health/ready`)).ok) break;
    } catch {
      // starting
    }
    if (Date.now() > deadline) throw new Error(`node on ${port} did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const node = { base, child };
  nodes.push(node);
  return node;
}

function killGroup(child: ChildProcess): void {
  try {
    process.kill(-(child.pid as number), 'SIGKILL');
  } catch {
    // already gone
  }
}

beforeAll(async () => {
  sqld = await startSqld();
  const port = 34_000 + Math.floor(Math.random() * 1000);
  await startNode(port); // migrates and seeds the demo marketplace
  await startNode(port + 1);
  db = await openDb({ url: sqld.url });
}, 300_000);

afterAll(async () => {
  for (const n of nodes) if (n.child.exitCode === null) killGroup(n.child);
  db?.close();
  await sqld?.stop();
});

/** One deposit as a retrying client does it: ask, confirm; on a dead node, the same key on the next node. */
const stats = { done: 0, networkFailures: 0 };

async function deposit(key: string, idempotencyKey: string, pick: () => Node): Promise<void> {
  const auth = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  for (let attempt = 0; attempt < 20; attempt++) {
    const node = pick();
    try {
      const asked = await fetch(`${node.base}/api/tools/deposit`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ amount: { amount: AMOUNT, currency: 'USD' }, idempotencyKey }),
      });
      if (asked.status === 200) {
        stats.done++;
        return; // a replay: it already happened
      }
      if (asked.status !== 202) throw new Error(`ask: ${asked.status} ${await asked.text()}`);
      const { pendingAction } = (await asked.json()) as { pendingAction: { id: string } };
      const confirmed = await fetch(`${node.base}/api/actions/${pendingAction.id}/confirm`, {
        method: 'POST',
        headers: { authorization: auth.authorization },
      });
      if (confirmed.status === 200) {
        stats.done++;
        return;
      }
      // 409: decided meanwhile (or a replay) — ask again, which answers with the receipt.
    } catch (err) {
      if (!(err instanceof TypeError)) throw err; // a network failure: the node is gone, retry elsewhere
      stats.networkFailures++;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`deposit ${idempotencyKey} never completed`);
}

describe('faults: an API node killed mid-stream', () => {
  it('every retried deposit lands exactly once on the surviving node', async () => {
    const key = await db.write(async (tx) => (await createApiKey(tx, 'usr_c000001')).key);
    const wallet = async () =>
      Number(
        (
          await one<{ b: number }>(
            db.reader,
            `SELECT coalesce(sum(balance_minor), 0) AS b FROM ledger_accounts
              WHERE owner_id = 'usr_c000001' AND kind = 'client_wallet' AND currency = 'USD'`,
          )
        )?.b,
      );
    const before = await wallet();
    const [a, b] = nodes as [Node, Node];
    let killed = false;
    const pick = () => (killed ? b : a);
    const stamp = Date.now();
    const runs = Array.from({ length: CLIENTS }, async (_, c) => {
      for (let i = 0; i < PER_CLIENT; i++) await deposit(key, `fault-${stamp}-${c}-${i}`, pick);
    });
    // Kill node A once some deposits are through and others are in flight.
    while (stats.done < CLIENTS * 2) await new Promise((r) => setTimeout(r, 5));
    killGroup(a.child);
    killed = true;
    await Promise.all(runs);

    // The fault really hit requests in flight, and they were retried on node B.
    expect(stats.networkFailures).toBeGreaterThan(0);
    expect(await wallet()).toBe(before + DEPOSITS * AMOUNT);
    const payments = await one<{ n: number }>(
      db.reader,
      `SELECT count(*) AS n FROM ledger_transfers WHERE kind = 'deposit'
         AND id IN (SELECT transfer_id FROM ledger_entries e JOIN ledger_accounts acc ON acc.id = e.account_id
                     WHERE acc.owner_id = 'usr_c000001' AND acc.currency = 'USD' AND e.amount_minor = ?)`,
      [AMOUNT],
    );
    expect(Number(payments?.n)).toBe(DEPOSITS);
    expect(await ledgerViolations(db.reader)).toEqual([]);
  }, 180_000);
});
