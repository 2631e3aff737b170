import { minorExponent } from '../../../db/currency';
/**
 * Money in the forms people type: "$8k", "8,000 USD", "€5000", "£1.2k", "between 2 and 3k", "5-8k",
 * "up to $10,000", "$40/hr", "two grand". Amounts come back as integer minor units with an ISO currency,
 * never as floats.
 */
import { escapeRegExp, plain, toNumber } from './text';

export type MoneyKind = 'exact' | 'range' | 'upTo' | 'atLeast';
export type MoneyPer = 'hour' | 'day' | 'week' | 'month' | 'year';

export interface MoneyMention {
  currency: string;
  /** Lower bound in minor units (exact amounts set both bounds). */
  min?: number;
  /** Upper bound in minor units. */
  max?: number;
  kind: MoneyKind;
  /** "$40/hr" → hour. */
  per?: MoneyPer;
  /** The text named the currency ("$", "EUR", "euros") instead of it being the default. */
  explicitCurrency: boolean;
  start: number;
  end: number;
  text: string;
}

export interface MoneyOptions {
  /** Used when the text names no currency. Default USD. */
  defaultCurrency?: string;
  /** Accept bare numbers ("5000") as money: for answers to "what is the budget?". */
  relaxed?: boolean;
}

/** Symbols and prefixes, longest first so "US$" wins over "$". */
const PREFIX: ReadonlyArray<[string, string]> = [
  ['US$', 'USD'],
  ['AU$', 'AUD'],
  ['CA$', 'CAD'],
  ['NZ$', 'NZD'],
  ['HK$', 'HKD'],
  ['SG$', 'SGD'],
  ['MX$', 'MXN'],
  ['A$', 'AUD'],
  ['C$', 'CAD'],
  ['S$', 'SGD'],
  ['R$', 'BRL'],
  ['$', 'USD'],
  ['€', 'EUR'],
  ['£', 'GBP'],
  ['¥', 'JPY'],
  ['₹', 'INR'],
  ['₩', 'KRW'],
  ['₽', 'RUB'],
  ['₺', 'TRY'],
  ['₪', 'ILS'],
  ['₦', 'NGN'],
  ['₱', 'PHP'],
  ['₫', 'VND'],
  ['฿', 'THB'],
];

/**
 * ISO codes understood on either side of a number ("USD 500", "500 eur"). Codes that are also common words
 * or skills (PHP, TRY, COP…) are left out: "PHP 8" is a language version, not pesos.
 */
const CODES = [
  'USD',
  'EUR',
  'GBP',
  'JPY',
  'CHF',
  'CAD',
  'AUD',
  'NZD',
  'INR',
  'CNY',
  'HKD',
  'SGD',
  'SEK',
  'NOK',
  'DKK',
  'PLN',
  'CZK',
  'HUF',
  'BRL',
  'MXN',
  'ZAR',
  'NGN',
  'KES',
  'AED',
  'ILS',
  'KRW',
  'THB',
  'IDR',
  'MYR',
  'VND',
  'PKR',
  'EGP',
];

/** Currency words after a number ("500 euros", "10 bucks"). */
const WORDS: ReadonlyArray<[string, string]> = [
  ['us dollars?', 'USD'],
  ['american dollars?', 'USD'],
  ['australian dollars?', 'AUD'],
  ['canadian dollars?', 'CAD'],
  ['new zealand dollars?', 'NZD'],
  ['singapore dollars?', 'SGD'],
  ['hong kong dollars?', 'HKD'],
  ['dollars?', 'USD'],
  ['bucks', 'USD'],
  ['euros?', 'EUR'],
  ['pounds?(?: sterling)?', 'GBP'],
  ['quid', 'GBP'],
  ['sterling', 'GBP'],
  ['yen', 'JPY'],
  ['rupees?', 'INR'],
  ['swiss francs?', 'CHF'],
  ['francs?', 'CHF'],
  ['yuan', 'CNY'],
  ['rmb', 'CNY'],
  ['reais', 'BRL'],
  ['reals?', 'BRL'],
  ['pesos', 'MXN'],
  ['zlotys?', 'PLN'],
  ['rand', 'ZAR'],
  ['naira', 'NGN'],
  ['dirhams?', 'AED'],
  ['kronor', 'SEK'],
  ['kroner', 'NOK'],
];

