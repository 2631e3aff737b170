/** How the offline model shows values to people: money in normal units, ranges, statuses, lists. */
import { currencyDecimals } from './parse/money';
import { isObj } from './results';

/** 800000 USD → "$8,000"; 123456 EUR → "€1,234.56"; 300000 JPY → "¥300,000". */
export function formatMoney(minor: number, currency: string): string {
  const digits = currencyDecimals(currency);
  const major = minor / 10 ** digits;
  const whole = Number.isInteger(major);
  try {
    return new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      minimumFractionDigits: whole ? 0 : digits,
      maximumFractionDigits: digits,
    }).format(major);
  } catch {
    return `${major.toFixed(whole ? 0 : digits)} ${currency}`;
  }
}

/** A budget range: "$8,000", "$5,000–$8,000", "up to $10,000", "from $5,000". */
export function formatRange(r: { currency: string; min?: number; max?: number }): string {
  const { currency, min, max } = r;
  if (min !== undefined && max !== undefined) {
    if (min === max) return formatMoney(min, currency);
    if (min === 0) return `up to ${formatMoney(max, currency)}`;
    return `${formatMoney(min, currency)}–${formatMoney(max, currency)}`;
  }
  if (max !== undefined) return `up to ${formatMoney(max, currency)}`;
  if (min !== undefined) return `from ${formatMoney(min, currency)}`;
  return currency;
}

/** Any money-shaped value ({amount, currency} or {currency, min, max}) as text, else undefined. */
export function formatMoneyValue(v: unknown): string | undefined {
  if (!isObj(v) || typeof v.currency !== 'string') return undefined;
  if (typeof v.amount === 'number') return formatMoney(v.amount, v.currency);
  if (typeof v.min === 'number' || typeof v.max === 'number') {
    return formatRange({
      currency: v.currency,
      min: typeof v.min === 'number' ? v.min : undefined,
      max: typeof v.max === 'number' ? v.max : undefined,
    });
  }
  return undefined;
}

export function humanStatus(s: string): string {
  // Ids stay as they are, so a person can copy them back ("trf_4yp8…", "ms_000001_03").
  if (/^[a-z]{2,5}_[0-9a-z_]{3,}$/.test(s) && /\d/.test(s)) return s;
  return s.replace(/_/g, ' ');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "React, Node.js and 3 more". */
export function listWords(items: readonly string[], max = 4): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
