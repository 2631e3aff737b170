import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends the run with one plain "N passed, N failed" line, the last thing printed, which CI log readers that
 * do not know vitest's own (coloured, `|`-separated) summary understand. ", N skipped" follows only when
 * something was skipped; an expected failure (`test.fails`) that failed counts as passed, as vitest counts it.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown>) {
    let passed = 0;
    let failed = errors.length;
    let skipped = 0;
    for (const mod of modules) {
      if (mod.state() === 'failed' && [...mod.children.allTests()].length === 0) failed++;
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
    }
    const tail = skipped > 0 ? `, ${skipped} skipped` : '';
    process.stdout.write(`\n${passed} passed, ${failed} failed${tail}\n`);
  }
}