const DOLLAR_CODES = new Set(['USD', 'AUD', 'CAD', 'NZD', 'HKD', 'SGD']);
/** Currencies whose people write 5.000 for five thousand. */
const DOT_THOUSANDS = new Set(['EUR', 'BRL', 'TRY', 'IDR', 'VND', 'ARS', 'CLP', 'COP', 'DKK', 'NOK']);

const SCALE: Readonly<Record<string, number>> = {
  k: 1_000,
  thousand: 1_000,
  grand: 1_000,
  hundred: 100,
  m: 1_000_000,
  mm: 1_000_000,
  mil: 1_000_000,
  million: 1_000_000,
  bn: 1_000_000_000,
  billion: 1_000_000_000,
};

const prefixSource = PREFIX.map(([s]) => escapeRegExp(s)).join('|');
const codeSource = CODES.join('|');
const wordSource = WORDS.map(([w]) => w).join('|');
const numberWordSource =
  '(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?' +
  '|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|a couple of|a few|a)' +
  '(?=\\s+(?:thousand|grand|million|hundred|k\\b|dollars|euros|pounds|bucks))';

/**
 * One amount: optional prefix (symbol or code), the number, an optional scale (k, thousand, m…), an optional
 * currency after it. Numbers glued to letters or ids ("v2", "usr_f01") are not amounts.
 */
const AMOUNT = new RegExp(
  `(?:(?<pre>${prefixSource})\\s?|(?<preCode>\\b(?:${codeSource}))\\s?|(?<![\\w.,]))` +
    `(?<num>\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d{1,3}(?:\\.\\d{3})+,\\d{1,2}|\\d+(?:\\.\\d+)?|\\.\\d+|${numberWordSource})` +
    '(?:\\s?(?<scale>k|mm|m|mil|bn|thousand|grand|hundred|million|billion)(?![a-z]))?' +
    `(?:\\s?(?<post>(?:${codeSource})(?![a-z])|(?:${wordSource})(?![a-z])|€|£|\\$))?`,
  'gi',
);

const PER: ReadonlyArray<[RegExp, MoneyPer]> = [
  [/^\s*(?:\/\s*|per\s+|an?\s+|each\s+)(?:hours?|hrs?|h)\b/i, 'hour'],
  [/^\s*(?:hourly|p\/h|ph)\b/i, 'hour'],
  [/^\s*(?:\/\s*|per\s+|an?\s+)(?:days?|d)\b/i, 'day'],
  [/^\s*daily\b/i, 'day'],
  [/^\s*(?:\/\s*|per\s+|an?\s+)(?:weeks?|wk)\b/i, 'week'],
  [/^\s*weekly\b/i, 'week'],
  [/^\s*(?:\/\s*|per\s+|an?\s+)(?:months?|mo)\b/i, 'month'],
  [/^\s*monthly\b/i, 'month'],
  [/^\s*(?:\/\s*|per\s+|an?\s+)(?:years?|yr|annum)\b/i, 'year'],
  [/^\s*(?:yearly|annually)\b/i, 'year'],
];

const UP_TO_BEFORE =
  /(?:up\s+to|under|below|less\s+than|at\s+most|no\s+more\s+than|not\s+more\s+than|max(?:imum)?(?:\s+of)?|within|capped\s+at|cap\s+of|no\s+higher\s+than|<=?)\s*(?:of\s+)?(?:about\s+|around\s+)?$/i;
const AT_LEAST_BEFORE =
  /(?:at\s+least|over|above|more\s+than|min(?:imum)?(?:\s+of)?|starting\s+(?:at|from)|upwards\s+of|north\s+of|from|>=?)\s*(?:about\s+|around\s+)?$/i;
