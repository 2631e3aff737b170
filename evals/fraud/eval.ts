/**
 * The fraud eval: generate the labelled set into a temporary database, score every account and every
 * labelled proposal with the real scorer, and measure precision, recall and false-positive rate at the
 * review and block thresholds. `compareToBaseline` is the CI gate (evals/fraud/baseline.json).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../../db/client';
import { migrate } from '../../db/migrate';
import { seedReference } from '../../db/seed/reference';
import type { RiskThresholds } from '../../trust/risk/policy';
import { type RiskScorer, riskScorer } from '../../trust/risk/scorer';
import { EVAL_NOW, EVAL_SEED, generateDataset, type Label } from './generate';

export interface Metrics {
  /** Flagged items that were fraud. */
  precision: number;
  /** Fraud items flagged. */
  recall: number;
  /** Honest items flagged. */
  falsePositiveRate: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export interface ScoredItem {
  kind: 'account' | 'proposal';
  id: string;
  label: Label;
  pattern: string;
  score: number;
  topReasons: string[];
}

export interface EvalReport {
  modelVersion: string;
  seed: number;
  thresholds: RiskThresholds;
  counts: { accounts: number; proposals: number; fraud: number; honest: number };
  /** Flagged = score >= reviewFrom (review) or score > blockAbove (block); over accounts and proposals. */
  review: Metrics;
  block: Metrics;
  byKind: Record<'account' | 'proposal', { review: Metrics; block: Metrics }>;
  byPattern: {
    pattern: string;
    label: Label;
    n: number;
    meanScore: number;
    reviewed: number;
    blocked: number;
  }[];
  items: ScoredItem[];
  ms: number;
}

export interface Baseline {
  modelVersion: string;
  seed: number;
  thresholds: RiskThresholds;
  /** Allowed slack before the gate fails (absolute, on each figure). */
  tolerance: number;
  review: Pick<Metrics, 'precision' | 'recall' | 'falsePositiveRate'>;
  block: Pick<Metrics, 'precision' | 'recall' | 'falsePositiveRate'>;
}

export const BASELINE_PATH = new URL('./baseline.json', import.meta.url);
export const DEFAULT_THRESHOLDS: RiskThresholds = { blockAbove: 80, reviewFrom: 50 };

const round = (x: number) => Math.round(x * 10_000) / 10_000;

export function metrics(items: { label: Label; flagged: boolean }[]): Metrics {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const i of items) {
    if (i.flagged && i.label === 'fraud') tp++;
    else if (i.flagged) fp++;
    else if (i.label === 'fraud') fn++;
    else tn++;
  }
  return {
    precision: round(tp + fp === 0 ? 1 : tp / (tp + fp)),
    recall: round(tp + fn === 0 ? 1 : tp / (tp + fn)),
    falsePositiveRate: round(fp + tn === 0 ? 0 : fp / (fp + tn)),
    tp,
    fp,
    fn,
    tn,
  };
}

function at(items: ScoredItem[], t: RiskThresholds) {
  return {
    review: metrics(items.map((i) => ({ label: i.label, flagged: i.score >= t.reviewFrom }))),
    block: metrics(items.map((i) => ({ label: i.label, flagged: i.score > t.blockAbove }))),
  };
}

