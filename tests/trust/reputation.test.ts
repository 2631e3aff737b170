import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Executor } from '../../db/client';
import { newId } from '../../db/ids';
import { refreshReputation } from '../../db/queries/reputation';
import { all, run } from '../../db/sql';
import type { CallResult } from '../../tools/dispatcher';
import type { FreelancerProfileView } from '../../tools/profiles/schemas';
import type { BadgeView, ReputationView } from '../../tools/reputation/schemas';
import { evaluateBadges, type ReputationStats } from '../../trust/badges';
import { BACKENDS, makeUser, type TestEnv, type TestUser, testEnv } from '../support/harness';

type Rep = { freelancerId: string; verified: boolean; reputation: ReputationView; badges: BadgeView[] };

const NONE: ReputationStats = {
  reviewsCount: 0,
  quality: null,
  communication: null,
  speed: null,
  reliability: null,
  overall: null,
  completedContracts: 0,
  deliveredMilestones: 0,
  dueMilestones: 0,
  onTimeDeliveries: 0,
  identityVerified: false,
  businessVerified: false,
};

describe('badge rules (pure)', () => {
  const keys = (s: Partial<ReputationStats>) => evaluateBadges({ ...NONE, ...s }).map((b) => b.key);

  it('earns nothing from nothing, and each badge at its threshold', () => {
    expect(keys({})).toEqual([]);
    expect(keys({ identityVerified: true, businessVerified: true })).toEqual([
      'verified_identity',
      'verified_business',
    ]);
    expect(keys({ completedContracts: 9 })).toEqual([]);
    expect(keys({ completedContracts: 10 })).toEqual(['projects_10']);
    expect(keys({ completedContracts: 50 })).toEqual(['projects_10', 'projects_50']);
    expect(keys({ onTimeDeliveries: 5, dueMilestones: 5, deliveredMilestones: 5 })).toEqual(['on_time_5']);
    expect(keys({ onTimeDeliveries: 9, dueMilestones: 10, deliveredMilestones: 10 })).toEqual([
      'on_time_5',
      'reliably_on_time',
    ]);
    expect(keys({ onTimeDeliveries: 8, dueMilestones: 10, deliveredMilestones: 10 })).toEqual(['on_time_5']);
    // Ratings need enough reviews behind them.
    expect(keys({ reviewsCount: 4, overall: 5, communication: 5 })).toEqual([]);
    expect(keys({ reviewsCount: 5, overall: 4.7, communication: 4.8 })).toEqual([
      'top_rated',
      'great_communicator',
    ]);
    expect(keys({ reviewsCount: 5, overall: 4.69, communication: 4.79 })).toEqual([]);
  });
});

