import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Executor } from '../db/client';
import { newId } from '../db/ids';
import { getHold, openHold, refundHold, releaseHold, setHoldDisputed } from '../db/queries/holds';
import { accountBalance, accountFor, ledgerViolations, postTransfer } from '../db/queries/ledger';
import { all, run } from '../db/sql';
import { BACKENDS, makeUser, type TestEnv, type TestUser, testEnv } from './support/harness';

const now = new Date('2026-11-23T12:00:00Z');

async function contractBetween(tx: Executor, client: TestUser, freelancer: TestUser): Promise<string> {
  const projectId = newId('prj');
  const contractId = newId('ctr');
  const at = now.toISOString();
  await run(
    tx,
    `INSERT INTO projects (id, client_id, title, description, category, pricing, budget_min_minor, budget_max_minor, currency, status, created_at, updated_at)
     VALUES (?, ?, 'Ledger test', 'A project for ledger tests', 'web-development', 'fixed', 0, 100000, 'USD', 'in_progress', ?, ?)`,
    [projectId, client.actor.id, at, at],
  );
  await run(
    tx,
    `INSERT INTO contracts (id, project_id, client_id, freelancer_id, kind, amount_minor, currency, status, started_at)
     VALUES (?, ?, ?, ?, 'fixed', 100000, 'USD', 'active', ?)`,
    [contractId, projectId, client.actor.id, freelancer.actor.id, at],
  );
  return contractId;
}

