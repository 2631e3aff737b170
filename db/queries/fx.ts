import type { Executor } from '../client';
import { FX_CURRENCIES, FX_RATES } from '../seed/data/fxRates';
import { all, one, run } from '../sql';

/**
 * Exchange rates for quotes. A rate is an exact fraction (rate_num / rate_den, major units); every conversion
 * is done in BigInt on minor units and rounded once, at the end. Nothing here ever converts a balance.
 */

export const FX_PIVOT = 'USD';

export interface FxCurrencyRow {
  code: string;
  name: string;
  exponent: number;
}

export interface Rational {
  num: bigint;
  den: bigint;
}

/** One stored rate used for a quote, possibly read backwards (inverse). */
export interface FxLeg {
  base: string;
  quote: string;
  asOf: string;
  rate: Rational;
  /** The row was stored as quote→base and is used inverted. */
  inverted: boolean;
}

export interface FxPath {
  from: string;
  to: string;
  rate: Rational;
  /** The oldest date among the legs: the quote is as of this day. */
  asOf: string;
  kind: 'identity' | 'direct' | 'inverse' | 'cross';
  legs: FxLeg[];
}

// ---------------------------------------------------------------------------------------------- seeding

/**
 * Loads the reference currencies and dated rates (db/seed/data/fxRates.ts). Idempotent (INSERT OR IGNORE):
 * safe on every start, and never overwrites a rate an operator corrected. Call it inside seedReference's
 * write transaction: `await seedFxRates(tx);`.
 */
export async function seedFxRates(tx: Executor): Promise<void> {
  for (const c of FX_CURRENCIES) {
    await run(tx, 'INSERT OR IGNORE INTO fx_currencies (code, name, exponent) VALUES (?, ?, ?)', [
      c.code,
      c.name,
      c.exponent,
    ]);
  }
  for (const r of FX_RATES) await insertFxRate(tx, r);
}

/** Stores "1 base = rate quote" on a date; the decimal string becomes an exact fraction. */
export async function insertFxRate(
  tx: Executor,
  r: { base: string; quote: string; asOf: string; rate: string; source?: string },
): Promise<void> {
  const { num, den } = parseDecimal(r.rate);
  if (num > BigInt(Number.MAX_SAFE_INTEGER) || den > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new Error(`fx: rate ${r.rate} has too many digits`);
  }
  await run(
    tx,
    `INSERT OR IGNORE INTO fx_rates (base, quote, as_of, rate_num, rate_den, source) VALUES (?, ?, ?, ?, ?, ?)`,
    [r.base, r.quote, r.asOf, Number(num), Number(den), r.source ?? 'reference'],
  );
}

// ---------------------------------------------------------------------------------------------- reads

export async function getFxCurrency(ex: Executor, code: string): Promise<FxCurrencyRow | undefined> {
  const row = await one<FxCurrencyRow>(ex, 'SELECT code, name, exponent FROM fx_currencies WHERE code = ?', [
    code,
  ]);
  return row && { ...row, exponent: Number(row.exponent) };
}

export async function listFxCurrencies(ex: Executor): Promise<FxCurrencyRow[]> {
  const rows = await all<FxCurrencyRow>(ex, 'SELECT code, name, exponent FROM fx_currencies ORDER BY code');
  return rows.map((r) => ({ ...r, exponent: Number(r.exponent) }));
}

interface RateRow {
  base: string;
  quote: string;
  as_of: string;
  rate_num: number;
  rate_den: number;
}

/** The latest stored rate for base→quote on or before the date, read directly or inverted. */
export async function rateLeg(
  ex: Executor,
  base: string,
  quote: string,
  onOrBefore: string,
): Promise<FxLeg | undefined> {
  const rows = await all<RateRow>(
    ex,
    `SELECT * FROM (
       SELECT base, quote, as_of, rate_num, rate_den FROM fx_rates
        WHERE base = ? AND quote = ? AND as_of <= ? ORDER BY as_of DESC LIMIT 1)
     UNION ALL
     SELECT * FROM (
       SELECT base, quote, as_of, rate_num, rate_den FROM fx_rates
        WHERE base = ? AND quote = ? AND as_of <= ? ORDER BY as_of DESC LIMIT 1)`,
    [base, quote, onOrBefore, quote, base, onOrBefore],
  );
  // The newer of the direct and the inverse row; the direct one on a tie.
  let best: RateRow | undefined;
  for (const r of rows) if (!best || r.as_of > best.as_of) best = r;
  if (!best) return undefined;
  const inverted = best.base !== base;
  const num = BigInt(best.rate_num);
  const den = BigInt(best.rate_den);
  return { base, quote, asOf: best.as_of, rate: inverted ? { num: den, den: num } : { num, den }, inverted };
}