describe.each(BACKENDS)('reputation on %s', (backend) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv(backend);
  });
  afterAll(async () => {
    await env.close();
  });

  const call = <T = unknown>(user: TestUser, tool: string, input: unknown): Promise<CallResult<T>> =>
    env.rt.dispatcher.call<T>({ actor: user.actor, channel: 'test', tool, input });
  async function ok<T>(user: TestUser, tool: string, input: unknown): Promise<T> {
    const res = await call<T>(user, tool, input);
    if (!res.ok) throw new Error(`${tool} failed: ${JSON.stringify(res.error)}`);
    return res.data;
  }

  /** A contract between client and freelancer with one milestone; returns the contract id. */
  async function contract(
    tx: Executor,
    client: TestUser,
    freelancer: TestUser,
    o: { status: string; milestone: string; due: string | null; submitted: string | null },
  ): Promise<string> {
    const projectId = newId('prj');
    const contractId = newId('ctr');
    const at = '2026-05-01T00:00:00.000Z';
    await run(
      tx,
      `INSERT INTO projects (id, client_id, title, description, category, pricing, budget_min_minor, budget_max_minor,
                             currency, status, created_at, updated_at)
       VALUES (?, ?, 'A seeded project', 'Seeded for reputation', 'web-development', 'fixed', 1000, 2000, 'USD', ?, ?, ?)`,
      [projectId, client.actor.id, o.status === 'completed' ? 'completed' : 'in_progress', at, at],
    );
    await run(
      tx,
      `INSERT INTO contracts (id, project_id, client_id, freelancer_id, kind, amount_minor, currency, status, started_at)
       VALUES (?, ?, ?, ?, 'fixed', 1500, 'USD', ?, ?)`,
      [contractId, projectId, client.actor.id, freelancer.actor.id, o.status, at],
    );
    await run(
      tx,
      `INSERT INTO milestones (id, project_id, contract_id, position, title, amount_minor, currency, due_date, status,
                               submitted_at, created_at)
       VALUES (?, ?, ?, 1, 'Deliverable', 1500, 'USD', ?, ?, ?, ?)`,
      [newId('mil'), projectId, contractId, o.due, o.milestone, o.submitted, at],
    );
    return contractId;
  }

  async function review(
    tx: Executor,
    contractId: string,
    from: TestUser,
    to: TestUser,
    [quality, communication, speed, reliability]: [number, number, number, number],
  ) {
    await run(
      tx,
      `INSERT INTO reviews (id, contract_id, reviewer_id, reviewee_id, quality, communication, speed, reliability, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        newId('rev'),
        contractId,
        from.actor.id,
        to.actor.id,
        quality,
        communication,
        speed,
        reliability,
        '2026-07-01',
      ],
    );
  }

  it('aggregates client reviews per axis and earns badges from delivered work', async () => {
    const client = await makeUser(env.rt, 'client');
    const freelancer = await makeUser(env.rt, 'freelancer');
    const viewer = await makeUser(env.rt, 'client');
    await env.rt.db.write(async (tx) => {
      const completed: string[] = [];
      // 12 completed contracts: 10 delivered on time (one on the due date itself), 2 late.
      for (let i = 0; i < 12; i++) {
        const submitted =
          i < 9
            ? '2026-06-09T10:00:00.000Z'
            : i === 9
              ? '2026-06-10T23:00:00.000Z'
              : '2026-06-12T10:00:00.000Z';
        completed.push(
          await contract(tx, client, freelancer, {
            status: 'completed',
            milestone: 'paid',
            due: '2026-06-10',
            submitted,
          }),
        );
      }
      // Work in progress counts for nothing yet; a delivery without a due date counts as delivered only.
      await contract(tx, client, freelancer, {
        status: 'active',
        milestone: 'funded',
        due: '2026-06-10',
        submitted: null,
      });
      await contract(tx, client, freelancer, {
        status: 'active',
        milestone: 'approved',
        due: null,
        submitted: '2026-06-01T00:00:00.000Z',
      });
      for (let i = 0; i < 5; i++) await review(tx, completed[i]!, client, freelancer, [5, 5, 4, 5]);
      await review(tx, completed[5]!, client, freelancer, [5, 4, 4, 5]);
      // The freelancer's review of the client is about the client: it does not count.
      await review(tx, completed[0]!, freelancer, client, [1, 1, 1, 1]);
    });

    const expected: ReputationView = {
      reviewsCount: 6,
      quality: 5,
      communication: 4.83,
      speed: 4,
      reliability: 5,
      overall: 4.71,
      completedContracts: 12,
      deliveredMilestones: 13,
      onTimeDeliveries: 10,
      onTimeRate: 0.833,
      computedAt: null,
    };
    const badgeKeys = ['projects_10', 'on_time_5', 'top_rated', 'great_communicator'];

    // Before the first refresh the figures are computed live, with no earned dates.
    const live = await ok<Rep>(viewer, 'get_reputation', { freelancerId: freelancer.actor.id });
    expect(live.reputation).toEqual(expected);
    expect(live.badges.map((b) => b.key)).toEqual(badgeKeys);
    expect(live.badges.every((b) => b.earnedAt === null)).toBe(true);

    const stored = await env.rt.db.write((tx) => refreshReputation(tx, freelancer.actor.id, env.clock.now()));
    expect(stored?.badges.map((b) => b.key)).toEqual(badgeKeys);
    const firstRefresh = env.clock.now().toISOString();
    const profile = await ok<FreelancerProfileView>(viewer, 'get_freelancer_profile', {
      freelancerId: freelancer.actor.id,
    });
    expect(profile.reputation).toEqual({ ...expected, computedAt: firstRefresh });
    expect(profile.badges).toEqual(
      badgeKeys.map((key) => ({
        key,
        label: expect.any(String),
        description: expect.any(String),
        earnedAt: firstRefresh,
      })),
    );
    expect(profile.badges.find((b) => b.key === 'projects_10')?.label).toBe('10 projects completed');

    // Poor reviews later cost the rating badges; badges still earned keep their date.
    env.clock.advance(86_400_000);
    await env.rt.db.write(async (tx) => {
      for (let i = 6; i < 10; i++) {
        const ids = await all<{ id: string }>(
          tx,
          `SELECT c.id FROM contracts c WHERE c.freelancer_id = ? AND c.status = 'completed'
             AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.contract_id = c.id AND r.reviewer_id = c.client_id)
           ORDER BY c.id LIMIT 1`,
          [freelancer.actor.id],
        );
        await review(tx, ids[0]!.id, client, freelancer, [2, 2, 2, 2]);
      }
      await refreshReputation(tx, freelancer.actor.id, env.clock.now());
    });
    const after = await ok<Rep>(freelancer, 'get_reputation', { freelancerId: freelancer.actor.id });
    expect(after.reputation).toMatchObject({ reviewsCount: 10, computedAt: env.clock.now().toISOString() });
    expect(after.badges.map((b) => [b.key, b.earnedAt])).toEqual([
      ['projects_10', firstRefresh],
      ['on_time_5', firstRefresh],
    ]);
    const rows = await all(
      env.rt.db.reader,
      'SELECT badge FROM freelancer_badges WHERE user_id = ? ORDER BY badge',
      [freelancer.actor.id],
    );
    expect(rows).toEqual([{ badge: 'on_time_5' }, { badge: 'projects_10' }]);
  });

  it('shows an empty reputation for a newcomer and refuses unknown or hidden freelancers', async () => {
    const newcomer = await makeUser(env.rt, 'freelancer');
    const viewer = await makeUser(env.rt, 'admin');
    const profile = await ok<FreelancerProfileView>(viewer, 'get_freelancer_profile', {
      freelancerId: newcomer.actor.id,
    });
    expect(profile.reputation).toEqual({
      reviewsCount: 0,
      overall: null,
      quality: null,
      communication: null,
      speed: null,
      reliability: null,
      completedContracts: 0,
      deliveredMilestones: 0,
      onTimeDeliveries: 0,
      onTimeRate: null,
      computedAt: null,
    });
    expect(profile.badges).toEqual([]);

    const client = await makeUser(env.rt, 'client');
    expect(await env.rt.db.write((tx) => refreshReputation(tx, client.actor.id))).toBeUndefined();
    expect(await call(viewer, 'get_reputation', { freelancerId: client.actor.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    await env.rt.db.write((tx) =>
      run(tx, "UPDATE users SET status = 'suspended' WHERE id = ?", [newcomer.actor.id]),
    );
    expect(await call(client, 'get_reputation', { freelancerId: newcomer.actor.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect((await ok<Rep>(viewer, 'get_reputation', { freelancerId: newcomer.actor.id })).freelancerId).toBe(
      newcomer.actor.id,
    );
  });

  it('counts a profile marked verified before KYC as a verified identity', async () => {
    const f = await makeUser(env.rt, 'freelancer');
    await env.rt.db.write(async (tx) => {
      await run(tx, 'UPDATE freelancer_profiles SET verified = 1 WHERE user_id = ?', [f.actor.id]);
      await refreshReputation(tx, f.actor.id, env.clock.now());
    });
    const rep = await ok<Rep>(f, 'get_reputation', { freelancerId: f.actor.id });
    expect(rep.verified).toBe(true);
    expect(rep.badges.map((b) => b.key)).toEqual(['verified_identity']);
  });
});
