/**
 * The writer that tests/money/crash.test.ts kills with SIGKILL. Keeps CRASH_INFLIGHT requests in flight
 * through db.write (group commit), forever: fund a new milestone, release part of a hold, release or refund
 * what is left. Every request is keyed like a money tool (receipt stored in the same transaction). After a
 * request's write resolves (its transaction committed, synchronous=FULL) it prints
 *   ack <key> <transferId>[,<transferId>…] {"tool":…,"args":…}
 * and a refused one prints `refused <key> <code>` (none is expected).
 *
 *   DATABASE_URL=file:/tmp/x.db CRASH_PLAN=/tmp/plan.json node --import tsx tests/money/support/crashChild.ts
 */
import { readFileSync } from 'node:fs';
import type { Executor } from '../../../db/client';
import { openDb } from '../../../db/client';
import { codeOf, fundTx, keyed, type Moved, refundTx, releaseTx } from './world';

export interface CrashPlan {
  round: string;
  clientId: string;
  freelancerId: string;
  contractId: string;
  projectId: string;
  inflight: number;
  /** Stop by itself after this many requests (the test kills it long before). */
  max: number;
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  const planFile = process.env.CRASH_PLAN;
  if (!url || !planFile) throw new Error('DATABASE_URL and CRASH_PLAN are required');
  const plan = JSON.parse(readFileSync(planFile, 'utf8')) as CrashPlan;
  const db = await openDb({ url });
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out('ready');

  // Holds this writer funded and how much each still holds, as submitted (group commit runs in order).
  const open: { milestoneId: string; remaining: number }[] = [];
  let n = 0;

  const next = (): {
    key: string;
    tool: string;
    args: Record<string, unknown>;
    run: (tx: Executor) => Promise<Moved>;
  } => {
    const key = `crash:${plan.round}:${++n}`;
    const actorId = plan.clientId;
    const pick = n % 4;
    const h = open.length > 0 ? open[n % open.length] : undefined;
    if (!h || pick === 0) {
      const milestoneId = `mst_${plan.round}_${n}`;
      const amount = 1_000 + (n % 7) * 100;
      open.push({ milestoneId, remaining: amount });
      const args = {
        milestoneId,
        contractId: plan.contractId,
        projectId: plan.projectId,
        clientId: plan.clientId,
        freelancerId: plan.freelancerId,
        currency: 'USD',
        amount,
      };
      return { key, tool: 'fund', args, run: (tx) => fundTx(tx, args) };
    }
    if (pick === 1 && h.remaining > 300) {
      h.remaining -= 300;
      const args = { milestoneId: h.milestoneId, amount: 300, feeBps: 1_000 };
      return { key, tool: 'release', args, run: (tx) => releaseTx(tx, { ...args, actorId }) };
    }
    open.splice(open.indexOf(h), 1);
    const args = { milestoneId: h.milestoneId, amount: h.remaining };
    if (pick === 2) {
      const release = { ...args, feeBps: 700 };
      return { key, tool: 'release', args: release, run: (tx) => releaseTx(tx, { ...release, actorId }) };
    }
    return { key, tool: 'refund', args, run: (tx) => refundTx(tx, { ...args, actorId }) };
  };

  const worker = async () => {
    while (n < plan.max) {
      const r = next();
      try {
        const res = await keyed<Moved>(
          db,
          { actorId: plan.clientId, key: r.key, tool: r.tool, args: r.args },
          r.run,
        );
        out(
          `ack ${r.key} ${res.response.transferIds.join(',')} ${JSON.stringify({ tool: r.tool, args: r.args })}`,
        );
      } catch (err) {
        out(`refused ${r.key} ${codeOf(err)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: plan.inflight }, worker));
  out(`done ${n}`);
  db.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`crashChild failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
