import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setFlagEnabled } from '../../db/queries/flags';
import { ledgerViolations } from '../../db/queries/ledger';
import { resolvePayout, settlePayment } from '../../db/queries/payments';
import { all, one } from '../../db/sql';
import { SandboxPaymentProvider, setPaymentProvider } from '../../payments/index';
import type { CallResult } from '../../tools/dispatcher';
import type { ErrorCode } from '../../tools/errors';
import { BACKENDS, makeUser, type TestEnv, type TestUser, testEnv } from '../support/harness';

type Amount = { amount: number; currency: string; display: string };
type Deposit = {
  paymentId: string;
  provider: string;
  status: 'succeeded' | 'pending';
  amount: Amount;
  credited: boolean;
  transferId: string | null;
  balance: Amount;
};
type Balances = {
  balances: { currency: string; available: Amount; inEscrow: Amount; pendingPayouts: Amount }[];
};
type Withdrawal = {
  payout: { id: string; status: string; amount: Amount; transferId: string };
  balance: Amount;
};
type History = {
  total: number;
  nextOffset: number | null;
  transactions: {
    transferId: string;
    kind: string;
    amount: Amount;
    description: string;
    counterpart: string;
    reference: { kind: string; id: string } | null;
  }[];
};

const usd = (amount: number) => ({ amount, currency: 'USD' });

