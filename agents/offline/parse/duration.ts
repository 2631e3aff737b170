/**
 * Durations and dates: "6 weeks", "3 months", "6-8 weeks", "a couple of weeks", "by March 1", "end of
 * next month", "next Friday", "2026-03-01". Dates are calendar days (YYYY-MM-DD, UTC) relative to `now`.
 */
import { NUMBER_RE_SOURCE, normalize, toNumber } from './text';

export interface Span {
  /** Whole weeks, rounded up for days and to the nearest week for months. */
  weeks: number;
  days: number;
  start: number;
  end: number;
  /** "in 6 weeks", "within a month": a span that also names a date. */
  relative: boolean;
  /** Whole calendar months when the span was given in months or years ("in 2 months"), else undefined. */
  months?: number;
}

export interface DateMention {
  date: string;
  start: number;
  end: number;
}

export interface DurationInfo {
  /** From a span in the text, or else the weeks until the date named. */
  weeks?: number;
  /** Only when the text names a date ("by March 1", "next Friday", "in 3 weeks"). */
  deadline?: string;
  span?: Span;
  date?: DateMention;
}

const UNIT = '(days?|d|weeks?|wks?|w|months?|mos?|years?|yrs?|fortnights?)';
const SPAN = new RegExp(
  `(?<![\\w.])(?:(in|within|over|for|about|around|roughly|under|less than|at most|up to)\\s+)?(?:the\\s+next\\s+)?` +
    `(${NUMBER_RE_SOURCE})(?:\\s*(?:-|to|or)\\s*(${NUMBER_RE_SOURCE}))?(\\s*|-)(?:more\\s+)?${UNIT}(?![a-z])`,
  'g',
);
const HALF = /\b(?:(in|within)\s+)?(?:half\s+a\s+(year|month)|a\s+(year|month)\s+and\s+a\s+half)\b/g;

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const MONTH_RE =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const DAY_RE = '(sun|mon|tue|tues|wed|thu|thur|thurs|fri|sat)(?:day|nesday|rsday|urday|sday)?';

function monthIndex(word: string): number {
  const w = word.toLowerCase().replace('.', '');
  return MONTHS.findIndex((m) => m.startsWith(w.slice(0, 3)));
}

function dayIndex(word: string): number {
  return DAYS.findIndex((d) => d.startsWith(word.toLowerCase().slice(0, 3)));
}

const MS_DAY = 86_400_000;

function utcDay(d: Date): number {
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function addMonths(dayMs: number, months: number): number {
  const d = new Date(dayMs);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(d.getUTCDate(), last));
}

function lastDayOfMonth(year: number, month: number): number {
  return Date.UTC(year, month + 1, 0);
}

function validDay(year: number, month: number, day: number): number | undefined {
  if (month < 0 || month > 11 || day < 1 || day > 31) return undefined;
  const ms = Date.UTC(year, month, day);
  return new Date(ms).getUTCDate() === day ? ms : undefined;
}

/** Month and day without a year: the next time that day comes (today counts). */
function nextOccurrence(today: number, month: number, day: number): number | undefined {
  const year = new Date(today).getUTCFullYear();
  const thisYear = validDay(year, month, day);
  if (thisYear !== undefined && thisYear >= today) return thisYear;
  return validDay(year + 1, month, day);
}

function weeksFromUnit(n: number, unit: string): { weeks: number; days: number } {
  const u = unit.toLowerCase();
  if (u.startsWith('d')) return { weeks: Math.max(1, Math.ceil(n / 7)), days: Math.round(n) };
  if (u.startsWith('f')) return { weeks: Math.round(n * 2), days: Math.round(n * 14) };
  if (u.startsWith('w')) return { weeks: Math.max(1, Math.ceil(n)), days: Math.round(n * 7) };
  if (u.startsWith('m'))
    return { weeks: Math.max(1, Math.round((n * 52) / 12)), days: Math.round(n * 30.4375) };
  return { weeks: Math.max(1, Math.round(n * 52)), days: Math.round(n * 365.25) };
}