/**
 * How to quote `from` in `to` on a date: the same currency (rate 1), a stored pair (either way round), or a
 * cross through USD (from→USD × USD→to). Undefined when no rate exists on or before the date.
 */
export async function findFxPath(
  ex: Executor,
  from: string,
  to: string,
  onOrBefore: string,
): Promise<FxPath | undefined> {
  if (from === to) {
    return { from, to, rate: { num: 1n, den: 1n }, asOf: onOrBefore, kind: 'identity', legs: [] };
  }
  const leg = await rateLeg(ex, from, to, onOrBefore);
  if (leg) {
    return {
      from,
      to,
      rate: leg.rate,
      asOf: leg.asOf,
      kind: leg.inverted ? 'inverse' : 'direct',
      legs: [leg],
    };
  }
  if (from === FX_PIVOT || to === FX_PIVOT) return undefined;
  const [a, b] = await Promise.all([
    rateLeg(ex, from, FX_PIVOT, onOrBefore),
    rateLeg(ex, FX_PIVOT, to, onOrBefore),
  ]);
  if (!a || !b) return undefined;
  return {
    from,
    to,
    rate: reduce({ num: a.rate.num * b.rate.num, den: a.rate.den * b.rate.den }),
    asOf: a.asOf < b.asOf ? a.asOf : b.asOf,
    kind: 'cross',
    legs: [a, b],
  };
}

/** The first date any rate touching this currency exists, for a helpful refusal. */
export async function earliestRateDate(ex: Executor, code: string): Promise<string | undefined> {
  const row = await one<{ d: string | null }>(
    ex,
    'SELECT min(as_of) AS d FROM fx_rates WHERE base = ? OR quote = ?',
    [code, code],
  );
  return row?.d ?? undefined;
}

// ---------------------------------------------------------------------------------------------- math

/** "84.07" → 8407/100, exactly. Refuses anything that is not a plain positive decimal. */
export function parseDecimal(text: string): Rational {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) throw new Error(`fx: "${text}" is not a decimal rate`);
  const frac = m[2] ?? '';
  const r = reduce({ num: BigInt(`${m[1]}${frac}`), den: 10n ** BigInt(frac.length) });
  if (r.num === 0n) throw new Error('fx: a rate must be positive');
  return r;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export function reduce(r: Rational): Rational {
  const g = gcd(r.num, r.den);
  return g > 1n ? { num: r.num / g, den: r.den / g } : r;
}

/**
 * amountMinor (in a currency with `fromExp` decimals) × rate, in minor units of a currency with `toExp`
 * decimals, rounded once to the nearest minor unit, halves up (amounts are never negative here).
 *   exact = amount × num × 10^toExp / (den × 10^fromExp)
 */
export function convertMinor(
  amountMinor: number,
  rate: Rational,
  fromExp: number,
  toExp: number,
): { amount: bigint; exact: Rational } {
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0) throw new Error('fx: bad amount');
  const num = BigInt(amountMinor) * rate.num * 10n ** BigInt(toExp);
  const den = rate.den * 10n ** BigInt(fromExp);
  return { amount: (2n * num + den) / (2n * den), exact: reduce({ num, den }) };
}

/** A fraction as decimal text with at most `places` decimals (rounded half up), trailing zeros trimmed. */
export function decimalText(r: Rational, places = 10): string {
  const scale = 10n ** BigInt(places);
  const scaled = (2n * r.num * scale + r.den) / (2n * r.den);
  const whole = scaled / scale;
  const frac = (scaled % scale).toString().padStart(places, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : whole.toString();
}

/** Minor units as text in the currency's own decimals: 123450 USD → "1234.50", 1500 JPY → "1500". */
export function minorToDecimal(amount: bigint | number, exponent: number): string {
  const a = BigInt(amount);
  if (exponent === 0) return a.toString();
  const scale = 10n ** BigInt(exponent);
  return `${a / scale}.${(a % scale).toString().padStart(exponent, '0')}`;
}

/** "$1,234.50", "¥15,462", "KWD 1.234": exact (formatted from the decimal text, never a float). */
export function formatFx(amount: bigint | number, currency: string, exponent: number): string {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  }).format(minorToDecimal(amount, exponent) as Intl.StringNumericLiteral);
}
