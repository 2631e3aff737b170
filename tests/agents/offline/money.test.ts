import { describe, expect, it } from 'vitest';
import { currencyCode, parseMoney, toMinor } from '../../../agents/offline/parse/money';
import { formatMinor } from '../../../db/queries/ledger';

type Row = [
  phrase: string,
  currency: string,
  min: number | undefined,
  max: number | undefined,
  kind: string,
  per?: string,
];

/** Phrase → the first amount it names, in integer minor units. */
const TABLE: Row[] = [
  ['$8k', 'USD', 800000, 800000, 'exact'],
  ['8,000 USD', 'USD', 800000, 800000, 'exact'],
  ['€5000', 'EUR', 500000, 500000, 'exact'],
  ['£1.2k', 'GBP', 120000, 120000, 'exact'],
  ['between 2 and 3k', 'USD', 200000, 300000, 'range'],
  ['5-8k', 'USD', 500000, 800000, 'range'],
  ['up to $10,000', 'USD', undefined, 1000000, 'upTo'],
  ['$40/hr', 'USD', 4000, 4000, 'exact', 'hour'],
  ['$50 an hour', 'USD', 5000, 5000, 'exact', 'hour'],
  ['10 bucks an hour', 'USD', 1000, 1000, 'exact', 'hour'],
  ['$40-60/hr', 'USD', 4000, 6000, 'range', 'hour'],
  ['two grand', 'USD', 200000, 200000, 'exact'],
  ['5 thousand dollars', 'USD', 500000, 500000, 'exact'],
  ['budget 8000', 'USD', 800000, 800000, 'exact'],
  ['rate: 45', 'USD', 4500, 4500, 'exact'],
  ['$5k+', 'USD', 500000, undefined, 'atLeast'],
  ['at least €3k', 'EUR', 300000, undefined, 'atLeast'],
  ['under 2k', 'USD', undefined, 200000, 'upTo'],
  ['3k max', 'USD', undefined, 300000, 'upTo'],
  ['no more than 500 euros', 'EUR', undefined, 50000, 'upTo'],
  ['around 5k', 'USD', 500000, 500000, 'exact'],
  ['from $2k to $3k', 'USD', 200000, 300000, 'range'],
  ['between $2,000 and $3,000', 'USD', 200000, 300000, 'range'],
  ['$2-3k', 'USD', 200000, 300000, 'range'],
  ['$500-2k', 'USD', 50000, 200000, 'range'],
  ['5k to 8k', 'USD', 500000, 800000, 'range'],
  ['$8k-$10k', 'USD', 800000, 1000000, 'range'],
  ['3k-5k GBP', 'GBP', 300000, 500000, 'range'],
  ['USD 5,000', 'USD', 500000, 500000, 'exact'],
  ['EUR5000', 'EUR', 500000, 500000, 'exact'],
  ['5000EUR', 'EUR', 500000, 500000, 'exact'],
  ['1.2k €', 'EUR', 120000, 120000, 'exact'],
  ['€5.000', 'EUR', 500000, 500000, 'exact'],
  ['1,234.56 EUR', 'EUR', 123456, 123456, 'exact'],
  ['₹50,000', 'INR', 5000000, 5000000, 'exact'],
  ['¥300,000', 'JPY', 300000, 300000, 'exact'],
  ['A$1,500', 'AUD', 150000, 150000, 'exact'],
  ['CHF 900', 'CHF', 90000, 90000, 'exact'],
  ['$1.5m', 'USD', 150000000, 150000000, 'exact'],
  ['$ 500', 'USD', 50000, 50000, 'exact'],
  ['a budget of 12,500 USD for 8 weeks', 'USD', 1250000, 1250000, 'exact'],
  ['Budget is about $8k, 6 weeks, React', 'USD', 800000, 800000, 'exact'],
  ['I can pay 2500 pounds', 'GBP', 250000, 250000, 'exact'],
];

/** Numbers that are not money. */
const NOT_MONEY = [
  '6 weeks',
  '50%',
  '3k words',
  '2 million users',
  'on 2026-03-01',
  'usr_f000123 and v2',
  'I need it by 3/1',
  'Laravel PHP 8 project',
  'log 30m',
  '24/7 support',
];

describe('money phrases', () => {
  it('has a table of at least 30 phrases', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(30);
  });

  it.each(TABLE)('%s', (phrase, currency, min, max, kind, per) => {
    const [m] = parseMoney(phrase);
    expect(m, phrase).toBeDefined();
    expect({ currency: m!.currency, min: m!.min, max: m!.max, kind: m!.kind, per: m!.per }).toEqual({
      currency,
      min,
      max,
      kind,
      per,
    });
    for (const v of [m!.min, m!.max]) if (v !== undefined) expect(Number.isInteger(v)).toBe(true);
  });

  it.each(NOT_MONEY)('"%s" names no amount', (phrase) => {
    expect(parseMoney(phrase)).toEqual([]);
  });

  it('reads bare numbers as money only when asked to (an answer to "what budget?")', () => {
    expect(parseMoney('5000')).toEqual([]);
    expect(parseMoney('5000', { relaxed: true })[0]).toMatchObject({
      currency: 'USD',
      min: 500000,
      max: 500000,
    });
    expect(parseMoney('5000', { relaxed: true, defaultCurrency: 'EUR' })[0]?.currency).toBe('EUR');
  });

  it('uses the default currency for "$" when it is a dollar currency, and for bare amounts', () => {
    expect(parseMoney('$500', { defaultCurrency: 'CAD' })[0]?.currency).toBe('CAD');
    expect(parseMoney('$500', { defaultCurrency: 'EUR' })[0]?.currency).toBe('USD');
    expect(parseMoney('8k', { defaultCurrency: 'GBP' })[0]?.currency).toBe('GBP');
  });

  it('finds several amounts in order', () => {
    const all = parseMoney('Budget $8k; first milestone $2,000, then €1.5k');
    expect(all.map((m) => [m.currency, m.min])).toEqual([
      ['USD', 800000],
      ['USD', 200000],
      ['EUR', 150000],
    ]);
  });

  it('converts with each currency’s minor units and never returns floats', () => {
    expect(toMinor(19.99, 'USD')).toBe(1999);
    expect(toMinor(0.1 + 0.2, 'USD')).toBe(30);
    expect(toMinor(5000, 'JPY')).toBe(5000);
    expect(toMinor(1.234, 'KWD')).toBe(1234);
    // The same scale as the ledger shows: 50,000 rupees are 5,000,000 paisa, shown as PKR 50,000.00.
    expect(toMinor(50_000, 'PKR')).toBe(5_000_000);
    expect(formatMinor(toMinor(50_000, 'PKR'), 'PKR')).toBe('PKR\u00a050,000.00');
    expect(formatMinor(toMinor(1.234, 'KWD'), 'KWD')).toBe('KWD\u00a01.234');
  });

  it('names currencies from codes, symbols and words', () => {
    expect(currencyCode('eur')).toBe('EUR');
    expect(currencyCode('euros')).toBe('EUR');
    expect(currencyCode('£')).toBe('GBP');
    expect(currencyCode('yen')).toBe('JPY');
    expect(currencyCode('banana')).toBeUndefined();
  });
});
