import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../db/seed/index';
import { all } from '../../db/sql';
import { syncMatching } from '../../matching/indexing';
import { rankFreelancers } from '../../matching/rank/freelancers';
import { matchingProvider } from '../../matching/services';
import { createVectorIndex } from '../../matching/vectors/factory';
import type { Actor } from '../../tools/define';
import type { CallResult } from '../../tools/dispatcher';
import { pinFlag } from '../support/flags';
import { type TestEnv, testEnv } from '../support/harness';

interface Results {
  embeddingProvider?: string | null;
  results: { id: string; reasons: string[] }[];
}

const SEED = { freelancers: 160, clients: 8, projects: 20 };
const BRIEFS = [
  'React Native developer for a fintech mobile app',
  'Shopify store redesign and conversion optimisation',
  'data pipeline in Python with Airflow and dbt',
  'logo and brand identity for a coffee roaster',
];

/** The same seeded marketplace on an embedded file and on a real sqld server. */
describe('matching: backends and hard filters', () => {
  let file: TestEnv;
  let sqld: TestEnv;
  let admin: Actor;
  let client: Actor;

  beforeAll(async () => {
    [file, sqld] = await Promise.all([testEnv('file'), testEnv('sqld')]);
    for (const env of [file, sqld]) {
      await seedDemo(env.rt.db, SEED);
      await syncMatching(env.rt.db);
    }
    const [a] = await all<{ id: string }>(file.rt.db.reader, "SELECT id FROM users WHERE role = 'admin'");
    admin = { id: a!.id, role: 'admin', displayName: 'Admin' };
    // match_freelancers compares the hybrid ranking (the ai_matching_v2 treatment) on both vector backends.
    const [c] = await all<{ id: string }>(file.rt.db.reader, "SELECT id FROM users WHERE role = 'client'");
    client = { id: c!.id, role: 'client', displayName: 'Client' };
    for (const env of [file, sqld]) await pinFlag(env.rt, admin.id, 'ai_matching_v2', 'treatment');
  }, 120_000);
  afterAll(async () => {
    await Promise.all([file?.close(), sqld?.close()]);
  });

  const call = async <T>(env: TestEnv, tool: string, input: unknown, actor = admin): Promise<T> => {
    const res: CallResult<T> = await env.rt.dispatcher.call<T>({
      actor,
      channel: 'test',
      tool,
      input,
    });
    if (!res.ok) throw new Error(`${tool}: ${res.error.code} ${res.error.message}`);
    return res.data;
  };

  it('returns the same top 10 from sqlite-vec (embedded) and libSQL native vectors (sqld)', async () => {
    const provider = await matchingProvider(file.rt.db.reader);
    const vec = await createVectorIndex(file.rt.db, {
      providerId: provider.id,
      dimension: provider.dimension,
      backend: 'sqlite-vec',
    });
    const native = await createVectorIndex(sqld.rt.db, {
      providerId: provider.id,
      dimension: provider.dimension,
    });
    expect([vec.backend, native.backend]).toEqual(['sqlite-vec', 'libsql']);
    try {
      for (const brief of BRIEFS) {
        const [q] = await provider.embed([brief]);
        const a = await vec.search('profile', q!, 10);
        const b = await native.search('profile', q!, 10);
        expect(a.map((h) => h.id)).toEqual(b.map((h) => h.id));
        // The whole ranking over each backend: same shortlist.
        const ra = await rankFreelancers(
          file.rt.db.reader,
          { text: brief, limit: 10 },
          { provider, searcher: vec },
        );
        const rb = await rankFreelancers(
          sqld.rt.db.reader,
          { text: brief, limit: 10 },
          { provider, searcher: native },
        );
        expect(ra.results.map((r) => r.id)).toEqual(rb.results.map((r) => r.id));
        expect(ra.results.length).toBe(10);
      }
    } finally {
      vec.close();
      native.close();
    }
  });

  it('gives the same match_freelancers answer on both databases', async () => {
    for (const brief of BRIEFS) {
      const a = await call<Results>(file, 'match_freelancers', { brief, limit: 10 }, client);
      const b = await call<Results>(sqld, 'match_freelancers', { brief, limit: 10 }, client);
      expect(a.embeddingProvider).not.toBeNull();
      expect(a.results.map((r) => r.id)).toEqual(b.results.map((r) => r.id));
    }
  });

  it('never returns a freelancer outside the search filters', async () => {
    const cases = [
      { query: 'react', skills: ['React'] },
      { query: 'mobile app', rate: { currency: 'USD', min: 3000, max: 7000 } },
      { query: 'design', countries: ['DE', 'FR'] },
      { skills: ['Python'], availability: ['full_time'] },
      { query: 'web developer', verified: true, limit: 50 },
      { query: 'marketing', rate: { currency: 'EUR', max: 5000 }, verified: false, limit: 50 },
      { category: 'mobile-development', countries: ['US'], limit: 50 },
      { query: 'shopify', skills: ['Shopify', 'JavaScript'] },
    ];
    let seen = 0;
    for (const input of cases) {
      const out = await call<Results>(file, 'search_freelancers', input);
      seen += out.results.length;
      for (const r of out.results) {
        const [row] = await all<Record<string, unknown>>(
          file.rt.db.reader,
          `SELECT u.country, fp.hourly_rate_minor AS rate, fp.currency, fp.availability, fp.verified, fp.category,
                  (SELECT json_group_array(s.name) FROM profile_skills ps JOIN skills s ON s.id = ps.skill_id
                    WHERE ps.user_id = fp.user_id) AS skills
             FROM freelancer_profiles fp JOIN users u ON u.id = fp.user_id WHERE fp.user_id = ?`,
          [r.id],
        );
        const skills = JSON.parse(String(row!.skills)) as string[];
        const i = input as Record<string, unknown>;
        for (const s of (i.skills as string[] | undefined) ?? []) expect(skills).toContain(s);
        const rate = i.rate as { currency: string; min?: number; max?: number } | undefined;
        if (rate) {
          expect(row!.currency).toBe(rate.currency);
          expect(Number(row!.rate)).toBeGreaterThanOrEqual(rate.min ?? 0);
          expect(Number(row!.rate)).toBeLessThanOrEqual(rate.max ?? Number.POSITIVE_INFINITY);
        }
        if (i.countries) expect(i.countries).toContain(row!.country);
        if (i.availability) expect(i.availability).toContain(row!.availability);
        if (i.verified !== undefined) expect(Number(row!.verified)).toBe(i.verified ? 1 : 0);
        if (i.category) expect(row!.category).toBe(i.category);
      }
    }
    expect(seen).toBeGreaterThan(20);
  });

  it('refuses an unknown skill filter with suggestions', async () => {
    const res = await file.rt.dispatcher.call({
      actor: admin,
      channel: 'test',
      tool: 'search_freelancers',
      input: { skills: ['Reactt Nativ'] },
    });
    expect(res.ok ? 'ok' : res.error.code).toBe('VALIDATION');
  });
});
