/**
 * Integer money helpers for the AI tools: formatting for sentences, "nice" rounding, and splitting a total
 * into parts that add up exactly. Amounts are always integer minor units; nothing here uses a float for a
 * stored amount (ratios are applied once and rounded to an integer).
 */
import { currencyDecimals } from '../agents/offline/parse/money';

export { currencyDecimals };

/** "$8,000", "$8,000.50", "€1,500", "¥15,000": whole amounts without cents. */
export function money(amountMinor: number, currency: string): string {
  const digits = currencyDecimals(currency);
  const whole = amountMinor % 10 ** digits === 0;
  try {
    return new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      minimumFractionDigits: whole ? 0 : digits,
      maximumFractionDigits: digits,
    }).format(amountMinor / 10 ** digits);
  } catch {
    return `${(amountMinor / 10 ** digits).toFixed(whole ? 0 : digits)} ${currency}`;
  }
}

/** "$85/h". */
export function rate(amountMinor: number, currency: string): string {
  return `${money(amountMinor, currency)}/h`;
}

/** A round step for an amount: 100 major units above 10,000, 50 above 2,000, 10 above 200, else 1 (minor: 100 of them). */
export function niceStep(amountMinor: number, currency: string): number {
  const unit = 10 ** currencyDecimals(currency);
  const major = amountMinor / unit;
  if (major >= 10_000) return 100 * unit;
  if (major >= 2_000) return 50 * unit;
  if (major >= 200) return 10 * unit;
  if (major >= 20) return unit;
  return 1;
}

export type RoundMode = 'round' | 'floor' | 'ceil';

/** An amount rounded to its nice step (never below one minor unit when it was positive). */
export function roundNice(amountMinor: number, currency: string, mode: RoundMode = 'round'): number {
  const step = niceStep(amountMinor, currency);
  const f = mode === 'floor' ? Math.floor : mode === 'ceil' ? Math.ceil : Math.round;
  const out = f(amountMinor / step) * step;
  return amountMinor > 0 && out <= 0 ? Math.max(1, Math.round(amountMinor)) : out;
}

/** `part` percent of an amount, rounded to an integer (basis points keep it integer math). */
export function percentOf(amountMinor: number, percent: number): number {
  return Math.round((amountMinor * Math.round(percent * 100)) / 10_000);
}

/** An amount kept within [min, max]. */
export function clamp(n: number, min: number, max: number): number {
  return Math.min(Math.max(n, min), max);
}

/**
 * Splits `total` by `weights` into positive integers that add up to exactly `total`. Every part but the last
 * is rounded down to `step` when that leaves each part positive; the last takes the remainder. Fewer parts
 * than weights come back when the total is too small to give each one at least one minor unit.
 */
export function splitExact(total: number, weights: readonly number[], step = 1): number[] {
  if (!Number.isSafeInteger(total) || total <= 0) return [];
  const n = Math.min(weights.length, total);
  if (n === 0) return [];
  const w = weights.slice(0, n).map((x) => Math.max(x, 0.0001));
  const sum = w.reduce((a, b) => a + b, 0);
  const tryStep = (s: number): number[] | undefined => {
    const parts: number[] = [];
    let used = 0;
    for (let i = 0; i < n - 1; i++) {
      const raw = Math.floor(((total * (w[i] ?? 0)) / sum / s) * 1) * s;
      if (raw < 1) return undefined;
      parts.push(raw);
      used += raw;
    }
    const last = total - used;
    if (last < 1) return undefined;
    parts.push(last);
    return parts;
  };
  return tryStep(Math.max(1, step)) ?? tryStep(1) ?? [total];
}

/**
 * Due weeks for consecutive phases: the cumulative share of `weeks` at the end of each phase, rounded, never
 * below 1, never going back, and the last exactly `weeks`.
 */
export function spreadWeeks(weights: readonly number[], weeks: number): number[] {
  const total = Math.max(1, Math.round(weeks));
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  let acc = 0;
  let prev = 1;
  return weights.map((w, i) => {
    acc += w;
    if (i === weights.length - 1) return total;
    const due = Math.min(total, Math.max(prev, Math.round((acc / sum) * total), 1));
    prev = due;
    return due;
  });
}

/** "a, b and c". */
export function listing(items: readonly string[], conj = 'and'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${conj} ${items.at(-1)}`;
}

/** "1 week", "6 weeks". */
export function weeksText(n: number): string {
  return `${n} week${n === 1 ? '' : 's'}`;
}

/** Text cut at a word boundary, with an ellipsis when cut. */
export function clipText(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}