const AT_LEAST_AFTER = /^\s*(?:\+|or\s+(?:more|above|higher)|and\s+up|minimum|min\b|at\s+least|plus\b)/i;
const UP_TO_AFTER = /^\s*(?:or\s+(?:less|below|under|lower)|max(?:imum)?\b|tops\b|at\s+most)/i;
/** A bare number right after one of these is an amount ("budget 8000", "bid 4500"). */
const MONEY_CONTEXT =
  /\b(?:budget(?:ed)?|bid(?:ding)?|price[ds]?|pricing|rate|pay(?:ing|s)?|paid|cost(?:s|ing)?|amount|fee|offer(?:ing)?|quote|charge|spend|salary|compensation|fund(?:ing)?)\b(?:\s+(?:is|of|at|around|about|would be|will be|should be|up\s+to|be))*\s*[:=]?\s*(?:~|about\s+|around\s+|roughly\s+|approx(?:imately)?\.?\s+)?$/i;
/** Words after a bare number that make it a count of something, not money ("3k words", "5k users"). */
const ALLOWED_NEXT =
  /^(?:budget|total|fixed|flat|max|min|maximum|minimum|tops|or|and|to|for|per|each|a|an|the|range|ish|plus|cap|budgeted|overall|all-in|in|with|on|-)$/;

interface Token {
  start: number;
  end: number;
  value: number;
  scaled: boolean;
  scaleFactor: number;
  rawValue: number;
  currency?: string;
  numberIsWord: boolean;
  text: string;
}

/** Minor-unit digits of a currency: 2 for USD, 0 for JPY, 3 for KWD (the ledger's own answer). */
export const currencyDecimals = minorExponent;

/** Major units (1.5) to integer minor units (150), rounding away float noise. */
export function toMinor(major: number, currency: string): number {
  return Math.round(major * 10 ** currencyDecimals(currency));
}

function parseNumber(
  raw: string,
  currency: string | undefined,
): { value: number; isWord: boolean } | undefined {
  const s = raw.trim().toLowerCase();
  if (/^[a-z]/.test(s)) {
    const n = toNumber(s.replace(/\s+of$/, ''));
    return n === undefined ? undefined : { value: n, isWord: true };
  }
  if (/^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(s)) return { value: Number(s.replace(/,/g, '')), isWord: false };
  if (/^\d{1,3}(?:\.\d{3})+,\d{1,2}$/.test(s)) {
    return { value: Number(s.replace(/\./g, '').replace(',', '.')), isWord: false };
  }
  if (/^\d{1,3}\.\d{3}$/.test(s) && currency && DOT_THOUSANDS.has(currency)) {
    return { value: Number(s.replace('.', '')), isWord: false };
  }
  const n = Number(s);
  return Number.isFinite(n) ? { value: n, isWord: false } : undefined;
}

function prefixCurrency(symbol: string, defaultCurrency: string): string {
  const upper = symbol.toUpperCase();
  if (symbol === '$') return DOLLAR_CODES.has(defaultCurrency) ? defaultCurrency : 'USD';
  for (const [s, code] of PREFIX) if (s === upper) return code;
  return upper;
}

function postCurrency(word: string, defaultCurrency: string): string {
  const w = word.toLowerCase();
  if (w === '$') return DOLLAR_CODES.has(defaultCurrency) ? defaultCurrency : 'USD';
  if (w === '€') return 'EUR';
  if (w === '£') return 'GBP';
  const upper = w.toUpperCase();
  if (CODES.includes(upper)) return upper;
  for (const [pattern, code] of WORDS) {
    if (new RegExp(`^(?:${pattern})$`).test(w)) {
      return code === 'USD' && /^(?:dollars?|bucks)$/.test(w) && DOLLAR_CODES.has(defaultCurrency)
        ? defaultCurrency
        : code;
    }
  }
  return defaultCurrency;
}

