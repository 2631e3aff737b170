import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { walletBalance } from '../../db/queries/payments';
import { all, one } from '../../db/sql';
import { SandboxPaymentProvider, setPaymentProvider } from '../../payments/index';
import type { CallResult } from '../../tools/dispatcher';
import { providerKeyFor } from '../../tools/money/deposit';
import { setRiskThresholds } from '../../trust/risk/policy';
import { BACKENDS, makeUser, projectInput, type TestEnv, type TestUser, testEnv } from '../support/harness';

const usd = (amount: number) => ({ amount, currency: 'USD' });

/** The payment provider is called with no database transaction open (tools/money/deposit.ts `outside`). */
describe.each(BACKENDS)('a deposit waiting on its provider, on %s', (backend) => {
  let env: TestEnv;
  let sandbox: SandboxPaymentProvider;
  let payer: TestUser;
  let other: TestUser;
  beforeAll(async () => {
    env = await testEnv(backend);
    payer = await makeUser(env.rt, 'client');
    other = await makeUser(env.rt, 'client');
  });
  beforeEach(() => {
    sandbox = new SandboxPaymentProvider({ timeoutMs: 1_600 });
    setPaymentProvider(sandbox);
  });
  afterAll(async () => {
    await env.close();
  });

  const ask = async (user: TestUser, input: unknown) => {
    const res = await env.rt.dispatcher.call({ actor: user.actor, channel: 'test', tool: 'deposit', input });
    if (res.ok || !res.error.pendingAction) throw new Error(`deposit was not held: ${JSON.stringify(res)}`);
    return res.error.pendingAction.id;
  };
  const confirm = (user: TestUser, id: string) =>
    env.rt.dispatcher.confirm<{ credited: boolean; balance: { amount: number } }>(user.actor, id, 'test');
  const wallet = () => walletBalance(env.rt.db.reader, payer.actor.id, 'client_wallet', 'USD');
  const status = async (id: string) =>
    (await one<{ status: string }>(env.rt.db.reader, 'SELECT status FROM pending_actions WHERE id = ?', [id]))
      ?.status;

  it('does not hold other people’s writes while the provider is slow', async () => {
    sandbox.next('slow'); // answers after 800 ms
    // The provider's answer, as the deposit sees it: the other write must land before it, not after.
    let answered = false;
    const charge = sandbox.charge.bind(sandbox);
    sandbox.charge = (req) =>
      charge(req).then((r) => {
        answered = true;
        return r;
      });
    const id = await ask(payer, { amount: usd(5_000), idempotencyKey: 'slow-deposit-1' });
    let depositDone = false;
    const deposit = confirm(payer, id).then((r) => {
      depositDone = true;
      return r;
    });
    while (sandbox.charges().length === 0) await new Promise((r) => setTimeout(r, 5));
    const created = await env.rt.dispatcher.call({
      actor: other.actor,
      channel: 'test',
      tool: 'create_project',
      input: projectInput(),
    });
    expect(created.ok, JSON.stringify(created)).toBe(true);
    expect(answered, 'the other write waited for the provider').toBe(false);
    expect(depositDone, 'the other write finished after the deposit').toBe(false);
    const res = await deposit;
    expect(answered).toBe(true);
    expect(res.ok && res.data.credited).toBe(true);
    expect(await status(id)).toBe('executed');
  });

  it('refuses a Cancel and a second Confirm once the charge has started, and credits it once', async () => {
    sandbox.next('slow');
    const id = await ask(payer, { amount: usd(7_000), idempotencyKey: 'slow-deposit-2' });
    const before = await wallet();
    const first = confirm(payer, id);
    await new Promise((r) => setTimeout(r, 100));
    const cancel = await env.rt.dispatcher.cancel(payer.actor, id, 'test');
    const again = await confirm(payer, id);
    for (const r of [cancel, again] as CallResult[]) {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('CONFLICT');
    }
    const res = await first;
    expect(res.ok && res.data.balance.amount).toBe(before + 7_000);
    expect(await status(id)).toBe('executed');
    expect(sandbox.charges()).toHaveLength(1);
  });

  it('charges nothing when the fraud check blocks the deposit at confirm time', async () => {
    const id = await ask(payer, { amount: usd(4_000), idempotencyKey: 'blocked-deposit' });
    setRiskThresholds({ blockAbove: -1, reviewFrom: 0 }); // every account is blocked
    try {
      const res = await confirm(payer, id);
      expect(res.ok).toBe(false);
      if (!res.ok) expect(res.error.code).toBe('BLOCKED_BY_RISK');
    } finally {
      setRiskThresholds(undefined);
    }
    expect(sandbox.charges()).toHaveLength(0);
    expect(await status(id)).toBe('failed');
  });

  it('fails the action when the provider times out, and the same key then credits that charge once', async () => {
    sandbox.next('timeout');
    const input = { amount: usd(3_000), idempotencyKey: 'slow-deposit-3' };
    const id = await ask(payer, input);
    const timedOut = await confirm(payer, id);
    expect(timedOut.ok).toBe(false);
    if (!timedOut.ok) expect(timedOut.error.code).toBe('INTERNAL');
    expect(await status(id)).toBe('failed');
    // The charge was real: asking again with the same key reports that payment, credited once.
    const retry = await confirm(payer, await ask(payer, input));
    expect(retry.ok && retry.data.credited).toBe(true);
    expect(sandbox.charges()).toHaveLength(1);
  });

  it('finishes a deposit whose process stopped after the charge: credited once, not charged again', async () => {
    const before = await wallet();
    const id = await ask(payer, { amount: usd(2_500), idempotencyKey: 'crashed-deposit' });
    // What the dying process did: the action's first write, ten minutes ago, and the provider's charge.
    const then = new Date(env.clock.now().getTime() - 10 * 60_000);
    await env.rt.db.write((tx) => env.rt.dispatcher.pending.start(tx, id, payer.actor, then));
    await sandbox.charge({
      amount: 2_500,
      currency: 'USD',
      idempotencyKey: providerKeyFor(payer.actor.id, 'crashed-deposit'),
      customerId: payer.actor.id,
    });
    // One started just now is still in flight somewhere: left alone.
    const fresh = await ask(payer, { amount: usd(1_000), idempotencyKey: 'in-flight-deposit' });
    await env.rt.db.write((tx) => env.rt.dispatcher.pending.start(tx, fresh, payer.actor, env.clock.now()));
    expect(await wallet()).toBe(before);

    expect(await env.rt.dispatcher.resumeAbandoned()).toBe(1);
    expect(await wallet()).toBe(before + 2_500);
    expect(await status(id)).toBe('executed');
    expect(await status(fresh)).toBe('pending');
    expect(sandbox.charges()).toHaveLength(1);
    expect(await env.rt.dispatcher.resumeAbandoned()).toBe(0);
    expect(await wallet()).toBe(before + 2_500);
    await env.rt.dispatcher.flush();
    const audit = await all<{ tool: string; actor_id: string; outcome: string }>(
      env.rt.db.reader,
      "SELECT tool, actor_id, outcome FROM audit_log WHERE pending_action_id = ? AND channel = 'resume'",
      [id],
    );
    expect(audit).toEqual([{ tool: 'deposit', actor_id: payer.actor.id, outcome: 'OK' }]);
  });

  it('resumes an abandoned deposit whose key was credited since as a replay: executed, nothing moved', async () => {
    const input = { amount: usd(1_500), idempotencyKey: 'abandoned-then-retried' };
    const abandoned = await ask(payer, input);
    const then = new Date(env.clock.now().getTime() - 10 * 60_000);
    await env.rt.db.write((tx) => env.rt.dispatcher.pending.start(tx, abandoned, payer.actor, then));
    // The person asked again with the same key and confirmed: charged and credited once.
    const retried = await confirm(payer, await ask(payer, input));
    expect(retried.ok && retried.data.credited).toBe(true);
    const before = await wallet();

    expect(await env.rt.dispatcher.resumeAbandoned()).toBe(1);
    expect(await status(abandoned)).toBe('executed');
    expect(await wallet()).toBe(before);
    expect(sandbox.charges()).toHaveLength(1);
    expect(await env.rt.dispatcher.resumeAbandoned()).toBe(0);
  });
});
