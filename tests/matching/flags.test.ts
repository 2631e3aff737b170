import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, one, run } from '../../db/sql';
import type { CallResult } from '../../tools/dispatcher';
import { CONTROL, rolloutBucket, variantBucket } from '../../trust/flags';
import { makeUser, projectInput, type TestEnv, type TestUser, testEnv } from '../support/harness';

interface Part {
  name: string;
  value: number;
  points: number;
}
interface Match {
  id: string;
  score: number;
  parts: Part[];
  reasons: string[];
  sources: string[];
}
interface Results {
  rankingVersion: string;
  embeddingProvider: string | null;
  results: Match[];
}
interface Report {
  totalExposures: number;
  variants: {
    variant: string;
    exposures: number;
    conversions: { event: string; users: number; occurrences: number }[];
  }[];
}

const BRIEF = 'Hydrophone whale song classifier with spectrograms';

/**
 * The product's flags, consulted where they change what a user gets: ai_matching_v2 (hybrid vs v1 ranking in
 * match_freelancers), proposal_copilot (draft_proposal), reputation_in_ranking (review axes in the
 * reputation part), with exposures and the conversions of the real flows in flag_exposure_report.
 */
describe('feature flags in the product', () => {
  let env: TestEnv;
  let admin: TestUser;
  let whale: TestUser;
  let axesA: TestUser;
  let axesB: TestUser;

  const call = <T>(user: TestUser, tool: string, input: unknown): Promise<CallResult<T>> =>
    env.rt.dispatcher.call<T>({ actor: user.actor, channel: 'test', tool, input });
  const ok = async <T>(user: TestUser, tool: string, input: unknown): Promise<T> => {
    const res = await call<T>(user, tool, input);
    if (!res.ok) throw new Error(`${tool}: ${res.error.code} ${res.error.message}`);
    return res.data;
  };
  /** A held call confirmed by the same person, as a channel does on their click. */
  const confirmed = async <T>(user: TestUser, tool: string, input: unknown): Promise<T> => {
    const held = await call<T>(user, tool, input);
    if (held.ok || !held.error.pendingAction)
      throw new Error(`${tool} was not held: ${JSON.stringify(held)}`);
    const done = await env.rt.dispatcher.confirm<T>(user.actor, held.error.pendingAction.id, 'test');
    if (!done.ok) throw new Error(`${tool}: ${done.error.code} ${done.error.message}`);
    return done.data;
  };
  const exposures = async (flagKey: string, userId: string) => {
    await env.rt.dispatcher.flush();
    return all<{ variant: string; first_seen_at: string }>(
      env.rt.db.reader,
      'SELECT variant, first_seen_at FROM flag_exposures WHERE flag_key = ? AND user_id = ?',
      [flagKey, userId],
    );
  };
  const freelancer = async (name: string, headline: string, bio: string, skills: string[]) => {
    const u = await makeUser(env.rt, 'freelancer', { name });
    await ok(u, 'update_my_profile', {
      headline,
      bio,
      category: 'data-science',
      hourlyRate: { amount: 6000, currency: 'USD' },
      skills: skills.map((s) => ({ name: s, years: 4 })),
    });
    return u;
  };
  /** A new client whose stable buckets satisfy `fits` (ids are random; a few tries at most). */
  const clientWhere = async (fits: (id: string) => boolean): Promise<TestUser> => {
    for (let i = 0; i < 200; i++) {
      const u = await makeUser(env.rt, 'client');
      if (fits(u.actor.id)) return u;
    }
    throw new Error('no client id fits');
  };
  const rollout = (id: string) => rolloutBucket('ai_matching_v2', id);
  const arm = (id: string) => (variantBucket('ai_matching_v2', id) < 5_000 ? CONTROL : 'treatment');
  const hasSemantic = (r: Results) => r.results.some((m) => m.parts.some((p) => p.name === 'semantic'));

  beforeAll(async () => {
    env = await testEnv('file');
    admin = await makeUser(env.rt, 'admin');
    whale = await freelancer(
      'Whale Listener',
      'Hydrophone whale song classifier builder',
      'Hydrophone arrays, whale song detection, spectrogram classifiers.',
      ['Python'],
    );
    await freelancer(
      'Audio Ann',
      'Audio machine learning engineer',
      'Sound event detection and speech models in PyTorch.',
      ['Python', 'PyTorch'],
    );
    // Twins but for their reviews: the same overall rating, strong on different axes.
    const twin = (name: string) =>
      freelancer(name, 'Geospatial data analyst', 'Satellite imagery and GIS pipelines in Python.', [
        'Python',
      ]);
    axesA = await twin('Quality Quinn');
    axesB = await twin('Speedy Sam');
    await env.rt.jobs.drain();
    expect(await env.rt.jobs.failed()).toEqual([]);
    const axes = [
      [axesA, 5, 3, 2, 5],
      [axesB, 2, 5, 5, 3],
    ] as const;
    await env.rt.db.write(async (tx) => {
      for (const [u, quality, communication, speed, reliability] of axes) {
        const overall = (quality + communication + speed + reliability) / 4;
        await run(tx, 'UPDATE freelancer_profiles SET rating = ?, reviews_count = 8 WHERE user_id = ?', [
          overall,
          u.actor.id,
        ]);
        await run(
          tx,
          `INSERT INTO freelancer_reputation (user_id, reviews_count, quality_avg, communication_avg, speed_avg,
             reliability_avg, overall_avg, completed_contracts, delivered_milestones, due_milestones,
             on_time_deliveries, computed_at)
           VALUES (?, 8, ?, ?, ?, ?, ?, 8, 0, 0, 0, ?)`,
          [u.actor.id, quality, communication, speed, reliability, overall, env.clock.now().toISOString()],
        );
      }
    });
  }, 60_000);
  afterAll(async () => {
    await env.close();
  });

  it('gives clients outside ai_matching_v2 the v1 ranking (no embeddings) and records no exposure', async () => {
    const outside = await clientWhere((id) => rollout(id) >= 1_000); // seeded at 10%
    const out = await ok<Results>(outside, 'match_freelancers', { brief: BRIEF });
    expect(out.embeddingProvider).toBeNull();
    expect(out.rankingVersion).not.toContain('+semantic');
    expect(hasSemantic(out)).toBe(false);
    expect(out.results[0]?.id).toBe(whale.actor.id); // still found, by its words
    expect(out.results[0]?.sources).not.toContain('vector');
    expect(await exposures('ai_matching_v2', outside.actor.id)).toEqual([]);
  });

  it('ranks the treatment arm with embeddings and the control arm without, recording each arm once', async () => {
    const inFlag = (id: string) => rollout(id) < 1_000;
    const treated = await clientWhere((id) => inFlag(id) && arm(id) === 'treatment');
    const control = await clientWhere((id) => inFlag(id) && arm(id) === CONTROL);
    // A call refused after the flags were decided showed the person nothing: it is no exposure.
    const refused = await call(treated, 'match_freelancers', { brief: BRIEF, skills: ['Qzxv Unknown'] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await exposures('ai_matching_v2', treated.actor.id)).toEqual([]);
    env.clock.advance(1_000);
    const firstAt = env.clock.now().toISOString();

    const t = await ok<Results>(treated, 'match_freelancers', { brief: BRIEF });
    expect(t.embeddingProvider).not.toBeNull();
    expect(t.rankingVersion).toMatch(/\+semantic$/);
    expect(hasSemantic(t)).toBe(true);
    expect(t.results[0]?.sources).toContain('vector');

    const c = await ok<Results>(control, 'match_freelancers', { brief: BRIEF });
    expect(c.embeddingProvider).toBeNull();
    expect(hasSemantic(c)).toBe(false);
    expect(c.results[0]?.sources).not.toContain('vector');

    // A second look later changes nothing: one exposure per user, at the first time, to the arm they saw.
    env.clock.advance(60_000);
    await ok<Results>(treated, 'match_freelancers', { brief: BRIEF });
    await ok<Results>(control, 'match_freelancers', { brief: BRIEF });
    expect(await exposures('ai_matching_v2', treated.actor.id)).toEqual([
      { variant: 'treatment', first_seen_at: firstAt },
    ]);
    expect(await exposures('ai_matching_v2', control.actor.id)).toEqual([
      { variant: CONTROL, first_seen_at: firstAt },
    ]);
  });

  it('moves a client into the flag when an admin raises the rollout; their next match is recorded', async () => {
    const user = await clientWhere((id) => rollout(id) >= 1_000 && arm(id) === 'treatment');
    const before = await ok<Results>(user, 'match_freelancers', { brief: BRIEF });
    expect(before.embeddingProvider).toBeNull();
    await confirmed(admin, 'set_flag_rollout', { flagKey: 'ai_matching_v2', percent: 100 });
    const after = await ok<Results>(user, 'match_freelancers', { brief: BRIEF });
    expect(after.embeddingProvider).not.toBeNull();
    expect(hasSemantic(after)).toBe(true);
    expect((await exposures('ai_matching_v2', user.actor.id)).map((e) => e.variant)).toEqual(['treatment']);
    await confirmed(admin, 'set_flag_rollout', { flagKey: 'ai_matching_v2', percent: 10 });
  });

  it('lets review axes weigh the reputation part only while reputation_in_ranking is on', async () => {
    const user = await clientWhere((id) => rollout(id) >= 1_000);
    const look = () =>
      ok<Results>(user, 'match_freelancers', { brief: 'geospatial satellite imagery analyst' });
    const rep = (r: Results, u: TestUser) =>
      r.results.find((m) => m.id === u.actor.id)?.parts.find((p) => p.name === 'reputation')?.value;
    const reasons = (r: Results, u: TestUser) => r.results.find((m) => m.id === u.actor.id)?.reasons ?? [];

    const off = await look(); // seeded disabled
    expect(rep(off, axesA)).toBeDefined();
    expect(rep(off, axesA)).toBe(rep(off, axesB)); // same rating, reviews and jobs: the axes do not count
    expect(reasons(off, axesA)).toContain('3.8 over 8 reviews');

    await confirmed(admin, 'set_flag_enabled', { flagKey: 'reputation_in_ranking', enabled: true });
    await confirmed(admin, 'set_flag_rollout', { flagKey: 'reputation_in_ranking', percent: 100 });
    const on = await look();
    expect(on.rankingVersion).toContain('+review-axes');
    // Quality and reliability count more than speed: the same 3.75 is worth more from A than from B.
    expect(rep(on, axesA)!).toBeGreaterThan(rep(off, axesA)!);
    expect(rep(on, axesB)!).toBeLessThan(rep(off, axesB)!);
    expect(reasons(on, axesA)).toContain(
      '3.8 over 8 reviews (quality 5.0, reliability 5.0, communication 3.0, speed 2.0)',
    );
    const pos = (r: Results, u: TestUser) => r.results.findIndex((m) => m.id === u.actor.id);
    expect(pos(on, axesA)).toBeLessThan(pos(on, axesB));
    expect((await exposures('reputation_in_ranking', user.actor.id)).map((e) => e.variant)).toEqual(['on']);

    await confirmed(admin, 'set_flag_enabled', { flagKey: 'reputation_in_ranking', enabled: false });
    expect(await look()).toEqual(off);
  });

  it('refuses draft_proposal with FEATURE_UNAVAILABLE while proposal_copilot is off, and audits it', async () => {
    const client = await makeUser(env.rt, 'client');
    const project = await ok<{ id: string }>(client, 'create_project', projectInput());
    const f = await freelancer('Drafty Dana', 'React developer', 'Dashboards in React and Node.js.', [
      'React',
      'Node.js',
    ]);
    // Launched: every freelancer has it.
    const drafted = await ok<{ coverLetter: string }>(f, 'draft_proposal', { projectId: project.id });
    expect(drafted.coverLetter.length).toBeGreaterThan(50);
    expect((await exposures('proposal_copilot', f.actor.id)).map((e) => e.variant)).toEqual(['on']);

    await confirmed(admin, 'set_flag_enabled', { flagKey: 'proposal_copilot', enabled: false });
    const refused = await call(f, 'draft_proposal', { projectId: project.id });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'FEATURE_UNAVAILABLE', details: { flag: 'proposal_copilot' } },
    });
    expect(refused.ok ? '' : refused.error.message).toMatch(/submit_proposal/);
    await env.rt.dispatcher.flush();
    const audited = await one<{ outcome: string }>(
      env.rt.db.reader,
      "SELECT outcome FROM audit_log WHERE tool = 'draft_proposal' AND actor_id = ? ORDER BY at DESC, id DESC",
      [f.actor.id],
    );
    expect(audited?.outcome).toBe('FEATURE_UNAVAILABLE');
    await confirmed(admin, 'set_flag_enabled', { flagKey: 'proposal_copilot', enabled: true });
    expect((await call(f, 'draft_proposal', { projectId: project.id })).ok).toBe(true);
  });

  it('counts the real flows as conversions of the arm each user was exposed to', async () => {
    const client = await clientWhere((id) => rollout(id) < 1_000 && arm(id) === 'treatment');
    const project = await ok<{ id: string }>(client, 'create_project', projectInput());
    await ok<Results>(client, 'match_freelancers', { projectId: project.id });
    const f = await freelancer('Convert Cleo', 'React developer', 'Dashboards in React and Node.js.', [
      'React',
      'Node.js',
    ]);
    const draft = await ok<{ submitProposalInput: Record<string, unknown> }>(f, 'draft_proposal', {
      projectId: project.id,
    });
    const proposal = await ok<{ id: string }>(f, 'submit_proposal', draft.submitProposalInput);
    const contract = await ok<{ milestones: { id: string; amount: { amount: number } }[] }>(
      client,
      'accept_proposal',
      { proposalId: proposal.id },
    );
    const milestone = contract.milestones[0]!;
    await confirmed(client, 'deposit', { amount: { amount: milestone.amount.amount, currency: 'USD' } });
    await confirmed(client, 'fund_milestone', { milestoneId: milestone.id });

    await env.rt.dispatcher.flush();
    const report = (flagKey: string) => ok<Report>(admin, 'flag_exposure_report', { flagKey });
    const matching = await report('ai_matching_v2');
    const treatment = matching.variants.find((v) => v.variant === 'treatment');
    expect(treatment?.conversions).toEqual(
      expect.arrayContaining([
        { event: 'contract_started', users: 1, occurrences: 1, rate: expect.any(Number) },
        { event: 'milestone_funded', users: 1, occurrences: 1, rate: expect.any(Number) },
      ]),
    );
    // Only this test's client converted: nobody in control did.
    expect(matching.variants.find((v) => v.variant === CONTROL)?.conversions).toEqual([]);
    const copilot = await report('proposal_copilot');
    expect(copilot.variants.find((v) => v.variant === 'on')?.conversions).toEqual([
      { event: 'proposal_submitted', users: 1, occurrences: 1, rate: expect.any(Number) },
    ]);
  });
});
