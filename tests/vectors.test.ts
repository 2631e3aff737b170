import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../db/seed/random';
import { run } from '../db/sql';
import { createVectorIndex } from '../matching/vectors/factory';
import {
  type OwnerKind,
  type SearchHit,
  type VectorBackend,
  VectorDimensionError,
  type VectorIndex,
  type VectorItem,
  type VectorMode,
} from '../matching/vectors/index';
import { SqliteVecIndex } from '../matching/vectors/sqliteVec';
import { needsReembed } from '../matching/vectors/store';
import { BACKENDS, type Backend, type TestEnv, testEnv } from './support/harness';

const DIM = 384;

// ---- deterministic data ------------------------------------------------------------------------------

const randomVector = (r: Rng) => Float32Array.from({ length: DIM }, () => r.gauss());
function basis(...weights: [number, number][]): Float32Array {
  const v = new Float32Array(DIM);
  for (const [i, w] of weights) v[i] = w;
  return v;
}

/** ~500 random vectors plus hand-made ones whose neighbours are known. */
function dataset(): VectorItem[] {
  const r = new Rng(1234);
  const items: VectorItem[] = Array.from({ length: 500 }, (_, i) => ({
    kind: 'profile',
    id: `p${String(i).padStart(3, '0')}`,
    vector: randomVector(r),
  }));
  items.push(
    { kind: 'profile', id: 'axis0', vector: basis([0, 10]) },
    { kind: 'profile', id: 'axis0-near', vector: basis([0, 1], [1, 0.1]) },
    { kind: 'profile', id: 'axis0-45deg', vector: basis([0, 1], [1, 1]) },
    { kind: 'profile', id: 'axis0-opposite', vector: basis([0, -3]) },
    { kind: 'profile', id: 'axis1', vector: basis([1, 1]) },
  );
  return items;
}

/** Points around a few dozen centres (cosine to the centre ~0.7): how real embeddings cluster. */
function clustered(n: number, queries: number, seed: number) {
  const r = new Rng(seed);
  const centres = Array.from({ length: 40 }, () => randomVector(r));
  const point = () => {
    const c = centres[Math.floor(r.next() * centres.length)]!;
    const norm = Math.hypot(...c);
    return Float32Array.from(c, (x) => x / norm + r.gauss() / Math.sqrt(DIM));
  };
  return {
    items: Array.from({ length: n }, (_, i) => ({
      kind: 'case_study' as const,
      id: `c${i}`,
      vector: point(),
    })),
    queries: Array.from({ length: queries }, point),
  };
}

const norms = new WeakMap<Float32Array, number>();
function norm(v: Float32Array): number {
  let n = norms.get(v);
  if (n === undefined) {
    n = 0;
    for (let i = 0; i < v.length; i++) n += v[i]! * v[i]!;
    n = Math.sqrt(n);
    norms.set(v, n);
  }
  return n;
}

/** Brute-force cosine distance in float64: the reference. */
function bruteForce(items: VectorItem[], q: Float32Array, k: number): SearchHit[] {
  const nq = norm(q);
  return items
    .map((it) => {
      let dot = 0;
      for (let i = 0; i < DIM; i++) dot += it.vector[i]! * q[i]!;
      return { id: it.id, distance: 1 - dot / (norm(it.vector) * nq) };
    })
    .sort((a, b) => a.distance - b.distance)
    .slice(0, k);
}

// ---- the indexes under test --------------------------------------------------------------------------

interface Case {
  name: string;
  backend: VectorBackend;
  mode: VectorMode;
  env: Backend;
  index: VectorIndex;
}

const envs = new Map<Backend, TestEnv>();
const cases: Case[] = [];
const data = dataset();
const queries = (() => {
  const r = new Rng(99);
  return Array.from({ length: 10 }, () => randomVector(r));
})();
const PROVIDER = 'test/random';