/** Dates, percentages, times, phone-like strings: numbers that are never amounts. */
function looksLikeNonMoney(text: string, start: number, end: number): boolean {
  const after = text.slice(end, end + 3);
  const before = text.slice(Math.max(0, start - 1), start);
  if (/^\s?%/.test(after)) return true;
  if (/^[-/]\d/.test(after) && /^\d{4}$/.test(text.slice(start, end))) return true; // 2026-03-01
  if (/^:\d/.test(after) || before === ':') return true; // 10:30
  if (/^\/\d/.test(after) || before === '/') return true; // 3/1, 24/7
  if (/^[-]\d{2}[-]/.test(after)) return true;
  return false;
}

function tokens(text: string, opts: Required<MoneyOptions>): Token[] {
  const out: Token[] = [];
  AMOUNT.lastIndex = 0;
  for (let m = AMOUNT.exec(text); m !== null; m = AMOUNT.exec(text)) {
    if (m[0].length === 0) {
      AMOUNT.lastIndex++;
      continue;
    }
    const g = m.groups ?? {};
    if (!g.num) continue;
    let currency: string | undefined;
    if (g.pre) currency = prefixCurrency(g.pre, opts.defaultCurrency);
    else if (g.preCode) currency = g.preCode.toUpperCase();
    if (g.post) currency = currency ?? postCurrency(g.post, opts.defaultCurrency);
    const parsed = parseNumber(g.num, currency);
    if (!parsed) continue;
    // A word number ("two", "a") counts only with a scale or a currency word after it.
    if (parsed.isWord && !g.scale && !g.post) continue;
    const scaleWord = g.scale?.toLowerCase();
    const factor = scaleWord ? (SCALE[scaleWord] ?? 1) : 1;
    const numStart = m.index + m[0].toLowerCase().indexOf(g.num.toLowerCase(), g.pre || g.preCode ? 1 : 0);
    if (looksLikeNonMoney(text, numStart, numStart + g.num.length) && !currency) continue;
    out.push({
      start: m.index,
      end: m.index + m[0].length,
      value: parsed.value * factor,
      rawValue: parsed.value,
      scaled: factor !== 1,
      scaleFactor: factor,
      currency,
      numberIsWord: parsed.isWord,
      text: m[0],
    });
  }
  return out;
}

/** Is a token without a currency still an amount (a k-scale, a money word before it, relaxed mode)? */
function moneyLike(text: string, t: Token, opts: Required<MoneyOptions>): boolean {
  if (t.currency) return true;
  const next = /^\s*([a-z][a-z-]*)/i.exec(text.slice(t.end));
  const nextWord = next?.[1]?.toLowerCase();
  const countNoun = nextWord !== undefined && !ALLOWED_NEXT.test(nextWord) && !perAfter(text, t.end);
  if (countNoun) return false;
  // "8k", "2 million" are amounts; a bare "30m" is more likely minutes than millions.
  const bareM = t.scaleFactor === 1_000_000 && /m$/i.test(t.text.trim());
  if (t.scaled && t.scaleFactor >= 1000 && !bareM) return true;
  if (MONEY_CONTEXT.test(text.slice(Math.max(0, t.start - 40), t.start))) return true;
  return opts.relaxed;
}

function perAfter(text: string, end: number): { per: MoneyPer; length: number } | undefined {
  const rest = text.slice(end, end + 16);
  for (const [re, per] of PER) {
    const m = re.exec(rest);
    if (m) return { per, length: m[0].length };
  }
  return undefined;
}

