import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoOf } from '../tools/audit';

/** Audit rows' timestamps are formatted by hand within a second; they must read exactly as toISOString. */
describe('audit timestamps', () => {
  it('match toISOString for any instant, in any order of calls', () => {
    const instant = fc.integer({ min: 0, max: Date.UTC(2200, 0, 1) });
    // Runs of nearby instants (the same second, the next millisecond, across a second) as well as jumps.
    const run = fc.tuple(instant, fc.array(fc.integer({ min: -1500, max: 1500 }), { maxLength: 20 }));
    fc.assert(
      fc.property(fc.array(run, { minLength: 1, maxLength: 10 }), (runs) => {
        for (const [start, steps] of runs) {
          let ms = start;
          for (const step of [0, ...steps]) {
            ms = Math.max(0, ms + step);
            expect(isoOf(ms)).toBe(new Date(ms).toISOString());
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
