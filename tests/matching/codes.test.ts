import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../db/seed/random';
import { l2normalize } from '../../matching/embeddings/provider';
import { EXACT_UP_TO, sqlVectorSearcher } from '../../matching/vectorSearch';
import { createVectorIndex } from '../../matching/vectors/factory';
import { type TestEnv, testEnv } from '../support/harness';

const DIM = 384;
const N = EXACT_UP_TO + 1000;

/** Clustered unit vectors from a fixed seed: neighbourhoods like real embeddings have. */
function data(n: number, seed: number): Float32Array[] {
  const rng = new Rng(seed);
  const next = () => rng.next() - 0.5;
  const centres = Array.from({ length: 60 }, () => l2normalize(Float32Array.from({ length: DIM }, next)));
  return Array.from({ length: n }, (_, i) =>
    l2normalize(Float32Array.from(centres[i % centres.length]!, (x) => x + next() * 0.15)),
  );
}

/** Ranking's large-collection path: Hamming over codes held in memory, rescored exactly in SQL. */
describe('matching: in-memory binary codes', () => {
  let env: TestEnv;
  const vectors = data(N, 11);
  beforeAll(async () => {
    env = await testEnv('file');
    const index = await createVectorIndex(env.rt.db, {
      providerId: 'test/codes',
      dimension: DIM,
      backend: 'libsql',
    });
    await index.upsert(vectors.map((vector, i) => ({ kind: 'profile' as const, id: `p${i}`, vector })));
  }, 60_000);
  afterAll(async () => {
    await env.close();
  });

  it('finds what the exact scan finds (recall@10 >= 0.95) with the same distances', async () => {
    const exact = sqlVectorSearcher(env.rt.db.reader, 'test/codes', DIM, 'exact');
    const auto = sqlVectorSearcher(env.rt.db.reader, 'test/codes', DIM);
    const sqlBinary = sqlVectorSearcher(env.rt.db.reader, 'test/codes', DIM, 'binary');
    let found = 0;
    let foundSql = 0;
    const queries = data(N + 40, 11).slice(N);
    for (const q of queries) {
      const truth = await exact.search('profile', q, 10);
      const got = await auto.search('profile', q, 10);
      found += got.filter((h) => truth.some((t) => t.id === h.id)).length;
      const sql = await sqlBinary.search('profile', q, 10);
      foundSql += sql.filter((h) => truth.some((t) => t.id === h.id)).length;
      for (const h of got) {
        const t = truth.find((x) => x.id === h.id);
        if (t) expect(h.distance).toBeCloseTo(t.distance, 5);
      }
    }
    expect(found / (queries.length * 10)).toBeGreaterThanOrEqual(0.95);
    // The same codes and candidate count as the SQL Hamming scan: the same recall.
    expect(Math.abs(found - foundSql)).toBeLessThanOrEqual(queries.length / 10);
  });

  it('maps codes back to their owners: a stored vector is its own nearest neighbour', async () => {
    const mem = sqlVectorSearcher(env.rt.db.reader, 'test/codes', DIM, 'memory');
    for (const i of [0, 17, N - 1]) {
      const [hit] = await mem.search('profile', vectors[i]!, 1);
      expect(hit?.id).toBe(`p${i}`);
      expect(hit?.distance).toBeLessThan(1e-5);
    }
  });
});
