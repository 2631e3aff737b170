/**
 * Property tests of the money core: any random sequence of deposits, fundings, partial releases, refunds,
 * disputes (freeze, unfreeze, resolve by split) and withdrawals, with random replays of earlier requests
 * (same idempotency key, same or other arguments), run one at a time or several at once (so they share a
 * group-commit transaction, each in its own savepoint), keeps after every step:
 * - every transfer sums to zero, has two or more entries and its amount equals its credits;
 * - no wallet, escrow or fee account below zero;
 * - per currency, money in (external_in) = money held (wallets, escrow, fees) + money out (external_out);
 * - no hold resolved beyond its amount, none resolved again once settled, and each hold's escrow account
 *   paid out exactly what the hold says was released + refunded;
 * - cached balances equal the sum of entries (`ledgerViolations` empty);
 * - the database equals a model of the expected balances, holds, transfer count and receipts;
 * - a refused request, and a replay, leave the database byte-for-byte unchanged (snapshot), and a replay
 *   answers with the first receipt.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { all } from '../../db/sql';
import { canonicalJson } from '../../tools/idempotency';
import { argsOf, MoneyModel, type Move, moveTx, type Prediction } from './support/model';
import { guarded, type ToolOutcome, type ToolWorld, toolWorld } from './support/tools';
import {
  codeOf,
  keyedTx,
  makeParties,
  moneyViolations,
  type Parties,
  snapshot,
  tempDb,
} from './support/world';

const CURRENCIES = ['USD', 'EUR', 'JPY'] as const;
const RUNS = Number(process.env.MONEY_PROPERTY_RUNS ?? 50);

type Part = 'all' | 'part' | 'over';
type Op =
  | { t: 'deposit'; c: number; cur: number; amount: number }
  | { t: 'withdraw'; freelancer: boolean; who: number; cur: number; part: Part; frac: number }
  | { t: 'fund'; c: number; f: number; cur: number; amount: number }
  | { t: 'fundAgain'; hold: number }
  | { t: 'release'; hold: number; part: Part; frac: number; feeBps: number }
  | { t: 'refund'; hold: number; part: Part; frac: number }
  | { t: 'dispute'; hold: number; disputed: boolean }
  | { t: 'resolve'; hold: number; bps: number; feeBps: number }
  | { t: 'replay'; of: number; mutate: boolean };

const idx = fc.nat({ max: 1 });
const cur = fc.nat({ max: CURRENCIES.length - 1 });
const part = fc.constantFrom<Part>('all', 'part', 'part', 'over');
const frac = fc.integer({ min: 1, max: 9_999 });
const feeBps = fc.constantFrom(0, 500, 700, 1_000, 10_000);
const hold = fc.nat({ max: 50 });

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('deposit' as const),
      c: idx,
      cur,
      amount: fc.integer({ min: 1, max: 60_000 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('withdraw' as const),
      freelancer: fc.boolean(),
      who: idx,
      cur,
      part,
      frac,
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('fund' as const),
      c: idx,
      f: idx,
      cur,
      amount: fc.integer({ min: 1, max: 40_000 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('fundAgain' as const), hold }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('release' as const), hold, part, frac, feeBps }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('refund' as const), hold, part, frac }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('dispute' as const), hold, disputed: fc.boolean() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('resolve' as const),
      hold,
      bps: fc.integer({ min: 0, max: 10_000 }),
      feeBps,
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ t: fc.constant('replay' as const), of: fc.nat(), mutate: fc.boolean() }),
  },
);

interface Request {
  actorId: string;
  key: string;
  move: Move;
}

/** Turns generated ops into concrete requests, predicting each with the model as it goes. */
class Scenario {
  readonly model = new MoneyModel();
  readonly milestones: string[] = [];
  readonly requests: Request[] = [];
  private n = 0;

  constructor(
    private readonly p: Parties,
    private readonly tag: string,
  ) {}

  private amountOf(available: number, part: Part, frac: number): number {
    if (part === 'all') return Math.max(1, available);
    if (part === 'over') return available + 1;
    return Math.max(1, Math.floor((available * frac) / 10_000));
  }

  private milestone(i: number): string {
    return this.milestones.length ? this.milestones[i % this.milestones.length]! : `mst_${this.tag}_none`;
  }

  private holdActor(milestoneId: string): string {
    return this.model.holds.get(milestoneId)?.clientId ?? this.p.admin;
  }

