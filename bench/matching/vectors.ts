/**
 * Vector search and embedding figures: `npx tsx bench/matching/vectors.ts [--sizes 10000,100000]
 * [--backends sqlite-vec,libsql-file,sqld] [--queries 50] [--dim 384] [--embed] [--raw]`.
 *
 * Per size and backend: time to write N random unit vectors through the VectorIndex (Db.write), time to
 * build the sqlite-vec vec0 table, database size, p50/p95 search latency (k = 10) in exact and binary mode,
 * and binary recall@10 against exact on uniform random vectors (the worst case for quantization) and on
 * clustered vectors (closer to real embeddings). `--embed` times the embedders; `--raw` compares candidate
 * strategies in SQL directly (vec0 bit[] KNN, Hamming over the code table with either function).
 * `--seeded N` seeds the demo marketplace with N freelancers, embeds their profiles and case studies with
 * the domain embedder (skills graph lexicon) and measures binary recall@10 for project-to-profile queries.
 */

import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import * as sqliteVec from 'sqlite-vec';
import { type Db, openDb } from '../../db/client';
import { migrate } from '../../db/migrate';
import { seedDemo } from '../../db/seed/index';
import { Rng } from '../../db/seed/random';
import { loadDocuments } from '../../matching/documents';
import { createDomainEmbedder } from '../../matching/embeddings/domain';
import { buildSkillLexicon, loadSkillLexicon } from '../../matching/embeddings/skills';
import { createUseLiteEmbedder } from '../../matching/embeddings/use';
import { createVectorIndex } from '../../matching/vectors/factory';
import type { VectorBackend, VectorIndex, VectorMode } from '../../matching/vectors/index';
import { type Sqld, startSqld } from '../../tests/support/sqld';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
};
const SIZES = opt('sizes', '10000,100000').split(',').map(Number);
const BACKENDS = opt('backends', 'sqlite-vec,libsql-file,sqld').split(',');
const QUERIES = Number(opt('queries', '50'));
const DIM = Number(opt('dim', '384'));
const CANDIDATES = opt('candidates', '100,400,1000').split(',').map(Number);

// Deterministic data: the seed's PRNG (mulberry32) and its Box–Muller normals.
const unit = (v: Float32Array) => {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n);
  for (let i = 0; i < v.length; i++) v[i] = v[i]! / n;
  return v;
};
function uniformSet(n: number, seed: number): Float32Array[] {
  const r = new Rng(seed);
  return Array.from({ length: n }, () => unit(Float32Array.from({ length: DIM }, () => r.gauss())));
}
/** Points around 1 of n/100 centres, cosine to their centre ~0.7: clusters of related documents. */
function clusteredSet(
  n: number,
  queries: number,
  seed: number,
): { data: Float32Array[]; queries: Float32Array[] } {
  const r = new Rng(seed);
  const centres = uniformSet(Math.max(10, Math.round(n / 100)), seed + 1);
  const spread = 1 / Math.sqrt(DIM);
  const point = () => {
    const c = centres[Math.floor(r.next() * centres.length)]!;
    return unit(Float32Array.from(c, (x) => x + r.gauss() * spread));
  };
  return { data: Array.from({ length: n }, point), queries: Array.from({ length: queries }, point) };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

async function time<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const out = await fn();
  return [out, performance.now() - t];
}

