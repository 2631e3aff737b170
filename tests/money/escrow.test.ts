import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { holdForMilestone, openHold, setHoldDisputed } from '../../db/queries/holds';
import { ledgerViolations } from '../../db/queries/ledger';
import { one } from '../../db/sql';
import { SandboxPaymentProvider, setPaymentProvider } from '../../payments/index';
import type { ContractView } from '../../tools/contracts/schemas';
import type { CallResult } from '../../tools/dispatcher';
import type { ErrorCode } from '../../tools/errors';
import { feeOf, feeRateFor, parseFeeTiers, platformFee, setFeeTiers } from '../../tools/money/fees';
import type { ProjectView } from '../../tools/shared/schemas';
import { BACKENDS, makeUser, projectInput, type TestEnv, type TestUser, testEnv } from '../support/harness';

type Amount = { amount: number; currency: string; display: string };
type MilestoneMoney = {
  milestone: { id: string; status: string; amount: { amount: number; currency: string } };
  contractId: string;
  holdId: string;
  transferId: string;
  held: Amount;
  released: Amount;
  refunded: Amount;
  remaining: Amount;
  escrowStatus: 'held' | 'disputed' | 'settled';
};
type Funded = MilestoneMoney & { walletBalance: Amount };
type Approved = MilestoneMoney & {
  releasedNow: Amount;
  fullyReleased: boolean;
  invoice: { id: string; number: string };
};
type Refunded = MilestoneMoney & { refundedNow: Amount; walletBalance: Amount };
type Balances = {
  balances: { currency: string; available: Amount; inEscrow: Amount; pendingPayouts: Amount }[];
};

const DEFAULT_TIERS = '0:1000,100000:700,1000000:500';

describe('platform fee tiers', () => {
  it('parses tiers and picks the highest threshold the contract reaches', () => {
    const tiers = parseFeeTiers(DEFAULT_TIERS);
    expect(tiers).toEqual([
      { from: 0, bps: 1000 },
      { from: 100_000, bps: 700 },
      { from: 1_000_000, bps: 500 },
    ]);
    expect(feeRateFor(0, tiers)).toBe(1000);
    expect(feeRateFor(99_999, tiers)).toBe(1000);
    expect(feeRateFor(100_000, tiers)).toBe(700);
    expect(feeRateFor(5_000_000, tiers)).toBe(500);
    expect(platformFee(12_345, 50_000, tiers)).toEqual({ fee: 1_234, bps: 1000 });
    expect(platformFee(12_345, 2_000_000, tiers)).toEqual({ fee: 617, bps: 500 });
  });

  it('rounds down with exact integer math, even for huge amounts', () => {
    expect(feeOf(333, 250)).toBe(8);
    expect(feeOf(1, 9_999)).toBe(0);
    expect(feeOf(Number.MAX_SAFE_INTEGER, 10_000)).toBe(Number.MAX_SAFE_INTEGER);
    expect(feeOf(Number.MAX_SAFE_INTEGER, 700)).toBe(
      Number((BigInt(Number.MAX_SAFE_INTEGER) * 700n) / 10_000n),
    );
  });

  it('refuses malformed tiers', () => {
    expect(() => parseFeeTiers('100:500')).toThrow(/start at 0/);
    expect(() => parseFeeTiers('0:500,0:400')).toThrow(/rise/);
    expect(() => parseFeeTiers('0:10001')).toThrow(/more than 100%/);
    expect(() => parseFeeTiers('0:5%')).toThrow(/threshold:bps/);
  });
});