/** Spans of time in the text, in order ("6 weeks", "6-8 weeks" → 8, "3 months" → 13). */
export function parseSpans(input: string): Span[] {
  const text = normalize(input);
  const out: Span[] = [];
  SPAN.lastIndex = 0;
  for (let m = SPAN.exec(text); m !== null; m = SPAN.exec(text)) {
    const lead = m[1];
    const lo = toNumber(m[2]!);
    const hi = m[3] ? toNumber(m[3]) : undefined;
    const unit = m[5]!;
    if (lo === undefined) continue;
    // A number word must stand apart from its unit: "and" is not "an" + "d".
    if (/[a-z]$/.test(m[3] ?? m[2]!) && m[4] === '') continue;
    // Single letters only glued to a number: "6w", "10d" (not "6 d").
    if (/^[dw]$/.test(unit) && /\s[dw]$/.test(m[0])) continue;
    // "a few" alone ("a day") is fine, but "the first day" is not a span: skip ordinal-looking leads.
    const n = hi !== undefined && hi >= lo ? hi : lo;
    const { weeks, days } = weeksFromUnit(n, unit);
    const months =
      /^(?:m|y)/.test(unit) && Number.isInteger(n) ? (unit.startsWith('y') ? n * 12 : n) : undefined;
    out.push({
      weeks,
      days,
      start: m.index,
      end: m.index + m[0].length,
      relative: lead === 'in' || lead === 'within',
      months,
    });
  }
  HALF.lastIndex = 0;
  for (let m = HALF.exec(text); m !== null; m = HALF.exec(text)) {
    const unit = m[2] ?? m[3] ?? 'month';
    const n = m[2] ? 0.5 : 1.5;
    const { weeks, days } = weeksFromUnit(n, unit);
    out.push({ weeks, days, start: m.index, end: m.index + m[0].length, relative: Boolean(m[1]) });
  }
  return out.sort((a, b) => a.start - b.start);
}

interface DateRule {
  re: RegExp;
  resolve(m: RegExpExecArray, today: number): number | undefined;
}

