/**
 * `npm run eval:fraud`: scores the labelled set and prints precision, recall and false-positive rate at the
 * review and block thresholds; exits 1 when a figure is worse than evals/fraud/baseline.json.
 * `npm run eval:fraud -- --write-baseline` records the current figures as the new baseline (do it only for a
 * model that is better, and bump RISK_MODEL.version in trust/risk/weights.ts with it).
 * `--misses` also lists the items the model got wrong.
 */
import { writeFileSync } from 'node:fs';
import { riskThresholds } from '../../trust/risk/policy';
import {
  BASELINE_PATH,
  baselineOf,
  compareToBaseline,
  formatReport,
  loadBaseline,
  runFraudEval,
} from './eval';

const args = new Set(process.argv.slice(2));
const writing = args.has('--write-baseline');
// The gate measures at the thresholds the baseline was recorded at; a new baseline at the configured ones.
const report = await runFraudEval({ thresholds: writing ? riskThresholds() : loadBaseline().thresholds });
if (writing) {
  writeFileSync(BASELINE_PATH, `${JSON.stringify(baselineOf(report), null, 2)}\n`);
  console.log(formatReport(report));
  console.log(`\nBaseline written to ${BASELINE_PATH.pathname}.`);
  process.exit(0);
}
const baseline = loadBaseline();
console.log(formatReport(report, baseline));
if (args.has('--misses')) {
  const t = report.thresholds;
  const wrong = report.items.filter((i) => (i.label === 'fraud') !== i.score >= t.reviewFrom);
  console.log('\nMisclassified at the review threshold:');
  for (const i of wrong)
    console.log(
      `  ${i.label.padEnd(6)} ${i.kind.padEnd(8)} ${String(i.score).padStart(3)}  ${i.pattern}: ${i.topReasons.join(', ')}`,
    );
}
const worse = compareToBaseline(report, baseline);
if (report.modelVersion !== baseline.modelVersion) {
  console.log(`\nNote: baseline recorded for ${baseline.modelVersion}, model is ${report.modelVersion}.`);
}
if (worse.length > 0) {
  console.error(`\nFAIL: worse than the baseline:\n  ${worse.join('\n  ')}`);
  process.exit(1);
}
console.log('\nOK: at or above the baseline.');
