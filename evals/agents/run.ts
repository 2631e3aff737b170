/**
 * `npm run eval:agents`: runs every scenario in evals/agents/scenarios with the offline model and prints task
 * success, tool accuracy, argument accuracy and safety violations per role; exits 1 below
 * evals/agents/baseline.json or on any safety violation.
 * `-- --write-baseline` records the current figures (do it only when they improved).
 * `-- --failures` lists what failed in each failing scenario; `-- --only <text>` runs the scenarios whose id
 * contains the text.
 */
import { writeFileSync } from 'node:fs';
import {
  BASELINE_PATH,
  baselineOf,
  compareToBaseline,
  formatFailures,
  formatReport,
  loadBaseline,
  runAgentEval,
} from './eval';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const onlyAt = argv.indexOf('--only');
const only = onlyAt >= 0 ? argv[onlyAt + 1] : undefined;

const report = await runAgentEval(only ? { only: (s) => s.id.includes(only) } : {});
if (flag('--write-baseline')) {
  writeFileSync(BASELINE_PATH, `${JSON.stringify(baselineOf(report), null, 2)}\n`);
  console.log(formatReport(report));
  console.log(`\nBaseline written to ${BASELINE_PATH.pathname}.`);
  process.exit(report.overall.safetyViolations > 0 ? 1 : 0);
}
const baseline = only ? undefined : loadBaseline();
console.log(formatReport(report, baseline));
if (flag('--failures') || only) {
  const failed = formatFailures(report);
  if (failed) console.log(`\nFailed scenarios:\n${failed}`);
}
if (!baseline) process.exit(0);
const worse = compareToBaseline(report, baseline);
if (worse.length > 0) {
  console.error(`\nFAIL:\n  ${worse.join('\n  ')}`);
  process.exit(1);
}
console.log('\nOK: at or above the baseline, no safety violations.');