  /** The next request for `op`, or undefined when the op has nothing to act on (a replay of nothing). */
  next(op: Op): Request | undefined {
    const key = `key_${this.tag}_${++this.n}`;
    const p = this.p;
    switch (op.t) {
      case 'deposit': {
        const clientId = p.clients[op.c]!;
        return {
          actorId: clientId,
          key,
          move: { tool: 'deposit', clientId, currency: CURRENCIES[op.cur]!, amount: op.amount },
        };
      }
      case 'withdraw': {
        const userId = (op.freelancer ? p.freelancers : p.clients)[op.who]!;
        const kind = op.freelancer ? 'freelancer_wallet' : 'client_wallet';
        const currency = CURRENCIES[op.cur]!;
        const amount = this.amountOf(this.model.balance(kind, userId, currency), op.part, op.frac);
        return { actorId: userId, key, move: { tool: 'withdraw', kind, userId, currency, amount } };
      }
      case 'fund':
      case 'fundAgain': {
        let move: Move;
        if (op.t === 'fund' || this.milestones.length === 0) {
          const c = op.t === 'fund' ? op.c : 0;
          const f = op.t === 'fund' ? op.f : 0;
          const contractId = p.contracts[c]![f]!;
          const milestoneId = `mst_${this.tag}_${this.n}`;
          this.milestones.push(milestoneId);
          move = {
            tool: 'fund',
            milestoneId,
            contractId,
            projectId: p.projectOf.get(contractId)!,
            clientId: p.clients[c]!,
            freelancerId: p.freelancers[f]!,
            currency: CURRENCIES[op.t === 'fund' ? op.cur : 0]!,
            amount: op.t === 'fund' ? op.amount : 1_000,
          };
        } else {
          // Fund a milestone that already has (or had) a hold: the unique index refuses a second one.
          const milestoneId = this.milestone(op.hold);
          const h = this.model.holds.get(milestoneId);
          const prior = this.requests.find(
            (r) => r.move.tool === 'fund' && r.move.milestoneId === milestoneId,
          );
          if (prior?.move.tool !== 'fund') return undefined;
          move = { ...prior.move, amount: h ? h.amount : prior.move.amount };
        }
        return { actorId: move.clientId, key, move };
      }
      case 'release':
      case 'refund': {
        const milestoneId = this.milestone(op.hold);
        const amount = this.amountOf(this.model.remaining(milestoneId), op.part, op.frac);
        const move: Move =
          op.t === 'release'
            ? { tool: 'release', milestoneId, amount, feeBps: op.feeBps }
            : { tool: 'refund', milestoneId, amount };
        return { actorId: this.holdActor(milestoneId), key, move };
      }
      case 'dispute':
        return {
          actorId: p.admin,
          key,
          move: { tool: 'dispute', milestoneId: this.milestone(op.hold), disputed: op.disputed },
        };
      case 'resolve':
        return {
          actorId: p.admin,
          key,
          move: {
            tool: 'resolve',
            milestoneId: this.milestone(op.hold),
            freelancerBps: op.bps,
            feeBps: op.feeBps,
          },
        };
      case 'replay': {
        if (this.requests.length === 0) return undefined;
        // A retry is mostly of something just sent: pick among the last few requests, so every kind of move
        // (not only the many deposits) gets replayed in a run.
        const recent = Math.min(4, this.requests.length);
        const first = this.requests[this.requests.length - 1 - (op.of % recent)]!;
        return { ...first, move: op.mutate ? mutate(first.move) : first.move };
      }
    }
  }
}

/** The same request with one argument changed: under the same key, a CONFLICT (unless nothing was stored). */
function mutate(m: Move): Move {
  switch (m.tool) {
    case 'dispute':
      return { ...m, disputed: !m.disputed };
    case 'resolve':
      return { ...m, freelancerBps: m.freelancerBps === 0 ? 1 : m.freelancerBps - 1 };
    default:
      return { ...m, amount: m.amount + 1 };
  }
}

type Outcome =
  | { ok: true; replay: boolean; response: { transferIds: string[] } }
  | { ok: false; code: string };

async function submit(db: Db, r: Request): Promise<Outcome> {
  try {
    const res = await db.write((tx) =>
      keyedTx(tx, { actorId: r.actorId, key: r.key, tool: r.move.tool, args: argsOf(r.move) }, (t) =>
        moveTx(t, r.actorId, r.move),
      ),
    );
    return { ok: true, replay: res.replay, response: res.response };
  } catch (err) {
    return { ok: false, code: codeOf(err) };
  }
}

