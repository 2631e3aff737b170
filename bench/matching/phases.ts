/**
 * Where one match_freelancers call spends its time: `npx tsx bench/matching/phases.ts --db FILE
 * [--queries 30] [--profiles N]` on a database seeded by `npm run bench:matching -- --db FILE` (or seeded
 * here with `--profiles N` when given). Prints p50/p95 of the whole tool through the dispatcher, of each
 * step of rankFreelancers (RankDeps.trace), and of the retrieval searches run one at a time.
 * Never part of the test suite.
 */
import { loadConfig } from '../../config';
import { setFlagRollout, setFlagVariants } from '../../db/queries/flags';
import { loadSkillGraph } from '../../db/queries/skillGraph';
import { seedDemo } from '../../db/seed/index';
import { all } from '../../db/sql';
import { generateBriefs } from '../../evals/matching/generate';
import { matchQuery, searchProfileFts } from '../../matching/fts';
import { caseStudyOwners, loadFreelancerRows } from '../../matching/rank/freelancerRows';
import {
  type RankStep,
  rankFreelancers,
  wantedSkills,
  withoutSkillWords,
} from '../../matching/rank/freelancers';
import { RETRIEVAL } from '../../matching/rank/weights';
import { matchingProvider } from '../../matching/services';
import { searcherFor } from '../../matching/vectorSearch';
import { createRuntime } from '../../runtime';
import type { Actor } from '../../tools/define';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
};
const DB_FILE = opt('db', '');
const QUERIES = Number(opt('queries', '30'));
const PROFILES = Number(opt('profiles', '0'));
if (!DB_FILE) throw new Error('--db FILE is required');

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};
const times = new Map<string, number[]>();
const record = (name: string, t: number) => {
  const xs = times.get(name) ?? [];
  times.set(name, xs);
  xs.push(t);
};
const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
  const t = performance.now();
  const out = await fn();
  record(name, performance.now() - t);
  return out;
};

const rt = await createRuntime(loadConfig({ DATABASE_URL: `file:${DB_FILE}`, LOG_LEVEL: 'silent' }));
try {
  if (PROFILES > 0) await seedDemo(rt.db, { freelancers: PROFILES, grow: true });
  const ex = rt.db.reader;
  // A client in the ai_matching_v2 treatment: the tool runs the hybrid ranking (as bench/matching/run.ts).
  const [client] = await all<{ id: string }>(ex, "SELECT id FROM users WHERE role = 'client'");
  const actor: Actor = { id: client!.id, role: 'client', displayName: 'bench' };
  const now = new Date().toISOString();
  await rt.db.write(async (tx) => {
    await setFlagRollout(tx, 'ai_matching_v2', 10_000, actor.id, now);
    await setFlagVariants(tx, 'ai_matching_v2', [{ key: 'treatment', weight: 1 }], actor.id, now);
  });
  const briefs = generateBriefs()
    .map((b) => b.text)
    .slice(0, QUERIES);
  const call = (brief: string) =>
    rt.dispatcher.call({ actor, channel: 'bench', tool: 'match_freelancers', input: { brief } });
  // Warm: codes loaded, statements prepared, graph and provider cached.
  for (const b of briefs.slice(0, 3)) await call(b);

  let candidates = 0;
  for (const brief of briefs) {
    const res = await timed('whole tool (dispatcher)', () => call(brief));
    if (!res.ok) throw new Error(res.error.message);
    if ((res.data as { embeddingProvider: string | null }).embeddingProvider === null)
      throw new Error('match_freelancers ran without embeddings, not the hybrid ranking');
    const graph = await timed('tool: loadSkillGraph', () => loadSkillGraph(ex));
    const provider = await timed('tool: matchingProvider', () => matchingProvider(ex));
    let last = performance.now();
    const r = await timed('rankFreelancers', () =>
      rankFreelancers(
        ex,
        { text: brief, limit: 5, excludeIds: [actor.id] },
        {
          provider,
          graph,
          trace: (step: RankStep) => {
            const now = performance.now();
            record(`  step ${step}`, now - last);
            last = now;
          },
        },
      ),
    );
    candidates += r.candidates;

    // The retrieval searches one at a time (in the ranking they share one await).
    const searcher = searcherFor(ex, provider.id, provider.dimension);
    const [q] = await timed('  alone: embed brief', () => provider.embed([brief]));
    const vec = await timed('  alone: vector profiles k=100', () =>
      searcher.search('profile', q!, RETRIEVAL.vectors),
    );
    const cs = await timed('  alone: vector case studies k=50', () =>
      searcher.search('case_study', q!, RETRIEVAL.caseStudies, { candidates: 300 }),
    );
    const fts = matchQuery(withoutSkillWords(brief, wantedSkills(graph, brief, [])));
    const ftsHits = fts
      ? await timed('  alone: fts', () => searchProfileFts(ex, fts, RETRIEVAL.fts))
      : { hits: [] };
    const owners = await timed('  alone: caseStudyOwners', () =>
      caseStudyOwners(
        ex,
        cs.map((h) => h.id),
      ),
    );
    const ids = new Set([
      ...vec.map((h) => h.id),
      ...[...owners.values()].map((o) => o.freelancerId),
      ...ftsHits.hits.map((h) => h.id),
    ]);
    await timed('  alone: loadFreelancerRows', () =>
      loadFreelancerRows(ex, [...ids], { availability: ['full_time', 'part_time', 'limited'] }),
    );
  }
  console.log(
    `${QUERIES} briefs, ${(candidates / briefs.length).toFixed(0)} candidates per brief on average`,
  );
  console.log('step'.padEnd(40), 'p50 ms'.padStart(8), 'p95 ms'.padStart(8), 'mean ms'.padStart(8));
  for (const [name, xs] of times) {
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    console.log(
      name.padEnd(40),
      pct(xs, 50).toFixed(2).padStart(8),
      pct(xs, 95).toFixed(2).padStart(8),
      mean.toFixed(2).padStart(8),
    );
  }
} finally {
  await rt.close();
}
