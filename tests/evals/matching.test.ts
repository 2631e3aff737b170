import { describe, expect, it } from 'vitest';
import {
  compareToBaseline,
  formatReport,
  loadBaseline,
  type MatchingReport,
  runMatchingEval,
} from '../../evals/matching/eval';
import { generateBriefs, generatePopulation } from '../../evals/matching/generate';
import { grade, ndcgAt, recallAt, reciprocalRank } from '../../evals/matching/judge';
import { configuredProviderName } from '../../matching/embeddings/index';

/**
 * The CI gate of `npm run eval:matching`: the real ranker on the labelled set, against
 * evals/matching/baseline.json. CI runs the offline default and the no-embeddings reference; USE-lite and
 * the combined provider take minutes on two cores, so they run in `npm run eval:matching` only.
 */
describe('matching eval gate', () => {
  it('has at least 100 briefs with graded judgements over a fixed population', () => {
    const briefs = generateBriefs();
    const people = generatePopulation();
    expect(briefs.length).toBeGreaterThanOrEqual(100);
    expect(generateBriefs()).toEqual(briefs);
    for (const b of briefs) {
      const grades = people.map((p) => grade(p, b));
      expect(grades.filter((g) => g === 3).length).toBeGreaterThanOrEqual(3);
      expect(grades.filter((g) => g >= 2).length).toBeGreaterThanOrEqual(10);
      expect(grades.filter((g) => g === 0).length).toBeGreaterThan(people.length / 2);
    }
  });

  it('uses the provider the eval chose as the offline default', () => {
    expect(configuredProviderName({})).toBe(loadBaseline().defaultProvider);
  });

  it('ranks the labelled set no worse than the recorded baseline', { timeout: 240_000 }, async () => {
    const baseline = loadBaseline();
    const report = await runMatchingEval({ providers: [baseline.defaultProvider, 'none'] });
    console.log(formatReport(report, baseline));
    expect(report.briefs).toBeGreaterThanOrEqual(100);
    expect(compareToBaseline(report, baseline)).toEqual([]);
    // Embeddings must earn their place: the default beats the ranker without them.
    const [def, none] = report.providers;
    expect(def!.ndcg10).toBeGreaterThan(none!.ndcg10);
  });

  it('fails a ranking that is worse than the baseline, figure by figure', () => {
    const baseline = loadBaseline();
    const b = baseline.providers.domain!;
    const report = {
      providers: [{ provider: 'domain', ndcg10: b.ndcg10 - 0.05, recall50: b.recall50, mrr: b.mrr - 0.02 }],
    } as MatchingReport;
    expect(compareToBaseline(report, baseline)).toEqual([
      `domain ndcg10 ${b.ndcg10 - 0.05} < baseline ${b.ndcg10}`,
      `domain mrr ${b.mrr - 0.02} < baseline ${b.mrr}`,
    ]);
  });

  it('scores lists as the textbook says', () => {
    expect(ndcgAt(3, [3, 2, 0], [3, 2, 0, 0])).toBe(1);
    expect(ndcgAt(3, [0, 2, 3], [3, 2, 0])).toBeLessThan(1);
    expect(recallAt(2, [3, 0, 2], [3, 2, 2, 0])).toBeCloseTo(1 / 3);
    expect(reciprocalRank([1, 2, 3])).toBeCloseTo(1 / 3);
    expect(reciprocalRank([2, 1])).toBe(0);
  });
});
