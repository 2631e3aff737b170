import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  editDistance,
  isLikelyTypo,
  loadSkillGraph,
  normalizeAlias,
  normalizeSkillText,
  relatedSkills,
  skillOverlap,
} from '../db/queries/skillGraph';
import { resolveSkillEach, resolveSkills } from '../db/queries/skills';
import { SKILL_ALIASES, SKILL_EDGES } from '../db/seed/data/skillGraph';
import { CATEGORIES } from '../db/seed/data/taxonomy';
import { seedReference, skillGraphRows } from '../db/seed/reference';
import { all, one, run } from '../db/sql';
import type { Actor } from '../tools/define';
import type { CallResult } from '../tools/dispatcher';
import type { ProjectView } from '../tools/shared/schemas';
import { BACKENDS, makeUser, projectInput, type TestEnv, testEnv } from './support/harness';

interface SkillGraphOut {
  skills: {
    id: string;
    slug: string;
    name: string;
    category: string;
    matched: string;
    confidence: number;
    related: { id: string; name: string; weight: number }[];
    freelancers: {
      withSkill: number;
      withRelatedOnly: number;
      averageHourlyRate: { amount: number; currency: string; freelancers: number }[];
      top: { id: string; name: string; headline: string; rating: number | null; reviewsCount: number }[];
    };
  }[];
}

const names = (xs: { skill: { name: string } }[]) => xs.map((x) => x.skill.name);

describe('skills graph data and text helpers', () => {
  it('is consistent: every alias and edge names a taxonomy skill, no alias means two skills', () => {
    const rows = skillGraphRows();
    const skills = CATEGORIES.flatMap((c) => c.skills);
    expect(skills.length).toBeGreaterThanOrEqual(300);
    expect(new Set(skills.map((s) => s.toLowerCase())).size).toBe(skills.length);
    expect(rows.aliases.length).toBeGreaterThan(skills.length * 2);
    expect(rows.edges.length).toBe(SKILL_EDGES.length * 2);
    for (const [, , w] of SKILL_EDGES) expect(w > 0 && w <= 1).toBe(true);
  });

  it('normalises aliases the same way for storage and for text', () => {
    expect(normalizeAlias('React.js')).toBe('react js');
    expect(normalizeAlias('CI/CD')).toBe('ci cd');
    expect(normalizeAlias('C#')).toBe('csharp');
    expect(normalizeAlias('C++')).toBe('cplusplus');
    expect(normalizeAlias('ASP.NET Core')).toBe('asp dotnet core');
    expect(normalizeAlias('Résumé Writing')).toBe('resume writing');
    expect(editDistance('pyhton', 'python')).toBe(1);
    expect(isLikelyTypo('pyhton', 'python')).toBe(true);
    expect(isLikelyTypo('kubernets', 'kubernetes')).toBe(true);
    expect(isLikelyTypo('postgress', 'postgres')).toBe(true);
    // Real words one edit from a skill word are not typos of it.
    expect(isLikelyTypo('reach', 'react')).toBe(false);
    expect(isLikelyTypo('scale', 'scala')).toBe(false);
    expect(isLikelyTypo('member', 'ember')).toBe(false);
  });
});

