import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../db/ids';
import { createApiKey } from '../../db/queries/apiKeys';
import { all, one, run } from '../../db/sql';
import type { CallResult } from '../../tools/dispatcher';
import type { CaseStudyView, FreelancerProfileView } from '../../tools/profiles/schemas';
import { BACKENDS, makeUser, type TestEnv, type TestUser, testEnv } from '../support/harness';

describe.each(BACKENDS)('profile tools on %s', (backend) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv(backend);
  });
  afterAll(async () => {
    await env.close();
  });

  const call = <T = unknown>(user: TestUser, tool: string, input: unknown): Promise<CallResult<T>> =>
    env.rt.dispatcher.call<T>({ actor: user.actor, channel: 'test', tool, input });

  function expectOk<T>(res: CallResult<T>): T {
    if (!res.ok) throw new Error(`expected ok, got ${res.error.code}: ${res.error.message}`);
    return res.data;
  }

  /** Everything a profile write can touch, to prove a refused call changed nothing. */
  async function snapshot(userId: string) {
    const ex = env.rt.db.reader;
    return {
      profile: await one(ex, 'SELECT * FROM freelancer_profiles WHERE user_id = ?', [userId]),
      skills: await all(
        ex,
        'SELECT skill_id, years FROM profile_skills WHERE user_id = ? ORDER BY skill_id',
        [userId],
      ),
      industries: await all(ex, 'SELECT industry FROM profile_industries WHERE user_id = ? ORDER BY 1', [
        userId,
      ]),
      caseStudies: await all(ex, 'SELECT * FROM case_studies WHERE freelancer_id = ? ORDER BY id', [userId]),
    };
  }

  describe('get_freelancer_profile', () => {
    it('returns the public profile to any role, without the email', async () => {
      const freelancer = await makeUser(env.rt, 'freelancer', { name: 'Ada Freelance', skills: ['React'] });
      expectOk(
        await call(freelancer, 'update_my_profile', {
          headline: 'React and Node.js for fintech',
          bio: 'Ten years of building dashboards.',
          industries: ['fintech', 'saas'],
          skills: [
            { name: 'React', years: 8 },
            { name: 'node.js', years: 6 },
          ],
        }),
      );
      expectOk(
        await call(freelancer, 'add_case_study', {
          title: 'Trading dashboard',
          summary: 'Rebuilt a slow dashboard.',
          outcome: 'Traders see positions in real time.',
          metrics: [{ label: 'p95 latency', value: '120 ms' }],
          industry: 'fintech',
        }),
      );
      await env.rt.db.write((tx) =>
        run(
          tx,
          'UPDATE freelancer_profiles SET rating = 4.8, reviews_count = 12, jobs_completed = 9, verified = 1 WHERE user_id = ?',
          [freelancer.actor.id],
        ),
      );

      for (const role of ['client', 'freelancer', 'admin'] as const) {
        const viewer = await makeUser(env.rt, role);
        const data = expectOk(
          await call<FreelancerProfileView>(viewer, 'get_freelancer_profile', {
            freelancerId: freelancer.actor.id,
          }),
        );
        expect(data).toEqual({
          userId: freelancer.actor.id,
          name: 'Ada Freelance',
          country: 'US',
          headline: 'React and Node.js for fintech',
          bio: 'Ten years of building dashboards.',
          category: 'web-development',
          hourlyRate: { amount: 8000, currency: 'USD' },
          availability: 'full_time',
          hoursPerWeek: 40,
          industries: ['fintech', 'saas'],
          skills: [
            { name: 'React', years: 8 },
            { name: 'Node.js', years: 6 },
          ],
          rating: 4.8,
          reviewsCount: 12,
          jobsCompleted: 9,
          verified: true,
          caseStudies: [
            {
              id: expect.stringMatching(/^cst_/),
              title: 'Trading dashboard',
              summary: 'Rebuilt a slow dashboard.',
              outcome: 'Traders see positions in real time.',
              metrics: [{ label: 'p95 latency', value: '120 ms' }],
              industry: 'fintech',
              createdAt: env.clock.now().toISOString(),
            },
          ],
          memberSince: '2026-01-01T00:00:00.000Z',
          reputation: expect.objectContaining({ reviewsCount: 0 }),
          badges: [expect.objectContaining({ key: 'verified_identity' })],
        });
        expect(JSON.stringify(data)).not.toContain(freelancer.email);
        expect(Object.keys(data)).not.toContain('email');
      }
    });

    it('answers NOT_FOUND for an unknown id and for a user who is not a freelancer', async () => {
      const viewer = await makeUser(env.rt, 'client');
      const otherClient = await makeUser(env.rt, 'client');
      for (const freelancerId of ['usr_doesnotexist', otherClient.actor.id, viewer.actor.id]) {
        const res = await call(viewer, 'get_freelancer_profile', { freelancerId });
        expect(res.ok).toBe(false);
        if (!res.ok) expect(res.error.code, freelancerId).toBe('NOT_FOUND');
      }
    });

    it('hides a suspended freelancer from everyone but admins and themselves', async () => {
      const freelancer = await makeUser(env.rt, 'freelancer');
      await env.rt.db.write((tx) =>
        run(tx, "UPDATE users SET status = 'suspended' WHERE id = ?", [freelancer.actor.id]),
      );
      const input = { freelancerId: freelancer.actor.id };
      const client = await makeUser(env.rt, 'client');
      const hidden = await call(client, 'get_freelancer_profile', input);
      expect(hidden.ok ? 'OK' : hidden.error.code).toBe('NOT_FOUND');
      const admin = await makeUser(env.rt, 'admin');
      expect(expectOk(await call<FreelancerProfileView>(admin, 'get_freelancer_profile', input)).userId).toBe(
        freelancer.actor.id,
      );
      expect((await call(freelancer, 'get_freelancer_profile', input)).ok).toBe(true);
    });

    it('names the field when the id is missing', async () => {
      const viewer = await makeUser(env.rt, 'client');
      const res = await call(viewer, 'get_freelancer_profile', {});
      expect(res.ok).toBe(false);
      if (!res.ok) {
        expect(res.error.code).toBe('VALIDATION');
        expect(res.error.fields?.map((f) => f.field)).toEqual(['freelancerId']);
      }
    });
  });

  describe('update_my_profile', () => {
    it('changes only the fields passed and keeps the rest', async () => {
      const me = await makeUser(env.rt, 'freelancer', { skills: ['React', 'TypeScript'] });
      const before = await snapshot(me.actor.id);
      const data = expectOk(
        await call<FreelancerProfileView>(me, 'update_my_profile', { headline: '  Senior React engineer ' }),
      );
      expect(data.headline).toBe('Senior React engineer');
      expect(data.hourlyRate).toEqual({ amount: 8000, currency: 'USD' });
      expect(data.skills.map((s) => s.name)).toEqual(['React', 'TypeScript']);
      const after = await snapshot(me.actor.id);
      expect(after.profile).toEqual({
        ...before.profile,
        headline: 'Senior React engineer',
        updated_at: env.clock.now().toISOString(),
      });
      expect(after.skills).toEqual(before.skills);
    });

    it('replaces rate (with its currency), availability, skills and industries, and audits the write', async () => {
      const me = await makeUser(env.rt, 'freelancer', { skills: ['React', 'Vue.js'] });
      const data = expectOk(
        await call<FreelancerProfileView>(me, 'update_my_profile', {
          bio: 'Data pipelines and dashboards.',
          category: 'data-science',
          hourlyRate: { amount: 12500, currency: 'EUR' },
          availability: 'part_time',
          hoursPerWeek: 20,
          skills: [
            { name: 'python', years: 7 },
            { name: 'React', years: 2 },
          ],
          industries: ['healthcare', 'fintech', 'healthcare'],
        }),
      );
      expect(data).toMatchObject({
        bio: 'Data pipelines and dashboards.',
        category: 'data-science',
        hourlyRate: { amount: 12500, currency: 'EUR' },
        availability: 'part_time',
        hoursPerWeek: 20,
        skills: [
          { name: 'Python', years: 7 },
          { name: 'React', years: 2 },
        ],
        industries: ['fintech', 'healthcare'],
      });
      const row = await one(
        env.rt.db.reader,
        'SELECT category, hourly_rate_minor, currency, availability, hours_per_week FROM freelancer_profiles WHERE user_id = ?',
        [me.actor.id],
      );
      expect(row).toEqual({
        category: 'data-science',
        hourly_rate_minor: 12500,
        currency: 'EUR',
        availability: 'part_time',
        hours_per_week: 20,
      });
      const skills = await all(
        env.rt.db.reader,
        'SELECT s.name, ps.years FROM profile_skills ps JOIN skills s ON s.id = ps.skill_id WHERE ps.user_id = ? ORDER BY s.name',
        [me.actor.id],
      );
      expect(skills).toEqual([
        { name: 'Python', years: 7 },
        { name: 'React', years: 2 },
      ]);
      const audit = await all(
        env.rt.db.reader,
        'SELECT tool, outcome FROM audit_log WHERE actor_id = ? AND tool = ?',
        [me.actor.id, 'update_my_profile'],
      );
      expect(audit).toEqual([{ tool: 'update_my_profile', outcome: 'OK' }]);

      // An empty list clears the set.
      const cleared = expectOk(
        await call<FreelancerProfileView>(me, 'update_my_profile', { skills: [], industries: [] }),
      );
      expect(cleared.skills).toEqual([]);
      expect(cleared.industries).toEqual([]);
    });

    it('only ever touches the caller: naming another profile is refused and changes nothing', async () => {
      const me = await makeUser(env.rt, 'freelancer');
      const other = await makeUser(env.rt, 'freelancer');
      const otherBefore = await snapshot(other.actor.id);
      const myBefore = await snapshot(me.actor.id);
      const res = await call<FreelancerProfileView>(me, 'update_my_profile', {
        userId: other.actor.id,
        headline: 'Mine, not theirs',
      });
      expect(res.ok).toBe(false);
      if (!res.ok) {
        expect(res.error.code).toBe('VALIDATION');
        expect(res.error.message).toContain('userId');
      }
      expect(await snapshot(other.actor.id)).toEqual(otherBefore);
      expect(await snapshot(me.actor.id)).toEqual(myBefore);
      const data = expectOk(
        await call<FreelancerProfileView>(me, 'update_my_profile', { headline: 'Mine, not theirs' }),
      );
      expect(data.userId).toBe(me.actor.id);
      expect(await snapshot(other.actor.id)).toEqual(otherBefore);
    });

    it('creates the profile of a freelancer who has none yet, given the required fields', async () => {
      const id = newId('usr');
      const actor = { id, role: 'freelancer' as const, displayName: 'New Freelancer' };
      const key = await env.rt.db.write(async (tx) => {
        await run(
          tx,
          'INSERT INTO users (id, role, email, display_name, country, created_at) VALUES (?, ?, ?, ?, ?, ?)',
          [id, 'freelancer', `${id}@example.test`, 'New Freelancer', 'DE', '2026-02-01T00:00:00.000Z'],
        );
        return (await createApiKey(tx, id)).key;
      });
      const me: TestUser = { actor, key, email: `${id}@example.test` };

      const missing = await call(me, 'update_my_profile', { bio: 'Hello' });
      expect(missing.ok).toBe(false);
      if (!missing.ok) {
        expect(missing.error.code).toBe('VALIDATION');
        expect(missing.error.fields?.map((f) => f.field)).toEqual(['headline', 'category', 'hourlyRate']);
      }
      expect((await snapshot(id)).profile).toBeUndefined();

      const data = expectOk(
        await call<FreelancerProfileView>(me, 'update_my_profile', {
          headline: 'Translator',
          category: 'translation',
          hourlyRate: { amount: 4000, currency: 'EUR' },
        }),
      );
      expect(data).toMatchObject({
        userId: id,
        country: 'DE',
        headline: 'Translator',
        availability: 'full_time',
        hoursPerWeek: 40,
        rating: null,
        verified: false,
      });
    });

    it('is refused to clients and admins, and writes nothing', async () => {
      for (const role of ['client', 'admin'] as const) {
        const user = await makeUser(env.rt, role);
        const res = await call(user, 'update_my_profile', { headline: 'I am not a freelancer' });
        expect(res.ok).toBe(false);
        if (!res.ok) expect(res.error.code).toBe('FORBIDDEN');
        const row = await one(env.rt.db.reader, 'SELECT 1 FROM freelancer_profiles WHERE user_id = ?', [
          user.actor.id,
        ]);
        expect(row).toBeUndefined();
      }
    });

    it('rejects bad input naming the field, and writes nothing', async () => {
      const me = await makeUser(env.rt, 'freelancer', { skills: ['React'] });
      const before = await snapshot(me.actor.id);
      const cases: [Record<string, unknown>, string][] = [
        [{}, '(input)'],
        [{ headline: '' }, 'headline'],
        [{ headline: 'x'.repeat(201) }, 'headline'],
        [{ hourlyRate: { amount: -1, currency: 'USD' } }, 'hourlyRate.amount'],
        [{ hourlyRate: { amount: 99.5, currency: 'USD' } }, 'hourlyRate.amount'],
        [{ hourlyRate: { amount: 5000, currency: 'usd' } }, 'hourlyRate.currency'],
        [{ availability: 'weekends' }, 'availability'],
        [{ hoursPerWeek: 81 }, 'hoursPerWeek'],
        [{ category: 'no-such-category' }, 'category'],
        [{ skills: [{ name: 'React', years: -1 }] }, 'skills.0.years'],
        [{ skills: [{ name: 'React' }] }, 'skills.0.years'],
        [
          {
            headline: 'Should not be saved',
            skills: [
              { name: 'React', years: 3 },
              { name: 'Quantum Basket Weaving', years: 2 },
            ],
          },
          'skills.1.name',
        ],
        [
          {
            skills: [
              { name: 'React', years: 3 },
              { name: 'react', years: 4 },
            ],
          },
          'skills.1.name',
        ],
        [{ headline: 'Should not be saved', industries: ['fintech', 'underwater-mining'] }, 'industries.1'],
      ];
      for (const [input, field] of cases) {
        const res = await call(me, 'update_my_profile', input);
        expect(res.ok, field).toBe(false);
        if (res.ok) continue;
        expect(res.error.code, field).toBe('VALIDATION');
        expect(
          res.error.fields?.map((f) => f.field),
          field,
        ).toContain(field);
      }
      expect(await snapshot(me.actor.id)).toEqual(before);
    });
  });

  describe('add_case_study', () => {
    it('adds a case study, stores its metrics and shows it on the profile', async () => {
      const me = await makeUser(env.rt, 'freelancer');
      const data = expectOk(
        await call<CaseStudyView>(me, 'add_case_study', {
          title: 'Checkout rebuild',
          outcome: 'Checkout conversion up 18%.',
          metrics: [
            { label: 'Conversion', value: '+18%' },
            { label: 'Page weight', value: '-40%' },
          ],
        }),
      );
      expect(data).toEqual({
        id: expect.stringMatching(/^cst_/),
        title: 'Checkout rebuild',
        summary: '',
        outcome: 'Checkout conversion up 18%.',
        metrics: [
          { label: 'Conversion', value: '+18%' },
          { label: 'Page weight', value: '-40%' },
        ],
        industry: null,
        createdAt: env.clock.now().toISOString(),
      });
      const row = await one<{ freelancer_id: string; metrics: string; industry: string | null }>(
        env.rt.db.reader,
        'SELECT freelancer_id, metrics, industry FROM case_studies WHERE id = ?',
        [data.id],
      );
      expect(row?.freelancer_id).toBe(me.actor.id);
      expect(JSON.parse(row?.metrics ?? 'null')).toEqual(data.metrics);
      expect(row?.industry).toBeNull();

      const profile = expectOk(
        await call<FreelancerProfileView>(me, 'get_freelancer_profile', { freelancerId: me.actor.id }),
      );
      expect(profile.caseStudies).toEqual([data]);
    });

    it('allows at most 20 case studies (CONFLICT after that)', async () => {
      const me = await makeUser(env.rt, 'freelancer');
      for (let i = 1; i <= 20; i++) {
        expectOk(await call(me, 'add_case_study', { title: `Study ${i}`, outcome: 'Done.' }));
      }
      const res = await call(me, 'add_case_study', { title: 'Study 21', outcome: 'Done.' });
      expect(res.ok).toBe(false);
      if (!res.ok) expect(res.error.code).toBe('CONFLICT');
      const n = await one<{ n: number }>(
        env.rt.db.reader,
        'SELECT count(*) AS n FROM case_studies WHERE freelancer_id = ?',
        [me.actor.id],
      );
      expect(Number(n?.n)).toBe(20);
      const profile = expectOk(
        await call<FreelancerProfileView>(me, 'get_freelancer_profile', { freelancerId: me.actor.id }),
      );
      expect(profile.caseStudies.map((c) => c.title)).toEqual(
        Array.from({ length: 20 }, (_, i) => `Study ${i + 1}`),
      );
    });

    it('is refused to clients, and writes nothing', async () => {
      const client = await makeUser(env.rt, 'client');
      const before = await one<{ n: number }>(env.rt.db.reader, 'SELECT count(*) AS n FROM case_studies');
      const res = await call(client, 'add_case_study', { title: 'Not mine', outcome: 'Nope.' });
      expect(res.ok).toBe(false);
      if (!res.ok) expect(res.error.code).toBe('FORBIDDEN');
      const after = await one<{ n: number }>(env.rt.db.reader, 'SELECT count(*) AS n FROM case_studies');
      expect(after?.n).toBe(before?.n);
    });

    it('rejects bad input naming the field, and writes nothing', async () => {
      const me = await makeUser(env.rt, 'freelancer');
      const valid = { title: 'A study', outcome: 'It worked.' };
      const metric = { label: 'Speed', value: '2x' };
      const cases: [Record<string, unknown>, string][] = [
        [{ outcome: 'It worked.' }, 'title'],
        [{ title: 'A study' }, 'outcome'],
        [{ ...valid, title: '   ' }, 'title'],
        [{ ...valid, metrics: Array.from({ length: 11 }, () => metric) }, 'metrics'],
        [{ ...valid, metrics: [metric, { label: '', value: '1' }] }, 'metrics.1.label'],
        [{ ...valid, metrics: [{ label: 'Speed' }] }, 'metrics.0.value'],
        [{ ...valid, industry: 'underwater-mining' }, 'industry'],
      ];
      for (const [input, field] of cases) {
        const res = await call(me, 'add_case_study', input);
        expect(res.ok, field).toBe(false);
        if (res.ok) continue;
        expect(res.error.code, field).toBe('VALIDATION');
        expect(
          res.error.fields?.map((f) => f.field),
          field,
        ).toContain(field);
      }
      expect((await snapshot(me.actor.id)).caseStudies).toEqual([]);
    });
  });
});
