/**
 * `npm run eval:matching [-- --providers domain,use-lite,combined,none,openai] [--write-baseline]`:
 * nDCG@10, recall@50 and MRR per embedding provider on the labelled set; exits 1 below the baseline.
 * `openai` needs EMBEDDING_MODEL and OPENAI_API_KEY / OPENAI_BASE_URL and is included when they are set.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Baseline,
  compareToBaseline,
  type EvalProvider,
  formatReport,
  loadBaseline,
  runMatchingEval,
} from './eval';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const openai =
  process.env.EMBEDDING_MODEL && !['domain', 'use-lite', 'combined'].includes(process.env.EMBEDDING_MODEL);
const providers = (opt('providers')?.split(',') ?? [
  'domain',
  'use-lite',
  'combined',
  'none',
  ...(openai ? ['openai'] : []),
]) as EvalProvider[];

const report = await runMatchingEval({ providers });
const baseline = loadBaseline();
console.log(formatReport(report, baseline));
if (args.includes('--write-baseline')) {
  const best = [...report.providers]
    .filter((p) => p.provider !== 'none' && p.provider !== 'openai')
    .sort((a, b) => b.ndcg10 - a.ndcg10 || b.recall50 - a.recall50)[0];
  const next: Baseline = {
    rankingVersion: report.rankingVersion,
    seed: report.seed,
    defaultProvider: (best?.provider ?? baseline.defaultProvider) as Baseline['defaultProvider'],
    tolerance: baseline.tolerance,
    providers: Object.fromEntries(
      report.providers.map((p) => [p.provider, { ndcg10: p.ndcg10, recall50: p.recall50, mrr: p.mrr }]),
    ),
  };
  writeFileSync(join(import.meta.dirname, 'baseline.json'), `${JSON.stringify(next, null, 2)}\n`);
  console.log(`wrote evals/matching/baseline.json (best offline provider: ${next.defaultProvider})`);
}
const failures = compareToBaseline(report, baseline);
if (failures.length) {
  console.error(`below baseline:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