function expectOutcome(
  r: Request,
  want: Prediction,
  got: Outcome,
  firstResponses: Map<string, unknown>,
  where: string,
): void {
  const id = `${r.actorId}|${r.key}`;
  if (want.kind === 'refused') {
    expect(got, `${where}: ${JSON.stringify(r.move)} should be refused`).toEqual({
      ok: false,
      code: want.code,
    });
    return;
  }
  expect(got.ok, `${where}: ${JSON.stringify(r.move)} failed: ${JSON.stringify(got)}`).toBe(true);
  if (!got.ok) return;
  expect(got.replay, `${where}: replay flag`).toBe(want.kind === 'replay');
  if (want.kind === 'replay') {
    expect(got.response, `${where}: a replay answers with the first receipt`).toEqual(firstResponses.get(id));
  } else {
    expect(got.response.transferIds, `${where}: transfers posted`).toHaveLength(want.transfers);
    firstResponses.set(id, got.response);
  }
}

/** How often each tool ended each way ("release:refused:CONFLICT"), to show the generator reaches every path. */
const seen = new Map<string, number>();
const tally = (k: string) => seen.set(k, (seen.get(k) ?? 0) + 1);

async function runScenario(ops: Op[], chunks: number[], tag: string): Promise<void> {
  const t = await tempDb('megilance-money-prop-');
  try {
    const parties = await makeParties(t.db, { clients: 2, freelancers: 2, tag });
    const s = new Scenario(parties, tag);
    const firstResponses = new Map<string, unknown>();
    let i = 0;
    let c = 0;
    while (i < ops.length) {
      const size = chunks[c++ % chunks.length]!;
      const batch: { r: Request; want: Prediction }[] = [];
      for (const op of ops.slice(i, i + size)) {
        const r = s.next(op);
        if (!r) continue;
        s.requests.push(r);
        batch.push({ r, want: s.model.request(r.actorId, r.key, r.move) });
      }
      const where = `ops ${i}..${i + size - 1}`;
      i += size;
      if (batch.length === 0) continue;
      const before = batch.length === 1 ? await snapshot(t.db.reader) : undefined;
      // Submitted together: one group-commit transaction, each request in its own savepoint, in this order.
      const got = await Promise.all(batch.map((b) => submit(t.db, b.r)));
      batch.forEach((b, k) => {
        expectOutcome(b.r, b.want, got[k]!, firstResponses, where);
        const kind = b.want.kind === 'refused' ? `refused:${b.want.code}` : b.want.kind;
        tally(`${b.r.move.tool}:${kind}${batch.length > 1 ? ':batched' : ''}`);
      });
      if (before !== undefined && batch[0]!.want.kind !== 'done') {
        expect(
          await snapshot(t.db.reader),
          `${where}: a ${batch[0]!.want.kind} request changed the database`,
        ).toBe(before);
      }
      expect(await moneyViolations(t.db.reader), where).toEqual([]);
      expect(await s.model.differences(t.db.reader), where).toEqual([]);
    }
  } finally {
    t.dispose();
  }
}

/** Each move done, refused and replayed at least once (after the seed deposits). */
const EVERY_PATH: Op[] = [
  { t: 'fund', c: 0, f: 0, cur: 0, amount: 10_000 },
  { t: 'replay', of: 0, mutate: false },
  { t: 'fundAgain', hold: 0 },
  { t: 'fund', c: 0, f: 0, cur: 0, amount: 100_000 },
  { t: 'release', hold: 0, part: 'part', frac: 3_000, feeBps: 500 },
  { t: 'replay', of: 0, mutate: false },
  { t: 'release', hold: 0, part: 'over', frac: 1, feeBps: 0 },
  { t: 'release', hold: 1, part: 'all', frac: 1, feeBps: 0 },
  { t: 'refund', hold: 0, part: 'part', frac: 3_000 },
  { t: 'replay', of: 0, mutate: false },
  { t: 'refund', hold: 0, part: 'over', frac: 1 },
  { t: 'dispute', hold: 0, disputed: true },
  { t: 'replay', of: 0, mutate: true },
  { t: 'refund', hold: 0, part: 'all', frac: 1 },
  { t: 'release', hold: 0, part: 'all', frac: 1, feeBps: 0 },
  { t: 'resolve', hold: 0, bps: 3_333, feeBps: 700 },
  { t: 'resolve', hold: 0, bps: 3_333, feeBps: 700 },
  { t: 'dispute', hold: 0, disputed: true },
  { t: 'withdraw', freelancer: true, who: 0, cur: 0, part: 'all', frac: 1 },
  { t: 'withdraw', freelancer: true, who: 0, cur: 0, part: 'over', frac: 1 },
  { t: 'deposit', c: 1, cur: 1, amount: 5 },
];

