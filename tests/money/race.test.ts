/**
 * The race: 8 separate processes, each with its own Db (its own writer connection, so SQLite's file lock
 * and busy_timeout arbitrate between them, not our in-process queue), release, refund and replay the
 * SAME milestones' holds at the same moment. Proves, per hold: exactly one resolution when full
 * resolutions race (the others CONFLICT), partial resolutions never exceed the amount, one idempotency key
 * executes once (every other use is a replay with the same transfer), no duplicate transfer, no
 * SQLITE_BUSY reaching a caller, and `ledgerViolations` empty. A second wave replays every request:
 * what succeeded answers with its first receipt, what was refused is refused again, and nothing moves.
 *
 * The processes take turns through SQLite's busy handler, which is not fair: each racer's batch is kept
 * small (~40 requests) so that no racer waits anywhere near the 5 s busy_timeout, after which SQLITE_BUSY
 * would reach a caller (and, see the report, leave that connection unable to commit until the next GC).
 *
 * A second test documents a finding in db/client.ts: several Db instances on one file in ONE process.
 * The last describe runs the same race through the tools (approve vs refund confirmations) in one process.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../../db/client';
import { all } from '../../db/sql';
import { spawnTs } from './support/child';
import type { RaceOutcome, RaceRequest } from './support/raceChild';
import { guarded, pendingFor, toolWorld } from './support/tools';
import {
  codeOf,
  depositTx,
  fundTx,
  makeParties,
  moneyViolations,
  type Parties,
  snapshot,
  tempDbFile,
} from './support/world';

const RACERS = 8;
const FULL_HOLDS = 10; // every racer asks for the whole hold: exactly one wins
const PARTIAL_HOLDS = 10; // racers ask for parts that together exceed the hold
const AMOUNT = 10_000;
const FEE_BPS = 1_000;

describe('money race: 8 processes on one database file', () => {
  let dir: string;
  let url: string;
  let db: Db;
  let parties: Parties;
  const full: string[] = [];
  const partial: string[] = [];

  beforeAll(async () => {
    const t = await tempDbFile('megilance-money-race-');
    dir = t.dir;
    url = t.url;
    db = await openDb({ url });
    parties = await makeParties(db, { clients: 1, freelancers: 1, tag: 'race' });
    const clientId = parties.clients[0]!;
    const contractId = parties.contracts[0]![0]!;
    await db.write(async (tx) => {
      await depositTx(tx, { clientId, currency: 'USD', amount: (FULL_HOLDS + PARTIAL_HOLDS) * AMOUNT });
      for (let h = 0; h < FULL_HOLDS + PARTIAL_HOLDS; h++) {
        const milestoneId = `mst_race_${h}`;
        (h < FULL_HOLDS ? full : partial).push(milestoneId);
        await fundTx(tx, {
          milestoneId,
          contractId,
          projectId: parties.projectOf.get(contractId)!,
          clientId,
          freelancerId: parties.freelancers[0]!,
          currency: 'USD',
          amount: AMOUNT,
        });
      }
    });
  });

  afterAll(() => {
    db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Racer i's requests: its own full release or refund (or parts) per hold, plus a key every racer shares. */
  function planFor(i: number): RaceRequest[] {
    const actorId = parties.clients[0]!;
    const out: RaceRequest[] = [];
    for (const [h, milestoneId] of full.entries()) {
      const tool = (i + h) % 2 === 0 ? 'release' : 'refund';
      out.push({
        actorId,
        key: `own:${milestoneId}:${i}`,
        tool,
        milestoneId,
        amount: AMOUNT,
        feeBps: FEE_BPS,
      });
      out.push({
        actorId,
        key: `shared:${milestoneId}`,
        tool: 'release',
        milestoneId,
        amount: AMOUNT,
        feeBps: FEE_BPS,
      });
    }
    for (const milestoneId of partial) {
      out.push({
        actorId,
        key: `part-rel:${milestoneId}:${i}`,
        tool: 'release',
        milestoneId,
        amount: 3_000,
        feeBps: FEE_BPS,
      });
      out.push({
        actorId,
        key: `part-ref:${milestoneId}:${i}`,
        tool: 'refund',
        milestoneId,
        amount: 2_500,
        feeBps: 0,
      });
      out.push({
        actorId,
        key: `shared:${milestoneId}`,
        tool: 'release',
        milestoneId,
        amount: 1_500,
        feeBps: FEE_BPS,
      });
    }
    // Each racer submits in its own order, so the processes collide on different holds first.
    return out.sort((a, b) => ((hash(a.key) ^ i) % 97) - ((hash(b.key) ^ i) % 97));
  }

  it('exactly one resolution per hold, one execution per key, no duplicate transfer, no SQLITE_BUSY', async () => {
    const plans = Array.from({ length: RACERS }, (_, i) => planFor(i));
    const racers = plans.map((plan, i) => {
      const planFile = join(dir, `plan-${i}.json`);
      writeFileSync(planFile, JSON.stringify(plan));
      return spawnTs('tests/money/support/raceChild.ts', { DATABASE_URL: url, RACE_PLAN: planFile });
    });
    const spawned = Date.now();
    await Promise.all(racers.map((r) => r.waitFor((l) => l === 'ready', 60_000)));
    if (process.env.MONEY_RACE_DEBUG) console.log(`racers ready after ${Date.now() - spawned} ms`);
    // The test holds the file's write lock while the racers submit, so every racer's first write waits on
    // the same lock and they all contend when it is let go: the overlap below does not hang on how the OS
    // schedules 8 processes on 2 cores (a racer once finished its whole batch before the last one began).
    let holding!: () => void;
    const held = new Promise<void>((res) => {
      holding = res;
    });
    let releasedMs = 0;
    const lock = db.write(async () => {
      holding();
      await Promise.all(racers.map((r) => r.waitFor((l) => l === 'firing', 60_000)));
      // Each racer takes its first request's start time right after saying so, and then waits in BEGIN IMMEDIATE.
      await new Promise((res) => setTimeout(res, 50));
      releasedMs = Date.now();
    });
    await held;
    for (const r of racers) r.proc.stdin?.write('go\n');
    await lock;
    const waves = await Promise.all(
      racers.map(async (r) => {
        const w1 = await r.waitFor((l) => l.startsWith('wave1 '), 60_000);
        const w2 = await r.waitFor((l) => l.startsWith('wave2 '), 60_000);
        const { code } = await r.exited;
        expect(code, r.stderr()).toBe(0);
        return {
          first: JSON.parse(w1.slice(6)) as RaceOutcome[],
          second: JSON.parse(w2.slice(6)) as RaceOutcome[],
        };
      }),
    );
    const first = waves.flatMap((w) => w.first);
    const second = waves.flatMap((w) => w.second);
    const request = new Map(plans.flat().map((r) => [r.key, r]));

    // Nothing but success or CONFLICT reached a caller: in particular no SQLITE_BUSY.
    const codes = [...first, ...second].filter((o) => !o.ok).map((o) => o.code);
    expect(codes.filter((c) => c !== 'CONFLICT')).toEqual([]);

    // The racers really overlapped: every process was still writing when every other one had started.
    const windows = waves.map((w) => ({
      start: Math.min(...w.first.map((o) => o.startedMs)),
      end: Math.max(...w.first.map((o) => o.endedMs)),
    }));
    for (const w of windows) expect(w.start).toBeLessThanOrEqual(releasedMs);
    for (const w of windows) expect(w.end).toBeGreaterThanOrEqual(releasedMs);
    expect(Math.max(...windows.map((w) => w.start))).toBeLessThan(Math.min(...windows.map((w) => w.end)));
    if (process.env.MONEY_RACE_DEBUG) {
      const t0 = Math.min(...windows.map((w) => w.start));
      console.log(windows.map((w) => `${w.start - t0}..${w.end - t0} ms`).join('\n'));
      const w2 = waves.map((w) => ({
        start: Math.min(...w.second.map((o) => o.startedMs)) - t0,
        end: Math.max(...w.second.map((o) => o.endedMs)) - t0,
      }));
      console.log('wave2', JSON.stringify(w2));
    }

    // One execution per key; every other success with that key is a replay of the same transfer.
    const executed = new Map<string, string[]>();
    for (const o of first.filter((x) => x.ok && !x.replay)) {
      expect(executed.has(o.key), `key ${o.key} executed twice`).toBe(false);
      executed.set(o.key, o.transferIds!);
    }
    for (const o of [...first, ...second].filter((x) => x.ok && x.replay))
      expect(o.transferIds, `replay of ${o.key}`).toEqual(executed.get(o.key));
    // Second wave: what succeeded replays, what was refused is refused again; nothing new executes.
    expect(second.filter((o) => o.ok && !o.replay)).toEqual([]);
    const refusedFirst = new Set(first.filter((o) => !o.ok).map((o) => o.key));
    for (const o of second) expect(o.ok, `second wave ${o.key}`).toBe(!refusedFirst.has(o.key));

    // The database agrees, hold by hold.
    const holds = await all<{
      id: string;
      milestone_id: string;
      released_minor: number;
      refunded_minor: number;
      status: string;
    }>(db.reader, 'SELECT id, milestone_id, released_minor, refunded_minor, status FROM escrow_holds');
    const transfers = await all<{ id: string; ref_id: string; kind: string; amount_minor: number }>(
      db.reader,
      "SELECT id, ref_id, kind, amount_minor FROM ledger_transfers WHERE ref_kind = 'hold' AND kind <> 'escrow_fund'",
    );
    const transferIds = transfers.map((t) => t.id);
    expect(new Set(transferIds).size).toBe(transferIds.length);
    expect([...executed.values()].flat().sort()).toEqual([...transferIds].sort());
    for (const h of holds) {
      const mine = [...executed.keys()].filter((k) => request.get(k)?.milestoneId === h.milestone_id);
      const byTool = (tool: string) =>
        mine.filter((k) => request.get(k)?.tool === tool).reduce((s, k) => s + request.get(k)!.amount, 0);
      expect(Number(h.released_minor), `released on ${h.milestone_id}`).toBe(byTool('release'));
      expect(Number(h.refunded_minor), `refunded on ${h.milestone_id}`).toBe(byTool('refund'));
      expect(Number(h.released_minor) + Number(h.refunded_minor)).toBeLessThanOrEqual(AMOUNT);
      if (full.includes(h.milestone_id)) {
        expect(mine, `exactly one resolution of ${h.milestone_id}`).toHaveLength(1);
        expect(h.status).toBe('settled');
      } else {
        // Parts are granted while they fit: what is left is smaller than every refused part.
        const left = AMOUNT - Number(h.released_minor) - Number(h.refunded_minor);
        const refusedParts = first
          .filter((o) => !o.ok && request.get(o.key)?.milestoneId === h.milestone_id)
          .map((o) => request.get(o.key)!.amount);
        for (const p of refusedParts) expect(p).toBeGreaterThan(left);
      }
    }
    expect(await moneyViolations(db.reader)).toEqual([]);

    const stats = {
      requests: first.length,
      executed: executed.size,
      replays: first.filter((o) => o.ok && o.replay).length,
      conflicts: first.filter((o) => !o.ok).length,
    };
    expect(stats.executed).toBeGreaterThanOrEqual(FULL_HOLDS + PARTIAL_HOLDS * 3);
    expect(stats.replays).toBeGreaterThan(0);
    expect(stats.conflicts).toBeGreaterThan(0);
  }, 120_000);

  /**
   * FINDING (db/client.ts): two Db instances on the same file in ONE process deadlock each other. libSQL's
   * local calls are synchronous, so the second writer's BEGIN IMMEDIATE sits in SQLite's busy handler for
   * the whole busy_timeout (5 s) on the one JS thread, while the first writer, which holds the lock,
   * cannot run its next statement on that same thread; then SQLITE_BUSY reaches the caller. With 8
   * instances and 5 writes each, 35 of 40 writes failed after 70 s. `it.fails` keeps this documented: when
   * db/client.ts shares one writer per file per process (or retries BEGIN without blocking), this test
   * starts passing, and `.fails` must go.
   */
  it.fails('FINDING: two Db instances on one file in one process: a write gets SQLITE_BUSY after 5 s', async () => {
    const other = await openDb({ url });
    try {
      const before = await snapshot(db.reader);
      const results = await Promise.allSettled([
        db.write(async (tx) => {
          await tx.execute('SELECT 1');
          return 'first';
        }),
        other.write(async (tx) => {
          await tx.execute('SELECT 1');
          return 'second';
        }),
      ]);
      const failures = results.filter((r) => r.status === 'rejected').map((r) => codeOf(r.reason));
      expect(await snapshot(db.reader)).toBe(before);
      expect(failures).toEqual([]);
    } finally {
      other.close();
    }
  }, 30_000);
});

