import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../db/ids';
import { isoWeekOf, isoWeekRange, monthRange } from '../../db/queries/billing';
import { balancesOf, ledgerViolations } from '../../db/queries/ledger';
import { all, one } from '../../db/sql';
import { planWeekBill } from '../../tools/billing/billHourlyWeek';
import type { BillingPeriodView } from '../../tools/billing/schemas';
import type { ContractView } from '../../tools/contracts/schemas';
import type { DisputeView } from '../../tools/disputes/schemas';
import { platformFee as tieredFee } from '../../tools/money/fees';
import type { ProposalView } from '../../tools/proposals/schemas';
import type { ProjectView } from '../../tools/shared/schemas';
import { toolCalls } from '../support/calls';
import { BACKENDS, makeUser, projectInput, type TestEnv, type TestUser, testEnv } from '../support/harness';

type Money = { amount: number; currency: string };
type Funded = { period: BillingPeriodView; transfer: { transferId: string; amount: Money } };
type Billed = {
  period: BillingPeriodView;
  loggedMinutes: number;
  paidMinutes: number;
  unpaidMinutes: number;
  paid: Money;
  fee: Money;
  freelancerReceives: Money;
  refunded: Money;
  logs: { id: string; minutes: number; minutesPaid: number }[];
  transfers: { kind: string }[];
  invoice: { id: string; number: string } | null;
  rounding: string;
};
type Released = {
  period: BillingPeriodView;
  released: Money;
  fee: Money;
  freelancerReceives: Money;
  invoice: { id: string; number: string };
};

const DAY = 86_400_000;

describe('periods and the week bill, as pure functions', () => {
  it('maps ISO weeks and months to their days', () => {
    expect(isoWeekOf('2026-11-23')).toBe('2026-W48');
    expect(isoWeekOf('2026-11-29')).toBe('2026-W48');
    expect(isoWeekOf('2027-01-01')).toBe('2026-W53');
    expect(isoWeekOf('2025-12-29')).toBe('2026-W01');
    expect(isoWeekRange('2026-W48')).toEqual({ start: '2026-11-23', end: '2026-11-29' });
    expect(isoWeekRange('2026-W01')).toEqual({ start: '2025-12-29', end: '2026-01-04' });
    expect(isoWeekRange('2026-W53')).toEqual({ start: '2026-12-28', end: '2027-01-03' });
    expect(isoWeekRange('2025-W53')).toBeUndefined();
    expect(isoWeekRange('2026-W00')).toBeUndefined();
    expect(isoWeekRange('2026-48')).toBeUndefined();
    expect(monthRange('2026-02')).toEqual({ start: '2026-02-01', end: '2026-02-28' });
    expect(monthRange('2028-02')).toEqual({ start: '2028-02-01', end: '2028-02-29' });
    expect(monthRange('2026-13')).toBeUndefined();
  });

  it('pays floor(minutes × rate / 60), oldest logs first, never more than the hold', () => {
    const log = (id: string, minutes: number) => ({
      id,
      work_date: '2026-11-23',
      minutes,
      status: 'logged' as const,
      created_at: id,
    });
    // 451 min at $80.00/h = 60133.33… cents → 60133; the rest of the $800 hold goes back.
    expect(planWeekBill(8000, 80_000, [log('a', 90), log('b', 361)])).toMatchObject({
      loggedMinutes: 451,
      paidMinutes: 451,
      unpaidMinutes: 0,
      gross: 60_133,
      refund: 19_867,
    });
    // A $160 hold covers 120 minutes; a 3 h log is paid for 2 h, the rest stays unpaid.
    expect(planWeekBill(8000, 16_000, [log('a', 60), log('b', 120)])).toMatchObject({
      paidMinutes: 120,
      unpaidMinutes: 60,
      gross: 16_000,
      refund: 0,
      logs: [
        { id: 'a', minutesPaid: 60 },
        { id: 'b', minutesPaid: 60 },
      ],
    });
    // A rate that does not divide into minutes: the hold covers floor(1000 × 60 / 7001) = 8 minutes.
    const odd = planWeekBill(7001, 1000, [log('a', 30)]);
    expect(odd).toMatchObject({ paidMinutes: 8, gross: 933, refund: 67 });
    expect(odd.gross + odd.refund).toBe(1000);
    expect(planWeekBill(8000, 80_000, [])).toMatchObject({ gross: 0, refund: 80_000 });
  });
});