describe.each(BACKENDS)('skills graph on %s', (backend) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await testEnv(backend);
  });
  afterAll(async () => {
    await env.close();
  });

  // biome-ignore lint/suspicious/noExplicitAny: tests read loosely typed tool output
  const call = <T = any>(actor: Actor, tool: string, input: unknown) =>
    env.rt.dispatcher.call<T>({ actor, channel: 'test', tool, input });
  const db = () => env.rt.db.reader;
  const count = async (sql: string) => Number((await one<{ n: number }>(db(), sql))?.n ?? 0);

  function ok<T>(res: CallResult<T>): T {
    if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`);
    return res.data;
  }

  it('loads 300+ skills, 18+ industries, aliases and symmetric edges, idempotently', async () => {
    expect(await count('SELECT count(*) AS n FROM skills')).toBeGreaterThanOrEqual(300);
    expect(await count('SELECT count(*) AS n FROM industries')).toBeGreaterThanOrEqual(18);
    expect(await count('SELECT count(*) AS n FROM categories')).toBe(CATEGORIES.length);
    const before = {
      aliases: await count('SELECT count(*) AS n FROM skill_aliases'),
      edges: await count('SELECT count(*) AS n FROM skill_edges'),
      skills: await count('SELECT count(*) AS n FROM skills'),
    };
    expect(before.aliases).toBe(skillGraphRows().aliases.length);
    expect(before.edges).toBe(SKILL_EDGES.length * 2);
    // Every edge has its reverse with the same weight.
    expect(
      await count(
        `SELECT count(*) AS n FROM skill_edges e WHERE NOT EXISTS (
           SELECT 1 FROM skill_edges r WHERE r.skill_id = e.related_id AND r.related_id = e.skill_id
              AND r.weight = e.weight)`,
      ),
    ).toBe(0);
    await seedReference(env.rt.db);
    expect({
      aliases: await count('SELECT count(*) AS n FROM skill_aliases'),
      edges: await count('SELECT count(*) AS n FROM skill_edges'),
      skills: await count('SELECT count(*) AS n FROM skills'),
    }).toEqual(before);
  });

  it('resolves every listed alias to its own skill', async () => {
    const aliases = Object.entries(SKILL_ALIASES).flatMap(([name, list]) => list.map((a) => [name, a]));
    const resolved = await resolveSkillEach(
      db(),
      aliases.map(([, a]) => a as string),
    );
    const wrong = aliases.filter(([name], i) => resolved[i]?.name !== name);
    expect(wrong).toEqual([]);
  });

  it('resolves names, synonyms, spelling variants and misspellings', async () => {
    const cases: [string, string][] = [
      ['React', 'React'],
      ['react', 'React'],
      ['React.js', 'React'],
      ['ReactJS', 'React'],
      ['react js', 'React'],
      ['React-JS', 'React'],
      ['k8s', 'Kubernetes'],
      ['Golang', 'Go'],
      ['go', 'Go'],
      ['Postgres', 'PostgreSQL'],
      ['postgresql', 'PostgreSQL'],
      ['RN', 'React Native'],
      ['ReactNative', 'React Native'],
      ['react-native', 'React Native'],
      ['nodejs', 'Node.js'],
      ['Node JS', 'Node.js'],
      ['node-js', 'Node.js'],
      ['NextJS', 'Next.js'],
      ['C Sharp', 'C#'],
      ['cpp', 'C++'],
      ['dotnet', '.NET'],
      ['GCP', 'Google Cloud'],
      ['UI/UX', 'UI Design'],
      ['microservice', 'Microservices'],
      ['A/B tests', 'A/B Testing'],
      ['skl_kubernetes', 'Kubernetes'],
      ['Kubernets', 'Kubernetes'],
      ['Pyhton', 'Python'],
      ['Javscript', 'JavaScript'],
      ['Postgress', 'PostgreSQL'],
      ['Typescirpt', 'TypeScript'],
    ];
    const { found, unknown } = await resolveSkills(db(), [
      ...cases.map(([input]) => input),
      'Quantum Basket Weaving',
    ]);
    expect(unknown).toEqual(['Quantum Basket Weaving']);
    const each = await resolveSkillEach(
      db(),
      cases.map(([input]) => input),
    );
    expect(each.map((s) => s?.name)).toEqual(cases.map(([, name]) => name));
    // Each skill once.
    expect(new Set(found.map((s) => s.id)).size).toBe(found.length);
  });

  it('finds skills in free text, preferring the longest name', async () => {
    expect(names(await normalizeSkillText(db(), 'a react native dev'))).toEqual(['React Native']);
    expect(names(await normalizeSkillText(db(), 'ruby on rails developer'))).toEqual(['Ruby on Rails']);
    const sentence = await normalizeSkillText(
      db(),
      'we need a react native dev who knows firebase and postgres, maybe some nodejs',
    );
    expect(sentence.map((m) => [m.skill.name, m.matched])).toEqual([
      ['React Native', 'react native'],
      ['Firebase', 'firebase'],
      ['PostgreSQL', 'postgres'],
      ['Node.js', 'nodejs'],
    ]);
    for (const m of sentence) expect(m.confidence).toBeGreaterThan(0.8);

    const ops = await normalizeSkillText(
      db(),
      'Set up our K8s cluster with Helm charts, Terraform and CI/CD in GitHub Actions; monitoring via Prometheus/Grafana.',
    );
    expect(names(ops)).toEqual([
      'Kubernetes',
      'Helm',
      'Terraform',
      'CI/CD',
      'GitHub Actions',
      'Prometheus',
      'Grafana',
    ]);
    const typos = await normalizeSkillText(db(), 'Kubernets and Pyhton experience, some Javscript');
    expect(names(typos)).toEqual(['Kubernetes', 'Python', 'JavaScript']);
    expect(typos.map((t) => t.matched)).toEqual(['Kubernets', 'Pyhton', 'Javscript']);
    expect(typos.every((t) => t.confidence <= 0.8)).toBe(true);
    expect(names(await normalizeSkillText(db(), 'C# and .NET Core with ASP.NET'))).toEqual([
      'C#',
      '.NET',
      'ASP.NET Core',
    ]);
  });

  it('counts everyday words as skills only with support', async () => {
    expect(await normalizeSkillText(db(), 'We need to go live next week and reach out to users.')).toEqual(
      [],
    );
    expect(
      await normalizeSkillText(db(), 'Spring launch coming, we need a swift turnaround; ruby is our dog.'),
    ).toEqual([]);
    expect(names(await normalizeSkillText(db(), 'Backend in Go and Rust'))).toEqual(['Go', 'Rust']);
    expect(names(await normalizeSkillText(db(), '5 years of go experience'))).toEqual(['Go']);
    expect(names(await normalizeSkillText(db(), 'react, go and rust'))).toEqual(['React', 'Go', 'Rust']);
    expect(names(await normalizeSkillText(db(), 'translate our app into Spanish and French'))).toEqual([
      'Spanish Translation',
      'French Translation',
    ]);
  });

  it('relates skills symmetrically with weights, one or two hops', async () => {
    const react = await relatedSkills(db(), ['skl_react']);
    const w = (xs: typeof react, name: string) => xs.find((r) => r.skill.name === name)?.weight;
    expect(w(react, 'Next.js')).toBe(0.8);
    expect(w(react, 'React Native')).toBe(0.6);
    expect(react[0]?.weight).toBeGreaterThanOrEqual(react.at(-1)?.weight ?? 0);
    expect(react.every((r) => r.from.name === 'React' && r.via === null)).toBe(true);
    expect(w(await relatedSkills(db(), ['skl_next-js']), 'React')).toBe(0.8);
    expect(w(await relatedSkills(db(), ['skl_react-native']), 'React')).toBe(0.6);
    expect(w(await relatedSkills(db(), ['skl_express']), 'Node.js')).toBe(0.8);
    expect(w(await relatedSkills(db(), ['skl_ui-design']), 'Figma')).toBe(0.7);

    const strong = await relatedSkills(db(), ['skl_react'], { minWeight: 0.6, limit: 3 });
    expect(strong).toHaveLength(3);
    expect(strong.every((r) => r.weight >= 0.6)).toBe(true);

    const graph = await loadSkillGraph(db());
    const twoHops = await relatedSkills(db(), ['skl_react'], { hops: 2, limit: 200 });
    const indirect = twoHops.filter((r) => r.via !== null);
    expect(indirect.length).toBeGreaterThan(0);
    for (const r of indirect) {
      const via = r.via?.id ?? '';
      const expected = graph.weight('skl_react', via) * graph.weight(via, r.skill.id);
      expect(r.weight).toBeCloseTo(expected, 4);
      expect(graph.weight('skl_react', r.skill.id)).toBeLessThan(r.weight);
    }
    expect(twoHops.some((r) => r.skill.id === 'skl_react')).toBe(false);
    // Several inputs: none of them is listed, the strongest path wins.
    const both = await relatedSkills(db(), ['skl_react', 'skl_next-js']);
    expect(both.some((r) => r.skill.name === 'React' || r.skill.name === 'Next.js')).toBe(false);
  });

  it('scores a graph-aware overlap', async () => {
    expect(await skillOverlap(db(), ['React', 'Node.js'], ['React', 'Node.js', 'Go'])).toEqual({
      score: 1,
      exact: ['React', 'Node.js'],
      related: [],
    });
    expect(await skillOverlap(db(), ['ReactJS', 'k8s'], ['react', 'Kubernetes'])).toMatchObject({ score: 1 });
    expect(await skillOverlap(db(), ['React', 'Node.js'], ['Next.js', 'Express'])).toEqual({
      score: 0.8,
      exact: [],
      related: [
        { wanted: 'React', have: 'Next.js', weight: 0.8 },
        { wanted: 'Node.js', have: 'Express', weight: 0.8 },
      ],
    });
    // Exact 1 + related 0.6 + nothing 0, over three wanted skills.
    const mixed = await skillOverlap(db(), ['Figma', 'React', 'Bookkeeping'], ['Figma', 'React Native']);
    expect(mixed.score).toBeCloseTo((1 + 0.6 + 0) / 3, 4);
    expect(mixed.exact).toEqual(['Figma']);
    expect(await skillOverlap(db(), [], ['React'])).toEqual({ score: 0, exact: [], related: [] });
    expect((await skillOverlap(db(), ['Underwater Welding'], ['underwater welding'])).score).toBe(1);
  });

  it('skill_graph resolves a skill and shows related skills and who has them', async () => {
    const client = await makeUser(env.rt, 'client');
    const a = await makeUser(env.rt, 'freelancer', {
      name: 'Ada Haskell',
      skills: ['Haskell'],
      rateMinor: 10000,
    });
    const b = await makeUser(env.rt, 'freelancer', {
      name: 'Ben Both',
      skills: ['Haskell', 'Scala'],
      rateMinor: 12000,
    });
    const c = await makeUser(env.rt, 'freelancer', { name: 'Cy Scala', skills: ['Scala'] });
    const d = await makeUser(env.rt, 'freelancer', { name: 'Di Elixir', skills: ['Elixir'] });
    const e = await makeUser(env.rt, 'freelancer', {
      name: 'Eu Haskell',
      skills: ['Haskell'],
      rateMinor: 9000,
    });
    const gone = await makeUser(env.rt, 'freelancer', { name: 'Gone Haskell', skills: ['Haskell'] });
    await env.rt.db.write(async (tx) => {
      await run(tx, 'UPDATE freelancer_profiles SET rating = 4.9, reviews_count = 12 WHERE user_id = ?', [
        a.actor.id,
      ]);
      await run(tx, 'UPDATE freelancer_profiles SET rating = 4.2, reviews_count = 3 WHERE user_id = ?', [
        b.actor.id,
      ]);
      await run(tx, "UPDATE freelancer_profiles SET currency = 'EUR' WHERE user_id = ?", [e.actor.id]);
      await run(tx, "UPDATE users SET status = 'suspended' WHERE id = ?", [gone.actor.id]);
    });

    const out = ok(await call<SkillGraphOut>(client.actor, 'skill_graph', { skill: 'haskel' }));
    expect(out.skills).toHaveLength(1);
    const [h] = out.skills;
    expect(h).toMatchObject({ id: 'skl_haskell', name: 'Haskell', category: 'backend-development' });
    expect(h?.related.map((r) => [r.name, r.weight])).toEqual([
      ['Scala', 0.4],
      ['Elixir', 0.3],
    ]);
    expect(h?.freelancers.withSkill).toBe(3);
    expect(h?.freelancers.withRelatedOnly).toBe(2);
    expect(h?.freelancers.averageHourlyRate).toEqual([
      { amount: 11000, currency: 'USD', freelancers: 2 },
      { amount: 9000, currency: 'EUR', freelancers: 1 },
    ]);
    expect(h?.freelancers.top.map((t) => t.id)).toEqual([a.actor.id, b.actor.id, e.actor.id]);
    expect(h?.freelancers.top[0]).toEqual({
      id: a.actor.id,
      name: 'Ada Haskell',
      headline: 'Ada Haskell — freelancer',
      rating: 4.9,
      reviewsCount: 12,
    });
    expect(JSON.stringify(out)).not.toContain('@');
    expect(JSON.stringify(out)).not.toContain(c.actor.id);
    expect(JSON.stringify(out)).not.toContain(d.actor.id);

    // Any role may ask; a freelancer gets the same answer.
    const byFreelancer = ok(await call<SkillGraphOut>(a.actor, 'skill_graph', { skill: 'Haskell' }));
    expect(byFreelancer.skills[0]?.freelancers).toEqual(h?.freelancers);
  });

  it('skill_graph normalises a sentence, and refuses unknown skills with suggestions', async () => {
    const client = await makeUser(env.rt, 'client');
    const out = ok(
      await call<SkillGraphOut>(client.actor, 'skill_graph', {
        text: 'we need a react native dev who knows firebase and postgres, maybe some nodejs',
      }),
    );
    expect(out.skills.map((s) => s.name)).toEqual(['React Native', 'Firebase', 'PostgreSQL', 'Node.js']);
    const rn = out.skills[0];
    expect(rn?.related.find((r) => r.name === 'React')?.weight).toBe(0.6);
    expect(rn?.related.find((r) => r.name === 'Expo')?.weight).toBe(0.8);

    const none = ok(await call<SkillGraphOut>(client.actor, 'skill_graph', { text: 'hello there' }));
    expect(none.skills).toEqual([]);

    const unknown = await call(client.actor, 'skill_graph', { skill: 'Reac' });
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) {
      expect(unknown.error.code).toBe('NOT_FOUND');
      const suggestions = unknown.error.details?.suggestions as string[];
      expect(suggestions).toContain('React');
      expect(unknown.error.message).toContain('React');
    }
    const nothing = await call(client.actor, 'skill_graph', { skill: 'Quantum Basket Weaving' });
    expect(!nothing.ok && nothing.error.code).toBe('NOT_FOUND');

    for (const input of [{}, { skill: 'React', text: 'React' }]) {
      const res = await call(client.actor, 'skill_graph', input);
      expect(!res.ok && res.error.code, JSON.stringify(input)).toBe('VALIDATION');
    }
  });

  it('create_project accepts aliases and stores the canonical skills', async () => {
    const client = await makeUser(env.rt, 'client');
    const project = ok(
      await call<ProjectView>(client.actor, 'create_project', projectInput({ skills: ['ReactJS', 'k8s'] })),
    );
    expect([...project.skills].sort()).toEqual(['Kubernetes', 'React']);
    const stored = await all<{ skill_id: string }>(
      db(),
      'SELECT skill_id FROM project_skills WHERE project_id = ? ORDER BY skill_id',
      [project.id],
    );
    expect(stored.map((s) => s.skill_id)).toEqual(['skl_kubernetes', 'skl_react']);
    // Two spellings of one skill are stored once.
    const twice = ok(
      await call<ProjectView>(
        client.actor,
        'create_project',
        projectInput({ skills: ['React', 'react.js'] }),
      ),
    );
    expect(twice.skills).toEqual(['React']);
  });

  it('picks up alias changes made in the database', async () => {
    expect((await resolveSkills(db(), ['Reactish'])).unknown).toEqual(['Reactish']);
    await env.rt.db.write((tx) =>
      run(
        tx,
        "INSERT INTO skill_aliases (alias_norm, skill_id, alias) VALUES ('reactish', 'skl_react', 'Reactish')",
      ),
    );
    expect((await resolveSkills(db(), ['Reactish'])).found.map((s) => s.name)).toEqual(['React']);
    await env.rt.db.write((tx) => run(tx, "DELETE FROM skill_aliases WHERE alias_norm = 'reactish'"));
    expect((await resolveSkills(db(), ['Reactish'])).unknown).toEqual(['Reactish']);
  });
});