/** Generates the set, scores it and measures. */
export async function runFraudEval(
  opts: { seed?: number; thresholds?: RiskThresholds; scorer?: RiskScorer } = {},
): Promise<EvalReport> {
  const started = performance.now();
  const seed = opts.seed ?? EVAL_SEED;
  const thresholds = opts.thresholds ?? DEFAULT_THRESHOLDS;
  const scorer = opts.scorer ?? riskScorer();
  const dir = mkdtempSync(join(tmpdir(), 'megilance-fraud-eval-'));
  const db = await openDb({ url: `file:${join(dir, 'eval.db')}` });
  try {
    await migrate(db);
    await seedReference(db);
    const data = await generateDataset(db, seed, EVAL_NOW);
    const items: ScoredItem[] = [];
    const top = (reasons: { signal: string; points: number }[]) =>
      reasons.filter((r) => r.points > 0).map((r) => `${r.signal} ${r.points}`);
    for (const a of data.accounts) {
      const s = await scorer.assessUser(db.reader, a.userId, data.now);
      items.push({
        kind: 'account',
        id: a.userId,
        label: a.label,
        pattern: a.pattern,
        score: s.score,
        topReasons: top(s.reasons),
      });
    }
    for (const p of data.proposals) {
      const s = await scorer.assessProposal(
        db.reader,
        {
          freelancerId: p.freelancerId,
          projectId: p.projectId,
          coverLetter: p.coverLetter,
          proposalId: p.proposalId,
        },
        data.now,
      );
      items.push({
        kind: 'proposal',
        id: p.proposalId,
        label: p.label,
        pattern: p.pattern,
        score: s.score,
        topReasons: top(s.reasons),
      });
    }
    const patterns = new Map<string, ScoredItem[]>();
    for (const i of items)
      patterns.set(`${i.label}|${i.pattern}`, [...(patterns.get(`${i.label}|${i.pattern}`) ?? []), i]);
    const byPattern = [...patterns.entries()].map(([key, list]) => ({
      pattern: key.split('|')[1]!,
      label: key.split('|')[0] as Label,
      n: list.length,
      meanScore: Math.round(list.reduce((s, i) => s + i.score, 0) / list.length),
      reviewed: list.filter((i) => i.score >= thresholds.reviewFrom).length,
      blocked: list.filter((i) => i.score > thresholds.blockAbove).length,
    }));
    return {
      modelVersion: scorer.version,
      seed,
      thresholds,
      counts: {
        accounts: data.accounts.length,
        proposals: data.proposals.length,
        fraud: items.filter((i) => i.label === 'fraud').length,
        honest: items.filter((i) => i.label === 'honest').length,
      },
      ...at(items, thresholds),
      byKind: {
        account: at(
          items.filter((i) => i.kind === 'account'),
          thresholds,
        ),
        proposal: at(
          items.filter((i) => i.kind === 'proposal'),
          thresholds,
        ),
      },
      byPattern,
      items,
      ms: Math.round(performance.now() - started),
    };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function loadBaseline(path: URL = BASELINE_PATH): Baseline {
  return JSON.parse(readFileSync(path, 'utf8')) as Baseline;
}

export function baselineOf(r: EvalReport, tolerance = 0.01): Baseline {
  const pick = (m: Metrics) => ({
    precision: m.precision,
    recall: m.recall,
    falsePositiveRate: m.falsePositiveRate,
  });
  return {
    modelVersion: r.modelVersion,
    seed: r.seed,
    thresholds: r.thresholds,
    tolerance,
    review: pick(r.review),
    block: pick(r.block),
  };
}

/** Every way the report is worse than the baseline (beyond its tolerance); empty means the gate passes. */
export function compareToBaseline(r: EvalReport, b: Baseline): string[] {
  const out: string[] = [];
  for (const at of ['review', 'block'] as const) {
    const now = r[at];
    const base = b[at];
    if (now.precision < base.precision - b.tolerance)
      out.push(`${at} precision ${now.precision} < baseline ${base.precision}`);
    if (now.recall < base.recall - b.tolerance)
      out.push(`${at} recall ${now.recall} < baseline ${base.recall}`);
    if (now.falsePositiveRate > base.falsePositiveRate + b.tolerance)
      out.push(`${at} false-positive rate ${now.falsePositiveRate} > baseline ${base.falsePositiveRate}`);
  }
  return out;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);

/** The report as a table a person reads. */
export function formatReport(r: EvalReport, b?: Baseline): string {
  const line = (name: string, m: Metrics, base?: Baseline['review']) =>
    `${name.padEnd(28)}${pct(m.precision)}${pct(m.recall)}${pct(m.falsePositiveRate)}   tp ${m.tp} fp ${m.fp} fn ${m.fn} tn ${m.tn}` +
    (base
      ? `   (baseline ${pct(base.precision).trim()} / ${pct(base.recall).trim()} / ${pct(base.falsePositiveRate).trim()})`
      : '');
  const t = r.thresholds;
  const rows = [
    `Fraud eval — model ${r.modelVersion}, seed ${r.seed}: ${r.counts.accounts} accounts + ${r.counts.proposals} proposals ` +
      `(${r.counts.fraud} fraud, ${r.counts.honest} honest) in ${r.ms} ms`,
    '',
    `${'threshold'.padEnd(28)}${'prec.'.padStart(7)}${'recall'.padStart(7)}${'FPR'.padStart(7)}`,
    line(`review (score >= ${t.reviewFrom})`, r.review, b?.review),
    line(`block (score > ${t.blockAbove})`, r.block, b?.block),
    line('  accounts, review', r.byKind.account.review),
    line('  accounts, block', r.byKind.account.block),
    line('  proposals, review', r.byKind.proposal.review),
    line('  proposals, block', r.byKind.proposal.block),
    '',
    `${'pattern'.padEnd(32)}${'n'.padStart(5)}${'mean'.padStart(6)}${'review'.padStart(8)}${'block'.padStart(7)}`,
    ...r.byPattern.map(
      (p) =>
        `${`${p.label === 'fraud' ? '✗' : '✓'} ${p.pattern}`.padEnd(32)}${String(p.n).padStart(5)}${String(p.meanScore).padStart(6)}` +
        `${String(p.reviewed).padStart(8)}${String(p.blocked).padStart(7)}`,
    ),
  ];
  return rows.join('\n');
}