describe.each(BACKENDS)('hourly weeks and retainer months on %s', (backend) => {
  let env: TestEnv;
  let admin: TestUser;
  beforeAll(async () => {
    env = await testEnv(backend);
    admin = await makeUser(env.rt, 'admin');
  });
  afterAll(async () => {
    await env.close();
  });

  const { call, ok, fails, confirmed } = toolCalls(() => env);

  const wallet = async (kind: 'client_wallet' | 'freelancer_wallet', userId: string) =>
    (await balancesOf(env.rt.db.reader, kind, userId)).find((b) => b.currency === 'USD')?.balance ?? 0;
  const deposit = (user: TestUser, amount: number) =>
    confirmed(user, 'deposit', { amount: { amount, currency: 'USD' }, idempotencyKey: `dep:${newId('k')}` });
  const today = () => env.clock.now().toISOString().slice(0, 10);

  /** create_project → submit_proposal → accept_proposal, for an hourly, fixed or retainer contract. */
  async function hire(kind: 'hourly' | 'fixed' | 'retainer', opts: { rate?: number; limit?: number } = {}) {
    const client = await makeUser(env.rt, 'client');
    const freelancer = await makeUser(env.rt, 'freelancer');
    const hourly = kind === 'hourly';
    const project = await ok<ProjectView>(
      client,
      'create_project',
      projectInput(hourly ? { pricing: 'hourly', budget: { currency: 'USD', min: 5000, max: 10000 } } : {}),
    );
    const proposal = await ok<ProposalView>(freelancer, 'submit_proposal', {
      projectId: project.id,
      coverLetter: 'I can do this well and on time, with weekly demos.',
      amount: { amount: hourly ? (opts.rate ?? 8000) : 300_000, currency: 'USD' },
      estimatedWeeks: 6,
    });
    const contract = await ok<ContractView>(client, 'accept_proposal', {
      proposalId: proposal.id,
      ...(kind === 'retainer' ? { kind: 'retainer' } : {}),
      ...(hourly && opts.limit !== undefined ? { weeklyLimitHours: opts.limit } : {}),
    });
    return { client, freelancer, contract };
  }

  const logTime = (freelancer: TestUser, contractId: string, workDate: string, minutes: number) =>
    ok<{ log: { id: string } }>(freelancer, 'log_time', {
      contractId,
      workDate,
      minutes,
      description: 'Dashboard charts and API work',
    });

  // Runs first: the clock moves a week forward in the hourly tests below.
  it('funds and releases a retainer month with the fee and an invoice, and refuses the wrong ones', async () => {
    const { client, freelancer, contract } = await hire('retainer');
    expect(contract.kind).toBe('retainer');
    await deposit(client, 700_000);
    const { data: funded, summary } = await confirmed<Funded>(client, 'fund_retainer_period', {
      contractId: contract.id,
      month: '2026-11',
    });
    expect(summary).toContain('Hold $3,000.00 (the monthly retainer fee)');
    expect(funded.period).toMatchObject({
      kind: 'retainer_month',
      startsOn: '2026-11-01',
      endsOn: '2026-11-30',
      held: { amount: 300_000 },
      status: 'funded',
    });
    expect(await wallet('client_wallet', client.actor.id)).toBe(400_000);

    await fails(
      client,
      'fund_retainer_period',
      { contractId: contract.id, month: '2026-11', idempotencyKey: 'again-2026-11' },
      'CONFLICT',
    );
    await fails(
      client,
      'fund_retainer_period',
      { contractId: contract.id, month: '2026-10' },
      'VALIDATION',
      'month',
    );
    await fails(
      client,
      'fund_retainer_period',
      { contractId: contract.id, month: '2026-13' },
      'VALIDATION',
      'month',
    );
    await fails(
      client,
      'fund_retainer_period',
      { contractId: contract.id, month: '2026-12', currency: 'GBP' },
      'VALIDATION',
      'currency',
    );
    await fails(
      freelancer,
      'fund_retainer_period',
      { contractId: contract.id, month: '2026-12' },
      'FORBIDDEN',
    );
    await fails(
      freelancer,
      'release_retainer_period',
      { contractId: contract.id, month: '2026-11' },
      'FORBIDDEN',
    );
    const stranger = await makeUser(env.rt, 'client');
    await fails(
      stranger,
      'release_retainer_period',
      { contractId: contract.id, month: '2026-11' },
      'FORBIDDEN',
    );
    await fails(client, 'release_retainer_period', { contractId: contract.id, month: '2026-12' }, 'CONFLICT');
    const hourly = await hire('hourly', { limit: 5 });
    await fails(
      hourly.client,
      'fund_retainer_period',
      { contractId: hourly.contract.id, month: '2026-11' },
      'CONFLICT',
    );

    const fee = tieredFee(300_000, 300_000).fee;
    const { data: released, summary: rs } = await confirmed<Released>(client, 'release_retainer_period', {
      contractId: contract.id,
      month: '2026-11',
    });
    expect(rs).toContain(`Release $3,000.00 held for 2026-11`);
    expect(released).toMatchObject({
      released: { amount: 300_000 },
      fee: { amount: fee },
      freelancerReceives: { amount: 300_000 - fee },
      period: { status: 'released', holdStatus: 'settled' },
    });
    expect(released.invoice.number).toMatch(/^INV-2026-\d{6}$/);
    expect(await wallet('freelancer_wallet', freelancer.actor.id)).toBe(300_000 - fee);
    await fails(
      client,
      'release_retainer_period',
      { contractId: contract.id, month: '2026-11', idempotencyKey: 'release-twice' },
      'CONFLICT',
    );
    // The next month is its own period.
    await confirmed(client, 'fund_retainer_period', { contractId: contract.id, month: '2026-12' });
    expect(await wallet('client_wallet', client.actor.id)).toBe(100_000);

    // A disputed month is frozen until an admin decides it.
    const { data: d } = await confirmed<DisputeView>(freelancer, 'open_dispute', {
      contractId: contract.id,
      period: '2026-12',
      reason: 'payment',
      description: 'December was worked in full; the client wants to hold it back.',
    });
    const frozen = await fails(
      client,
      'release_retainer_period',
      { contractId: contract.id, month: '2026-12' },
      'CONFLICT',
    );
    expect(frozen.message).toMatch(/frozen by an open dispute/);
    await confirmed(admin, 'resolve_dispute', {
      disputeId: d.id,
      outcome: 'release',
      note: 'The work log covers the month.',
    });
    expect(await wallet('freelancer_wallet', freelancer.actor.id)).toBe(2 * (300_000 - fee));
    expect(
      await one(env.rt.db.reader, 'SELECT status FROM billing_periods WHERE contract_id = ? AND period = ?', [
        contract.id,
        '2026-12',
      ]),
    ).toEqual({ status: 'disputed_settled' });
    expect(await ledgerViolations(env.rt.db.reader)).toEqual([]);
  });

  it('funds a week, pays logged minutes × rate minus the fee, refunds the rest, once', async () => {
    const { client, freelancer, contract } = await hire('hourly', { rate: 8000, limit: 10 });
    await deposit(client, 200_000);

    const { data: funded, summary } = await confirmed<Funded>(client, 'fund_hourly_week', {
      contractId: contract.id,
      week: '2026-W48',
      currency: 'USD',
    });
    expect(summary).toContain('Hold $800.00 (10 h × $80.00/h)');
    expect(summary).toContain('week 2026-W48 (2026-11-23 to 2026-11-29)');
    expect(funded.period).toMatchObject({
      kind: 'hourly_week',
      period: '2026-W48',
      startsOn: '2026-11-23',
      endsOn: '2026-11-29',
      hourlyRate: { amount: 8000, currency: 'USD' },
      fundedHours: 10,
      held: { amount: 80_000 },
      remaining: { amount: 80_000 },
      holdStatus: 'held',
      status: 'funded',
    });
    expect(await wallet('client_wallet', client.actor.id)).toBe(120_000);

    // 451 minutes in the week (within the 10 h limit).
    const a = await logTime(freelancer, contract.id, today(), 90);
    const b = await logTime(freelancer, contract.id, today(), 361);

    // Not before the week is over.
    const early = await fails(
      client,
      'bill_hourly_week',
      { contractId: contract.id, week: '2026-W48' },
      'CONFLICT',
    );
    expect(early.message).toContain('can be billed from 2026-11-30');
    env.clock.advance(7 * DAY);

    const gross = 60_133; // floor(451 × 8000 / 60)
    const fee = tieredFee(gross, 0).fee;
    const before = await wallet('freelancer_wallet', freelancer.actor.id);
    const { data: bill, summary: billSummary } = await confirmed<Billed>(client, 'bill_hourly_week', {
      contractId: contract.id,
      week: '2026-W48',
    });
    expect(billSummary).toContain('7 h 31 min × $80.00/h = $601.33');
    expect(billSummary).toContain('$198.67 back to');
    expect(bill).toMatchObject({
      loggedMinutes: 451,
      paidMinutes: 451,
      unpaidMinutes: 0,
      paid: { amount: gross },
      fee: { amount: fee },
      freelancerReceives: { amount: gross - fee },
      refunded: { amount: 80_000 - gross },
      period: { status: 'billed', holdStatus: 'settled', billedMinutes: 451, remaining: { amount: 0 } },
    });
    expect(bill.transfers.map((t) => t.kind)).toEqual(['escrow_release', 'escrow_refund']);
    expect(await wallet('freelancer_wallet', freelancer.actor.id)).toBe(before + gross - fee);
    expect(await wallet('client_wallet', client.actor.id)).toBe(120_000 + 80_000 - gross);
    const logs = await all<{ id: string; status: string }>(
      env.rt.db.reader,
      'SELECT id, status FROM time_logs WHERE contract_id = ? ORDER BY id',
      [contract.id],
    );
    expect(logs.map((l) => l.status)).toEqual(['approved', 'approved']);
    expect(
      await all(
        env.rt.db.reader,
        'SELECT minutes_paid FROM billed_time_logs WHERE time_log_id IN (?, ?) ORDER BY minutes_paid',
        [a.log.id, b.log.id],
      ),
    ).toEqual([{ minutes_paid: 90 }, { minutes_paid: 361 }]);
    // The invoice for the paid part.
    expect(bill.invoice).not.toBeNull();
    expect(
      await one(env.rt.db.reader, 'SELECT source, total_minor, fee_minor FROM invoices WHERE id = ?', [
        bill.invoice!.id,
      ]),
    ).toEqual({ source: 'hourly', total_minor: gross, fee_minor: fee });

    // A retry is a replay; a new request on a billed week is refused.
    const replay = await ok<Billed>(client, 'bill_hourly_week', {
      contractId: contract.id,
      week: '2026-W48',
    });
    expect(replay.paid).toEqual(bill.paid);
    await fails(
      client,
      'bill_hourly_week',
      { contractId: contract.id, week: '2026-W48', idempotencyKey: 'second-bill-attempt' },
      'CONFLICT',
    );
    // Time logged late for the billed week could never be paid: refused, and nothing is written.
    const late = await fails(
      freelancer,
      'log_time',
      { contractId: contract.id, workDate: '2026-11-24', minutes: 30, description: 'Forgot this one' },
      'CONFLICT',
    );
    expect(late.message).toBe('2026-W48 is already billed; time worked that week can no longer be logged.');
    expect(
      await one(env.rt.db.reader, 'SELECT count(*) AS n FROM time_logs WHERE contract_id = ?', [contract.id]),
    ).toEqual({ n: 2 });
    // The week after is open.
    await logTime(freelancer, contract.id, today(), 30);
    expect(await ledgerViolations(env.rt.db.reader)).toEqual([]);
  });

  it('caps pay at the funded hold: minutes beyond it stay unpaid, and admins may bill', async () => {
    const { client, freelancer, contract } = await hire('hourly', { rate: 8000, limit: 10 });
    await deposit(client, 50_000);
    // Only 2 of the 10 hours are funded this week.
    const { summary } = await confirmed<Funded>(client, 'fund_hourly_week', {
      contractId: contract.id,
      week: isoWeekOf(today()),
      hours: 2,
    });
    expect(summary).toContain('Hold $160.00 (2 h × $80.00/h)');
    const week = isoWeekOf(today());
    const first = await logTime(freelancer, contract.id, today(), 60);
    const second = await logTime(freelancer, contract.id, today(), 120);
    env.clock.advance(7 * DAY);

    await fails(freelancer, 'bill_hourly_week', { contractId: contract.id, week }, 'FORBIDDEN');
    const { data: bill, summary: s } = await confirmed<Billed>(admin, 'bill_hourly_week', {
      contractId: contract.id,
      week,
    });
    expect(s).toContain('1 h beyond the funded hold stay unpaid');
    expect(bill).toMatchObject({
      loggedMinutes: 180,
      paidMinutes: 120,
      unpaidMinutes: 60,
      paid: { amount: 16_000 },
      refunded: { amount: 0 },
      period: { unpaidMinutes: 60, status: 'billed' },
      logs: [
        { id: first.log.id, minutesPaid: 60 },
        { id: second.log.id, minutesPaid: 60 },
      ],
    });
    expect(bill.transfers.map((t) => t.kind)).toEqual(['escrow_release']);
    expect(await wallet('client_wallet', client.actor.id)).toBe(50_000 - 16_000);
    expect(await ledgerViolations(env.rt.db.reader)).toEqual([]);
  });

  it('refuses funding and billing out of role, contract, currency or state', async () => {
    const { client, freelancer, contract } = await hire('hourly', { rate: 5000, limit: 5 });
    const week = isoWeekOf(today());
    const other = await makeUser(env.rt, 'client');
    await fails(freelancer, 'fund_hourly_week', { contractId: contract.id, week }, 'FORBIDDEN');
    await fails(admin, 'fund_hourly_week', { contractId: contract.id, week }, 'FORBIDDEN');
    await fails(other, 'fund_hourly_week', { contractId: contract.id, week }, 'FORBIDDEN');
    await fails(other, 'bill_hourly_week', { contractId: contract.id, week }, 'FORBIDDEN');
    await fails(client, 'fund_hourly_week', { contractId: 'ctr_missing', week }, 'NOT_FOUND');
    await fails(
      client,
      'fund_hourly_week',
      { contractId: contract.id, week, currency: 'EUR' },
      'VALIDATION',
      'currency',
    );
    await fails(
      client,
      'fund_hourly_week',
      { contractId: contract.id, week, hours: 6 },
      'VALIDATION',
      'hours',
    );
    await fails(
      client,
      'fund_hourly_week',
      { contractId: contract.id, week: '2026-W60' },
      'VALIDATION',
      'week',
    );
    await fails(
      client,
      'fund_hourly_week',
      { contractId: contract.id, week: '2026-48' },
      'VALIDATION',
      'week',
    );
    await fails(
      client,
      'fund_hourly_week',
      { contractId: contract.id, week: '2026-W40' },
      'VALIDATION',
      'week',
    );
    // No money in the wallet yet.
    const broke = await call(client, 'fund_hourly_week', { contractId: contract.id, week });
    if (broke.ok || broke.error.code !== 'NEEDS_CONFIRMATION') throw new Error('expected confirmation');
    const refused = await env.rt.dispatcher.confirm(client.actor, broke.error.pendingAction!.id, 'test');
    expect(refused).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_FUNDS' } });
    await fails(client, 'bill_hourly_week', { contractId: contract.id, week }, 'CONFLICT');

    await deposit(client, 100_000);
    await confirmed(client, 'fund_hourly_week', {
      contractId: contract.id,
      week,
      idempotencyKey: 'fund-week-once',
    });
    await fails(
      client,
      'fund_hourly_week',
      { contractId: contract.id, week, idempotencyKey: 'fund-week-twice' },
      'CONFLICT',
    );
    // Fixed and retainer contracts are not billed by the week.
    const fixed = await hire('fixed');
    await fails(fixed.client, 'fund_hourly_week', { contractId: fixed.contract.id, week }, 'CONFLICT');
    await fails(fixed.client, 'bill_hourly_week', { contractId: fixed.contract.id, week }, 'CONFLICT');
    // An hourly contract without a weekly limit needs the hours.
    const open = await hire('hourly', { rate: 5000 });
    await fails(
      open.client,
      'fund_hourly_week',
      { contractId: open.contract.id, week },
      'VALIDATION',
      'hours',
    );
    expect(await ledgerViolations(env.rt.db.reader)).toEqual([]);
  });

  it('freezes a disputed week: no bill until an admin splits it, and its time is never billed again', async () => {
    const { client, freelancer, contract } = await hire('hourly', { rate: 6000, limit: 8 });
    await deposit(client, 48_000);
    const week = isoWeekOf(today());
    await confirmed(client, 'fund_hourly_week', { contractId: contract.id, week });
    await logTime(freelancer, contract.id, today(), 300);
    const { data: d } = await confirmed<DisputeView>(client, 'open_dispute', {
      contractId: contract.id,
      period: week,
      reason: 'hours',
      description: 'Five hours for a one-line fix is not credible.',
    });
    expect(d.hold).toMatchObject({ period: week, remaining: { amount: 48_000 }, status: 'disputed' });
    expect(
      await all(env.rt.db.reader, 'SELECT status FROM time_logs WHERE contract_id = ?', [contract.id]),
    ).toEqual([{ status: 'disputed' }]);
    const worked = today();
    const logLate = () =>
      fails(
        freelancer,
        'log_time',
        { contractId: contract.id, workDate: worked, minutes: 60, description: 'More of the same fix' },
        'CONFLICT',
      );
    expect((await logLate()).message).toMatch(/frozen by an open dispute/);
    env.clock.advance(7 * DAY);
    const frozen = await fails(client, 'bill_hourly_week', { contractId: contract.id, week }, 'CONFLICT');
    expect(frozen.message).toMatch(/frozen by an open dispute/);

    const before = await wallet('client_wallet', client.actor.id);
    await confirmed(admin, 'resolve_dispute', {
      disputeId: d.id,
      outcome: 'split',
      freelancerShareBps: 2_500,
      note: 'About a quarter of the time is justified by the commit history.',
    });
    expect(await wallet('client_wallet', client.actor.id)).toBe(before + 36_000);
    expect(
      await one(env.rt.db.reader, 'SELECT status FROM billing_periods WHERE contract_id = ? AND period = ?', [
        contract.id,
        week,
      ]),
    ).toEqual({ status: 'disputed_settled' });
    expect(
      await one(
        env.rt.db.reader,
        'SELECT source FROM billed_time_logs b JOIN time_logs t ON t.id = b.time_log_id WHERE t.contract_id = ?',
        [contract.id],
      ),
    ).toEqual({ source: 'dispute' });
    expect((await logLate()).message).toBe(
      `${week} is already disputed settled; time worked that week can no longer be logged.`,
    );
    await fails(
      client,
      'bill_hourly_week',
      { contractId: contract.id, week, idempotencyKey: 'bill-after-dispute' },
      'CONFLICT',
    );
    expect(await ledgerViolations(env.rt.db.reader)).toEqual([]);
  });
});
