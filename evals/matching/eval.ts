/**
 * The matching eval: write the labelled population into a temporary database, embed it with each provider,
 * rank every brief with the real ranker (matching/rank) and score the lists against the labels (judge.ts):
 * nDCG@10, recall@50 and MRR. `compareToBaseline` is the CI gate (evals/matching/baseline.json).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Db, openDb } from '../../db/client';
import { migrate } from '../../db/migrate';
import { seedReference } from '../../db/seed/reference';
import { all, run } from '../../db/sql';
import type { EmbeddingProviderName } from '../../matching/embeddings/index';
import { syncMatching } from '../../matching/indexing';
import { rankFreelancers } from '../../matching/rank/freelancers';
import { RANKING_VERSION } from '../../matching/rank/weights';
import { matchingProvider, setMatchingProvider } from '../../matching/services';
import { EVAL_SEED, type EvalFreelancer, generateBriefs, generatePopulation } from './generate';
import { grade, ndcgAt, recallAt, reciprocalRank } from './judge';

/** `none`: the ranker without embeddings (text, skills graph and the rest), as a reference row. */
export type EvalProvider = EmbeddingProviderName | 'none';

export interface ProviderFigures {
  provider: EvalProvider;
  providerId: string | null;
  ndcg10: number;
  recall50: number;
  mrr: number;
  /** Milliseconds to embed the population and the mean per brief ranking. */
  embedMs: number;
  rankMs: number;
}

export interface MatchingReport {
  rankingVersion: string;
  seed: number;
  freelancers: number;
  briefs: number;
  providers: ProviderFigures[];
}

export interface Baseline {
  rankingVersion: string;
  seed: number;
  /** The offline default chosen by this eval (matching/embeddings/index.ts). */
  defaultProvider: EmbeddingProviderName;
  tolerance: number;
  providers: Record<string, { ndcg10: number; recall50: number; mrr: number }>;
}

const BASELINE = join(import.meta.dirname, 'baseline.json');

export function loadBaseline(): Baseline {
  return JSON.parse(readFileSync(BASELINE, 'utf8')) as Baseline;
}

async function writePopulation(db: Db, people: readonly EvalFreelancer[]): Promise<void> {
  const names = new Set(
    (await all<{ name: string }>(db.reader, 'SELECT name FROM skills')).map((r) => r.name),
  );
  for (const p of people) {
    for (const s of p.skills) if (!names.has(s)) throw new Error(`eval: unknown skill ${s} (${p.primary})`);
  }
  const now = '2026-11-01T00:00:00.000Z';
  for (let i = 0; i < people.length; i += 200) {
    await db.write(async (tx) => {
      for (const p of people.slice(i, i + 200)) {
        await run(
          tx,
          `INSERT INTO users (id, role, email, display_name, country, created_at) VALUES (?, 'freelancer', ?, ?, ?, ?)`,
          [p.id, `${p.id}@eval.test`, p.name, p.country, now],
        );
        await run(
          tx,
          `INSERT INTO freelancer_profiles (user_id, headline, bio, category, hourly_rate_minor, currency, availability,
             hours_per_week, rating, reviews_count, jobs_completed, verified, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            p.id,
            p.headline,
            p.bio,
            p.category,
            p.rate,
            p.currency,
            p.availability,
            p.availability === 'full_time' ? 40 : 20,
            p.rating,
            p.reviews,
            p.jobs,
            p.verified ? 1 : 0,
            now,
          ],
        );
        for (const s of p.skills) {
          await run(
            tx,
            'INSERT INTO profile_skills (user_id, skill_id, years) SELECT ?, id, 3 FROM skills WHERE name = ?',
            [p.id, s],
          );
        }
        let n = 0;
        for (const c of p.caseStudies) {
          await run(
            tx,
            `INSERT INTO case_studies (id, freelancer_id, title, summary, outcome, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
            [`cst_${p.id}_${n++}`, p.id, c.title, c.summary, c.outcome, now],
          );
        }
      }
    });
  }
}

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const r4 = (x: number) => Math.round(x * 10_000) / 10_000;

