/** Time and money helpers for the demo seed: everything is derived from a fixed base time, never the clock. */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const WEEK_MS = 7 * DAY_MS;

/** Full ISO 8601 UTC timestamp. */
export const iso = (ms: number) => new Date(ms).toISOString();

/** Calendar date (YYYY-MM-DD), as used for deadlines, due dates and work dates. */
export const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Approximate USD -> other currency rates, fixed so the seed stays deterministic. */
export const FX_FROM_USD: Record<string, number> = { USD: 1, EUR: 0.92, GBP: 0.79 };

/** Converts a USD amount in minor units and rounds it to a `step` (e.g. 500 = 5.00). */
export function convertMinor(usdMinor: number, currency: string, step: number): number {
  const rate = FX_FROM_USD[currency] ?? 1;
  return roundTo(usdMinor * rate, step);
}

/** Rounds to a positive multiple of `step` (never below one step). */
export function roundTo(amount: number, step: number): number {
  return Math.max(step, Math.round(amount / step) * step);
}

/** Splits `total` into integer parts by weight; the parts add up to exactly `total`. */
export function splitAmount(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const parts = weights.map((w) => Math.floor((total * w) / sum / 100) * 100);
  const rest = total - parts.reduce((a, b) => a + b, 0);
  parts[parts.length - 1] = (parts[parts.length - 1] ?? 0) + rest;
  return parts;
}

export const pad = (n: number, width = 6) => String(n).padStart(width, '0');