describe.each(BACKENDS)('ledger on %s', (backend) => {
  let env: TestEnv;
  let client: TestUser;
  let freelancer: TestUser;
  beforeAll(async () => {
    env = await testEnv(backend);
    client = await makeUser(env.rt, 'client');
    freelancer = await makeUser(env.rt, 'freelancer');
  });
  afterAll(async () => {
    await env.close();
  });

  const deposit = (amount: number) =>
    env.rt.db.write(async (tx) => {
      const ext = await accountFor(tx, 'external_in', 'sandbox', 'USD', now);
      const wallet = await accountFor(tx, 'client_wallet', client.actor.id, 'USD', now);
      return postTransfer(tx, {
        kind: 'deposit',
        currency: 'USD',
        legs: [
          { account: ext, amount: -amount },
          { account: wallet, amount },
        ],
        now,
      });
    });

  it('funds a hold, releases part with a fee, refunds the rest, and resolves no further', async () => {
    await deposit(50_000);
    const contractId = await env.rt.db.write((tx) => contractBetween(tx, client, freelancer));
    const { hold } = await env.rt.db.write((tx) =>
      openHold(tx, {
        contractId,
        clientId: client.actor.id,
        freelancerId: freelancer.actor.id,
        currency: 'USD',
        amount: 30_000,
        actorId: client.actor.id,
        now,
      }),
    );
    const wallet = await env.rt.db.write((tx) =>
      accountFor(tx, 'client_wallet', client.actor.id, 'USD', now),
    );
    expect(await accountBalance(env.rt.db.reader, wallet)).toBe(20_000);

    const released = await env.rt.db.write((tx) =>
      releaseHold(tx, { holdId: hold.id, amount: 10_000, fee: 1_000, actorId: client.actor.id, now }),
    );
    expect(released).toMatchObject({
      net: 9_000,
      fee: 1_000,
      hold: { status: 'held', released_minor: 10_000 },
    });
    const refunded = await env.rt.db.write((tx) =>
      refundHold(tx, { holdId: hold.id, amount: 20_000, actorId: client.actor.id, now }),
    );
    expect(refunded.hold).toMatchObject({ status: 'settled', refunded_minor: 20_000 });
    expect(await accountBalance(env.rt.db.reader, wallet)).toBe(40_000);

    await expect(
      env.rt.db.write((tx) => refundHold(tx, { holdId: hold.id, amount: 1, actorId: client.actor.id, now })),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await ledgerViolations(env.rt.db.reader)).toEqual([]);
  });

  it('refuses to overdraw a wallet, and freezes a disputed hold', async () => {
    const contractId = await env.rt.db.write((tx) => contractBetween(tx, client, freelancer));
    await expect(
      env.rt.db.write((tx) =>
        openHold(tx, {
          contractId,
          clientId: client.actor.id,
          freelancerId: freelancer.actor.id,
          currency: 'USD',
          amount: 10_000_000,
          actorId: client.actor.id,
          now,
        }),
      ),
    ).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
    const { hold } = await env.rt.db.write((tx) =>
      openHold(tx, {
        contractId,
        clientId: client.actor.id,
        freelancerId: freelancer.actor.id,
        currency: 'USD',
        amount: 5_000,
        actorId: client.actor.id,
        now,
      }),
    );
    await env.rt.db.write((tx) => setHoldDisputed(tx, hold.id, true));
    await expect(
      env.rt.db.write((tx) =>
        releaseHold(tx, { holdId: hold.id, amount: 5_000, fee: 0, actorId: client.actor.id, now }),
      ),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await getHold(env.rt.db.reader, hold.id))?.status).toBe('disputed');
    expect(await ledgerViolations(env.rt.db.reader)).toEqual([]);
  });

  it('lets the schema itself refuse unbalanced, edited or deleted history', async () => {
    const wallet = await env.rt.db.write((tx) =>
      accountFor(tx, 'client_wallet', client.actor.id, 'USD', now),
    );
    await expect(
      env.rt.db.write(async (tx) => {
        await tx.execute({
          sql: 'INSERT INTO ledger_entries (transfer_id, account_id, amount_minor, currency) VALUES (?, ?, ?, ?)',
          args: ['trf_bad', wallet, 500, 'USD'],
        });
        await tx.execute({
          sql: "INSERT INTO ledger_transfers (id, kind, currency, amount_minor, created_at) VALUES ('trf_bad', 'adjustment', 'USD', 500, 'x')",
          args: [],
        });
      }),
    ).rejects.toThrow(/at least two entries/);
    // Each rule of the transfer's trigger on its own: balanced entries in another currency, and two entries
    // that do not sum to zero.
    const eur = await env.rt.db.write((tx) => accountFor(tx, 'client_wallet', client.actor.id, 'EUR', now));
    const bad = (id: string, legs: [string, number, string][], currency = 'USD') =>
      env.rt.db.write(async (tx) => {
        for (const [account, amount, cur] of legs)
          await run(
            tx,
            'INSERT INTO ledger_entries (transfer_id, account_id, amount_minor, currency) VALUES (?, ?, ?, ?)',
            [id, account, amount, cur],
          );
        await run(
          tx,
          "INSERT INTO ledger_transfers (id, kind, currency, amount_minor, created_at) VALUES (?, 'adjustment', ?, 5, 'x')",
          [id, currency],
        );
      });
    await expect(
      bad('trf_bad2', [
        [wallet, 5, 'USD'],
        [eur, -4, 'USD'],
      ]),
    ).rejects.toThrow(/must sum to zero/);
    await expect(
      bad('trf_bad3', [
        [wallet, 5, 'USD'],
        [eur, -5, 'USD'],
      ]),
    ).rejects.toThrow(/in the transfer currency/);
    await expect(
      env.rt.db.write((tx) => tx.execute('UPDATE ledger_entries SET amount_minor = 1')),
    ).rejects.toThrow(/immutable/);
    await expect(env.rt.db.write((tx) => tx.execute('DELETE FROM ledger_transfers'))).rejects.toThrow(
      /immutable/,
    );
    await expect(
      env.rt.db.write((tx) =>
        tx.execute({ sql: 'UPDATE ledger_accounts SET balance_minor = -1 WHERE id = ?', args: [wallet] }),
      ),
    ).rejects.toThrow(/CHECK/);
    expect(await all(env.rt.db.reader, "SELECT id FROM ledger_transfers WHERE id LIKE 'trf_bad%'")).toEqual(
      [],
    );
    expect(await ledgerViolations(env.rt.db.reader)).toEqual([]);
  });
});