describe.each(BACKENDS)('escrow tools on %s', (backend) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv(backend);
    setPaymentProvider(new SandboxPaymentProvider());
    setFeeTiers(DEFAULT_TIERS);
  });
  afterEach(() => setFeeTiers(DEFAULT_TIERS));
  afterAll(async () => {
    await env.close();
  });

  const call = <T>(user: TestUser, tool: string, input: unknown) =>
    env.rt.dispatcher.call<T>({ actor: user.actor, channel: 'test', tool, input });
  async function confirmed<T>(user: TestUser, tool: string, input: unknown): Promise<CallResult<T>> {
    const res = await call<T>(user, tool, input);
    if (res.ok || res.error.code !== 'NEEDS_CONFIRMATION') return res;
    return env.rt.dispatcher.confirm<T>(user.actor, res.error.pendingAction!.id, 'test');
  }
  async function ok<T>(user: TestUser, tool: string, input: unknown): Promise<T> {
    const res = await confirmed<T>(user, tool, input);
    if (!res.ok) throw new Error(`${tool} failed: ${JSON.stringify(res.error)}`);
    return res.data;
  }
  async function refused(res: CallResult, code: ErrorCode, field?: string) {
    expect(res.ok, `should fail with ${code}`).toBe(false);
    if (res.ok) throw new Error('unreachable');
    expect(res.error.code, res.error.message).toBe(code);
    if (field) expect(res.error.fields?.map((f) => f.field)).toContain(field);
    return res.error;
  }
  async function pending(user: TestUser, tool: string, input: unknown) {
    const error = await refused(await call(user, tool, input), 'NEEDS_CONFIRMATION');
    return { id: error.pendingAction!.id, summary: error.message };
  }
  const confirm = <T>(user: TestUser, id: string) => env.rt.dispatcher.confirm<T>(user.actor, id, 'test');

  async function balance(user: TestUser, currency = 'USD') {
    const b = await ok<Balances>(user, 'wallet_balance', {});
    const line = b.balances.find((l) => l.currency === currency);
    return { available: line?.available.amount ?? 0, inEscrow: line?.inEscrow.amount ?? 0 };
  }
  const platformFees = async (currency = 'USD') =>
    Number(
      (
        await one<{ b: number }>(
          env.rt.db.reader,
          "SELECT balance_minor AS b FROM ledger_accounts WHERE kind = 'platform_fees' AND currency = ?",
          [currency],
        )
      )?.b ?? 0,
    );
  const milestoneStatus = async (id: string) =>
    (await one<{ status: string }>(env.rt.db.reader, 'SELECT status FROM milestones WHERE id = ?', [id]))
      ?.status;
  const sound = async () => expect(await ledgerViolations(env.rt.db.reader)).toEqual([]);

  /** A client hires a freelancer through the tools: create_project → submit_proposal → accept_proposal. */
  async function hire(
    milestones: { title: string; amount: number }[],
    opts: { currency?: string; deposit?: number } = {},
  ) {
    const currency = opts.currency ?? 'USD';
    const client = await makeUser(env.rt, 'client', { name: 'Casey Client' });
    const freelancer = await makeUser(env.rt, 'freelancer', { name: 'Frida Freelancer' });
    const project = await ok<ProjectView>(
      client,
      'create_project',
      projectInput({ budget: { currency, min: 1_000, max: 10_000_000 } }),
    );
    const total = milestones.reduce((s, m) => s + m.amount, 0);
    const proposal = await ok<{ id: string }>(freelancer, 'submit_proposal', {
      projectId: project.id,
      coverLetter: 'I can do this well and on time, with weekly demos.',
      amount: { amount: total, currency },
      estimatedWeeks: 6,
      milestones: milestones.map((m) => ({ ...m, amount: { amount: m.amount, currency }, dueInWeeks: 2 })),
    });
    const contract = await ok<ContractView>(client, 'accept_proposal', { proposalId: proposal.id });
    if (opts.deposit) {
      await ok(client, 'deposit', {
        amount: { amount: opts.deposit, currency },
        idempotencyKey: `dep-${contract.id}`,
      });
    }
    const ids = contract.milestones.map((m) => m.id);
    return { client, freelancer, contract, ids };
  }

  it('funds a milestone only after confirmation, into its own escrow', async () => {
    const { client, freelancer, contract, ids } = await hire(
      [
        { title: 'Design', amount: 200_000 },
        { title: 'API', amount: 150_000 },
      ],
      { deposit: 1_000_000 },
    );
    const asked = await pending(client, 'fund_milestone', { milestoneId: ids[1] });
    expect(asked.summary).toBe(
      `Fund milestone 2 'API' of contract ${contract.id} with $1,500.00 from your USD wallet (balance $10,000.00) ` +
        'into escrow for Frida Freelancer',
    );
    expect(await balance(client)).toEqual({ available: 1_000_000, inEscrow: 0 });
    expect(await milestoneStatus(ids[1]!)).toBe('active');

    const res = await confirm<Funded>(client, asked.id);
    if (!res.ok) throw new Error(res.error.message);
    expect(res.data).toMatchObject({
      milestone: { id: ids[1], status: 'funded' },
      contractId: contract.id,
      held: { amount: 150_000, display: '$1,500.00' },
      remaining: { amount: 150_000 },
      released: { amount: 0 },
      escrowStatus: 'held',
      walletBalance: { amount: 850_000 },
    });
    expect(await milestoneStatus(ids[1]!)).toBe('funded');
    expect(await balance(client)).toEqual({ available: 850_000, inEscrow: 150_000 });
    // The freelancer sees the money waiting for them.
    expect(await balance(freelancer)).toEqual({ available: 0, inEscrow: 150_000 });
    const hold = await holdForMilestone(env.rt.db.reader, ids[1]!);
    expect(hold).toMatchObject({ id: res.data.holdId, amount_minor: 150_000, status: 'held' });

    // An explicit amount is a check: it must be the milestone's amount, in its currency.
    await ok<Funded>(client, 'fund_milestone', {
      milestoneId: ids[0],
      amount: { amount: 200_000, currency: 'USD' },
    });
    expect(await balance(client)).toEqual({ available: 650_000, inEscrow: 350_000 });
    await sound();
  });

  it('refuses funding twice, by the wrong people, in the wrong currency, without funds or in the wrong state', async () => {
    const { client, freelancer, ids } = await hire(
      [
        { title: 'One', amount: 100_000 },
        { title: 'Two', amount: 100_000 },
        { title: 'Three', amount: 100_000 },
      ],
      { deposit: 150_000 },
    );
    const funded = await ok(client, 'fund_milestone', { milestoneId: ids[0] });
    // Asking the same again is a retry (same derived key): the first receipt, nothing moves.
    expect(await call(client, 'fund_milestone', { milestoneId: ids[0] })).toEqual({ ok: true, data: funded });
    // A new request to fund it again is refused.
    const again = await refused(
      await call(client, 'fund_milestone', { milestoneId: ids[0], idempotencyKey: 'fund-once-more' }),
      'CONFLICT',
    );
    expect(again.message).toMatch(/already funded/);

    const other = await makeUser(env.rt, 'client');
    await refused(await call(other, 'fund_milestone', { milestoneId: ids[1] }), 'FORBIDDEN');
    await refused(await call(freelancer, 'fund_milestone', { milestoneId: ids[1] }), 'FORBIDDEN');
    await refused(await call(client, 'fund_milestone', { milestoneId: 'mst_missing' }), 'NOT_FOUND');
    await refused(
      await call(client, 'fund_milestone', {
        milestoneId: ids[1],
        amount: { amount: 100_000, currency: 'EUR' },
      }),
      'VALIDATION',
      'amount.currency',
    );
    await refused(
      await call(client, 'fund_milestone', {
        milestoneId: ids[1],
        amount: { amount: 90_000, currency: 'USD' },
      }),
      'VALIDATION',
      'amount.amount',
    );

    // 50,000 left in the wallet: the confirmed call is refused and nothing is written.
    const transfers = await one<{ n: number }>(
      env.rt.db.reader,
      'SELECT count(*) AS n FROM ledger_transfers',
    );
    const error = await refused(
      await confirmed(client, 'fund_milestone', { milestoneId: ids[1] }),
      'INSUFFICIENT_FUNDS',
    );
    expect(error.message).toBe('Not enough funds: $500.00 available, $1,000.00 needed.');
    expect(await holdForMilestone(env.rt.db.reader, ids[1]!)).toBeUndefined();
    expect(await milestoneStatus(ids[1]!)).toBe('active');
    expect(await balance(client)).toEqual({ available: 50_000, inEscrow: 100_000 });
    expect(await one(env.rt.db.reader, 'SELECT count(*) AS n FROM ledger_transfers')).toEqual(transfers);

    // Two separately keyed requests both wait; the second confirm finds the milestone funded.
    await ok(client, 'deposit', {
      amount: { amount: 500_000, currency: 'USD' },
      idempotencyKey: 'top-up-key-1',
    });
    const a = await pending(client, 'fund_milestone', {
      milestoneId: ids[1],
      idempotencyKey: 'fund-two-key-a',
    });
    const b = await pending(client, 'fund_milestone', {
      milestoneId: ids[1],
      idempotencyKey: 'fund-two-key-b',
    });
    expect((await confirm(client, a.id)).ok).toBe(true);
    expect((await refused(await confirm(client, b.id), 'CONFLICT')).message).toMatch(/already funded/);
    // The schema refuses a second hold for a milestone even when code is bypassed.
    const c = await one<{ client_id: string; freelancer_id: string; contract_id: string }>(
      env.rt.db.reader,
      'SELECT client_id, freelancer_id, contract_id FROM escrow_holds WHERE milestone_id = ?',
      [ids[1]!],
    );
    await expect(
      env.rt.db.write((tx) =>
        openHold(tx, {
          contractId: c!.contract_id,
          milestoneId: ids[1]!,
          clientId: c!.client_id,
          freelancerId: c!.freelancer_id,
          currency: 'USD',
          amount: 1,
          actorId: client.actor.id,
          now: new Date(),
        }),
      ),
    ).rejects.toThrow(/UNIQUE/);

    // A submitted milestone is past funding.
    await ok(freelancer, 'submit_milestone', { milestoneId: ids[2], note: 'Done early.' });
    expect(
      (await refused(await call(client, 'fund_milestone', { milestoneId: ids[2] }), 'CONFLICT')).message,
    ).toMatch(/is submitted; only planned or active milestones can be funded/);
    expect(await balance(client)).toEqual({ available: 450_000, inEscrow: 200_000 });
    await sound();
  });

  it('refuses a milestone priced in another currency than the wallet holds', async () => {
    const { client, ids } = await hire([{ title: 'Euro work', amount: 80_000 }], { currency: 'EUR' });
    await ok(client, 'deposit', { amount: { amount: 500_000, currency: 'USD' } });
    await refused(
      await call(client, 'fund_milestone', {
        milestoneId: ids[0],
        amount: { amount: 80_000, currency: 'USD' },
      }),
      'VALIDATION',
      'amount.currency',
    );
    // Dollars do not pay for euros: the EUR wallet is empty.
    await refused(await confirmed(client, 'fund_milestone', { milestoneId: ids[0] }), 'INSUFFICIENT_FUNDS');
    expect(await balance(client, 'EUR')).toEqual({ available: 0, inEscrow: 0 });
    expect(await balance(client, 'USD')).toEqual({ available: 500_000, inEscrow: 0 });
  });

  it('approves a submitted milestone: the freelancer is paid minus the tiered fee, once', async () => {
    // Contract worth $4,500.00: the 7% tier.
    const { client, freelancer, contract, ids } = await hire(
      [
        { title: 'Design', amount: 200_000 },
        { title: 'Build', amount: 250_000 },
      ],
      { deposit: 450_000 },
    );
    await ok(client, 'fund_milestone', { milestoneId: ids[0] });
    await ok(freelancer, 'submit_milestone', { milestoneId: ids[0], note: 'Designs attached.' });
    const feesBefore = await platformFees();

    const asked = await pending(client, 'approve_milestone', { milestoneId: ids[0] });
    expect(asked.summary).toBe(
      `Approve milestone 1 'Design' of contract ${contract.id} and release $2,000.00 from escrow to Frida Freelancer ` +
        '(the whole milestone)',
    );
    expect(await balance(freelancer)).toEqual({ available: 0, inEscrow: 200_000 });

    const res = await confirm<Approved>(client, asked.id);
    if (!res.ok) throw new Error(res.error.message);
    expect(res.data).toMatchObject({
      milestone: { id: ids[0], status: 'paid' },
      releasedNow: { amount: 200_000 },
      released: { amount: 200_000 },
      remaining: { amount: 0 },
      escrowStatus: 'settled',
      fullyReleased: true,
      invoice: { number: expect.stringMatching(/^INV-2026-\d{6}$/) },
    });
    expect(await milestoneStatus(ids[0]!)).toBe('paid');
    expect(await balance(freelancer)).toEqual({ available: 186_000, inEscrow: 0 });
    expect((await platformFees()) - feesBefore).toBe(14_000);
    expect(await balance(client)).toEqual({ available: 250_000, inEscrow: 0 });

    // Released is final: no second release, no refund.
    expect(
      (
        await refused(
          await call(client, 'approve_milestone', { milestoneId: ids[0], idempotencyKey: 'again-approve' }),
          'CONFLICT',
        )
      ).message,
    ).toMatch(/is paid/);
    expect(
      (await refused(await call(client, 'refund_milestone', { milestoneId: ids[0] }), 'CONFLICT')).message,
    ).toMatch(/already fully released or refunded/);

    // Both histories say what happened, signed for each side.
    type History = {
      transactions: {
        kind: string;
        amount: { amount: number };
        description: string;
        counterpart: string;
        reference: unknown;
      }[];
    };
    const paid = (await ok<History>(freelancer, 'transaction_history', {})).transactions;
    expect(paid).toEqual([
      {
        transferId: res.data.transferId,
        kind: 'escrow_release',
        amount: { amount: 186_000, currency: 'USD', display: '$1,860.00' },
        description:
          "Payment for milestone 1 'Design' from Casey Client (after platform fee; $2,000.00 released)",
        counterpart: 'Casey Client',
        reference: { kind: 'milestone', id: ids[0], contractId: contract.id },
        createdAt: expect.any(String),
      },
    ]);
    const spent = (await ok<History>(client, 'transaction_history', {})).transactions;
    expect(spent.map((t) => [t.kind, t.amount.amount, t.description])).toEqual([
      ['escrow_fund', -200_000, "Funded milestone 1 'Design' into escrow for Frida Freelancer"],
      ['deposit', 450_000, expect.stringMatching(/^Deposit via sandbox \(payment sbx_/)],
    ]);

    // The freelancer can withdraw what they earned, and no more.
    await ok(freelancer, 'withdraw', { amount: { amount: 100_000, currency: 'USD' } });
    await refused(
      await confirmed(freelancer, 'withdraw', { amount: { amount: 86_001, currency: 'USD' } }),
      'INSUFFICIENT_FUNDS',
    );
    expect(await balance(freelancer)).toEqual({ available: 86_000, inEscrow: 0 });
    await sound();
  });

  it('releases part of a milestone, then refunds the rest', async () => {
    // Contract worth $500.00: the 10% tier.
    const { client, freelancer, contract, ids } = await hire([{ title: 'Audit', amount: 50_000 }], {
      deposit: 50_000,
    });
    await ok(client, 'fund_milestone', { milestoneId: ids[0] });

    const asked = await pending(client, 'approve_milestone', {
      milestoneId: ids[0],
      amount: { amount: 20_000, currency: 'USD' },
    });
    expect(asked.summary).toBe(
      `Approve milestone 1 'Audit' of contract ${contract.id} and release $200.00 from escrow to Frida Freelancer ` +
        '(a partial release; $300.00 stays in escrow)',
    );
    const part = await confirm<Approved>(client, asked.id);
    if (!part.ok) throw new Error(part.error.message);
    expect(part.data).toMatchObject({
      milestone: { status: 'funded' },
      releasedNow: { amount: 20_000 },
      remaining: { amount: 30_000 },
      escrowStatus: 'held',
      fullyReleased: false,
    });
    expect(await balance(freelancer)).toEqual({ available: 18_000, inEscrow: 30_000 });
    await refused(
      await call(client, 'approve_milestone', {
        milestoneId: ids[0],
        amount: { amount: 30_001, currency: 'USD' },
      }),
      'VALIDATION',
      'amount.amount',
    );
    await refused(
      await call(client, 'approve_milestone', {
        milestoneId: ids[0],
        amount: { amount: 1_000, currency: 'EUR' },
      }),
      'VALIDATION',
      'amount.currency',
    );

    const refund = await pending(client, 'refund_milestone', { milestoneId: ids[0] });
    expect(refund.summary).toBe(
      `Refund $300.00 of milestone 1 'Audit' of contract ${contract.id} from escrow to your USD wallet and close the ` +
        'milestone ($200.00 already released stays with the freelancer)',
    );
    expect(await balance(client)).toEqual({ available: 0, inEscrow: 30_000 });
    const res = await confirm<Refunded>(client, refund.id);
    if (!res.ok) throw new Error(res.error.message);
    expect(res.data).toMatchObject({
      milestone: { status: 'refunded' },
      refundedNow: { amount: 30_000 },
      released: { amount: 20_000 },
      refunded: { amount: 30_000 },
      remaining: { amount: 0 },
      escrowStatus: 'settled',
      walletBalance: { amount: 30_000 },
    });
    expect(await milestoneStatus(ids[0]!)).toBe('refunded');
    expect(await balance(client)).toEqual({ available: 30_000, inEscrow: 0 });
    expect(await balance(freelancer)).toEqual({ available: 18_000, inEscrow: 0 });
    await refused(
      await call(client, 'refund_milestone', { milestoneId: ids[0], idempotencyKey: 'refund-again' }),
      'CONFLICT',
    );
    await refused(await call(client, 'approve_milestone', { milestoneId: ids[0] }), 'CONFLICT');
    await sound();
  });

  it('refuses refunds of submitted work, of unfunded milestones and by the wrong people', async () => {
    const { client, freelancer, ids } = await hire(
      [
        { title: 'Alpha', amount: 30_000 },
        { title: 'Beta', amount: 30_000 },
      ],
      { deposit: 60_000 },
    );
    await refused(await call(client, 'refund_milestone', { milestoneId: ids[0] }), 'CONFLICT');
    await refused(await call(client, 'approve_milestone', { milestoneId: ids[0] }), 'CONFLICT');
    await ok(client, 'fund_milestone', { milestoneId: ids[0] });
    await refused(await call(freelancer, 'refund_milestone', { milestoneId: ids[0] }), 'FORBIDDEN');
    await refused(await call(freelancer, 'approve_milestone', { milestoneId: ids[0] }), 'FORBIDDEN');
    const stranger = await makeUser(env.rt, 'client');
    await refused(await call(stranger, 'refund_milestone', { milestoneId: ids[0] }), 'FORBIDDEN');
    await refused(await call(stranger, 'approve_milestone', { milestoneId: ids[0] }), 'FORBIDDEN');

    await ok(freelancer, 'submit_milestone', { milestoneId: ids[0], note: 'Handed in.' });
    expect(
      (await refused(await call(client, 'refund_milestone', { milestoneId: ids[0] }), 'CONFLICT')).message,
    ).toMatch(/already submitted .* only through a dispute/);
    // A refund asked before the submission is refused when confirmed after it.
    await ok(client, 'fund_milestone', { milestoneId: ids[1] });
    const early = await pending(client, 'refund_milestone', { milestoneId: ids[1] });
    await ok(freelancer, 'submit_milestone', { milestoneId: ids[1], note: 'Handed in too.' });
    await refused(await confirm(client, early.id), 'CONFLICT');
    expect(await balance(client)).toEqual({ available: 0, inEscrow: 60_000 });
    await ok(client, 'approve_milestone', { milestoneId: ids[0] });
    await sound();
  });

  it('freezes a disputed escrow: neither approve nor refund moves it', async () => {
    const { client, ids } = await hire([{ title: 'Disputed', amount: 40_000 }], { deposit: 40_000 });
    const funded = await ok<Funded>(client, 'fund_milestone', { milestoneId: ids[0] });
    const approve = await pending(client, 'approve_milestone', { milestoneId: ids[0] });
    await env.rt.db.write((tx) => setHoldDisputed(tx, funded.holdId, true));
    expect((await refused(await confirm(client, approve.id), 'CONFLICT')).message).toMatch(
      /frozen by an open dispute/,
    );
    await refused(await call(client, 'refund_milestone', { milestoneId: ids[0] }), 'CONFLICT');
    await refused(
      await call(client, 'approve_milestone', { milestoneId: ids[0], idempotencyKey: 'after-dispute' }),
      'CONFLICT',
    );
    expect(await balance(client)).toEqual({ available: 0, inEscrow: 40_000 });
    await sound();
  });

  it('charges the fee tier of the contract value, as configured', async () => {
    // $500.00 contract → 10%; $15,000.00 contract → 5%.
    const small = await hire([{ title: 'Small', amount: 50_000 }], { deposit: 50_000 });
    await ok(small.client, 'fund_milestone', { milestoneId: small.ids[0] });
    await ok(small.client, 'approve_milestone', { milestoneId: small.ids[0] });
    expect(await balance(small.freelancer)).toEqual({ available: 45_000, inEscrow: 0 });

    const big = await hire(
      [
        { title: 'Phase 1', amount: 1_000_000 },
        { title: 'Phase 2', amount: 500_000 },
      ],
      { deposit: 1_500_000 },
    );
    await ok(big.client, 'fund_milestone', { milestoneId: big.ids[1] });
    await ok(big.client, 'approve_milestone', { milestoneId: big.ids[1] });
    expect(await balance(big.freelancer)).toEqual({ available: 475_000, inEscrow: 0 });

    // Another configuration: a flat 2.5%, rounded down (33,333 → fee 833).
    setFeeTiers('0:250');
    const odd = await hire([{ title: 'Odd', amount: 33_333 }], { deposit: 33_333 });
    await ok(odd.client, 'fund_milestone', { milestoneId: odd.ids[0] });
    await ok(odd.client, 'approve_milestone', { milestoneId: odd.ids[0] });
    expect(await balance(odd.freelancer)).toEqual({ available: 32_500, inEscrow: 0 });
    await sound();
  });
});
