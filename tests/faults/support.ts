import type { ChildProcess } from 'node:child_process';
import type { Db } from '../../db/client';
import { createApiKey } from '../../db/queries/apiKeys';
import { one } from '../../db/sql';
import { startServerProcess } from '../support/ready';

/** An API node as `npm start` runs it, in its own process group (tsx runs the server in a child process). */
export interface ApiNode {
  base: string;
  child: ChildProcess;
}

export async function startNode(databaseUrl: string): Promise<ApiNode> {
  const { base, child } = await startServerProcess(
    { DATABASE_URL: databaseUrl, WEB_ENABLED: 'false', REDIS_URL: '' },
    { timeoutMs: 180_000, detached: true },
  );
  return { base, child };
}

/**
 * SIGKILL to a process started with `detached: true` and everything in its group: the tsx wrapper and the
 * server or worker under it (tsx cannot pass a SIGKILL on).
 */
export function killGroup(child: ChildProcess): void {
  try {
    process.kill(-(child.pid as number), 'SIGKILL');
  } catch {
    // already gone
  }
}

export const AMOUNT = 1_234;

export interface DepositStats {
  done: number;
  /** Attempts that failed on the way (network errors, or the server answering 5xx) and were retried. */
  failures: number;
}

/**
 * One deposit as a retrying client does it: ask, confirm; after a network error or a 5xx, the same
 * idempotency key again (on whichever node `pick` gives).
 */
export async function deposit(
  key: string,
  idempotencyKey: string,
  pick: () => ApiNode,
  stats: DepositStats,
): Promise<void> {
  const auth = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  for (let attempt = 0; attempt < 200; attempt++) {
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
      if (asked.status >= 500) throw new Retry();
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
      if (confirmed.status >= 500) throw new Retry();
      // 409: decided meanwhile (or a replay) — ask again, which answers with the receipt.
    } catch (err) {
      if (!(err instanceof TypeError || err instanceof Retry)) throw err;
      stats.failures++;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`deposit ${idempotencyKey} never completed`);
}

class Retry extends Error {}

export async function apiKeyFor(db: Db, userId: string): Promise<string> {
  return db.write(async (tx) => (await createApiKey(tx, userId)).key);
}

export async function walletUsd(db: Db, userId: string): Promise<number> {
  const r = await one<{ b: number }>(
    db.reader,
    `SELECT coalesce(sum(balance_minor), 0) AS b FROM ledger_accounts
      WHERE owner_id = ? AND kind = 'client_wallet' AND currency = 'USD'`,
    [userId],
  );
  return Number(r?.b);
}

/** Deposits of exactly AMOUNT into the user's USD wallet: one transfer per deposit that happened. */
export async function depositTransfers(db: Db, userId: string): Promise<number> {
  const r = await one<{ n: number }>(
    db.reader,
    `SELECT count(*) AS n FROM ledger_transfers WHERE kind = 'deposit'
       AND id IN (SELECT transfer_id FROM ledger_entries e JOIN ledger_accounts acc ON acc.id = e.account_id
                   WHERE acc.owner_id = ? AND acc.currency = 'USD' AND e.amount_minor = ?)`,
    [userId, AMOUNT],
  );
  return Number(r?.n);
}
