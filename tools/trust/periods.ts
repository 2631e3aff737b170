import { z } from 'zod';
import { invalid } from '../errors';
import { IsoDate } from '../shared/schemas';

/** Calendar buckets in UTC: a day, an ISO week (starting Monday) or a month, named by their first day. */
export type Period = 'day' | 'week' | 'month';
export const PeriodInput = z.enum(['day', 'week', 'month']);

const DAY_MS = 86_400_000;

export const dayOf = (iso: string) => iso.slice(0, 10);

/** The first day (YYYY-MM-DD) of the bucket holding this instant or date. */
export function bucketOf(iso: string, period: Period): string {
  const day = dayOf(iso);
  if (period === 'day') return day;
  if (period === 'month') return `${day.slice(0, 7)}-01`;
  const d = new Date(`${day}T00:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7; // Monday → 0 … Sunday → 6
  return new Date(d.getTime() - back * DAY_MS).toISOString().slice(0, 10);
}

/** The first day of the bucket `n` buckets after the one starting on `start`. */
export function addPeriods(start: string, period: Period, n: number): string {
  const d = new Date(`${start}T00:00:00Z`);
  if (period === 'month') {
    return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1)).toISOString().slice(0, 10);
  }
  return new Date(d.getTime() + n * (period === 'week' ? 7 : 1) * DAY_MS).toISOString().slice(0, 10);
}

/** Every bucket start from the one holding `from` to the one holding `to` (both YYYY-MM-DD). */
export function bucketsBetween(from: string, to: string, period: Period): string[] {
  const out: string[] = [];
  for (let b = bucketOf(from, period); b <= to; b = addPeriods(b, period, 1)) out.push(b);
  return out;
}

export const RangeInput = {
  from: IsoDate.optional().describe('First day included (UTC); default: 30 days before `to`'),
  to: IsoDate.optional().describe('Last day included (UTC); default: today'),
};

/**
 * The day range [from, to] (inclusive, YYYY-MM-DD) and the half-open instants [since, until) that cover it.
 * Defaults to the `defaultDays` days ending today.
 */
export function resolveRange(
  input: { from?: string | undefined; to?: string | undefined },
  now: Date,
  defaultDays = 30,
  maxDays = 1100,
): { from: string; to: string; since: string; until: string } {
  const to = input.to ?? now.toISOString().slice(0, 10);
  const from =
    input.from ??
    new Date(Date.parse(`${to}T00:00:00Z`) - (defaultDays - 1) * DAY_MS).toISOString().slice(0, 10);
  if (from > to) throw invalid('from', `from (${from}) is after to (${to}).`);
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
  if (days > maxDays) throw invalid('from', `The range is ${days} days; ask for at most ${maxDays}.`);
  const until = new Date(Date.parse(`${to}T00:00:00Z`) + DAY_MS).toISOString();
  return { from, to, since: `${from}T00:00:00.000Z`, until };
}

export function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** A ratio rounded to 4 decimals; null when there is nothing to divide by. */
export const ratio = (num: number, den: number): number | null =>
  den === 0 ? null : Math.round((num / den) * 10_000) / 10_000;