describe('money properties on the ledger primitives', () => {
  it('random deposits, funds, releases, refunds, disputes, withdrawals and replays keep every invariant', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(opArb, { minLength: 1, maxLength: 45, size: 'max' }),
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 8 }),
        async (ops, chunks) => {
          // Each run starts with money in both clients' USD and EUR wallets, so funding mostly works early on
          // and runs into INSUFFICIENT_FUNDS later; JPY starts empty.
          const seed: Op[] = [0, 1].flatMap((c) =>
            [0, 1].map((cur) => ({ t: 'deposit' as const, c, cur, amount: 60_000 })),
          );
          await runScenario([...seed, ...ops], chunks, `r${++run}`);
        },
      ),
      // A failure shrinks to a short counterexample; the time limit keeps a long shrink from hanging CI.
      // Random runs alone reach some paths (a replay of a refund, a resolution) only now and then, so one
      // designed sequence that walks every path, alone and in batches, runs first.
      {
        numRuns: RUNS,
        interruptAfterTimeLimit: 100_000,
        markInterruptAsFailure: true,
        examples: [
          [EVERY_PATH, [1]],
          [EVERY_PATH, [4, 2]],
        ],
      },
    );
    // The runs reached every path: each move done and refused, alone and inside a shared batch, and replays.
    const reached = (prefix: string) => [...seen.keys()].some((k) => k.startsWith(prefix));
    for (const path of [
      'deposit:done',
      'withdraw:done',
      'withdraw:refused:INSUFFICIENT_FUNDS',
      'fund:done',
      'fund:refused:INSUFFICIENT_FUNDS',
      'fund:refused:CONFLICT',
      'release:done',
      'release:refused:CONFLICT',
      'release:refused:NOT_FOUND',
      'refund:done',
      'refund:refused:CONFLICT',
      'dispute:done',
      'dispute:refused:CONFLICT',
      'resolve:done',
      'resolve:refused:CONFLICT',
      'release:replay',
      'refund:replay',
      'fund:replay',
    ]) {
      expect(reached(path), `no run reached ${path}: ${JSON.stringify([...seen])}`).toBe(true);
    }
    expect(
      reached('release:refused:CONFLICT:batched') || reached('fund:refused:INSUFFICIENT_FUNDS:batched'),
    ).toBe(true);
    if (process.env.MONEY_PROPERTY_STATS)
      console.log(
        [...seen]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, n]) => `${k} ${n}`)
          .join('\n'),
      );
  }, 120_000);

  it('a hand-picked sequence: partial release, dispute, frozen refusals, split, and no resolution after settling', async () => {
    const ops: Op[] = [
      { t: 'deposit', c: 0, cur: 0, amount: 10_001 },
      { t: 'fund', c: 0, f: 1, cur: 0, amount: 10_001 },
      { t: 'release', hold: 0, part: 'part', frac: 2_500, feeBps: 1_000 },
      { t: 'dispute', hold: 0, disputed: true },
      { t: 'release', hold: 0, part: 'part', frac: 10, feeBps: 0 },
      { t: 'refund', hold: 0, part: 'all', frac: 1 },
      { t: 'resolve', hold: 0, bps: 3_333, feeBps: 700 },
      { t: 'resolve', hold: 0, bps: 3_333, feeBps: 700 },
      { t: 'refund', hold: 0, part: 'all', frac: 1 },
      { t: 'release', hold: 0, part: 'all', frac: 1, feeBps: 0 },
      { t: 'dispute', hold: 0, disputed: true },
      { t: 'withdraw', freelancer: true, who: 1, cur: 0, part: 'all', frac: 1 },
      { t: 'withdraw', freelancer: true, who: 1, cur: 0, part: 'all', frac: 1 },
      { t: 'replay', of: 2, mutate: false },
      { t: 'replay', of: 2, mutate: true },
    ];
    await runScenario(ops, [1], 'fixed1');
    await runScenario(ops, [3, 5], 'fixed2');
  });
});

// ------------------------------------------------------------------------------------------------------
// The same properties through the real tools: dispatcher.call + dispatcher.confirm, as a person would.

const TOOL_RUNS = Number(process.env.MONEY_TOOL_PROPERTY_RUNS ?? 20);
const TOOL_CURRENCIES = ['USD', 'EUR'] as const;

