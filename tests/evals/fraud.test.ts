import { describe, expect, it } from 'vitest';
import {
  type Baseline,
  compareToBaseline,
  type EvalReport,
  formatReport,
  loadBaseline,
  metrics,
  runFraudEval,
} from '../../evals/fraud/eval';

/** The CI gate of `npm run eval:fraud`: the real scorer on the labelled set, against evals/fraud/baseline.json. */
describe('fraud eval gate', () => {
  it('scores the labelled set no worse than the recorded baseline', { timeout: 120_000 }, async () => {
    const baseline = loadBaseline();
    const report = await runFraudEval({ thresholds: baseline.thresholds });
    console.log(formatReport(report, baseline));
    expect(report.counts.accounts + report.counts.proposals).toBeGreaterThanOrEqual(200);
    expect(report.counts.fraud).toBeGreaterThanOrEqual(100);
    expect(report.counts.honest).toBeGreaterThanOrEqual(100);
    expect(compareToBaseline(report, baseline)).toEqual([]);
  });

  it('fails a model that is worse than the baseline, figure by figure', () => {
    const m = (precision: number, recall: number, falsePositiveRate: number) => ({
      precision,
      recall,
      falsePositiveRate,
      tp: 0,
      fp: 0,
      fn: 0,
      tn: 0,
    });
    const baseline: Baseline = {
      modelVersion: 'weights-test',
      seed: 1,
      thresholds: { blockAbove: 80, reviewFrom: 50 },
      tolerance: 0.01,
      review: { precision: 0.9, recall: 0.8, falsePositiveRate: 0.02 },
      block: { precision: 1, recall: 0.2, falsePositiveRate: 0 },
    };
    const report = { review: m(0.9, 0.8, 0.02), block: m(1, 0.2, 0) } as EvalReport;
    expect(compareToBaseline(report, baseline)).toEqual([]);
    expect(compareToBaseline({ ...report, review: m(0.85, 0.8, 0.02) }, baseline)).toEqual([
      'review precision 0.85 < baseline 0.9',
    ]);
    expect(compareToBaseline({ ...report, block: m(1, 0.15, 0.05) }, baseline)).toEqual([
      'block recall 0.15 < baseline 0.2',
      'block false-positive rate 0.05 > baseline 0',
    ]);
    // Within the tolerance is not a regression.
    expect(compareToBaseline({ ...report, review: m(0.895, 0.795, 0.025) }, baseline)).toEqual([]);
  });

  it('counts precision, recall and false-positive rate from labels and flags', () => {
    const items = [
      { label: 'fraud' as const, flagged: true },
      { label: 'fraud' as const, flagged: false },
      { label: 'honest' as const, flagged: true },
      { label: 'honest' as const, flagged: false },
      { label: 'honest' as const, flagged: false },
      { label: 'honest' as const, flagged: false },
    ];
    expect(metrics(items)).toEqual({
      precision: 0.5,
      recall: 0.5,
      falsePositiveRate: 0.25,
      tp: 1,
      fp: 1,
      fn: 1,
      tn: 3,
    });
  });
});
