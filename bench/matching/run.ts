/**
 * `npm run bench:matching [-- --profiles 100000] [--vectors 1000000] [--queries 50] [--db FILE]`
 *
 * 1. The whole match_freelancers tool (through the dispatcher) and its vector step, on a demo marketplace
 *    seeded with `--profiles` freelancers and embedded by the matching sync, for each vector backend and
 *    mode: sqlite-vec (embedded; exact = vec0 table, binary = Hamming over 1-bit codes + exact rescoring)
 *    and libSQL native vectors (the SQL every libSQL server runs; exact scan, binary + rescoring).
 *    `--db FILE` keeps the seeded database between runs (it is grown, never shrunk).
 * 2. `--vectors` random clustered 384-dim unit vectors (realistic neighbourhoods): write time, size, and
 *    per backend and mode p50/p95 of a k=10 search and recall@10 against the exact answer. `--vectors 0`
 *    skips it. Exact scans of 1M vectors take seconds each, so they run `--exact-queries` times (default 5).
 * `--copies-to N` then grows the seeded marketplace to N freelancers with copies of the seeded ones
 * (bench/matching/clone.ts: same rows, a noisy copy of the profile vector; case studies are not copied).
 * `--settings a,b` picks backends: vec-exact, vec-binary, exact, binary, memory (default: all up to 200k
 * freelancers; above that the exact scans take seconds per query and only vec-binary, binary, memory run).
 * Never part of the test suite.
 */

import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../config';
import { type Db, openDb } from '../../db/client';
import { migrate } from '../../db/migrate';
import { setFlagRollout, setFlagVariants } from '../../db/queries/flags';
import { seedDemo } from '../../db/seed/index';
import { Rng } from '../../db/seed/random';
import { seedReference } from '../../db/seed/reference';
import { all } from '../../db/sql';
import { generateBriefs } from '../../evals/matching/generate';
import { syncMatching } from '../../matching/indexing';
import { matchingProvider } from '../../matching/services';
import { setVectorSearcher, sqlVectorSearcher, type VectorSearcher } from '../../matching/vectorSearch';
import { createVectorIndex } from '../../matching/vectors/factory';
import type { VectorIndex, VectorMode } from '../../matching/vectors/index';
import { createRuntime } from '../../runtime';
import type { Actor } from '../../tools/define';
import { growByCopies } from './clone';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
};
const PROFILES = Number(opt('profiles', '100000'));
const VECTORS = Number(opt('vectors', '1000000'));
const QUERIES = Number(opt('queries', '50'));
const EXACT_QUERIES = Number(opt('exact-queries', '5'));
const DB_FILE = opt('db', '');
const COPIES_TO = Number(opt('copies-to', '0'));
const TOOL_FREELANCERS = Math.max(PROFILES, COPIES_TO);
const SETTINGS = opt(
  'settings',
  TOOL_FREELANCERS > 200_000 ? 'vec-binary,binary,memory' : 'vec-exact,vec-binary,exact,binary,memory',
).split(',');

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};
const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '—');
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
const fileSize = (path: string) =>
  ['', '-wal'].reduce((n, s) => n + (existsSync(path + s) ? statSync(path + s).size : 0), 0);
const timeIt = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const t = performance.now();
  const out = await fn();
  return [out, performance.now() - t];
};
const recallAt10 = (got: string[], truth: string[]) =>
  got.filter((id) => truth.includes(id)).length / truth.length;

interface Row {
  setting: string;
  build: string;
  size: string;
  vecP50: number;
  vecP95: number;
  recall: number;
  toolP50?: number;
  toolP95?: number;
}

function table(title: string, rows: Row[]) {
  console.log(`\n${title}`);
  console.log(
    'backend · mode                  build        size      vector p50/p95 ms   recall@10   whole tool p50/p95 ms',
  );
  for (const r of rows) {
    console.log(
      [
        r.setting.padEnd(30),
        r.build.padEnd(12),
        r.size.padEnd(9),
        `${ms(r.vecP50)} / ${ms(r.vecP95)}`.padEnd(19),
        r.recall.toFixed(3).padEnd(11),
        r.toolP50 === undefined ? '—' : `${ms(r.toolP50)} / ${ms(r.toolP95!)}`,
      ].join(' '),
    );
  }
}

