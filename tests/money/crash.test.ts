/**
 * The crash: a child process streams transfers (funds, partial releases, releases and refunds, 32 in
 * flight through db.write group commit, each keyed with its receipt in the same transaction) and is
 * killed with SIGKILL after it acknowledged N of them. Reopened, the database must be intact
 * (integrity_check), sound (every invariant of moneyViolations: no entries without their transfer, no
 * transfer without its entries, balances = sums of entries, holds = their escrow), and hold every transfer
 * and receipt the child acknowledged before it died. Then a second child resumes on the same file (a crash
 * recovered from is an ordinary database) and is killed again; the parent finally replays acknowledged
 * keys and gets the first receipts back, writing nothing.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../db/client';
import { all } from '../../db/sql';
import { spawnTs } from './support/child';
import type { CrashPlan } from './support/crashChild';
import {
  depositTx,
  keyed,
  makeParties,
  moneyViolations,
  type Parties,
  snapshot,
  tempDbFile,
} from './support/world';

const KILL_AFTER = Number(process.env.MONEY_CRASH_ACKS ?? 300);

describe('money crash: SIGKILL in the middle of a stream of transfers', () => {
  let dir: string;
  let url: string;
  let file: string;
  let parties: Parties;
  const acked = new Map<string, string[]>(); // key → transfer ids, across rounds
  const requests = new Map<string, { tool: string; args: Record<string, unknown> }>();

  beforeAll(async () => {
    ({ dir, url, file } = await tempDbFile('megilance-money-crash-'));
    const db = await openDb({ url });
    parties = await makeParties(db, { clients: 1, freelancers: 1, tag: 'crash' });
    await db.write((tx) =>
      depositTx(tx, { clientId: parties.clients[0]!, currency: 'USD', amount: 100_000_000 }),
    );
    db.close();
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** Starts a writer, kills it (SIGKILL) once it acknowledged KILL_AFTER requests, returns its acks. */
  async function killMidStream(round: string): Promise<{ acks: number; refused: string[] }> {
    const contractId = parties.contracts[0]![0]!;
    const plan: CrashPlan = {
      round,
      clientId: parties.clients[0]!,
      freelancerId: parties.freelancers[0]!,
      contractId,
      projectId: parties.projectOf.get(contractId)!,
      inflight: 32,
      max: 1_000_000,
    };
    const planFile = join(dir, `plan-${round}.json`);
    writeFileSync(planFile, JSON.stringify(plan));
    const child = spawnTs('tests/money/support/crashChild.ts', { DATABASE_URL: url, CRASH_PLAN: planFile });
    let acks = 0;
    const refused: string[] = [];
    let killed = false;
    child.onLine((line) => {
      const [what, key, ids, request] = line.split(' ');
      if (what === 'refused') refused.push(line);
      if (what !== 'ack' || !key || !ids || !request) return;
      acked.set(key, ids.split(','));
      requests.set(key, JSON.parse(request));
      if (++acks >= KILL_AFTER && !killed) {
        killed = true;
        child.proc.kill('SIGKILL');
      }
    });
    const { signal, code } = await child.exited;
    expect(signal, `the writer should die by SIGKILL, not exit (${code}): ${child.stderr()}`).toBe('SIGKILL');
    return { acks, refused };
  }

  /** Reopens the file as a new process would after the crash and checks everything. */
  async function checkAfterCrash(): Promise<void> {
    expect(existsSync(`${file}-wal`), 'the crash left the WAL for recovery').toBe(true);
    const db = await openDb({ url });
    try {
      const [integrity] = await all<{ integrity_check: string }>(db.reader, 'PRAGMA integrity_check');
      expect(integrity?.integrity_check).toBe('ok');
      const fk = await all(db.reader, 'PRAGMA foreign_key_check');
      expect(fk).toEqual([]);
      expect(await moneyViolations(db.reader)).toEqual([]);
      // No half-written transfer: entries without their transfer, or a transfer without two entries.
      const half = await all(
        db.reader,
        `SELECT 'entries without transfer' AS what, e.transfer_id AS id FROM ledger_entries e
           LEFT JOIN ledger_transfers t ON t.id = e.transfer_id WHERE t.id IS NULL
         UNION ALL
         SELECT 'transfer without entries', t.id FROM ledger_transfers t
          WHERE (SELECT count(*) FROM ledger_entries e WHERE e.transfer_id = t.id) < 2`,
      );
      expect(half).toEqual([]);
      // Every acknowledged request is there: its transfers and its receipt.
      const transfers = new Set(
        (await all<{ id: string }>(db.reader, 'SELECT id FROM ledger_transfers')).map((r) => r.id),
      );
      const receipts = new Map(
        (
          await all<{ key: string; response: string }>(
            db.reader,
            "SELECT key, response FROM idempotency_keys WHERE key LIKE 'crash:%'",
          )
        ).map((r) => [r.key, (JSON.parse(r.response) as { transferIds: string[] }).transferIds]),
      );
      const missing = [...acked].filter(
        ([key, ids]) => !ids.every((id) => transfers.has(id)) || !receipts.has(key),
      );
      expect(missing, 'acknowledged but lost').toEqual([]);
      for (const [key, ids] of acked) expect(receipts.get(key), key).toEqual(ids);
      // Committed but not acknowledged (the kill landed between COMMIT and the child's print) is allowed;
      // more than one batch of it is not.
      if (process.env.MONEY_CRASH_DEBUG)
        console.log(`acked ${acked.size}, committed ${receipts.size}, transfers ${transfers.size}`);
      expect(receipts.size - acked.size).toBeGreaterThanOrEqual(0);
      expect(receipts.size - acked.size).toBeLessThanOrEqual(256 + 32);
    } finally {
      db.close();
    }
  }

  it('leaves a sound database with every acknowledged transfer, twice in a row, and replays still answer', async () => {
    const first = await killMidStream('c1');
    expect(first.refused).toEqual([]);
    expect(first.acks).toBeGreaterThanOrEqual(KILL_AFTER);
    await checkAfterCrash();

    const second = await killMidStream('c2');
    expect(second.refused).toEqual([]);
    await checkAfterCrash();

    // Replaying acknowledged requests after the crashes returns their first receipts and writes nothing.
    const db = await openDb({ url });
    try {
      const before = await snapshot(db.reader);
      const sample = [...acked].filter((_, i) => i % 25 === 0);
      const actorId = parties.clients[0]!;
      const never = async (): Promise<{ transferIds: string[] }> => {
        throw new Error('a replay must not run the move again');
      };
      expect(sample.length).toBeGreaterThan(10);
      for (const [key, ids] of sample) {
        const { tool, args } = requests.get(key)!;
        const again = await keyed(db, { actorId, key, tool, args }, never);
        expect(again).toEqual({ replay: true, response: expect.objectContaining({ transferIds: ids }) });
        // The same key with other arguments is a CONFLICT, and nothing moves.
        await expect(
          keyed(db, { actorId, key, tool, args: { ...args, other: true } }, never),
        ).rejects.toMatchObject({
          code: 'CONFLICT',
        });
      }
      expect(await snapshot(db.reader)).toBe(before);
      expect(await moneyViolations(db.reader)).toEqual([]);
    } finally {
      db.close();
    }
  }, 120_000);
});
