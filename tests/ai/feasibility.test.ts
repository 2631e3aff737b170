import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DraftProjectOutput } from '../../ai/draftProject';
import type { FeasibilityOutput } from '../../ai/feasibility';
import type { ProjectView } from '../../tools/shared/schemas';
import { makeUser, projectInput, type TestEnv, type TestUser } from '../support/harness';
import { aiEnv, caller } from './support';

describe('assess_feasibility (offline)', () => {
  let env: TestEnv;
  let client: TestUser;
  let other: TestUser;
  let api: ReturnType<typeof caller>;
  beforeAll(async () => {
    env = await aiEnv();
    client = await makeUser(env.rt, 'client');
    other = await makeUser(env.rt, 'client');
    api = caller(env);
  });
  afterAll(async () => {
    await env.close();
  });

  const assess = (input: unknown, who = client) =>
    api.ok<FeasibilityOutput>(who.actor, 'assess_feasibility', input);
  const warnings = (f: FeasibilityOutput) => f.flags.filter((x) => x.severity !== 'info');

  it('flags a low budget and a tight timeline with the numbers behind them', async () => {
    const project = await api.ok<ProjectView>(
      client.actor,
      'create_project',
      projectInput({
        title: 'Ordering app for our bakery',
        description: 'A React Native app for iOS, Android and a web version, with Stripe payments.',
        category: 'mobile-development',
        industry: 'food-beverage',
        skills: ['React Native', 'Stripe'],
        budget: { currency: 'USD', min: 150_000, max: 200_000 },
        timelineWeeks: 6,
        requirements: { platforms: ['iOS', 'Android', 'Web'] },
      }),
    );
    const f = await assess({ projectId: project.id });
    expect(f.source).toBe('deterministic');
    expect(f.subject).toMatchObject({
      projectId: project.id,
      category: 'mobile-development',
      timelineWeeks: 6,
    });
    const pb = f.market.projectBudget!;
    expect(pb.sample).toBeGreaterThanOrEqual(3);
    expect(pb.p25).toBeGreaterThan(200_000);

    const budget = f.flags.find((x) => x.code === 'budget_below_p25');
    expect(budget?.severity).toBe('critical');
    expect(budget?.message).toContain('Budget $2,000 is below the 25th percentile');
    expect(budget?.message).toContain(
      `($${(pb.p25 / 100).toLocaleString('en-US', { maximumFractionDigits: 0 })}`,
    );
    const timeline = f.flags.find((x) => x.code === 'timeline_tight');
    expect(timeline?.message).toMatch(/^6 weeks for 3 platforms \(iOS, Android and Web\) is tight/);
    expect(f.estimate.recommendedWeeks).toBeGreaterThan(6);
    expect(f.estimate.factors).toContain('3 platforms (iOS, Android and Web)');
    expect(f.flags.some((x) => x.code === 'budget_hours_short')).toBe(true);
    expect(f.verdict).toBe('unrealistic');
    expect(f.summary).toMatch(/^Unrealistic/);
    expect(f.suggestions.join(' ')).toMatch(/ship iOS first/);
  });

  it('raises no warning for a healthy draft', async () => {
    const f = await assess({
      draft: {
        title: 'Member app for our gym',
        category: 'mobile-development',
        skills: ['React Native'],
        budget: { currency: 'USD', min: 3_000_000, max: 4_000_000 },
        timelineWeeks: 16,
        requirements: { platforms: ['iOS', 'Android'] },
      },
    });
    expect(warnings(f)).toEqual([]);
    expect(f.verdict).toBe('healthy');
    expect(f.observations.join(' ')).toMatch(/within the usual range/);
    expect(f.observations.join(' ')).toMatch(/16 weeks fits the scope/);
    expect(f.subject.projectId).toBeNull();
  });

  it('reads hourly budgets against freelancer rates', async () => {
    const low = await assess({
      draft: {
        category: 'web-development',
        skills: ['React'],
        pricing: 'hourly',
        budget: { currency: 'USD', min: 800, max: 1000 },
        timelineWeeks: 8,
      },
    });
    const flag = low.flags.find((x) => x.code === 'rate_below_p25');
    expect(flag?.message).toMatch(/^An hourly budget of up to \$10\/h is below the 25th percentile/);
    const fair = await assess({
      draft: {
        category: 'web-development',
        skills: ['React'],
        pricing: 'hourly',
        budget: { currency: 'USD', min: 6000, max: 9000 },
        timelineWeeks: 8,
      },
    });
    expect(fair.flags.some((x) => x.code === 'rate_below_p25')).toBe(false);
  });

  it('takes a drafted spec as it comes from draft_project_from_brief', async () => {
    const d = await api.ok<DraftProjectOutput>(client.actor, 'draft_project_from_brief', {
      brief: 'I need a React Native app for my bakery, pickup orders and Stripe, around $8k, 6 weeks',
    });
    const f = await assess({ draft: { ...d.createProjectInput, milestones: d.milestones } });
    expect(f.subject.budget.max).toBe(800_000);
    expect(f.flags.map((x) => x.code)).toContain('budget_below_p25');
  });

  it('notes missing required details', async () => {
    const f = await assess({
      draft: {
        category: 'mobile-development',
        skills: ['Flutter'],
        budget: { currency: 'USD', min: 0, max: 3_000_000 },
      },
    });
    expect(f.flags.find((x) => x.code === 'missing_requirements')?.message).toContain('Mobile platforms');
    expect(f.flags.some((x) => x.code === 'no_timeline')).toBe(true);
  });

  it("checks ownership and the input's shape", async () => {
    const project = await api.ok<ProjectView>(client.actor, 'create_project', projectInput());
    const foreign = await api.call(other.actor, 'assess_feasibility', { projectId: project.id });
    expect(foreign.ok || foreign.error.code).toBe('FORBIDDEN');
    const both = await api.call(client.actor, 'assess_feasibility', {
      projectId: project.id,
      draft: { category: 'web-development', budget: { currency: 'USD', min: 1, max: 2 } },
    });
    expect(both.ok || both.error.code).toBe('VALIDATION');
    const unknown = await api.call(client.actor, 'assess_feasibility', {
      draft: { category: 'underwater-basketry', budget: { currency: 'USD', min: 1, max: 2 } },
    });
    expect(unknown.ok || unknown.error.code).toBe('VALIDATION');
  });
});