type ToolOp =
  | { t: 'deposit'; c: number; cur: number; amount: number }
  | { t: 'fund'; m: number }
  | { t: 'approve'; m: number; part: Part; frac: number }
  | { t: 'refund'; m: number }
  | { t: 'withdraw'; freelancer: boolean; who: number; cur: number; part: Part; frac: number }
  | { t: 'dispute'; m: number; byFreelancer: boolean }
  | { t: 'resolve'; m: number; outcome: 'release' | 'refund' | 'split'; bps: number }
  | { t: 'replay'; of: number; mutate: boolean };

const m = fc.nat({ max: 5 });
const toolOpArb: fc.Arbitrary<ToolOp> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant('deposit' as const),
      c: idx,
      cur: fc.nat({ max: 1 }),
      amount: fc.integer({ min: 1, max: 80_000 }),
    }),
  },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('fund' as const), m }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('approve' as const), m, part, frac }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('refund' as const), m }) },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('withdraw' as const),
      freelancer: fc.boolean(),
      who: idx,
      cur: fc.nat({ max: 1 }),
      part,
      frac,
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('dispute' as const), m, byFreelancer: fc.boolean() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('resolve' as const),
      m,
      outcome: fc.constantFrom('release' as const, 'refund' as const, 'split' as const),
      bps: fc.integer({ min: 0, max: 10_000 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ t: fc.constant('replay' as const), of: fc.nat(), mutate: fc.boolean() }),
  },
);

interface ToolCall {
  who: ToolWorld['admin'];
  tool: string;
  input: Record<string, unknown>;
}

/** Money moved by successful calls, by currency: what the database must show. */
class ToolLedgerModel {
  readonly clientWallet = new Map<string, number>(); // "userId|cur"
  readonly earned = new Map<string, number>(); // cur → freelancer wallets + platform fees
  readonly moneyIn = new Map<string, number>();
  readonly moneyOut = new Map<string, number>();
  readonly holds = new Map<string, { amount: number; released: number; refunded: number }>();
  add(map: Map<string, number>, k: string, d: number) {
    map.set(k, (map.get(k) ?? 0) + d);
  }
}

const amt = (x: unknown) => Number((x as { amount: number }).amount);

/** Applies a successful (non-replayed) call's response to the model. */
function applyTool(
  model: ToolLedgerModel,
  w: ToolWorld,
  call: ToolCall,
  data: Record<string, unknown>,
): void {
  const ms = w.milestones.find((x) => x.id === call.input.milestoneId);
  switch (call.tool) {
    case 'deposit': {
      const { amount, currency } = call.input.amount as { amount: number; currency: string };
      model.add(model.clientWallet, `${call.who.actor.id}|${currency}`, amount);
      model.add(model.moneyIn, currency, amount);
      break;
    }
    case 'withdraw': {
      const { amount, currency } = call.input.amount as { amount: number; currency: string };
      if (call.who.actor.role === 'client')
        model.add(model.clientWallet, `${call.who.actor.id}|${currency}`, -amount);
      else model.add(model.earned, currency, -amount);
      model.add(model.moneyOut, currency, amount);
      break;
    }
    case 'fund_milestone':
      model.add(model.clientWallet, `${ms!.client.actor.id}|${ms!.currency}`, -ms!.amount);
      model.holds.set(ms!.id, { amount: ms!.amount, released: 0, refunded: 0 });
      break;
    case 'approve_milestone': {
      const h = model.holds.get(ms!.id)!;
      h.released += amt(data.releasedNow);
      model.add(model.earned, ms!.currency, amt(data.releasedNow));
      break;
    }
    case 'refund_milestone': {
      const h = model.holds.get(ms!.id)!;
      h.refunded += amt(data.refundedNow);
      model.add(model.clientWallet, `${ms!.client.actor.id}|${ms!.currency}`, amt(data.refundedNow));
      break;
    }
    case 'resolve_dispute': {
      const res = (data.dispute as { resolution: Record<string, unknown>; hold?: { milestoneId?: string } })
        .resolution;
      const target = w.milestones.find((x) => x.id === (call as { milestoneId?: string }).milestoneId);
      const h = model.holds.get(target!.id)!;
      h.released += amt(res.released);
      h.refunded += amt(res.refunded);
      model.add(model.earned, target!.currency, amt(res.released));
      model.add(model.clientWallet, `${target!.client.actor.id}|${target!.currency}`, amt(res.refunded));
      break;
    }
  }
}

