import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setFlagRollout } from '../../db/queries/flags';
import { loadSkillGraph } from '../../db/queries/skillGraph';
import { all, one } from '../../db/sql';
import { contentHash, loadDocuments } from '../../matching/documents';
import { wantedSkills } from '../../matching/rank/freelancers';
import type { CallResult } from '../../tools/dispatcher';
import { pinFlag } from '../support/flags';
import { makeUser, type TestEnv, type TestUser, testEnv } from '../support/harness';

interface Match {
  id: string;
  score: number;
  reasons: string[];
  parts: { name: string; value: number; points: number }[];
  sources: string[];
}
interface Results {
  wantedSkills: string[];
  results: Match[];
}

/** Matching through the dispatcher, on freelancers written by the profile tools and embedded by their jobs. */
describe('matching: ranking', () => {
  let env: TestEnv;
  let client: TestUser;
  const call = async <T>(user: TestUser, tool: string, input: unknown): Promise<T> => {
    const res: CallResult<T> = await env.rt.dispatcher.call<T>({
      actor: user.actor,
      channel: 'test',
      tool,
      input,
    });
    if (!res.ok) throw new Error(`${tool}: ${res.error.code} ${res.error.message}`);
    return res.data;
  };
  const freelancer = async (
    name: string,
    profile: { headline: string; bio: string; skills: string[]; rate?: number; category?: string },
  ) => {
    const u = await makeUser(env.rt, 'freelancer', { name });
    await call(u, 'update_my_profile', {
      headline: profile.headline,
      bio: profile.bio,
      category: profile.category ?? 'web-development',
      hourlyRate: { amount: profile.rate ?? 6000, currency: 'USD' },
      skills: profile.skills.map((s) => ({ name: s, years: 4 })),
    });
    return u;
  };

  const rn: TestUser[] = [];
  const web: TestUser[] = [];
  let cheap: TestUser;
  let pricey: TestUser;

  beforeAll(async () => {
    env = await testEnv('file');
    client = await makeUser(env.rt, 'client');
    // These tests are about the hybrid ranking: the ai_matching_v2 treatment (tests/matching/flags.test.ts
    // compares it with v1).
    await pinFlag(env.rt, client.actor.id, 'ai_matching_v2', 'treatment');
    rn.push(
      await freelancer('Rita Native', {
        headline: 'React Native developer for iOS and Android apps',
        bio: 'Cross-platform mobile apps with React Native, Expo and Firebase.',
        skills: ['React Native', 'TypeScript', 'Firebase'],
        category: 'mobile-development',
      }),
      await freelancer('Mo Bile', {
        headline: 'Mobile engineer: React Native and native modules',
        bio: 'I ship App Store and Play Store apps; push notifications, offline sync.',
        skills: ['React Native', 'Swift', 'Kotlin'],
        category: 'mobile-development',
      }),
      await freelancer('Expo Eva', {
        headline: 'Expo and React Native apps for startups',
        bio: 'MVPs on phones in weeks: React Native, GraphQL, Node.js backends.',
        skills: ['React Native', 'GraphQL', 'Node.js'],
        category: 'mobile-development',
      }),
    );
    web.push(
      await freelancer('Wendy Web', {
        headline: 'React developer for web dashboards',
        bio: 'Single-page apps in React with Redux and charts.',
        skills: ['React', 'Redux', 'TypeScript'],
      }),
      await freelancer('Frank Front', {
        headline: 'Frontend engineer: React, Next.js, Tailwind',
        bio: 'Marketing sites and web apps with React and Next.js.',
        skills: ['React', 'Next.js', 'Tailwind CSS'],
      }),
      await freelancer('Jay Script', {
        headline: 'JavaScript and React web developer',
        bio: 'Responsive websites and React components for SaaS products.',
        skills: ['React', 'JavaScript', 'CSS'],
      }),
    );
    const data = {
      headline: 'Rust systems programmer for embedded firmware',
      bio: 'Bare-metal Rust on microcontrollers, drivers and real-time firmware.',
      skills: ['Rust', 'C'],
      category: 'web-development',
    };
    cheap = await freelancer('Cheap Rust', { ...data, rate: 5000 });
    pricey = await freelancer('Pricey Rust', { ...data, rate: 12_000 });
    await env.rt.jobs.drain();
    expect(await env.rt.jobs.failed()).toEqual([]);
  }, 60_000);
  afterAll(async () => {
    await env.close();
  });

  it('normalises synonyms and misspellings in a brief to canonical skills', async () => {
    const graph = await loadSkillGraph(env.rt.db.reader);
    expect(wantedSkills(graph, 'we need a ReactJS dev who knows Kubernets and Golang', [])).toEqual(
      expect.arrayContaining(['React', 'Kubernetes', 'Go']),
    );
    expect(wantedSkills(graph, 'a react native dev', ['postgres', 'node js'])).toEqual(
      expect.arrayContaining(['React Native', 'PostgreSQL', 'Node.js']),
    );
    const out = await call<Results>(client, 'match_freelancers', { brief: 'someone for a ReactNative app' });
    expect(out.wantedSkills).toContain('React Native');
  });

  it('ranks React Native freelancers above generic React ones for a React Native brief', async () => {
    const out = await call<Results>(client, 'match_freelancers', {
      brief: 'We need a React Native developer to build our iOS and Android app',
      limit: 10,
    });
    const pos = (u: TestUser) => out.results.findIndex((r) => r.id === u.actor.id);
    for (const u of rn) expect(pos(u)).toBeGreaterThanOrEqual(0);
    const worstRn = Math.max(...rn.map(pos));
    for (const u of web) {
      const p = pos(u);
      if (p >= 0) expect(p).toBeGreaterThan(worstRn);
    }
    const top = out.results[0]!;
    expect(top.reasons.join(' ')).toContain('React Native');
    // The parts are the score: they sum to it (before any diversity penalty).
    const sum = top.parts.reduce((s, p) => s + p.points, 0);
    expect(Math.abs(sum - top.score)).toBeLessThan(
      0.002 + (top as unknown as { diversityPenalty: number }).diversityPenalty,
    );
  });

  it('drops an over-budget freelancer below an equal one within budget, saying "rate above budget"', async () => {
    const out = await call<Results>(client, 'match_freelancers', {
      brief: 'Rust firmware for a microcontroller',
      budget: { currency: 'USD', max: 6000, per: 'hour' },
      limit: 10,
    });
    const a = out.results.findIndex((r) => r.id === cheap.actor.id);
    const b = out.results.findIndex((r) => r.id === pricey.actor.id);
    expect(a).toBe(0);
    expect(b).toBeGreaterThan(a);
    const over = out.results[b]!;
    expect(over.reasons.some((r) => r.startsWith('rate above budget'))).toBe(true);
    expect(over.parts.find((p) => p.name === 'rate')?.value).toBe(0);
    expect(out.results[a]!.reasons.some((r) => /within budget/.test(r))).toBe(true);
  });

  it('makes a freshly updated profile matchable once its job has run', async () => {
    const u = await freelancer('Whale Listener', {
      headline: 'Bioacoustics researcher',
      bio: 'Audio classification of marine mammal recordings.',
      skills: ['Python'],
      category: 'data-science',
    });
    await env.rt.jobs.drain();
    await call(u, 'update_my_profile', {
      headline: 'Hydrophone whale song classifier builder',
      bio: 'Hydrophone arrays, whale song detection, spectrogram classifiers.',
    });
    await env.rt.jobs.drain();
    const [doc] = await loadDocuments(env.rt.db.reader, 'profile', { ids: [u.actor.id] });
    const stored = await one<{ content_hash: string }>(
      env.rt.db.reader,
      "SELECT content_hash FROM embeddings WHERE owner_kind = 'profile' AND owner_id = ?",
      [u.actor.id],
    );
    expect(stored?.content_hash).toBe(contentHash(doc!.text));
    const fts = await all(
      env.rt.db.reader,
      "SELECT user_id FROM profiles_fts WHERE profiles_fts MATCH 'hydrophone'",
    );
    expect(fts).toEqual([{ user_id: u.actor.id }]);
    const out = await call<Results>(client, 'match_freelancers', {
      brief: 'whale song hydrophone classifier',
    });
    expect(out.results[0]?.id).toBe(u.actor.id);
    expect(out.results[0]?.sources).toEqual(expect.arrayContaining(['vector', 'fts']));
  });

  it('lets only the owner (or an admin) match against a project', async () => {
    const p = await call<{ id: string }>(client, 'create_project', {
      title: 'React Native app for our clinic',
      description: 'Patients book appointments on iOS and Android; we need a React Native developer.',
      category: 'mobile-development',
      skills: ['React Native'],
      pricing: 'hourly',
      budget: { currency: 'USD', min: 3000, max: 9000 },
      requirements: { platforms: ['iOS', 'Android'] },
      publish: true,
    });
    await env.rt.jobs.drain();
    const out = await call<Results>(client, 'match_freelancers', { projectId: p.id });
    expect(rn.map((u) => u.actor.id)).toContain(out.results[0]?.id);
    const other = await makeUser(env.rt, 'client');
    const res = await env.rt.dispatcher.call({
      actor: other.actor,
      channel: 'test',
      tool: 'match_freelancers',
      input: { projectId: p.id },
    });
    expect(res.ok ? 'ok' : res.error.code).toBe('NOT_FOUND');
    const recs = await call<{ results: { id: string }[] }>(rn[0]!, 'recommend_projects', {});
    expect(recs.results[0]?.id).toBe(p.id);
    // Once bid on, it is no longer recommended to that freelancer (it still is to the others).
    await call(rn[0]!, 'submit_proposal', {
      projectId: p.id,
      coverLetter: 'I have shipped three React Native booking apps to both stores.',
      amount: { amount: 6000, currency: 'USD' },
      estimatedWeeks: 6,
    });
    const after = await call<{ results: { id: string }[] }>(rn[0]!, 'recommend_projects', {});
    expect(after.results.map((r) => r.id)).not.toContain(p.id);
    const forOther = await call<{ results: { id: string }[] }>(rn[1]!, 'recommend_projects', {});
    expect(forOther.results.map((r) => r.id)).toContain(p.id);
  });

  it('search_freelancers uses vector candidates only for users in the semantic_search rollout', async () => {
    // Its own freelancer, so the test does not lean on an earlier one's.
    await freelancer('Hydro Hana', {
      headline: 'Hydrophone whale song classifier builder',
      bio: 'Hydrophone arrays, whale song detection, spectrogram classifiers.',
      skills: ['Python'],
      category: 'data-science',
    });
    await env.rt.jobs.drain();
    const search = () =>
      call<{ embeddingProvider: string | null; results: Match[] }>(client, 'search_freelancers', {
        query: 'hydrophone whale song',
      });
    const rollout = (bps: number) =>
      env.rt.db.write((tx) =>
        setFlagRollout(tx, 'semantic_search', bps, client.actor.id, new Date().toISOString()),
      );
    await rollout(0);
    const off = await search();
    expect(off.embeddingProvider).toBeNull();
    expect(off.results[0]?.sources).not.toContain('vector');
    await rollout(10_000);
    const on = await search();
    expect(on.embeddingProvider).not.toBeNull();
    expect(on.results[0]?.sources).toContain('vector');
    await env.rt.dispatcher.flush();
    const exposed = await all<{ variant: string }>(
      env.rt.db.reader,
      "SELECT variant FROM flag_exposures WHERE flag_key = 'semantic_search' AND user_id = ?",
      [client.actor.id],
    );
    expect(exposed).toEqual([{ variant: 'on' }]);
  });

  it('finds freelancers and projects like a given one, never the one itself', async () => {
    const like = await call<Results>(client, 'similar_freelancers', {
      freelancerId: rn[0]!.actor.id,
      limit: 3,
    });
    expect(like.results.map((r) => r.id)).not.toContain(rn[0]!.actor.id);
    expect(rn.map((u) => u.actor.id)).toContain(like.results[0]?.id);
    const make = (title: string, skills: string[], description: string) =>
      call<{ id: string }>(client, 'create_project', {
        title,
        description,
        category: 'mobile-development',
        skills,
        pricing: 'fixed',
        budget: { currency: 'USD', min: 100000, max: 300000 },
        requirements: { platforms: ['iOS', 'Android'] },
        publish: true,
      });
    const a = await make(
      'Expo app for a bakery',
      ['React Native', 'Expo'],
      'Order ahead app for our bakery, in React Native.',
    );
    const b = await make(
      'React Native loyalty app',
      ['React Native'],
      'A loyalty card app for our cafe chain in React Native.',
    );
    const c = await make(
      'Kotlin warehouse scanner',
      ['Kotlin'],
      'Android barcode scanning for our warehouse staff, native Kotlin.',
    );
    await env.rt.jobs.drain();
    const out = await call<{ results: { id: string; reasons: string[] }[] }>(rn[1]!, 'similar_projects', {
      projectId: a.id,
    });
    const ids = out.results.map((r) => r.id);
    expect(ids).not.toContain(a.id);
    expect(ids.indexOf(b.id)).toBeGreaterThanOrEqual(0);
    if (ids.includes(c.id)) expect(ids.indexOf(b.id)).toBeLessThan(ids.indexOf(c.id));
  });
});