beforeAll(async () => {
  const plan: [Backend, VectorBackend, VectorMode][] = [
    ['file', 'sqlite-vec', 'exact'],
    ['file', 'sqlite-vec', 'binary'],
    ['file', 'libsql', 'exact'],
    ['sqld', 'libsql', 'exact'],
    ['sqld', 'libsql', 'binary'],
  ];
  for (const [env, backend, mode] of plan) {
    if (!BACKENDS.includes(env)) continue;
    let e = envs.get(env);
    if (!e) {
      e = await testEnv(env);
      envs.set(env, e);
    }
    const index = await createVectorIndex(e.rt.db, { providerId: PROVIDER, dimension: DIM, mode, backend });
    cases.push({ name: `${env} ${backend} ${mode}`, backend, mode, env, index });
  }
  // The same data in each database, written once through its first index.
  for (const env of envs.keys()) await cases.find((c) => c.env === env)!.index.upsert(data);
}, 120_000);

afterAll(async () => {
  for (const c of cases) c.index.close();
  for (const e of envs.values()) await e.close();
});

const each = (fn: (c: Case) => Promise<void>) => async () => {
  expect(cases.length).toBeGreaterThan(0);
  for (const c of cases) {
    try {
      await fn(c);
    } catch (err) {
      (err as Error).message = `[${c.name}] ${(err as Error).message}`;
      throw err;
    }
  }
};