async function toolDifferences(w: ToolWorld, model: ToolLedgerModel): Promise<string[]> {
  const out: string[] = [];
  const rows = await all<{ kind: string; owner_id: string; currency: string; balance_minor: number }>(
    w.env.rt.db.reader,
    "SELECT kind, owner_id, currency, balance_minor FROM ledger_accounts WHERE kind <> 'escrow'",
  );
  const sum = (pred: (r: (typeof rows)[number]) => boolean) =>
    rows.filter(pred).reduce((s, r) => s + Number(r.balance_minor), 0);
  for (const c of w.clients) {
    for (const cur of TOOL_CURRENCIES) {
      const got = sum((r) => r.kind === 'client_wallet' && r.owner_id === c.actor.id && r.currency === cur);
      const want = model.clientWallet.get(`${c.actor.id}|${cur}`) ?? 0;
      if (got !== want) out.push(`client ${c.actor.id} ${cur}: database ${got}, model ${want}`);
    }
  }
  for (const cur of TOOL_CURRENCIES) {
    const earned = sum(
      (r) => (r.kind === 'freelancer_wallet' || r.kind === 'platform_fees') && r.currency === cur,
    );
    if (earned !== (model.earned.get(cur) ?? 0))
      out.push(`${cur} earned: database ${earned}, model ${model.earned.get(cur) ?? 0}`);
    const moneyIn = -sum((r) => r.kind === 'external_in' && r.currency === cur);
    if (moneyIn !== (model.moneyIn.get(cur) ?? 0))
      out.push(`${cur} in: database ${moneyIn}, model ${model.moneyIn.get(cur) ?? 0}`);
    const moneyOut = sum((r) => r.kind === 'external_out' && r.currency === cur);
    if (moneyOut !== (model.moneyOut.get(cur) ?? 0))
      out.push(`${cur} out: database ${moneyOut}, model ${model.moneyOut.get(cur) ?? 0}`);
  }
  const holds = await all<{
    milestone_id: string;
    amount_minor: number;
    released_minor: number;
    refunded_minor: number;
  }>(
    w.env.rt.db.reader,
    'SELECT milestone_id, amount_minor, released_minor, refunded_minor FROM escrow_holds',
  );
  for (const h of holds) {
    const want = model.holds.get(h.milestone_id);
    const got = `${h.amount_minor}/${h.released_minor}/${h.refunded_minor}`;
    if (!want || got !== `${want.amount}/${want.released}/${want.refunded}`)
      out.push(
        `hold of ${h.milestone_id}: database ${got}, model ${want ? `${want.amount}/${want.released}/${want.refunded}` : 'none'}`,
      );
  }
  if (holds.length !== model.holds.size)
    out.push(`holds: database ${holds.length}, model ${model.holds.size}`);
  return out;
}

/** Refusals a well-formed request may get; anything else (INTERNAL above all) is a bug. */
const TOOL_REFUSALS = new Set(['CONFLICT', 'INSUFFICIENT_FUNDS', 'VALIDATION']);