async function toolBench(): Promise<void> {
  const dir = DB_FILE ? undefined : mkdtempSync(join(tmpdir(), 'megilance-bench-match-'));
  const path = DB_FILE || join(dir!, 'bench.db');
  const rt = await createRuntime(loadConfig({ DATABASE_URL: `file:${path}`, LOG_LEVEL: 'silent' }));
  try {
    const [built] = await all<{ n: number }>(rt.db.reader, 'SELECT count(*) AS n FROM freelancer_profiles');
    // A database grown by copies earlier is used as it is: a sync would embed every copy for real.
    const copied = COPIES_TO > PROFILES && Number(built?.n ?? 0) >= COPIES_TO;
    const [, seedMs] = await timeIt(async () => {
      if (!copied) await seedDemo(rt.db, { freelancers: PROFILES, grow: true });
    });
    const [sync, syncMs] = await timeIt(() =>
      copied ? Promise.resolve({ embedded: {}, ftsRows: 0 }) : syncMatching(rt.db),
    );
    console.log(
      `seeded ${PROFILES} freelancers in ${(seedMs / 1000).toFixed(1)} s; matching sync (embed ${JSON.stringify(sync.embedded)}, ` +
        `fts ${sync.ftsRows}) in ${(syncMs / 1000).toFixed(1)} s; database ${mb(fileSize(path))}`,
    );
    const provider = await matchingProvider(rt.db.reader);
    if (COPIES_TO > PROFILES) {
      const [copies, copyMs] = await timeIt(() =>
        growByCopies(rt.db, COPIES_TO, provider.id, provider.dimension),
      );
      console.log(
        `copies: +${copies.added} freelancers (rows, full text, noisy profile vectors) in ${(copyMs / 1000).toFixed(1)} s; ` +
          `database ${mb(fileSize(path))}`,
      );
    }
    const briefs = generateBriefs()
      .map((b) => b.text)
      .slice(0, QUERIES);
    const vectors = await provider.embed(briefs);
    // A client in the ai_matching_v2 treatment, so the tool runs the hybrid ranking (with embeddings);
    // admins, control and clients outside the flag get v1 without them.
    const [client] = await all<{ id: string }>(rt.db.reader, "SELECT id FROM users WHERE role = 'client'");
    const actor: Actor = { id: client!.id, role: 'client', displayName: 'bench' };
    const now = new Date().toISOString();
    await rt.db.write(async (tx) => {
      await setFlagRollout(tx, 'ai_matching_v2', 10_000, actor.id, now);
      await setFlagVariants(tx, 'ai_matching_v2', [{ key: 'treatment', weight: 1 }], actor.id, now);
    });
    const truth = new Map<number, string[]>();
    const exact = sqlVectorSearcher(rt.db.reader, provider.id, provider.dimension, 'exact');
    for (let i = 0; i < vectors.length; i++)
      truth.set(
        i,
        (await exact.search('profile', vectors[i]!, 10)).map((h) => h.id),
      );

    const rows: Row[] = [];
    const settings: {
      key: string;
      name: string;
      mode: VectorMode;
      open: () => Promise<VectorSearcher & { close?(): void }>;
    }[] = [
      ...(['exact', 'binary'] as const).map((mode) => ({
        key: `vec-${mode}`,
        name: `sqlite-vec · ${mode}`,
        mode,
        open: () =>
          createVectorIndex(rt.db, {
            providerId: provider.id,
            dimension: provider.dimension,
            backend: 'sqlite-vec',
            mode,
          }) as Promise<VectorIndex>,
      })),
      ...(['exact', 'binary', 'memory'] as const).map((mode) => ({
        key: mode as string,
        name: `libsql · ${mode === 'memory' ? 'binary, codes in RAM' : mode}`,
        mode: mode === 'memory' ? ('binary' as const) : mode,
        open: async () => sqlVectorSearcher(rt.db.reader, provider.id, provider.dimension, mode),
      })),
    ];
    for (const s of settings.filter((x) => SETTINGS.includes(x.key))) {
      const [searcher, buildMs] = await timeIt(s.open);
      // Not timed: the first search loads what a process keeps (codes in RAM) and prepares statements.
      const [, warmMs] = await timeIt(() => searcher.search('profile', vectors[0]!, 200));
      const vec: number[] = [];
      let recall = 0;
      for (let i = 0; i < vectors.length; i++) {
        const [hits, t] = await timeIt(() => searcher.search('profile', vectors[i]!, 200));
        vec.push(t);
        recall += recallAt10(
          hits.slice(0, 10).map((h) => h.id),
          truth.get(i)!,
        );
      }
      setVectorSearcher(rt.db.reader, searcher);
      await rt.dispatcher.call({
        actor,
        channel: 'bench',
        tool: 'match_freelancers',
        input: { brief: briefs[0]! },
      });
      const tool: number[] = [];
      for (const brief of briefs) {
        const [res, t] = await timeIt(() =>
          rt.dispatcher.call({ actor, channel: 'bench', tool: 'match_freelancers', input: { brief } }),
        );
        if (!res.ok) throw new Error(`match_freelancers: ${res.error.message}`);
        if ((res.data as { embeddingProvider: string | null }).embeddingProvider === null)
          throw new Error('match_freelancers ran v1 (no embeddings), not the hybrid ranking');
        tool.push(t);
      }
      setVectorSearcher(rt.db.reader, undefined);
      searcher.close?.();
      rows.push({
        setting: s.name,
        build: s.name.startsWith('sqlite-vec · exact')
          ? `${(buildMs / 1000).toFixed(1)} s vec0`
          : s.key === 'memory'
            ? `${(warmMs / 1000).toFixed(1)} s load`
            : '— (codes)',
        size: mb(fileSize(path)),
        vecP50: pct(vec, 50),
        vecP95: pct(vec, 95),
        recall: recall / vectors.length,
        toolP50: pct(tool, 50),
        toolP95: pct(tool, 95),
      });
    }
    table(
      `match_freelancers at ${TOOL_FREELANCERS.toLocaleString('en')} profiles (${QUERIES} briefs; vector step = k 200 profile search)`,
      rows,
    );
  } finally {
    await rt.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

// Deterministic clustered vectors: points around n/100 centres (cosine to centre ~0.7).
function rng(seed: number) {
  const r = new Rng(seed);
  return () => r.gauss();
}
function unit(v: Float32Array) {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n);
  for (let i = 0; i < v.length; i++) v[i] = v[i]! / n;
  return v;
}

async function vectorBench(): Promise<void> {
  const DIM = 384;
  const dir = mkdtempSync(join(tmpdir(), 'megilance-bench-vec-'));
  const path = join(dir, 'vectors.db');
  const db: Db = await openDb({ url: `file:${path}` });
  try {
    await migrate(db);
    await seedReference(db);
    const gauss = rng(7);
    const centres = Array.from({ length: Math.max(10, Math.round(VECTORS / 100)) }, () =>
      unit(Float32Array.from({ length: DIM }, gauss)),
    );
    const spread = 1 / Math.sqrt(DIM);
    let pick = 0;
    const point = () => {
      pick = (pick * 1103515245 + 12345) >>> 0;
      const c = centres[pick % centres.length]!;
      return unit(Float32Array.from(c, (x) => x + gauss() * spread));
    };
    const providerId = 'bench/random-384';
    const writer = await createVectorIndex(db, { providerId, dimension: DIM, backend: 'libsql' });
    const [, writeMs] = await timeIt(async () => {
      for (let i = 0; i < VECTORS; i += 5000) {
        const n = Math.min(5000, VECTORS - i);
        await writer.upsert(
          Array.from({ length: n }, (_, j) => ({
            kind: 'profile' as const,
            id: `v${i + j}`,
            vector: point(),
          })),
        );
      }
    });
    const size = mb(fileSize(path));
    console.log(
      `\nwrote ${VECTORS.toLocaleString('en')} vectors (float32 + 1-bit codes by trigger) in ${(writeMs / 1000).toFixed(1)} s; database ${size}`,
    );
    const queries = Array.from({ length: QUERIES }, point);
    const exact = await createVectorIndex(db, {
      providerId,
      dimension: DIM,
      backend: 'libsql',
      mode: 'exact',
    });
    const truth: string[][] = [];
    const exactTimes: number[] = [];
    for (let i = 0; i < queries.length; i++) {
      if (i < EXACT_QUERIES) {
        const [hits, t] = await timeIt(() => exact.search('profile', queries[i]!, 10));
        exactTimes.push(t);
        truth.push(hits.map((h) => h.id));
      } else truth.push((await exact.search('profile', queries[i]!, 10)).map((h) => h.id));
    }
    const rows: Row[] = [
      {
        setting: 'libsql · exact',
        build: '—',
        size,
        vecP50: pct(exactTimes, 50),
        vecP95: pct(exactTimes, 95),
        recall: 1,
      },
    ];
    for (const [backend, candidates] of [
      ['libsql', 400],
      ['libsql', 1000],
      ['sqlite-vec', 400],
      ['sqlite-vec', 1000],
      ['memory', 400],
      ['memory', 1000],
    ] as const) {
      // `memory`: the codes held in this process (what ranking uses above 5k vectors), rescored in SQL.
      let build = '— (codes)';
      let index: Pick<VectorIndex, 'search' | 'close'>;
      if (backend === 'memory') {
        const s = sqlVectorSearcher(db.reader, providerId, DIM, 'memory');
        const [, loadMs] = await timeIt(() => s.search('profile', queries[0]!, 10));
        build = `${(loadMs / 1000).toFixed(1)} s load`;
        index = { search: s.search, close: () => {} };
      } else index = await createVectorIndex(db, { providerId, dimension: DIM, backend, mode: 'binary' });
      const times: number[] = [];
      let recall = 0;
      for (let i = 0; i < queries.length; i++) {
        const [hits, t] = await timeIt(() => index.search('profile', queries[i]!, 10, { candidates }));
        times.push(t);
        recall += recallAt10(
          hits.map((h) => h.id),
          truth[i]!,
        );
      }
      index.close();
      rows.push({
        setting:
          backend === 'memory' ? `libsql · codes in RAM ${candidates}` : `${backend} · binary ${candidates}`,
        build,
        size,
        vecP50: pct(times, 50),
        vecP95: pct(times, 95),
        recall: recall / queries.length,
      });
    }
    table(
      `${VECTORS.toLocaleString('en')} clustered 384-dim vectors, k = 10 (exact: ${EXACT_QUERIES} queries; others ${QUERIES}; binary N = candidates rescored)`,
      rows,
    );
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (PROFILES > 0) await toolBench();
if (VECTORS > 0) await vectorBench();