/** Every amount or range in the text, in order. */
export function parseMoney(input: string, options: MoneyOptions = {}): MoneyMention[] {
  const opts: Required<MoneyOptions> = {
    defaultCurrency: options.defaultCurrency ?? 'USD',
    relaxed: options.relaxed ?? false,
  };
  const text = plain(input);
  const toks = tokens(text, opts);
  const out: MoneyMention[] = [];
  for (let i = 0; i < toks.length; i++) {
    const a = toks[i]!;
    const b = toks[i + 1];
    const between = b ? text.slice(a.end, b.start) : '';
    const before = text.slice(Math.max(0, a.start - 30), a.start);
    const isRange =
      b !== undefined &&
      (/^\s*(?:-|to|through|till|until)\s*$/i.test(between) ||
        (/^\s*and\s*$/i.test(between) && /\bbetween\s*$/i.test(before)));
    if (isRange && b && (moneyLike(text, a, opts) || moneyLike(text, b, opts))) {
      let lo = a.value;
      const hi = b.value;
      // "between 2 and 3k", "5-8k", "$2-3k": the scale written once covers both numbers.
      if (!a.scaled && b.scaled && a.rawValue <= b.rawValue) lo = a.rawValue * b.scaleFactor;
      const currency = a.currency ?? b.currency ?? opts.defaultCurrency;
      const per = perAfter(text, b.end);
      const end = b.end + (per?.length ?? 0);
      const [min, max] = lo <= hi ? [lo, hi] : [hi, lo];
      out.push({
        currency,
        min: toMinor(min, currency),
        max: toMinor(max, currency),
        kind: 'range',
        per: per?.per,
        explicitCurrency: Boolean(a.currency ?? b.currency),
        start: rangeStart(text, a.start),
        end,
        text: text.slice(rangeStart(text, a.start), end),
      });
      i++;
      continue;
    }
    if (!moneyLike(text, a, opts)) continue;
    const currency = a.currency ?? opts.defaultCurrency;
    const per = perAfter(text, a.end);
    const end = a.end + (per?.length ?? 0);
    const after = text.slice(end, end + 20);
    const minor = toMinor(a.value, currency);
    let kind: MoneyKind = 'exact';
    if (UP_TO_BEFORE.test(before) || UP_TO_AFTER.test(after)) kind = 'upTo';
    else if (AT_LEAST_AFTER.test(after) || AT_LEAST_BEFORE.test(before)) kind = 'atLeast';
    out.push({
      currency,
      min: kind === 'upTo' ? undefined : minor,
      max: kind === 'atLeast' ? undefined : minor,
      kind,
      per: per?.per,
      explicitCurrency: a.currency !== undefined,
      start: a.start,
      end,
      text: text.slice(a.start, end),
    });
  }
  return out;
}

function rangeStart(text: string, start: number): number {
  const m = /\b(?:between|from)\s*$/i.exec(text.slice(Math.max(0, start - 12), start));
  return m ? start - m[0].length : start;
}

/** The first amount in the text, or undefined. */
export function parseMoneyOne(text: string, options: MoneyOptions = {}): MoneyMention | undefined {
  return parseMoney(text, options)[0];
}

/** One amount from a mention: the exact amount, the top of a range or cap, or the floor of "at least". */
export function mentionAmount(m: MoneyMention): number {
  return m.kind === 'atLeast' ? (m.min ?? 0) : (m.max ?? m.min ?? 0);
}

const CURRENCY_WORD = new RegExp(`^(?:${codeSource}|${wordSource}|${prefixSource})$`, 'i');

/** "EUR", "euros", "€", "usd" → an ISO code; undefined when the word names no currency. */
export function currencyCode(word: string, defaultCurrency = 'USD'): string | undefined {
  const w = word.trim();
  if (!CURRENCY_WORD.test(w)) return undefined;
  if (PREFIX.some(([s]) => s === w.toUpperCase())) return prefixCurrency(w, defaultCurrency);
  return postCurrency(w, defaultCurrency);
}

/** Every currency named in the text (codes, symbols, words), in order. */
export function currenciesIn(text: string, defaultCurrency = 'USD'): Array<{ code: string; start: number }> {
  const out: Array<{ code: string; start: number }> = [];
  const re = new RegExp(`(?:^|[^A-Za-z])(${codeSource}|${wordSource})(?![A-Za-z])|(${prefixSource})`, 'gi');
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const word = m[1] ?? m[2] ?? '';
    const code = currencyCode(word, defaultCurrency);
    if (code) out.push({ code, start: m.index + m[0].indexOf(word) });
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}