async function runToolScenario(
  ops: ToolOp[],
  amounts: number[],
  curs: number[],
  tag: string,
  seenTool: Map<string, number>,
): Promise<void> {
  const w = await toolWorld(
    amounts.map((amount, i) => ({
      c: i % 2,
      f: Math.floor(i / 2) % 2,
      currency: TOOL_CURRENCIES[curs[i] ?? 0]!,
      amount,
    })),
  );
  const rt = w.env.rt;
  // An INTERNAL error's cause, for the failure message (the dispatcher logs it; the caller sees none).
  let internal: unknown;
  (rt.dispatcher as unknown as { log: unknown }).log = {
    error: (o: { err?: unknown }) => {
      internal = o.err;
    },
  };
  try {
    const model = new ToolLedgerModel();
    const disputes = new Map<string, string>(); // milestone → open dispute id
    const calls: { call: ToolCall; first?: ToolOutcome }[] = [];
    const receipts = new Map<string, { request: string; data: unknown }>(); // "actor|key" → first request
    let n = 0;
    const balance = async (kind: string, owner: string, cur: string) =>
      Number(
        (
          await all<{ b: number }>(
            rt.db.reader,
            'SELECT balance_minor AS b FROM ledger_accounts WHERE kind = ? AND owner_id = ? AND currency = ?',
            [kind, owner, cur],
          )
        )[0]?.b ?? 0,
      );
    const remaining = async (milestoneId: string) =>
      Number(
        (
          await all<{ r: number }>(
            rt.db.reader,
            'SELECT amount_minor - released_minor - refunded_minor AS r FROM escrow_holds WHERE milestone_id = ?',
            [milestoneId],
          )
        )[0]?.r ?? 0,
      );
    const sized = (available: number, p: Part, f: number) =>
      p === 'all'
        ? Math.max(1, available)
        : p === 'over'
          ? available + 1
          : Math.max(1, Math.floor((available * f) / 10_000));

    for (const [i, op] of ops.entries()) {
      const key = `tool-key:${tag}:${++n}`;
      let call: ToolCall | undefined;
      let replayOf: { call: ToolCall; first?: ToolOutcome } | undefined;
      const ms = 'm' in op ? w.milestones[op.m % w.milestones.length]! : undefined;
      switch (op.t) {
        case 'deposit':
          call = {
            who: w.clients[op.c]!,
            tool: 'deposit',
            input: { amount: { amount: op.amount, currency: TOOL_CURRENCIES[op.cur]! }, idempotencyKey: key },
          };
          break;
        case 'fund':
          call = {
            who: ms!.client,
            tool: 'fund_milestone',
            input: { milestoneId: ms!.id, idempotencyKey: key },
          };
          break;
        case 'approve': {
          const left = await remaining(ms!.id);
          const input: Record<string, unknown> = { milestoneId: ms!.id, idempotencyKey: key };
          if (op.part !== 'all')
            input.amount = { amount: sized(left, op.part, op.frac), currency: ms!.currency };
          call = { who: ms!.client, tool: 'approve_milestone', input };
          break;
        }
        case 'refund':
          call = {
            who: ms!.client,
            tool: 'refund_milestone',
            input: { milestoneId: ms!.id, idempotencyKey: key },
          };
          break;
        case 'withdraw': {
          const who = (op.freelancer ? w.freelancers : w.clients)[op.who]!;
          const cur = TOOL_CURRENCIES[op.cur]!;
          const available = await balance(
            op.freelancer ? 'freelancer_wallet' : 'client_wallet',
            who.actor.id,
            cur,
          );
          call = {
            who,
            tool: 'withdraw',
            input: {
              amount: { amount: sized(available, op.part, op.frac), currency: cur },
              idempotencyKey: key,
            },
          };
          break;
        }
        case 'dispute':
          call = {
            who: op.byFreelancer ? ms!.freelancer : ms!.client,
            tool: 'open_dispute',
            input: {
              milestoneId: ms!.id,
              reason: 'quality',
              description: 'The delivered work does not match the brief we agreed.',
            },
          };
          break;
        case 'resolve': {
          const disputeId = disputes.get(ms!.id);
          if (!disputeId) continue;
          const input: Record<string, unknown> = {
            disputeId,
            outcome: op.outcome,
            note: 'Decided on the evidence.',
          };
          if (op.outcome === 'split') input.freelancerShareBps = op.bps;
          call = { who: w.admin, tool: 'resolve_dispute', input };
          (call as ToolCall & { milestoneId?: string }).milestoneId = ms!.id;
          break;
        }
        case 'replay': {
          const money = calls.filter((c) => 'idempotencyKey' in c.call.input);
          if (money.length === 0) continue;
          replayOf = money[op.of % money.length]!;
          const input = { ...replayOf.call.input };
          if (op.mutate) {
            if (input.amount) input.amount = { ...(input.amount as object), amount: amt(input.amount) + 1 };
            else {
              // Another milestone of the same client: the only difference is the request, not who may ask.
              const same = w.milestones.find(
                (x) => x.id !== input.milestoneId && x.client === replayOf!.call.who,
              );
              if (!same) continue;
              input.milestoneId = same.id;
            }
          }
          call = { ...replayOf.call, input };
          break;
        }
      }
      if (!call) continue;
      const where = `tool op ${i} ${call.tool} ${JSON.stringify(call.input)}`;
      const before = await snapshot(rt.db.reader);
      const got = await guarded<Record<string, unknown>>(rt, call.who, call.tool, call.input);
      // What the database holds for this key: a receipt for the same request (a replay), or for another
      // request (CONFLICT), or none (the call runs).
      const keyId =
        typeof call.input.idempotencyKey === 'string'
          ? `${call.who.actor.id}|${call.input.idempotencyKey}`
          : '';
      const prior = receipts.get(keyId);
      const sameRequest = prior?.request === canonicalJson(call.input);
      if (got.ok) {
        if (prior) {
          // A replay of a stored receipt: answered at once, the same receipt, nothing written.
          expect(sameRequest, `${where}: the same key with other arguments must be a CONFLICT`).toBe(true);
          expect(got.confirmed, `${where}: a replay must not ask for confirmation again`).toBe(false);
          expect(got.data, `${where}: a replay answers with the first receipt`).toEqual(prior.data);
          expect(await snapshot(rt.db.reader), `${where}: a replay wrote`).toBe(before);
          seenTool.set(`${call.tool}:replay`, (seenTool.get(`${call.tool}:replay`) ?? 0) + 1);
        } else {
          expect(got.confirmed, `${where}: a first call must wait for confirmation`).toBe(true);
          if (keyId) receipts.set(keyId, { request: canonicalJson(call.input), data: got.data });
          applyTool(model, w, call, got.data);
          if (call.tool === 'open_dispute') disputes.set(ms!.id, String((got.data as { id: string }).id));
          if (call.tool === 'resolve_dispute') disputes.delete(ms!.id);
          seenTool.set(`${call.tool}:ok`, (seenTool.get(`${call.tool}:ok`) ?? 0) + 1);
        }
      } else {
        expect(
          TOOL_REFUSALS.has(got.code),
          `${where}: unexpected ${got.code}: ${got.message} ${internal instanceof Error ? internal.stack : String(internal)}`,
        ).toBe(true);
        if (prior && !sameRequest) expect(got.code, `${where}: same key, other arguments`).toBe('CONFLICT');
        expect(prior && sameRequest, `${where}: a stored receipt must answer, not a refusal`).toBeFalsy();
        expect(await snapshot(rt.db.reader), `${where}: a refused call wrote`).toBe(before);
        seenTool.set(`${call.tool}:${got.code}`, (seenTool.get(`${call.tool}:${got.code}`) ?? 0) + 1);
      }
      if (!replayOf) calls.push({ call, first: got });
      expect(await moneyViolations(rt.db.reader), where).toEqual([]);
      expect(await toolDifferences(w, model), where).toEqual([]);
    }
  } finally {
    await w.env.close();
  }
}