describe.each(BACKENDS)('wallet tools on %s', (backend) => {
  let env: TestEnv;
  let sandbox: SandboxPaymentProvider;
  beforeAll(async () => {
    env = await testEnv(backend);
  });
  beforeEach(() => {
    sandbox = new SandboxPaymentProvider({ timeoutMs: 2_000 });
    setPaymentProvider(sandbox);
  });
  afterAll(async () => {
    await env.close();
  });

  const call = <T>(user: TestUser, tool: string, input: unknown) =>
    env.rt.dispatcher.call<T>({ actor: user.actor, channel: 'test', tool, input });

  /** Asks, then confirms as the same person, as a channel does when they press Confirm. */
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
  async function refused(res: CallResult, code: ErrorCode) {
    expect(res.ok, `should fail with ${code}`).toBe(false);
    if (res.ok) throw new Error('unreachable');
    expect(res.error.code, res.error.message).toBe(code);
    return res.error;
  }
  async function pending(user: TestUser, tool: string, input: unknown) {
    const res = await call(user, tool, input);
    const error = await refused(res, 'NEEDS_CONFIRMATION');
    return { id: error.pendingAction!.id, summary: error.message };
  }
  const confirm = <T>(user: TestUser, id: string) => env.rt.dispatcher.confirm<T>(user.actor, id, 'test');

  async function available(user: TestUser, currency = 'USD'): Promise<number> {
    const b = await ok<Balances>(user, 'wallet_balance', {});
    return b.balances.find((l) => l.currency === currency)?.available.amount ?? 0;
  }
  const count = async (sql: string, args: string[] = []) =>
    Number((await one<{ n: number }>(env.rt.db.reader, `SELECT count(*) AS n FROM ${sql}`, args))?.n);
  const sound = async () => expect(await ledgerViolations(env.rt.db.reader)).toEqual([]);

  it('deposits only once the person confirms, then credits the wallet from the provider', async () => {
    const client = await makeUser(env.rt, 'client');
    const asked = await pending(client, 'deposit', { amount: usd(100_000) });
    expect(asked.summary).toBe(
      'Deposit $1,000.00 into your USD wallet (balance $0.00), charged through sandbox',
    );
    // Nothing moves while the action waits: no charge, no credit.
    expect(await available(client)).toBe(0);
    expect(sandbox.charges()).toHaveLength(0);

    const res = await confirm<Deposit>(client, asked.id);
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.data).toMatchObject({
      provider: 'sandbox',
      status: 'succeeded',
      credited: true,
      amount: { amount: 100_000, currency: 'USD', display: '$1,000.00' },
      balance: { amount: 100_000, currency: 'USD' },
    });
    expect(res.data.paymentId).toBe(sandbox.charges()[0]?.paymentId);
    expect(await ok<Balances>(client, 'wallet_balance', {})).toEqual({
      balances: [
        {
          currency: 'USD',
          available: { amount: 100_000, currency: 'USD', display: '$1,000.00' },
          inEscrow: { amount: 0, currency: 'USD', display: '$0.00' },
          pendingPayouts: { amount: 0, currency: 'USD', display: '$0.00' },
        },
      ],
    });
    expect(sandbox.totalCharged(client.actor.id, 'USD')).toBe(100_000);
    const transfer = await one(
      env.rt.db.reader,
      'SELECT kind, amount_minor, ref_kind FROM ledger_transfers WHERE id = ?',
      [res.data.transferId!],
    );
    expect(transfer).toEqual({ kind: 'deposit', amount_minor: 100_000, ref_kind: 'payment' });
    await sound();
  });

  it('replays a deposit with the same key: one charge, one credit, the same receipt', async () => {
    const client = await makeUser(env.rt, 'client');
    const input = { amount: usd(25_000), idempotencyKey: 'deposit-key-0001' };
    const first = await pending(client, 'deposit', input);
    const second = await pending(client, 'deposit', input);
    const a = await confirm<Deposit>(client, first.id);
    const b = await confirm<Deposit>(client, second.id);
    expect(a.ok && b.ok).toBe(true);
    expect(b).toEqual(a);
    // Asking again after the receipt exists answers at once, with no new pending action.
    expect(await call(client, 'deposit', input)).toEqual(a);
    expect(await available(client)).toBe(25_000);
    expect(sandbox.charges()).toHaveLength(1);
    expect(await count('payments WHERE user_id = ?', [client.actor.id])).toBe(1);

    // The same key for another amount is refused, and nothing else happens.
    const other = await call(client, 'deposit', { amount: usd(30_000), idempotencyKey: 'deposit-key-0001' });
    expect((await refused(other, 'CONFLICT')).message).toMatch(/already used for a different deposit/);
    expect(await available(client)).toBe(25_000);

    // Without a key, the same request is a retry too (the key is derived); a new key deposits again.
    const derived = await ok<Deposit>(client, 'deposit', { amount: usd(5_000) });
    expect(await call(client, 'deposit', { amount: usd(5_000) })).toEqual({ ok: true, data: derived });
    await ok<Deposit>(client, 'deposit', { amount: usd(5_000), idempotencyKey: 'deposit-key-0002' });
    expect(await available(client)).toBe(35_000);
    expect(sandbox.totalCharged(client.actor.id, 'USD')).toBe(35_000);
    await sound();
  });

  it('credits nothing when the provider declines, and lets the same key try again', async () => {
    const client = await makeUser(env.rt, 'client');
    const transfersBefore = await count('ledger_transfers');
    sandbox.next('fail');
    const input = { amount: usd(40_000), idempotencyKey: 'declined-key-01' };
    const error = await refused(await confirmed(client, 'deposit', input), 'INSUFFICIENT_FUNDS');
    expect(error.message).toMatch(/declined the charge \(card_declined\); nothing was credited/);
    expect(error.details).toMatchObject({ provider: 'sandbox', reason: 'card_declined' });
    expect(await available(client)).toBe(0);
    expect(await count('payments WHERE user_id = ?', [client.actor.id])).toBe(0);
    expect(await count('ledger_transfers')).toBe(transfersBefore);

    const retry = await ok<Deposit>(client, 'deposit', input);
    expect(retry).toMatchObject({ status: 'succeeded', credited: true });
    expect(await available(client)).toBe(40_000);
    await sound();
  });

  it('survives a provider timeout: nothing credited, and the retry with the same key charges once', async () => {
    const client = await makeUser(env.rt, 'client');
    sandbox.timeoutMs = 50;
    sandbox.next('timeout');
    const input = { amount: usd(70_000), idempotencyKey: 'timeout-key-0001' };
    const error = await refused(await confirmed(client, 'deposit', input), 'INTERNAL');
    expect(error.message).toMatch(/did not answer in time; nothing was credited/);
    expect(error.details).toMatchObject({ reason: 'provider_timeout', retryable: true });
    // The provider did take the money; the marketplace has not credited it yet.
    expect(sandbox.totalCharged(client.actor.id, 'USD')).toBe(70_000);
    expect(await available(client)).toBe(0);
    expect(await count('payments WHERE user_id = ?', [client.actor.id])).toBe(0);

    const retry = await ok<Deposit>(client, 'deposit', input);
    expect(retry).toMatchObject({
      status: 'succeeded',
      credited: true,
      paymentId: sandbox.charges()[0]?.paymentId,
    });
    expect(sandbox.charges()).toHaveLength(1);
    expect(sandbox.totalCharged(client.actor.id, 'USD')).toBe(70_000);
    expect(await available(client)).toBe(70_000);
    await sound();
  });

  it('refuses cleanly when the provider is down', async () => {
    const client = await makeUser(env.rt, 'client');
    sandbox.next('unavailable');
    const error = await refused(await confirmed(client, 'deposit', { amount: usd(1_000) }), 'INTERNAL');
    expect(error.details).toMatchObject({ reason: 'provider_unavailable' });
    expect(await available(client)).toBe(0);
  });

  it('credits a payment the provider reports twice only once', async () => {
    const client = await makeUser(env.rt, 'client');
    const first = await ok<Deposit>(client, 'deposit', {
      amount: usd(12_000),
      idempotencyKey: 'dup-key-00001',
    });
    sandbox.next('duplicate');
    const second = await ok<Deposit>(client, 'deposit', {
      amount: usd(12_000),
      idempotencyKey: 'dup-key-00002',
    });
    expect(second).toMatchObject({
      paymentId: first.paymentId,
      status: 'succeeded',
      credited: false,
      transferId: first.transferId,
      balance: { amount: 12_000 },
    });
    expect(await available(client)).toBe(12_000);
    expect(
      await count('payments WHERE provider = ? AND provider_payment_id = ?', ['sandbox', first.paymentId]),
    ).toBe(1);

    // The same payment id reported for another customer is a conflict, not a credit.
    const other = await makeUser(env.rt, 'client');
    sandbox.next('duplicate');
    const res = await confirmed(other, 'deposit', { amount: usd(12_000), idempotencyKey: 'dup-key-00003' });
    expect((await refused(res, 'CONFLICT')).details).toMatchObject({ paymentId: first.paymentId });
    expect(await available(other)).toBe(0);
    await sound();
  });

  it('records a pending charge without crediting it, and credits it once when it settles', async () => {
    const client = await makeUser(env.rt, 'client');
    sandbox.next('pending');
    const res = await ok<Deposit>(client, 'deposit', { amount: usd(9_900) });
    expect(res).toMatchObject({
      status: 'pending',
      credited: false,
      transferId: null,
      balance: { amount: 0 },
    });
    expect(await available(client)).toBe(0);

    sandbox.settle(res.paymentId);
    const settled = await env.rt.db.write((tx) =>
      settlePayment(tx, {
        provider: 'sandbox',
        providerPaymentId: res.paymentId,
        status: 'succeeded',
        now: new Date(),
      }),
    );
    expect(settled.payment.status).toBe('succeeded');
    expect(await available(client)).toBe(9_900);
    await expect(
      env.rt.db.write((tx) =>
        settlePayment(tx, {
          provider: 'sandbox',
          providerPaymentId: res.paymentId,
          status: 'succeeded',
          now: new Date(),
        }),
      ),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await available(client)).toBe(9_900);
    await sound();
  });

  it('refuses deposits to anyone but clients and malformed amounts', async () => {
    const freelancer = await makeUser(env.rt, 'freelancer');
    const admin = await makeUser(env.rt, 'admin');
    const client = await makeUser(env.rt, 'client');
    await refused(await call(freelancer, 'deposit', { amount: usd(1_000) }), 'FORBIDDEN');
    await refused(await call(admin, 'deposit', { amount: usd(1_000) }), 'FORBIDDEN');
    await refused(await call(client, 'deposit', { amount: usd(0) }), 'VALIDATION');
    await refused(await call(client, 'deposit', { amount: { amount: 10.5, currency: 'USD' } }), 'VALIDATION');
    await refused(await call(client, 'deposit', { amount: { amount: 100, currency: 'usd' } }), 'VALIDATION');
    expect(sandbox.charges()).toHaveLength(0);
  });

  it('withdraws into a payout request, and refuses more than the wallet holds with nothing written', async () => {
    const client = await makeUser(env.rt, 'client');
    await ok<Deposit>(client, 'deposit', { amount: usd(50_000) });

    const asked = await pending(client, 'withdraw', { amount: usd(20_000) });
    expect(asked.summary).toBe(
      'Withdraw $200.00 from your USD wallet (balance $500.00) to your payout account',
    );
    expect(await available(client)).toBe(50_000);
    const res = await confirm<Withdrawal>(client, asked.id);
    if (!res.ok) throw new Error(res.error.message);
    expect(res.data).toMatchObject({
      payout: { status: 'requested', amount: { amount: 20_000, currency: 'USD' } },
      balance: { amount: 30_000 },
    });
    const [line] = (await ok<Balances>(client, 'wallet_balance', {})).balances;
    expect(line).toMatchObject({ available: { amount: 30_000 }, pendingPayouts: { amount: 20_000 } });

    const transfers = await count('ledger_transfers');
    const payouts = await count('payout_requests');
    const error = await refused(
      await confirmed(client, 'withdraw', { amount: usd(30_001) }),
      'INSUFFICIENT_FUNDS',
    );
    expect(error.message).toBe('Not enough funds: $300.00 available, $300.01 needed.');
    expect(await count('ledger_transfers')).toBe(transfers);
    expect(await count('payout_requests')).toBe(payouts);
    expect(await available(client)).toBe(30_000);

    // A freelancer with an empty wallet, in a currency they never held: refused, no account created.
    const freelancer = await makeUser(env.rt, 'freelancer');
    await refused(
      await confirmed(freelancer, 'withdraw', { amount: { amount: 100, currency: 'EUR' } }),
      'INSUFFICIENT_FUNDS',
    );
    expect(await count('ledger_accounts WHERE owner_id = ?', [freelancer.actor.id])).toBe(0);
    await refused(await call(await makeUser(env.rt, 'admin'), 'withdraw', { amount: usd(1) }), 'FORBIDDEN');

    // A payout the provider returns goes back to the wallet by a new transfer.
    await env.rt.db.write((tx) =>
      resolvePayout(tx, {
        payoutId: res.data.payout.id,
        outcome: 'failed',
        reason: 'account closed',
        now: new Date(),
      }),
    );
    const [after] = (await ok<Balances>(client, 'wallet_balance', {})).balances;
    expect(after).toMatchObject({ available: { amount: 50_000 }, pendingPayouts: { amount: 0 } });
    await expect(
      env.rt.db.write((tx) =>
        resolvePayout(tx, { payoutId: res.data.payout.id, outcome: 'paid', now: new Date() }),
      ),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await sound();
  });

  it('lists the wallet history newest first, signed for the caller, paged', async () => {
    const client = await makeUser(env.rt, 'client');
    const dep = await ok<Deposit>(client, 'deposit', { amount: usd(10_000) });
    const out = await ok<Withdrawal>(client, 'withdraw', { amount: usd(2_500) });
    await ok<Deposit>(client, 'deposit', { amount: usd(1_000), idempotencyKey: 'history-key-02' });

    const page1 = await ok<History>(client, 'transaction_history', { limit: 2 });
    expect(page1.total).toBe(3);
    expect(page1.nextOffset).toBe(2);
    expect(page1.transactions.map((t) => [t.kind, t.amount.amount])).toEqual([
      ['deposit', 1_000],
      ['withdrawal', -2_500],
    ]);
    expect(page1.transactions[1]).toMatchObject({
      transferId: out.payout.transferId,
      counterpart: 'your payout account',
      reference: { kind: 'payout', id: out.payout.id },
      amount: { display: '-$25.00' },
    });
    const page2 = await ok<History>(client, 'transaction_history', { limit: 2, offset: 2 });
    expect(page2.nextOffset).toBeNull();
    expect(page2.transactions).toEqual([
      expect.objectContaining({
        transferId: dep.transferId,
        kind: 'deposit',
        counterpart: 'sandbox',
        description: `Deposit via sandbox (payment ${dep.paymentId})`,
        reference: expect.objectContaining({ kind: 'payment' }),
      }),
    ]);
    // Someone else's history is their own.
    const other = await makeUser(env.rt, 'client');
    expect(await ok<History>(other, 'transaction_history', {})).toEqual({
      total: 0,
      nextOffset: null,
      transactions: [],
    });
    const admin = await makeUser(env.rt, 'admin');
    await refused(await call(admin, 'transaction_history', {}), 'FORBIDDEN');
    await refused(await call(admin, 'wallet_balance', {}), 'FORBIDDEN');
  });

  it('stores one payout schedule per currency, for freelancers only', async () => {
    const freelancer = await makeUser(env.rt, 'freelancer');
    // The test clock is Monday 2026-11-23: weekly starts next Monday, monthly on the 1st.
    const weekly = await ok(freelancer, 'set_payout_schedule', {
      frequency: 'weekly',
      minimumAmount: usd(5_000),
    });
    expect(weekly).toMatchObject({
      currency: 'USD',
      frequency: 'weekly',
      minimumAmount: { amount: 5_000, display: '$50.00' },
      nextPayoutOn: '2026-11-30',
    });
    const monthly = await ok(freelancer, 'set_payout_schedule', {
      frequency: 'monthly',
      minimumAmount: usd(0),
    });
    expect(monthly).toMatchObject({ frequency: 'monthly', nextPayoutOn: '2026-12-01' });
    await ok(freelancer, 'set_payout_schedule', {
      frequency: 'biweekly',
      minimumAmount: { amount: 2_000, currency: 'EUR' },
    });
    expect(
      await all(
        env.rt.db.reader,
        'SELECT currency, frequency, minimum_minor FROM payout_schedules WHERE user_id = ? ORDER BY currency',
        [freelancer.actor.id],
      ),
    ).toEqual([
      { currency: 'EUR', frequency: 'biweekly', minimum_minor: 2_000 },
      { currency: 'USD', frequency: 'monthly', minimum_minor: 0 },
    ]);
    const client = await makeUser(env.rt, 'client');
    await refused(
      await call(client, 'set_payout_schedule', { frequency: 'weekly', minimumAmount: usd(1) }),
      'FORBIDDEN',
    );
    await refused(
      await call(freelancer, 'set_payout_schedule', { frequency: 'daily', minimumAmount: usd(1) }),
      'VALIDATION',
    );
  });

  it('with kyc_required_for_withdrawal on, refuses an unverified withdrawal before asking, and lets a verified one through', async () => {
    const admin = await makeUser(env.rt, 'admin');
    const client = await makeUser(env.rt, 'client');
    await ok<Deposit>(client, 'deposit', { amount: usd(5_000) });
    const flag = (on: boolean) =>
      env.rt.db.write((tx) =>
        setFlagEnabled(tx, 'kyc_required_for_withdrawal', on, admin.actor.id, new Date().toISOString()),
      );
    await flag(true);
    try {
      const pendingBefore = await count('pending_actions');
      const error = await refused(await call(client, 'withdraw', { amount: usd(1_000) }), 'FORBIDDEN');
      expect(error.message).toMatch(/verified identity/);
      expect(await count('pending_actions')).toBe(pendingBefore);

      const submitted = await call<{ verification: { id: string } }>(client, 'submit_verification', {
        kind: 'individual',
        evidenceKind: 'passport',
        issuingCountry: 'gb',
        documentSecret: `P ${client.actor.id}`,
      });
      if (!submitted.ok) throw new Error(submitted.error.message);
      const review = await ok(admin, 'review_verification', {
        verificationId: submitted.data.verification.id,
        decision: 'approve',
      });
      expect(review).toBeTruthy();
      await ok<Withdrawal>(client, 'withdraw', { amount: usd(1_000) });
      expect(await available(client)).toBe(4_000);
    } finally {
      await flag(false);
    }
  });
});
