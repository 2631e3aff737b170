/**
 * One racer of tests/money/race.test.ts: its own process, its own Db (its own writer connection) on the
 * shared file. Reads its plan, says "ready", waits for "go" on stdin, says "firing", then fires every request
 * at once (each through db.write group commit, keyed like a money tool), prints the outcomes as one JSON line,
 * then replays every request once more (second wave) and prints those too.
 *
 *   DATABASE_URL=file:/tmp/x.db RACE_PLAN=/tmp/plan.json tsx tests/money/support/raceChild.ts
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { openDb } from '../../../db/client';
import { codeOf, keyed, refundTx, releaseTx } from './world';

export interface RaceRequest {
  actorId: string;
  key: string;
  tool: 'release' | 'refund';
  milestoneId: string;
  amount: number;
  feeBps: number;
}

export interface RaceOutcome {
  key: string;
  ok: boolean;
  replay?: boolean;
  transferIds?: string[];
  code?: string;
  startedMs: number;
  endedMs: number;
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  const planFile = process.env.RACE_PLAN;
  if (!url || !planFile) throw new Error('DATABASE_URL and RACE_PLAN are required');
  const plan = JSON.parse(readFileSync(planFile, 'utf8')) as RaceRequest[];
  const db = await openDb({ url });
  const lines = createInterface({ input: process.stdin });
  const go = new Promise<void>((resolve) => lines.once('line', () => resolve()));
  process.stdout.write('ready\n');
  await go;
  lines.close();

  const fire = (r: RaceRequest): Promise<RaceOutcome> => {
    const startedMs = Date.now();
    const { actorId, key, tool, ...args } = r;
    return keyed(db, { actorId, key, tool, args }, (tx) =>
      tool === 'release' ? releaseTx(tx, { ...args, actorId }) : refundTx(tx, { ...args, actorId }),
    ).then(
      (res) => ({
        key,
        ok: true,
        replay: res.replay,
        transferIds: res.response.transferIds,
        startedMs,
        endedMs: Date.now(),
      }),
      (err: unknown) => ({ key, ok: false, code: codeOf(err), startedMs, endedMs: Date.now() }),
    );
  };

  // Said before firing: the first request's BEGIN IMMEDIATE blocks this thread while the test holds the lock.
  process.stdout.write('firing\n');
  const first = await Promise.all(plan.map(fire));
  process.stdout.write(`wave1 ${JSON.stringify(first)}\n`);
  const second = await Promise.all(plan.map(fire));
  process.stdout.write(`wave2 ${JSON.stringify(second)}\n`);
  db.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`raceChild failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
