import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, one, run } from '../../db/sql';
import { embedDocuments } from '../../jobs/handlers/embedDocuments';
import { matchingSync } from '../../jobs/handlers/matchingSync';
import { reindex } from '../../jobs/handlers/reindex';
import { jobCatalog } from '../../jobs/index';
import { l2normalize } from '../../matching/embeddings/provider';
import { matchingProvider, setMatchingProvider } from '../../matching/services';
import { pinFlag } from '../support/flags';
import { makeUser, type TestEnv, type TestUser, testEnv } from '../support/harness';

const count = async (env: TestEnv, sql: string, args: (string | number)[] = []) =>
  Number((await one<{ n: number }>(env.rt.db.reader, sql, args))?.n ?? 0);

/** The matching jobs: listed in the catalog, run by the in-process runner as `npm start` runs them. */
describe('matching jobs', () => {
  let env: TestEnv;
  const people: TestUser[] = [];

  beforeAll(async () => {
    env = await testEnv('file');
    for (const skills of [['React'], ['Python', 'Django'], ['Figma']]) {
      const u = await makeUser(env.rt, 'freelancer', { skills });
      people.push(u);
      // makeUser writes rows directly (like the seed): no job has run for them.
      await env.rt.dispatcher.call({
        actor: u.actor,
        channel: 'test',
        tool: 'add_case_study',
        input: { title: `Case of ${skills[0]}`, summary: 'A project.', outcome: 'It shipped.' },
      });
    }
    await env.rt.jobs.drain();
  });
  afterAll(async () => {
    setMatchingProvider(undefined);
    await env.close();
  });

  it('are in the job catalog', () => {
    expect(jobCatalog.map((j) => j.name)).toEqual(
      expect.arrayContaining([embedDocuments.name, matchingSync.name, reindex.name]),
    );
  });

  it('a case study write embeds it and refreshes its freelancer', async () => {
    expect(await count(env, "SELECT count(*) AS n FROM embeddings WHERE owner_kind = 'case_study'")).toBe(3);
    expect(await count(env, "SELECT count(*) AS n FROM embeddings WHERE owner_kind = 'profile'")).toBe(3);
    expect(await count(env, "SELECT count(*) AS n FROM profiles_fts WHERE profiles_fts MATCH 'Django'")).toBe(
      1,
    );
  });

  it('reindex rebuilds every vector and full-text row, and drops orphans', async () => {
    await env.rt.db.write(async (tx) => {
      await run(tx, 'DELETE FROM profiles_fts');
      await run(tx, "UPDATE embeddings SET content_hash = 'stale' WHERE owner_kind = 'profile'");
    });
    await env.rt.db.write((tx) =>
      run(
        tx,
        `INSERT INTO embeddings (owner_kind, owner_id, provider_id, dimension, content_hash, updated_at, vector)
         SELECT 'profile', 'usr_gone', provider_id, dimension, 'x', updated_at, vector FROM embeddings LIMIT 1`,
      ),
    );
    await env.rt.jobs.enqueue(reindex, {});
    await env.rt.jobs.drain();
    expect(await env.rt.jobs.failed()).toEqual([]);
    const profiles = await count(env, 'SELECT count(*) AS n FROM freelancer_profiles');
    expect(await count(env, 'SELECT count(*) AS n FROM profiles_fts')).toBe(profiles);
    expect(await count(env, "SELECT count(*) AS n FROM embeddings WHERE content_hash = 'stale'")).toBe(0);
    expect(await count(env, "SELECT count(*) AS n FROM embeddings WHERE owner_id = 'usr_gone'")).toBe(0);
    expect(await count(env, "SELECT count(*) AS n FROM embeddings WHERE owner_kind = 'profile'")).toBe(
      profiles,
    );
  });

  it('re-embeds everything when the configured embedding model changes', async () => {
    const before = (await matchingProvider(env.rt.db.reader)).id;
    await env.rt.jobs.enqueue(matchingSync, {});
    await env.rt.jobs.drain();
    expect(
      (
        await one<{ value: string }>(
          env.rt.db.reader,
          "SELECT value FROM matching_state WHERE key = 'provider_id'",
        )
      )?.value,
    ).toBe(before);
    // A different model: same interface, another id and dimension.
    setMatchingProvider({
      id: 'test/letters-v2',
      dimension: 26,
      embed: async (texts) =>
        texts.map((t) => {
          const v = new Float32Array(26);
          for (const c of t.toLowerCase()) if (c >= 'a' && c <= 'z') v[c.charCodeAt(0) - 97]! += 1;
          v[0]! += 1e-3;
          return l2normalize(v);
        }),
    });
    await env.rt.jobs.enqueue(matchingSync, {});
    await env.rt.jobs.drain();
    expect(await env.rt.jobs.failed()).toEqual([]);
    const providers = await all<{ provider_id: string; n: number }>(
      env.rt.db.reader,
      'SELECT provider_id, count(*) AS n FROM embeddings GROUP BY provider_id',
    );
    expect(providers.map((p) => p.provider_id)).toEqual(['test/letters-v2']);
    // And matching works on the new vectors.
    const client = await makeUser(env.rt, 'client');
    await pinFlag(env.rt, client.actor.id, 'ai_matching_v2', 'treatment'); // the ranking with embeddings
    const res = await env.rt.dispatcher.call<{ embeddingProvider: string; results: { id: string }[] }>({
      actor: client.actor,
      channel: 'test',
      tool: 'match_freelancers',
      input: { brief: 'Django developer' },
    });
    if (!res.ok) throw new Error(res.error.message);
    expect(res.data.embeddingProvider).toBe('test/letters-v2');
    expect(res.data.results[0]?.id).toBe(people[1]!.actor.id);
  });
});