const DATE_RULES: DateRule[] = [
  {
    re: /\b(\d{4})-(\d{1,2})-(\d{1,2})\b/g,
    resolve: (m) => validDay(Number(m[1]), Number(m[2]) - 1, Number(m[3])),
  },
  {
    re: new RegExp(`\\b(?:the\\s+)?end\\s+of\\s+${MONTH_RE}(?:,?\\s+(\\d{4}))?\\b`, 'g'),
    resolve: (m, today) => {
      const month = monthIndex(m[1]!);
      const year = m[2] ? Number(m[2]) : new Date(today).getUTCFullYear();
      const last = lastDayOfMonth(year, month);
      return last >= today || m[2] ? last : lastDayOfMonth(year + 1, month);
    },
  },
  {
    re: new RegExp(`\\b(?:mid(?:dle of|-)?\\s*)${MONTH_RE}(?:,?\\s+(\\d{4}))?\\b`, 'g'),
    resolve: (m, today) => {
      const month = monthIndex(m[1]!);
      return m[2] ? validDay(Number(m[2]), month, 15) : nextOccurrence(today, month, 15);
    },
  },
  {
    re: new RegExp(`\\b${MONTH_RE}\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4})\\b)?`, 'g'),
    resolve: (m, today) => {
      const month = monthIndex(m[1]!);
      const day = Number(m[2]);
      return m[3] ? validDay(Number(m[3]), month, day) : nextOccurrence(today, month, day);
    },
  },
  {
    re: new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_RE}(?:,?\\s+(\\d{4})\\b)?`, 'g'),
    resolve: (m, today) => {
      const month = monthIndex(m[2]!);
      const day = Number(m[1]);
      return m[3] ? validDay(Number(m[3]), month, day) : nextOccurrence(today, month, day);
    },
  },
  {
    // "by 3/1", "due 03/15/2027": US month/day, read as day/month only when the first number cannot be a month.
    re: /\b(?:by|on|before|until|till|due|deadline(?:\s+is)?:?)\s+(\d{1,2})\/(\d{1,2})(?:\/(\d{2,4}))?\b/g,
    resolve: (m, today) => {
      let month = Number(m[1]) - 1;
      let day = Number(m[2]);
      if (month > 11) [month, day] = [day - 1, month + 1];
      if (m[3]) {
        const y = Number(m[3]);
        return validDay(y < 100 ? 2000 + y : y, month, day);
      }
      return nextOccurrence(today, month, day);
    },
  },
  {
    re: new RegExp(
      `\\b(?:by|before|until|till|in|due|deadline)\\s+(?:early\\s+)?${MONTH_RE}(?:\\s+(\\d{4}))?(?![\\w\\s]*\\d)`,
      'g',
    ),
    resolve: (m, today) => {
      const month = monthIndex(m[1]!);
      // "may" is usually the verb: only read it as a month with a year or a capital letter check upstream.
      if (m[1] === 'may' && !m[2]) return undefined;
      return m[2] ? validDay(Number(m[2]), month, 1) : nextOccurrence(today, month, 1);
    },
  },
  {
    re: /\b(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?(week|month|year|quarter)\b/g,
    resolve: (m, today) => {
      const d = new Date(today);
      if (m[1] === 'week') return today + ((7 - d.getUTCDay()) % 7) * MS_DAY;
      if (m[1] === 'month') return lastDayOfMonth(d.getUTCFullYear(), d.getUTCMonth());
      if (m[1] === 'year') return Date.UTC(d.getUTCFullYear(), 11, 31);
      const q = Math.floor(d.getUTCMonth() / 3);
      return lastDayOfMonth(d.getUTCFullYear(), q * 3 + 2);
    },
  },
  {
    re: /\b(?:the\s+)?end\s+of\s+next\s+(week|month)\b/g,
    resolve: (m, today) => {
      const d = new Date(today);
      if (m[1] === 'week') return today + (((7 - d.getUTCDay()) % 7) + 7) * MS_DAY;
      return lastDayOfMonth(d.getUTCFullYear(), d.getUTCMonth() + 1);
    },
  },
  {
    re: /\bday\s+after\s+tomorrow\b/g,
    resolve: (_m, today) => today + 2 * MS_DAY,
  },
  { re: /\btomorrow\b/g, resolve: (_m, today) => today + MS_DAY },
  { re: /\byesterday\b/g, resolve: (_m, today) => today - MS_DAY },
  { re: /\btoday\b|\btonight\b/g, resolve: (_m, today) => today },
  { re: /\bnext\s+week\b/g, resolve: (_m, today) => today + 7 * MS_DAY },
  { re: /\bnext\s+month\b/g, resolve: (_m, today) => addMonths(today, 1) },
  {
    re: new RegExp(`\\b(next|this|by|on|before|until|till|due)\\s+${DAY_RE}\\b`, 'g'),
    resolve: (m, today) => {
      const target = dayIndex(m[2]!);
      const current = new Date(today).getUTCDay();
      let ahead = (target - current + 7) % 7;
      if (m[1] === 'next' && ahead === 0) ahead = 7;
      return today + ahead * MS_DAY;
    },
  },
];

/** Dates named in the text, in order. */
export function parseDates(input: string, now: Date): DateMention[] {
  const text = normalize(input);
  const today = utcDay(now);
  const out: DateMention[] = [];
  const taken: Array<[number, number]> = [];
  for (const rule of DATE_RULES) {
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(text); m !== null; m = rule.re.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      if (taken.some(([s, e]) => start < e && end > s)) continue;
      const ms = rule.resolve(m, today);
      if (ms === undefined) continue;
      taken.push([start, end]);
      out.push({ date: isoDay(ms), start, end });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * What a request says about time: weeks of work and a deadline. "6 weeks" gives weeks only; "by March 1"
 * gives the deadline and the weeks until it; "in 3 weeks" gives both.
 */
export function parseDuration(input: string, now: Date): DurationInfo {
  const spans = parseSpans(input);
  const dates = parseDates(input, now);
  const span = spans[0];
  const date = dates[0];
  const today = utcDay(now);
  const info: DurationInfo = {};
  if (span) {
    info.span = span;
    info.weeks = span.weeks;
  }
  if (date) {
    info.date = date;
    info.deadline = date.date;
    if (info.weeks === undefined) {
      const days = Math.round((Date.parse(date.date) - today) / MS_DAY);
      if (days > 0) info.weeks = Math.max(1, Math.ceil(days / 7));
    }
  } else if (span?.relative) {
    info.deadline = isoDay(
      span.months !== undefined ? addMonths(today, span.months) : today + span.days * MS_DAY,
    );
  }
  return info;
}

export interface WorkTime {
  minutes: number;
  start: number;
  end: number;
}

/** Time worked: "3 hours", "2.5h", "1h30", "90 minutes", "half an hour", "an hour and a half". */
export function parseWorkTime(input: string): WorkTime | undefined {
  const text = normalize(input);
  const patterns: Array<[RegExp, (m: RegExpExecArray) => number | undefined]> = [
    [
      /\b(\d{1,2})\s*h(?:ours?|rs?)?\s*(?:and\s+)?(\d{1,2})\s*m(?:in(?:ute)?s?)?\b/,
      (m) => Number(m[1]) * 60 + Number(m[2]),
    ],
    [/\b(\d{1,2})h(\d{2})\b/, (m) => Number(m[1]) * 60 + Number(m[2])],
    [/\ban?\s+hour\s+and\s+a\s+half\b/, () => 90],
    [/\bhalf\s+an?\s+hour\b/, () => 30],
    [
      new RegExp(`(?<![\\w.])(${NUMBER_RE_SOURCE})\\s*(?:h|hrs?|hours?)(?![a-z])`),
      (m) => {
        const n = toNumber(m[1]!);
        return n === undefined ? undefined : Math.round(n * 60);
      },
    ],
    [
      new RegExp(`(?<![\\w.])(${NUMBER_RE_SOURCE})\\s*(?:m|mins?|minutes?)(?![a-z])`),
      (m) => {
        const n = toNumber(m[1]!);
        return n === undefined ? undefined : Math.round(n);
      },
    ],
  ];
  for (const [re, value] of patterns) {
    const m = re.exec(text);
    if (!m) continue;
    const minutes = value(m);
    if (minutes !== undefined && minutes > 0) return { minutes, start: m.index, end: m.index + m[0].length };
  }
  return undefined;
}