export async function runMatchingEval(
  opts: { providers?: EvalProvider[]; log?: (msg: string) => void } = {},
): Promise<MatchingReport> {
  const providers = opts.providers ?? ['domain', 'use-lite', 'combined', 'none'];
  const people = generatePopulation();
  const briefs = generateBriefs();
  const byId = new Map(people.map((p) => [p.id, p]));
  const dir = mkdtempSync(join(tmpdir(), 'megilance-match-eval-'));
  const db = await openDb({ url: `file:${join(dir, 'eval.db')}` });
  const figures: ProviderFigures[] = [];
  try {
    await migrate(db);
    await seedReference(db);
    await writePopulation(db, people);
    for (const name of providers) {
      setMatchingProvider(name === 'none' ? 'domain' : name);
      let t = performance.now();
      await syncMatching(db);
      const embedMs = performance.now() - t;
      const provider = name === 'none' ? undefined : await matchingProvider(db.reader);
      const nd: number[] = [];
      const rc: number[] = [];
      const rr: number[] = [];
      t = performance.now();
      for (const b of briefs) {
        const all = people.map((p) => grade(p, b));
        const ranked = await rankFreelancers(
          db.reader,
          { text: b.text, budget: b.budget, limit: 50, semantic: name !== 'none' },
          provider ? { provider } : {},
        );
        const grades = ranked.results.map((r) => grade(byId.get(r.id)!, b));
        nd.push(ndcgAt(10, grades, all));
        rc.push(recallAt(50, grades, all));
        rr.push(reciprocalRank(grades));
      }
      const rankMs = (performance.now() - t) / briefs.length;
      const f: ProviderFigures = {
        provider: name,
        providerId: provider?.id ?? null,
        ndcg10: r4(mean(nd)),
        recall50: r4(mean(rc)),
        mrr: r4(mean(rr)),
        embedMs: Math.round(embedMs),
        rankMs: Math.round(rankMs * 10) / 10,
      };
      opts.log?.(`${name}: nDCG@10 ${f.ndcg10} recall@50 ${f.recall50} MRR ${f.mrr}`);
      figures.push(f);
    }
  } finally {
    setMatchingProvider(undefined);
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    rankingVersion: RANKING_VERSION,
    seed: EVAL_SEED,
    freelancers: people.length,
    briefs: briefs.length,
    providers: figures,
  };
}

/** Every figure below its baseline (minus the tolerance), in words; empty when the report passes. */
export function compareToBaseline(report: MatchingReport, baseline: Baseline): string[] {
  const out: string[] = [];
  for (const f of report.providers) {
    const b = baseline.providers[f.provider];
    if (!b) continue;
    for (const k of ['ndcg10', 'recall50', 'mrr'] as const) {
      if (f[k] < b[k] - baseline.tolerance) out.push(`${f.provider} ${k} ${f[k]} < baseline ${b[k]}`);
    }
  }
  return out;
}

export function formatReport(report: MatchingReport, baseline?: Baseline): string {
  const lines = [
    `matching eval (${report.rankingVersion}, seed ${report.seed}): ${report.briefs} briefs over ${report.freelancers} freelancers`,
    'provider   nDCG@10  recall@50  MRR     embed ms  rank ms/brief  baseline nDCG/recall/MRR',
  ];
  for (const f of report.providers) {
    const b = baseline?.providers[f.provider];
    lines.push(
      [
        f.provider.padEnd(10),
        f.ndcg10.toFixed(4).padEnd(8),
        f.recall50.toFixed(4).padEnd(10),
        f.mrr.toFixed(4).padEnd(7),
        String(f.embedMs).padStart(8),
        String(f.rankMs).padStart(14),
        b ? `  ${b.ndcg10}/${b.recall50}/${b.mrr}` : '  —',
      ].join(' '),
    );
  }
  return lines.join('\n');
}
