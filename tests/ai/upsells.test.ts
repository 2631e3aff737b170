import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { percentOf, roundNice } from '../../ai/format';
import type { UpsellsOutput } from '../../ai/upsells';
import { all, one } from '../../db/sql';
import type { Actor } from '../../tools/define';
import type { ProjectView } from '../../tools/shared/schemas';
import { makeUser, projectInput, type TestEnv, type TestUser } from '../support/harness';
import { aiEnv, caller, demoFreelancer } from './support';

const APP = {
  title: 'Ordering app for our bakery',
  description: 'A React Native app where customers order cakes for pickup and pay with Stripe.',
  category: 'mobile-development',
  industry: 'food-beverage',
  skills: ['React Native', 'Stripe'],
  budget: { currency: 'USD', min: 1_500_000, max: 2_000_000 },
  timelineWeeks: 12,
  requirements: { platforms: ['iOS', 'Android'] },
};

describe('suggest_upsells (offline)', () => {
  let env: TestEnv;
  let client: TestUser;
  let api: ReturnType<typeof caller>;
  beforeAll(async () => {
    env = await aiEnv();
    client = await makeUser(env.rt, 'client');
    api = caller(env);
  });
  afterAll(async () => {
    await env.close();
  });

  const upsells = (who: Actor, input: unknown) => api.ok<UpsellsOutput>(who, 'suggest_upsells', input);

  it('suggests a retainer and extra milestones that fit the scope, priced from market data', async () => {
    const project = await api.ok<ProjectView>(client.actor, 'create_project', projectInput(APP));
    const u = await upsells(client.actor, { projectId: project.id });
    expect(u.source).toBe('deterministic');
    expect(u.subject).toMatchObject({
      projectId: project.id,
      kind: 'project',
      buildValue: { amount: 2_000_000 },
    });
    const r = u.rateUsed!;
    expect(r.amount).toBe(u.market.hourlyRate?.median);
    expect(r.basis).toMatch(/median rate of freelancers with React Native or Stripe/);

    const [retainer, ...extras] = u.suggestions;
    expect(retainer).toMatchObject({
      kind: 'retainer',
      title: '3-month maintenance retainer',
      per: 'month',
      months: 3,
      price: { amount: roundNice(percentOf(2_000_000, 10), 'USD'), currency: 'USD' },
    });
    expect(retainer?.rationale).toMatch(/^10% of the \$20,000 build a month/);
    const store = extras.find((s) => s.title === 'App Store and Google Play submission');
    expect(store).toMatchObject({
      kind: 'milestone',
      per: 'once',
      estimatedHours: 10,
      price: { amount: roundNice(10 * r.amount, 'USD'), currency: 'USD' },
    });
    expect(store?.rationale).toMatch(/store review/);
    expect(extras.length).toBeGreaterThanOrEqual(2);
  });

  it('leaves out what the scope already includes', async () => {
    const project = await api.ok<ProjectView>(
      client.actor,
      'create_project',
      projectInput({
        ...APP,
        description: `${APP.description} Includes analytics.`,
        requirements: { ...APP.requirements, storeSubmission: true },
      }),
    );
    const titles = (await upsells(client.actor, { projectId: project.id })).suggestions.map((s) => s.title);
    expect(titles).not.toContain('App Store and Google Play submission');
    expect(titles).not.toContain('Analytics and crash reporting');
    expect(titles).toContain('Push notifications');
  });

  it('works on contracts for both parties and nobody else', async () => {
    const c = await one<{
      id: string;
      client_id: string;
      freelancer_id: string;
      amount_minor: number;
      currency: string;
    }>(
      env.rt.db.reader,
      `SELECT id, client_id, freelancer_id, amount_minor, currency FROM contracts
        WHERE kind = 'fixed' AND status = 'active' AND amount_minor > 0 ORDER BY id LIMIT 1`,
    );
    if (!c) throw new Error('the demo seed has no active fixed contract');
    const asClient = await upsells(
      { id: c.client_id, role: 'client', displayName: 'c' },
      { contractId: c.id },
    );
    expect(asClient.subject).toMatchObject({ contractId: c.id, kind: 'fixed' });
    expect(asClient.suggestions[0]).toMatchObject({
      kind: 'retainer',
      price: { amount: roundNice(percentOf(Number(c.amount_minor), 10), c.currency), currency: c.currency },
    });
    const asFreelancer = await upsells(
      { id: c.freelancer_id, role: 'freelancer', displayName: 'f' },
      { contractId: c.id },
    );
    expect(asFreelancer.suggestions).toEqual(asClient.suggestions);
    const stranger = await api.call(client.actor, 'suggest_upsells', { contractId: c.id });
    expect(stranger.ok || stranger.error.code).toBe('FORBIDDEN');
  });

  it('lets freelancers look at open projects, not at work in progress that is not theirs', async () => {
    const open = await api.ok<ProjectView>(client.actor, 'create_project', projectInput(APP));
    expect((await upsells(demoFreelancer, { projectId: open.id })).suggestions.length).toBeGreaterThan(0);
    const busy = await all<{ id: string }>(
      env.rt.db.reader,
      `SELECT p.id FROM projects p WHERE p.status = 'in_progress'
          AND NOT EXISTS (SELECT 1 FROM contracts c WHERE c.project_id = p.id AND c.freelancer_id = ?) LIMIT 1`,
      [demoFreelancer.id],
    );
    const res = await api.call(demoFreelancer, 'suggest_upsells', { projectId: busy[0]?.id });
    expect(res.ok || res.error.code).toBe('FORBIDDEN');
    const other = await makeUser(env.rt, 'client');
    const foreign = await api.call(other.actor, 'suggest_upsells', { projectId: open.id });
    expect(foreign.ok || foreign.error.code).toBe('FORBIDDEN');
  });
});