describe('vector index', () => {
  it('picks sqlite-vec for a file database and libSQL vectors for sqld', () => {
    for (const env of envs.keys()) {
      const fallback = cases.find((c) => c.env === env)!;
      expect(fallback.index.backend).toBe(env === 'file' ? 'sqlite-vec' : 'libsql');
    }
  });

  it(
    'finds the true nearest neighbours (brute-force cosine) with their distances',
    each(async (c) => {
      expect(await c.index.count('profile')).toBe(data.length);
      for (const q of queries) {
        const want = bruteForce(data, q, 10);
        const got = await c.index.search('profile', q, 10);
        expect(got.map((h) => h.id)).toEqual(want.map((h) => h.id));
        got.forEach((h, i) => {
          expect(h.distance).toBeCloseTo(want[i]!.distance, 5);
        });
      }
    }),
  );

  it(
    'ranks hand-made vectors as geometry says, whatever their length',
    each(async (c) => {
      const hits = await c.index.search('profile', basis([0, 2]), 3);
      expect(hits.map((h) => h.id)).toEqual(['axis0', 'axis0-near', 'axis0-45deg']);
      expect(hits[0]!.distance).toBeCloseTo(0, 6);
      expect(hits[2]!.distance).toBeCloseTo(1 - Math.SQRT1_2, 5);
      const far = await c.index.search('profile', basis([0, 2]), 3, {
        filterIds: ['axis0-opposite', 'axis1'],
      });
      expect(far).toEqual([
        { id: 'axis1', distance: expect.closeTo(1, 5) },
        { id: 'axis0-opposite', distance: expect.closeTo(2, 5) },
      ]);
    }),
  );

  it('returns the same top 10 on every backend and mode for the same data', async () => {
    for (const q of queries) {
      const results = await Promise.all(
        cases.map(async (c) => (await c.index.search('profile', q, 10)).map((h) => h.id)),
      );
      for (const r of results) expect(r).toEqual(results[0]);
    }
  });

  it(
    'keeps to filterIds, including ids that do not exist',
    each(async (c) => {
      const ids = ['p001', 'p002', 'p003', 'p250', 'nobody'];
      const q = queries[0]!;
      const got = await c.index.search('profile', q, 10, { filterIds: ids });
      const want = bruteForce(
        data.filter((d) => ids.includes(d.id)),
        q,
        10,
      );
      expect(got.map((h) => h.id)).toEqual(want.map((h) => h.id));
      expect(await c.index.search('profile', q, 10, { filterIds: [] })).toEqual([]);
    }),
  );

  it(
    'refuses a vector or query of the wrong dimension with a clear error, writing nothing',
    each(async (c) => {
      const good = { kind: 'profile' as const, id: 'dim-good', vector: basis([5, 1]) };
      const bad = { kind: 'profile' as const, id: 'dim-bad', vector: new Float32Array(128).fill(0.1) };
      const err = await c.index.upsert([good, bad]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(VectorDimensionError);
      expect((err as Error).message).toBe(
        `the vector for profile dim-bad has 128 dimensions, but this vector index holds 384-dimensional vectors of ${PROVIDER}`,
      );
      expect(await c.index.count('profile')).toBe(data.length);
      await expect(c.index.search('profile', new Float32Array(512).fill(1), 5)).rejects.toThrow(
        /the query has 512 dimensions, but this vector index holds 384-dimensional/,
      );
      await expect(
        c.index.upsert([{ kind: 'profile', id: 'nan', vector: basis([0, Number.NaN]) }]),
      ).rejects.toThrow(/non-finite/);
      await expect(c.index.search('profile', new Float32Array(DIM), 5)).rejects.toThrow(/zero vector/);
      await expect(c.index.search('profile', queries[0]!, 0)).rejects.toThrow(/k must be/);
      await expect(c.index.search('nobody' as OwnerKind, queries[0]!, 5)).rejects.toThrow(
        /unknown owner kind/,
      );
    }),
  );

  it('refuses to open an index whose dimension differs from vectors stored under the same provider', async () => {
    for (const [env, e] of envs) {
      await expect(createVectorIndex(e.rt.db, { providerId: PROVIDER, dimension: 512 }), env).rejects.toThrow(
        `createVectorIndex: ${PROVIDER} vectors are stored with dimension 384, not 512`,
      );
    }
  });

  it(
    'upsert replaces, delete removes, and every index of the database sees it',
    each(async (c) => {
      const peers = cases.filter((p) => p.env === c.env);
      const before = await c.index.count('profile');
      const q = basis([7, 1]);
      await c.index.upsert([
        { kind: 'profile', id: 'moving', vector: basis([8, 1]) },
        { kind: 'profile', id: 'staying', vector: basis([7, 1], [8, 1]) },
      ]);
      for (const p of peers) expect((await p.index.search('profile', q, 1))[0]!.id, p.name).toBe('staying');
      // Same owner, new vector: replaced, not added.
      await c.index.upsert([{ kind: 'profile', id: 'moving', vector: basis([7, 1]) }]);
      expect(await c.index.count('profile')).toBe(before + 2);
      for (const p of peers) {
        const hit = (await p.index.search('profile', q, 1))[0]!;
        expect(hit, p.name).toEqual({ id: 'moving', distance: expect.closeTo(0, 6) });
      }
      expect(await c.index.delete('profile', ['moving', 'staying', 'never-there'])).toBe(2);
      expect(await c.index.delete('profile', [])).toBe(0);
      expect(await c.index.count('profile')).toBe(before);
      for (const p of peers) {
        const ids = (await p.index.search('profile', q, 20)).map((h) => h.id);
        expect(ids, p.name).not.toContain('moving');
        expect(ids, p.name).not.toContain('staying');
      }
      // Kinds are separate spaces.
      await c.index.upsert([{ kind: 'project', id: 'p001', vector: basis([9, 1]) }]);
      expect((await c.index.search('project', basis([9, 1]), 5)).map((h) => h.id)).toEqual(['p001']);
      expect((await c.index.search('profile', basis([9, 1]), 1))[0]!.id).not.toBe('p001');
      expect(await c.index.delete('project', ['p001'])).toBe(1);
    }),
  );

  it('gives an owner one vector: writing it under another provider moves it there', async () => {
    for (const [env, e] of envs) {
      const base = cases.find((c) => c.env === env)!;
      const other = await createVectorIndex(e.rt.db, {
        providerId: 'test/other',
        dimension: 16,
        mode: 'binary',
      });
      await other.upsert([{ kind: 'profile', id: 'p000', vector: new Float32Array(16).fill(1) }]);
      expect(await other.count('profile')).toBe(1);
      expect(await base.index.count('profile')).toBe(data.length - 1);
      expect((await base.index.search('profile', data[0]!.vector, 1))[0]!.id).not.toBe('p000');
      await base.index.upsert([data[0]!]);
      expect(await other.count('profile')).toBe(0);
      expect((await base.index.search('profile', data[0]!.vector, 1))[0]!.id).toBe('p000');
      other.close();
    }
  });

  it('records provider, dimension and content hash, and tells which owners need re-embedding', async () => {
    for (const [env, e] of envs) {
      const c = cases.find((x) => x.env === env)!;
      await c.index.upsert([
        { kind: 'project', id: 'j1', vector: basis([1, 1]), contentHash: 'h1' },
        { kind: 'project', id: 'j2', vector: basis([2, 1]), contentHash: 'h2' },
      ]);
      const stale = await needsReembed(e.rt.db.reader, {
        kind: 'project',
        providerId: PROVIDER,
        dimension: DIM,
        items: [
          { id: 'j1', contentHash: 'h1' },
          { id: 'j2', contentHash: 'changed' },
          { id: 'j3', contentHash: 'new' },
        ],
      });
      expect(stale, env).toEqual(['j2', 'j3']);
      const otherModel = await needsReembed(e.rt.db.reader, {
        kind: 'project',
        providerId: 'test/next-model',
        dimension: DIM,
        items: [{ id: 'j1', contentHash: 'h1' }],
      });
      expect(otherModel, env).toEqual(['j1']);
      await c.index.delete('project', ['j1', 'j2']);
    }
  });

  it('binary mode reaches recall@10 >= 0.95 against exact on 3000 clustered vectors', async () => {
    const { items, queries: qs } = clustered(3000, 20, 7);
    for (const [env, e] of envs) {
      const binary = await createVectorIndex(e.rt.db, {
        providerId: 'test/clustered',
        dimension: DIM,
        mode: 'binary',
      });
      await binary.upsert(items);
      let hit = 0;
      for (const q of qs) {
        const truth = new Set(bruteForce(items, q, 10).map((h) => h.id));
        for (const h of await binary.search('case_study', q, 10)) if (truth.has(h.id)) hit++;
      }
      const recall = hit / (10 * qs.length);
      expect(recall, `${env} recall@10 ${recall}`).toBeGreaterThanOrEqual(0.95);
      await binary.delete(
        'case_study',
        items.map((i) => i.id),
      );
      binary.close();
    }
  }, 60_000);

  it('binary mode on uniform random vectors (the worst case) needs more candidates: 1000 of 3000 reach 0.95', async () => {
    const r = new Rng(5);
    const items = Array.from({ length: 3000 }, (_, i) => ({
      kind: 'case_study' as const,
      id: `u${i}`,
      vector: randomVector(r),
    }));
    const e = envs.values().next().value as TestEnv;
    const binary = await createVectorIndex(e.rt.db, {
      providerId: 'test/uniform',
      dimension: DIM,
      mode: 'binary',
    });
    await binary.upsert(items);
    let hit = 0;
    for (let i = 0; i < 20; i++) {
      const q = randomVector(r);
      const truth = new Set(bruteForce(items, q, 10).map((h) => h.id));
      for (const h of await binary.search('case_study', q, 10, { candidates: 1000 }))
        if (truth.has(h.id)) hit++;
    }
    expect(hit / 200).toBeGreaterThanOrEqual(0.95);
    binary.close();
  });
});

describe.runIf(BACKENDS.includes('file'))('sqlite-vec backend', () => {
  it('keeps its vec0 table in step with writes made through any connection, and rebuilds it', async () => {
    const e = envs.get('file')!;
    const c = cases.find((x) => x.env === 'file' && x.backend === 'sqlite-vec' && x.mode === 'exact')!;
    const index = c.index as SqliteVecIndex;
    expect(index.extensionVersion).toMatch(/^v0\.1\./);
    // A write straight through Db.write (as another process's libSQL backend would do) is caught up at search.
    const v = basis([11, 1]);
    await e.rt.db.write((tx) =>
      run(
        tx,
        `INSERT INTO embeddings (owner_kind, owner_id, provider_id, dimension, content_hash, updated_at, vector)
         VALUES ('profile', 'outside', ?, ?, NULL, 'now', ?)`,
        [PROVIDER, DIM, new Uint8Array(v.buffer)],
      ),
    );
    expect((await index.search('profile', v, 1))[0]!.id).toBe('outside');
    await e.rt.db.write((tx) => run(tx, "DELETE FROM embeddings WHERE owner_id = 'outside'"));
    expect((await index.search('profile', v, 1))[0]!.id).not.toBe('outside');
    // The change log is pruned once the index has caught up.
    const log = await e.rt.db.reader.execute(
      "SELECT count(*) AS n FROM embedding_changes WHERE owner_kind = 'profile'",
    );
    expect(Number(log.rows[0]!.n)).toBe(0);
    await index.rebuild();
    expect(await index.count('profile')).toBe(data.length);
    const q = queries[3]!;
    expect((await index.search('profile', q, 10)).map((h) => h.id)).toEqual(
      bruteForce(data, q, 10).map((h) => h.id),
    );
  });

  it('stops holding the change log for an abandoned vec0 table, and rebuilds it when used again', async () => {
    const e = envs.get('file')!;
    const path = e.rt.db.url.replace(/^file:/, '');
    const opts = { providerId: PROVIDER, dimension: DIM, mode: 'exact' as const };
    const abandoned = await SqliteVecIndex.open(e.rt.db, path, { ...opts, providerId: 'test/abandoned' });
    await abandoned.upsert([{ kind: 'profile', id: 'gone', vector: basis([12, 1]) }]);
    abandoned.close();
    const pending = async () =>
      Number(
        (
          await e.rt.db.reader.execute(
            "SELECT count(*) AS n FROM embedding_changes WHERE owner_kind = 'profile'",
          )
        ).rows[0]!.n,
      );
    const live = await SqliteVecIndex.open(e.rt.db, path, { ...opts, staleAfterMs: 60_000 });
    await live.upsert([{ kind: 'profile', id: 'p010', vector: data[10]!.vector }]);
    expect(await pending()).toBeGreaterThan(0); // held for the abandoned table
    live.close();
    const impatient = await SqliteVecIndex.open(e.rt.db, path, { ...opts, staleAfterMs: 0 });
    await impatient.upsert([{ kind: 'profile', id: 'p010', vector: data[10]!.vector }]);
    expect(await pending()).toBe(0);
    impatient.close();
    const back = await SqliteVecIndex.open(e.rt.db, path, { ...opts, providerId: 'test/abandoned' });
    expect(await back.search('profile', basis([12, 1]), 5)).toEqual([
      { id: 'gone', distance: expect.closeTo(0, 6) },
    ]);
    await back.delete('profile', ['gone']);
    back.close();
  });

  it('interleaves its writes with concurrent Db.write transactions without SQLITE_BUSY or deadlock', async () => {
    const e = envs.get('file')!;
    const c = cases.find((x) => x.env === 'file' && x.backend === 'sqlite-vec' && x.mode === 'exact')!;
    const r = new Rng(77);
    const jobs: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i++) {
      // A transaction that holds the write lock across awaits, as tool calls do.
      jobs.push(
        e.rt.db.write(async (tx) => {
          await run(tx, "UPDATE embeddings SET updated_at = 'touched' WHERE owner_id = 'p001'");
          await new Promise((res) => setTimeout(res, 2));
          await run(tx, "UPDATE embeddings SET updated_at = 'touched' WHERE owner_id = 'p002'");
        }),
      );
      jobs.push(c.index.upsert([{ kind: 'project', id: `busy${i}`, vector: randomVector(r) }]));
      jobs.push(c.index.search('project', randomVector(r), 3));
    }
    await Promise.all(jobs);
    expect(await c.index.count('project')).toBe(20);
    expect(
      await c.index.delete(
        'project',
        Array.from({ length: 20 }, (_, i) => `busy${i}`),
      ),
    ).toBe(20);
  });

  it('binds blobs as an array: a Buffer as the only spread parameter would kill the process', () => {
    // The trap itself, in a child process so that its panic does not take the test runner down.
    const script = `
      const Database = require('libsql');
      const db = new Database(':memory:');
      const buf = Buffer.from(new Float32Array([1, 2, 3]).buffer);
      console.log(db.prepare('SELECT length(?)').raw(true).all([buf])[0][0]);
      db.prepare('SELECT length(?)').raw(true).all(buf);
      console.log('survived');`;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(child.stdout.trim()).toBe('12');
    expect(child.status).not.toBe(0);
    // Every statement of the backend binds an array, so a single-blob search runs in-process.
    const c = cases.find((x) => x.env === 'file' && x.backend === 'sqlite-vec')!;
    return expect(c.index.search('profile', queries[0]!, 1)).resolves.toHaveLength(1);
  });
});