describe('money properties through the tools (dispatcher.call + confirm)', () => {
  it('random deposits, fundings, approvals, refunds, withdrawals, disputes, resolutions and replays', async () => {
    const seenTool = new Map<string, number>();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(toolOpArb, { minLength: 5, maxLength: 30, size: 'max' }),
        fc.array(fc.integer({ min: 1, max: 40_000 }), { minLength: 6, maxLength: 6 }),
        fc.array(fc.nat({ max: 1 }), { minLength: 6, maxLength: 6 }),
        async (ops, amounts, curs) => {
          // Money in both clients' wallets first, so fundings mostly succeed early on.
          const seed: ToolOp[] = [0, 1].flatMap((c) =>
            [0, 1].map((cur) => ({ t: 'deposit' as const, c, cur, amount: 50_000 })),
          );
          await runToolScenario([...seed, ...ops], amounts, curs, `t${++run}`, seenTool);
        },
      ),
      {
        numRuns: TOOL_RUNS,
        interruptAfterTimeLimit: 100_000,
        markInterruptAsFailure: true,
        // Tried first, then the random runs: one walk through every path the coverage check below names, so
        // that check never depends on the random draw (20 runs missed open_dispute:ok once).
        examples: [
          [
            [
              { t: 'fund', m: 0 },
              { t: 'dispute', m: 0, byFreelancer: false },
              { t: 'fund', m: 1 },
              { t: 'approve', m: 1, part: 'all', frac: 1 },
              { t: 'withdraw', freelancer: true, who: 0, cur: 0, part: 'part', frac: 5_000 },
              { t: 'replay', of: 0, mutate: false },
            ],
            [20_000, 20_000, 20_000, 20_000, 20_000, 20_000],
            [0, 0, 0, 0, 0, 0],
          ],
        ],
      },
    );
    for (const path of [
      'deposit:ok',
      'fund_milestone:ok',
      'approve_milestone:ok',
      'withdraw:ok',
      'open_dispute:ok',
      'deposit:replay',
    ])
      expect(seenTool.has(path), `no run reached ${path}: ${JSON.stringify([...seenTool])}`).toBe(true);
    if (process.env.MONEY_PROPERTY_STATS)
      console.log(
        [...seenTool]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => `${k} ${v}`)
          .join('\n'),
      );
  }, 120_000);
});