interface Env {
  db: Db;
  dir: string;
  sqld?: Sqld;
  close(): Promise<void>;
}
async function env(kind: string): Promise<Env> {
  const dir = mkdtempSync(join(tmpdir(), 'megilance-bench-vec-'));
  let sqld: Sqld | undefined;
  let url = `file:${join(dir, 'bench.db')}`;
  if (kind === 'sqld') {
    sqld = await startSqld();
    url = sqld.url;
  }
  const db = await openDb({ url });
  await migrate(db);
  return {
    db,
    dir,
    ...(sqld ? { sqld } : {}),
    close: async () => {
      db.close();
      await sqld?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
const dirSize = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true }).reduce(
    (n, e) => n + (e.isDirectory() ? dirSize(join(dir, e.name)) : statSync(join(dir, e.name)).size),
    0,
  );

async function latency(index: VectorIndex, queries: Float32Array[], candidates?: number) {
  const times: number[] = [];
  await index.search('profile', queries[0]!, 10, candidates ? { candidates } : {}); // warm
  for (const q of queries) {
    const [, t] = await time(() => index.search('profile', q, 10, candidates ? { candidates } : {}));
    times.push(t);
  }
  return { p50: pct(times, 50), p95: pct(times, 95) };
}

async function recall(
  exact: VectorIndex,
  approx: VectorIndex,
  kind: 'profile',
  queries: Float32Array[],
  c: number,
) {
  let hit = 0;
  for (const q of queries) {
    const truth = new Set((await exact.search(kind, q, 10)).map((h) => h.id));
    for (const h of await approx.search(kind, q, 10, { candidates: c })) if (truth.has(h.id)) hit++;
  }
  return hit / (10 * queries.length);
}

async function benchBackend(kind: string, n: number) {
  const backend: VectorBackend = kind === 'sqlite-vec' ? 'sqlite-vec' : 'libsql';
  const e = await env(kind);
  const providerId = 'bench/random';
  const open = (mode: VectorMode, pid = providerId) =>
    createVectorIndex(e.db, { providerId: pid, dimension: DIM, mode, backend });
  try {
    // Write N vectors (binary-mode index: no vec0 to maintain while writing).
    const data = uniformSet(n, 42);
    const writer = await open('binary');
    const [, writeMs] = await time(async () => {
      for (let i = 0; i < n; i += 1000) {
        await writer.upsert(
          data.slice(i, i + 1000).map((vector, j) => ({ kind: 'profile' as const, id: `p${i + j}`, vector })),
        );
      }
    });
    const [exact, buildMs] = await time(() => open('exact'));
    const size = dirSize(e.dir);
    const queries = uniformSet(QUERIES, 7);
    const lx = await latency(exact, queries);
    const line = [
      `${kind.padEnd(11)} n=${n}`,
      `write ${ms(writeMs)} (${((writeMs / n) * 1000).toFixed(0)} µs/vec)`,
    ];
    if (backend === 'sqlite-vec') line.push(`vec0 build ${ms(buildMs)}`);
    if (kind !== 'sqld') line.push(`size ${mb(size)}`);
    line.push(`exact p50 ${ms(lx.p50)} p95 ${ms(lx.p95)}`);
    for (const c of CANDIDATES) {
      const lb = await latency(writer, queries, c);
      const ru = await recall(exact, writer, 'profile', queries.slice(0, 20), c);
      line.push(`binary c=${c} p50 ${ms(lb.p50)} p95 ${ms(lb.p95)} recall(uniform) ${ru.toFixed(3)}`);
    }
    console.log(line.join(' | '));

    // Recall on clustered data (a second provider id in the same database).
    const cl = clusteredSet(n, 20, 99);
    const cw = await open('binary', 'bench/clustered');
    for (let i = 0; i < n; i += 1000) {
      await cw.upsert(
        cl.data
          .slice(i, i + 1000)
          .map((vector, j) => ({ kind: 'case_study' as const, id: `c${i + j}`, vector })),
      );
    }
    const ce = await open('exact', 'bench/clustered');
    const rc: string[] = [];
    for (const c of CANDIDATES) {
      let hit = 0;
      for (const q of cl.queries) {
        const truth = new Set((await ce.search('case_study', q, 10)).map((h) => h.id));
        for (const h of await cw.search('case_study', q, 10, { candidates: c })) if (truth.has(h.id)) hit++;
      }
      rc.push(`c=${c} ${(hit / (10 * cl.queries.length)).toFixed(3)}`);
    }
    console.log(`${kind.padEnd(11)} n=${n} | binary recall@10 on clustered data: ${rc.join(', ')}`);
    for (const ix of [writer, exact, cw, ce]) ix.close();
  } finally {
    await e.close();
  }
}

/** Candidate strategies side by side, in SQL on one `libsql` connection with sqlite-vec loaded. */
async function raw(n: number) {
  const e = await env('file');
  try {
    const data = uniformSet(n, 42);
    const w = await createVectorIndex(e.db, {
      providerId: 'raw',
      dimension: DIM,
      mode: 'binary',
      backend: 'libsql',
    });
    for (let i = 0; i < n; i += 1000) {
      await w.upsert(
        data.slice(i, i + 1000).map((vector, j) => ({ kind: 'profile' as const, id: `p${i + j}`, vector })),
      );
    }
    const conn = new Database(join(e.dir, 'bench.db'));
    conn.loadExtension(sqliteVec.getLoadablePath());
    let t = performance.now();
    conn.exec(`CREATE VIRTUAL TABLE vbits USING vec0(bits bit[${DIM}])`);
    conn.exec(`INSERT INTO vbits (rowid, bits) SELECT id, vec_quantize_binary(vector) FROM embeddings`);
    const vec0BitBuild = performance.now() - t;
    const queries = uniformSet(QUERIES, 7).map((q) => Buffer.from(q.buffer));
    const strategies: [string, string][] = [
      ['vec0 bit[] KNN', 'SELECT rowid FROM vbits WHERE bits MATCH vec_quantize_binary(?1) AND k = ?2'],
      [
        'codes + libSQL vector_distance_cos(1bit)',
        `SELECT embedding_id FROM embedding_codes WHERE owner_kind = 'profile' AND provider_id = 'raw' AND dimension = ${DIM}
         ORDER BY vector_distance_cos(code, vector1bit(vector32(?1))) LIMIT ?2`,
      ],
      [
        'codes + sqlite-vec vec_distance_hamming',
        `SELECT embedding_id FROM embedding_codes WHERE owner_kind = 'profile' AND provider_id = 'raw' AND dimension = ${DIM}
         ORDER BY vec_distance_hamming(vec_bit(code), vec_bit(vector1bit(vector32(?1)))) LIMIT ?2`,
      ],
    ];
    console.log(`raw n=${n}: vec0 bit[] table build ${ms(vec0BitBuild)}`);
    for (const c of CANDIDATES) {
      for (const [name, sql] of strategies) {
        const stmt = conn.prepare(sql).raw(true);
        stmt.all([queries[0], c]);
        const times: number[] = [];
        for (const q of queries) {
          t = performance.now();
          stmt.all([q, c]);
          times.push(performance.now() - t);
        }
        console.log(
          `raw n=${n} candidates=${c} ${name.padEnd(42)} p50 ${ms(pct(times, 50))} p95 ${ms(pct(times, 95))}`,
        );
      }
    }
    conn.close();
    w.close();
  } finally {
    await e.close();
  }
}

async function embedders() {
  const texts = Array.from(
    { length: 256 },
    (_, i) =>
      `Full-stack developer #${i} building SaaS dashboards and customer portals with React, Node.js and PostgreSQL for fintech and healthcare startups. Shipped ${i % 40} projects; rebuilt a checkout flow that lifted conversion by 18%.\nCategory: Web Development\nSkills: React, Node.js, PostgreSQL, TypeScript, AWS`,
  );
  const lexicon = buildSkillLexicon({
    skills: [
      'React',
      'React Native',
      'Node.js',
      'PostgreSQL',
      'TypeScript',
      'AWS',
      'Kubernetes',
      'Swift',
    ].map((name) => ({ name, category: 'web-development' })),
  });
  for (const [name, e] of [
    ['domain', createDomainEmbedder()],
    ['domain+lexicon', createDomainEmbedder({ lexicon })],
  ] as const) {
    await e.embed(texts.slice(0, 10));
    const [, t] = await time(() => e.embed(texts));
    console.log(
      `embed ${name}: ${(t / texts.length).toFixed(3)} ms/text (${texts.length} texts, ~300 chars)`,
    );
  }
  const [use, load] = await time(() => createUseLiteEmbedder());
  console.log(`embed use-lite: model load ${ms(load)}`);
  const [, one] = await time(() => use.embed([texts[0]!]));
  const [, batched] = await time(() => use.embed(texts.slice(0, 64)));
  console.log(`embed use-lite: single ${ms(one)}, batched ${(batched / 64).toFixed(1)} ms/text (64 texts)`);
}

/** Real documents: the demo seed's profiles and case studies, embedded by the domain embedder. */
async function seeded(n: number) {
  const e = await env('file');
  try {
    const [, seedMs] = await time(() => seedDemo(e.db, { freelancers: n, clients: 100, projects: 300 }));
    const provider = createDomainEmbedder({ lexicon: await loadSkillLexicon(e.db.reader) });
    const index = await createVectorIndex(e.db, {
      providerId: provider.id,
      dimension: provider.dimension,
      mode: 'binary',
    });
    let loadMs = 0;
    let embedMs = 0;
    let writeMs = 0;
    let docs = 0;
    for (const kind of ['profile', 'case_study'] as const) {
      let after: string | undefined;
      for (;;) {
        const [page, l] = await time(() =>
          loadDocuments(e.db.reader, kind, { ...(after ? { after } : {}), limit: 2000 }),
        );
        loadMs += l;
        if (page.length === 0) break;
        after = page[page.length - 1]!.id;
        const [vectors, m] = await time(() => provider.embed(page.map((d) => d.text)));
        embedMs += m;
        const [, w] = await time(() =>
          index.upsert(
            page.map((d, i) => ({ kind: d.kind, id: d.id, vector: vectors[i]!, contentHash: d.contentHash })),
          ),
        );
        writeMs += w;
        docs += page.length;
      }
    }
    const exact = await createVectorIndex(e.db, {
      providerId: provider.id,
      dimension: provider.dimension,
      mode: 'exact',
    });
    const projects = await loadDocuments(e.db.reader, 'project', { limit: QUERIES });
    const queries = await provider.embed(projects.map((p) => p.text));
    const line = [
      `seeded n=${n}: seed ${ms(seedMs)}`,
      `${docs} documents: load ${((loadMs / docs) * 1000).toFixed(0)} µs/doc, domain embed ${((embedMs / docs) * 1000).toFixed(0)} µs/doc, write ${((writeMs / docs) * 1000).toFixed(0)} µs/doc`,
      `profiles ${await index.count('profile')}, case studies ${await index.count('case_study')}`,
    ];
    const lx = await latency(exact, queries);
    line.push(`exact p50 ${ms(lx.p50)} p95 ${ms(lx.p95)}`);
    for (const c of CANDIDATES) {
      const lb = await latency(index, queries, c);
      line.push(
        `binary c=${c} p50 ${ms(lb.p50)} p95 ${ms(lb.p95)} recall@10 ${(await recall(exact, index, 'profile', queries, c)).toFixed(3)}`,
      );
    }
    console.log(line.join(' | '));
    index.close();
    exact.close();
  } finally {
    await e.close();
  }
}

console.log(`node ${process.version}, dim ${DIM}, ${QUERIES} queries, k = 10`);
if (args.includes('--seeded')) await seeded(Number(opt('seeded', '10000')));
if (flag('embed')) await embedders();
if (flag('raw')) for (const n of SIZES) await raw(n);
if (!flag('raw') && !flag('embed') && !flag('seeded')) {
  for (const n of SIZES) for (const b of BACKENDS) await benchBackend(b, n);
}
