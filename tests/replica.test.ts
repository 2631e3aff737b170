import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerViolations } from '../db/queries/ledger';
import { one } from '../db/sql';
import { SandboxPaymentProvider, setPaymentProvider } from '../payments/index';
import type { Runtime } from '../runtime';
import type { CallResult } from '../tools/dispatcher';
import { makeUser, projectInput, type TestUser } from './support/harness';
import { startTwoNodes, type TwoNodes } from './support/twoNodes';

/**
 * Two API nodes on one libSQL server, as `npm run cluster` runs them: node A talks to the server, node B
 * keeps an embedded replica (a local file synced from the server, writes delegated to it). A write on
 * either is one write on the primary; B reads its own writes at once and A's within its sync period.
 */
describe('an embedded replica node next to a primary node', () => {
  let nodes: TwoNodes;
  let a: Runtime;
  let b: Runtime;
  let client: TestUser;

  beforeAll(async () => {
    nodes = await startTwoNodes();
    ({ a, b } = nodes);
    client = await makeUser(a, 'client');
    setPaymentProvider(new SandboxPaymentProvider());
  }, 60_000);

  afterAll(() => nodes?.close());

  const call = <T>(rt: Runtime, tool: string, input: unknown) =>
    rt.dispatcher.call<T>({ actor: client.actor, channel: 'test', tool, input });
  async function confirmed<T>(rt: Runtime, tool: string, input: unknown): Promise<T> {
    const asked = await call<T>(rt, tool, input);
    if (asked.ok || asked.error.code !== 'NEEDS_CONFIRMATION') throw new Error(JSON.stringify(asked));
    const done: CallResult<T> = await rt.dispatcher.confirm<T>(
      client.actor,
      asked.error.pendingAction!.id,
      'test',
    );
    if (!done.ok) throw new Error(JSON.stringify(done.error));
    return done.data;
  }

  async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const v = await read();
      if (ok(v) || Date.now() > deadline) return v;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('node B writes through to the primary and reads its own write at once', async () => {
    const created = await call<{ id: string }>(b, 'create_project', projectInput());
    if (!created.ok) throw new Error(created.error.message);
    const id = created.data.id;
    const onA = await one(a.db.reader, 'SELECT title FROM projects WHERE id = ?', [id]);
    expect(onA).toMatchObject({ title: projectInput().title });
    const onB = await call<{ id: string }>(b, 'get_project', { projectId: id });
    expect(onB.ok).toBe(true);
  });

  it("node B sees node A's writes within its sync period", async () => {
    // The same SQL before and after: B's cached statement must see the pulled rows too.
    const countOnB = async () =>
      Number((await one<{ n: number }>(b.db.reader, 'SELECT count(*) AS n FROM projects'))?.n);
    const before = await countOnB();
    const created = await call<{ id: string }>(a, 'create_project', projectInput({ title: 'Made on A' }));
    if (!created.ok) throw new Error(created.error.message);
    const seen = await eventually(
      () => one(b.db.reader, 'SELECT title FROM projects WHERE id = ?', [created.data.id]),
      (r) => r !== undefined,
    );
    expect(seen).toMatchObject({ title: 'Made on A' });
    expect(await eventually(countOnB, (n) => n === before + 1)).toBe(before + 1);
  });

  it('money moved on both nodes lands once on the primary, and the ledger holds', async () => {
    const key = `dep-${Date.now()}`;
    await confirmed(b, 'deposit', { amount: { amount: 10_000, currency: 'USD' }, idempotencyKey: key });
    await confirmed(a, 'deposit', { amount: { amount: 5_000, currency: 'USD' }, idempotencyKey: `${key}-a` });
    // The same key again, on the other node: a replay, nothing moves.
    const replay = await call(a, 'deposit', {
      amount: { amount: 10_000, currency: 'USD' },
      idempotencyKey: key,
    });
    expect(replay.ok).toBe(true);
    const balance = await eventually(
      async () => {
        const r = await call<{ balances: { currency: string; available: { amount: number } }[] }>(
          b,
          'wallet_balance',
          {},
        );
        return r.ok ? (r.data.balances.find((l) => l.currency === 'USD')?.available.amount ?? 0) : -1;
      },
      (n) => n === 15_000,
    );
    expect(balance).toBe(15_000);
    expect(await ledgerViolations(a.db.reader)).toEqual([]);
  });
});