/**
 * The same race through the tools: one runtime (one writer; the cross-connection race is above), 16
 * confirmations at once for the same milestone, 8 of approve_milestone (the same request, so the same
 * derived idempotency key) and 8 of refund_milestone. They share group-commit batches, each in its own
 * savepoint: one approve or one refund executes, the other requests with its key replay its receipt, and
 * every request of the other kind is refused with CONFLICT. Nothing else moves, and a later call of the
 * winner answers from its receipt.
 */
describe('money race through the tools', () => {
  it('approve and refund of one milestone confirmed 16 times at once: one resolution, replays, CONFLICTs', async () => {
    const w = await toolWorld([{ c: 0, f: 0, currency: 'USD', amount: 25_000 }]);
    const rt = w.env.rt;
    try {
      const ms = w.milestones[0]!;
      const dep = await guarded(rt, ms.client, 'deposit', { amount: { amount: 25_000, currency: 'USD' } });
      expect(dep.ok, JSON.stringify(dep)).toBe(true);
      const fund = await guarded(rt, ms.client, 'fund_milestone', { milestoneId: ms.id });
      expect(fund.ok, JSON.stringify(fund)).toBe(true);

      const approve = { milestoneId: ms.id };
      const refund = { milestoneId: ms.id };
      const actions: { tool: string; id: string }[] = [];
      for (let i = 0; i < 8; i++) {
        actions.push({
          tool: 'approve_milestone',
          id: await pendingFor(rt, ms.client, 'approve_milestone', approve),
        });
        actions.push({
          tool: 'refund_milestone',
          id: await pendingFor(rt, ms.client, 'refund_milestone', refund),
        });
      }
      const results = await Promise.all(
        actions.map((a) => rt.dispatcher.confirm(ms.client.actor, a.id, 'test')),
      );
      const ok = results.map((r, i) => ({ ...actions[i]!, r })).filter((x) => x.r.ok);
      const refused = results.map((r, i) => ({ ...actions[i]!, r })).filter((x) => !x.r.ok);
      const winners = new Set(ok.map((x) => x.tool));
      expect(winners.size, JSON.stringify(refused.map((x) => x.r))).toBe(1);
      const [winner] = [...winners];
      // Every confirmation of the winning request answered with the same receipt; the other kind, CONFLICT.
      expect(ok).toHaveLength(8);
      const first = ok[0]!.r.ok ? ok[0]!.r.data : undefined;
      for (const x of ok) expect(x.r.ok && x.r.data).toEqual(first);
      expect(refused.map((x) => (x.r.ok ? 'ok' : x.r.error.code))).toEqual(Array(8).fill('CONFLICT'));
      expect(new Set(refused.map((x) => x.tool))).toEqual(
        new Set([winner === 'approve_milestone' ? 'refund_milestone' : 'approve_milestone']),
      );

      const transfers = await all<{ kind: string }>(
        rt.db.reader,
        "SELECT t.kind FROM ledger_transfers t JOIN escrow_holds h ON h.id = t.ref_id WHERE t.ref_kind = 'hold' AND h.milestone_id = ?",
        [ms.id],
      );
      expect(transfers.map((t) => t.kind).sort()).toEqual(
        ['escrow_fund', winner === 'approve_milestone' ? 'escrow_release' : 'escrow_refund'].sort(),
      );
      const again = await guarded(rt, ms.client, winner!, winner === 'approve_milestone' ? approve : refund);
      expect(again).toEqual({ ok: true, data: first, confirmed: false });
      expect(await moneyViolations(rt.db.reader)).toEqual([]);
    } finally {
      await w.env.close();
    }
  }, 60_000);
});

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
}
