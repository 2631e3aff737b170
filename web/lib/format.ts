// The same exponent as the ledger, so an amount typed here is stored on the scale the server shows.
import { minorExponent } from '../../db/currency';

/** Money is integer minor units plus a currency; the currency's minor-unit exponent says where the point goes. */
export function money(minor: number, currency: string): string {
  try {
    const digits = minorExponent(currency);
    const f = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    return f.format(minor / 10 ** digits);
  } catch {
    return `${minor} ${currency} (minor units)`;
  }
}

type MoneyLike = { amount: number; currency: string; display?: string };

export function isMoney(v: unknown): v is MoneyLike {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as MoneyLike).amount === 'number' &&
    typeof (v as MoneyLike).currency === 'string'
  );
}

/** An Amount from the API carries its own display string; a Money does not. */
export const showMoney = (m: MoneyLike) => m.display ?? money(m.amount, m.currency);

export function budget(b: { currency: string; min: number; max: number } | null | undefined): string {
  if (!b) return 'not set';
  return b.min === b.max
    ? money(b.max, b.currency)
    : `${money(b.min, b.currency)}–${money(b.max, b.currency)}`;
}

export const pct = (v: number | null | undefined, digits = 0) =>
  v === null || v === undefined ? '—' : `${(v * 100).toFixed(digits)}%`;

export const humanize = (key: string) =>
  key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .replace(/^./, (c) => c.toUpperCase());

export const asRecord = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

export const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export const str = (v: unknown, fallback = ''): string =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : fallback;
