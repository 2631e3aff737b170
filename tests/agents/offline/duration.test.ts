import { describe, expect, it } from 'vitest';
import { parseDuration, parseWorkTime } from '../../../agents/offline/parse/duration';

/** Thursday 15 January 2026. */
const NOW = new Date('2026-01-15T10:00:00Z');

type Row = [phrase: string, weeks: number | undefined, deadline: string | undefined];

const TABLE: Row[] = [
  ['6 weeks', 6, undefined],
  ['3 months', 13, undefined],
  ['6-8 weeks', 8, undefined],
  ['a couple of weeks', 2, undefined],
  ['10 days', 2, undefined],
  ['a month', 4, undefined],
  ['two months', 9, undefined],
  ['1.5 months', 7, undefined],
  ['a year', 52, undefined],
  ['half a year', 26, undefined],
  ['a fortnight', 2, undefined],
  ['6w', 6, undefined],
  ['$8k for a 6-week project', 6, undefined],
  ['in 3 weeks', 3, '2026-02-05'],
  ['within a month', 4, '2026-02-15'],
  ['need it in 2 months', 9, '2026-03-15'],
  ['by March 1', 7, '2026-03-01'],
  ['deadline March 1st, 2027', 59, '2027-03-01'],
  ['1 March', 7, '2026-03-01'],
  ['by 2026-04-30', 15, '2026-04-30'],
  ['by end of March', 11, '2026-03-31'],
  ['end of next month', 7, '2026-02-28'],
  ['mid-February', 5, '2026-02-15'],
  ['next Friday', 1, '2026-01-16'],
  ['by Friday', 1, '2026-01-16'],
  ['tomorrow', 1, '2026-01-16'],
  ['by 3/1', 7, '2026-03-01'],
  ['by January 10', 52, '2027-01-10'],
];

const NOTHING = ['24/7 support', 'the first one', 'I may need it', 'React and Node.js', 'at first'];

describe('durations and dates', () => {
  it('has a table of at least 10 phrases', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(10);
  });

  it.each(TABLE)('%s', (phrase, weeks, deadline) => {
    const d = parseDuration(phrase, NOW);
    expect({ weeks: d.weeks, deadline: d.deadline }).toEqual({ weeks, deadline });
  });

  it.each(NOTHING)('"%s" names no time', (phrase) => {
    const d = parseDuration(phrase, NOW);
    expect({ weeks: d.weeks, deadline: d.deadline }).toEqual({ weeks: undefined, deadline: undefined });
  });

  it('reads time worked in minutes', () => {
    expect(parseWorkTime('log 3 hours today')?.minutes).toBe(180);
    expect(parseWorkTime('2.5h on the API')?.minutes).toBe(150);
    expect(parseWorkTime('1h30')?.minutes).toBe(90);
    expect(parseWorkTime('90 minutes')?.minutes).toBe(90);
    expect(parseWorkTime('half an hour')?.minutes).toBe(30);
    expect(parseWorkTime('2 hours 15 minutes')?.minutes).toBe(135);
    expect(parseWorkTime('no time here')).toBeUndefined();
  });
});
