import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  convertMinor,
  decimalText,
  insertFxRate,
  minorToDecimal,
  parseDecimal,
  seedFxRates,
} from '../../db/queries/fx';
import { formatMinor } from '../../db/queries/ledger';
import { all } from '../../db/sql';
import type { ErrorBody } from '../../tools/dispatcher';
import type { ErrorCode } from '../../tools/errors';
import { BACKENDS, makeUser, type TestEnv, type TestUser, testEnv } from '../support/harness';

describe('money in messages', () => {
  it("shows minor units in each currency's own decimals", () => {
    expect(formatMinor(123_456, 'USD')).toBe('$1,234.56');
    expect(formatMinor(1_500, 'JPY')).toBe('¥1,500');
    expect(formatMinor(1_500, 'KRW')).toBe('₩1,500');
    // Kuwaiti dinars have 1,000 fils: 1234 fils is KWD 1.234, not 12.34.
    expect(formatMinor(1_234, 'KWD')).toBe('KWD\u00a01.234');
    expect(formatMinor(5, 'EUR')).toBe('€0.05');
  });
});

type Quote = {
  from: { amount: number; currency: string; display: string };
  to: { amount: number; currency: string; display: string };
  rate: {
    base: string;
    quote: string;
    value: string;
    asOf: string;
    path: 'identity' | 'direct' | 'inverse' | 'cross';
    legs: { base: string; quote: string; rate: string; asOf: string; inverted: boolean }[];
  };
  exponents: { from: number; to: number };
  exact: string;
  rounding: string;
  note: string;
};

describe('fx math', () => {
  it('parses decimal rates into exact fractions and prints them back', () => {
    expect(parseDecimal('84.07')).toEqual({ num: 8407n, den: 100n });
    expect(parseDecimal('0.9215')).toEqual({ num: 1843n, den: 2000n });
    expect(parseDecimal('3.6725')).toEqual({ num: 1469n, den: 400n });
    expect(() => parseDecimal('1e3')).toThrow();
    expect(() => parseDecimal('-1')).toThrow();
    expect(() => parseDecimal('0')).toThrow();
    expect(decimalText({ num: 1n, den: 3n })).toBe('0.3333333333');
    expect(decimalText({ num: 2n, den: 3n }, 4)).toBe('0.6667');
    expect(decimalText({ num: 15462n, den: 100n })).toBe('154.62');
    expect(minorToDecimal(123450, 2)).toBe('1234.50');
    expect(minorToDecimal(1500, 0)).toBe('1500');
    expect(minorToDecimal(5, 3)).toBe('0.005');
  });

  it('converts between exponents and rounds once, halves up', () => {
    const usdJpy = parseDecimal('154.62');
    expect(convertMinor(12_345, usdJpy, 2, 0).amount).toBe(19_088n); // 19087.839 yen
    expect(convertMinor(1, usdJpy, 2, 0).amount).toBe(2n); // 1.5462 yen
    expect(convertMinor(1_000, { num: usdJpy.den, den: usdJpy.num }, 0, 2).amount).toBe(647n); // ¥1000 = $6.4674…
    expect(convertMinor(200, parseDecimal('3.6725'), 2, 2).amount).toBe(735n); // 734.5 fils → 735
    expect(convertMinor(100, parseDecimal('0.3071'), 2, 3).amount).toBe(307n); // 307.1 fils (3 decimals)
    expect(convertMinor(0, usdJpy, 2, 0).amount).toBe(0n);
    // Far beyond float precision, still exact.
    expect(convertMinor(9_007_199_254_740_991, parseDecimal('1.5'), 2, 2).amount).toBe(
      13_510_798_882_111_487n,
    );
  });
});

describe.each(BACKENDS)('quote_in_currency on %s', (backend) => {
  let env: TestEnv;
  let client: TestUser;
  let freelancer: TestUser;
  let admin: TestUser;
  beforeAll(async () => {
    env = await testEnv(backend);
    // Until seedReference loads them itself (idempotent either way).
    await env.rt.db.write((tx) => seedFxRates(tx));
    client = await makeUser(env.rt, 'client');
    freelancer = await makeUser(env.rt, 'freelancer');
    admin = await makeUser(env.rt, 'admin');
  });
  afterAll(async () => {
    await env.close();
  });

  const quote = async (user: TestUser, input: unknown): Promise<Quote> => {
    const res = await env.rt.dispatcher.call<Quote>({
      actor: user.actor,
      channel: 'test',
      tool: 'quote_in_currency',
      input,
    });
    if (!res.ok) throw new Error(JSON.stringify(res.error));
    return res.data;
  };
  async function fails(input: unknown, code: ErrorCode, field?: string): Promise<ErrorBody> {
    const res = await env.rt.dispatcher.call({
      actor: client.actor,
      channel: 'test',
      tool: 'quote_in_currency',
      input,
    });
    expect(res.ok).toBe(false);
    if (res.ok) throw new Error('unreachable');
    expect(res.error.code, res.error.message).toBe(code);
    if (field) expect(res.error.fields?.map((f) => f.field)).toContain(field);
    return res.error;
  }

  it('seeds idempotently: currencies with their exponents and dated USD rates', async () => {
    await env.rt.db.write((tx) => seedFxRates(tx));
    const exps = await all<{ code: string; exponent: number }>(
      env.rt.db.reader,
      "SELECT code, exponent FROM fx_currencies WHERE code IN ('USD', 'JPY', 'KWD', 'PKR') ORDER BY code",
    );
    expect(exps.map((e) => [e.code, Number(e.exponent)])).toEqual([
      ['JPY', 0],
      ['KWD', 3],
      ['PKR', 2],
      ['USD', 2],
    ]);
    const eur = await all(
      env.rt.db.reader,
      "SELECT as_of, rate_num, rate_den FROM fx_rates WHERE quote = 'EUR' ORDER BY as_of",
    );
    expect(eur).toEqual([
      { as_of: '2026-10-30', rate_num: 1843, rate_den: 2000 },
      { as_of: '2026-11-20', rate_num: 4671, rate_den: 5000 },
    ]);
  });

  it('quotes with the latest rate on or before today, stating rate, date and rounding', async () => {
    const q = await quote(client, { amount: { amount: 10_000, currency: 'USD' }, to: 'EUR' });
    expect(q).toMatchObject({
      from: { amount: 10_000, currency: 'USD', display: '$100.00' },
      to: { amount: 9_342, currency: 'EUR', display: '€93.42' },
      rate: { base: 'USD', quote: 'EUR', value: '0.9342', asOf: '2026-11-20', path: 'direct' },
      exponents: { from: 2, to: 2 },
      exact: '93.42',
    });
    expect(q.rounding).toMatch(/rounded once to the nearest minor unit \(halves round up\)/);
    expect(q.note).toContain('rate of 2026-11-20');
  });

  it('picks the rate of an earlier date, and refuses a date before any rate', async () => {
    const q = await quote(freelancer, {
      amount: { amount: 10_000, currency: 'USD' },
      to: 'EUR',
      date: '2026-11-19',
    });
    expect(q.to.amount).toBe(9_215);
    expect(q.rate).toMatchObject({ value: '0.9215', asOf: '2026-10-30' });
    const later = await quote(freelancer, {
      amount: { amount: 10_000, currency: 'USD' },
      to: 'EUR',
      date: '2027-06-01',
    });
    expect(later.rate.asOf).toBe('2026-11-20');
    const none = await fails(
      { amount: { amount: 10_000, currency: 'USD' }, to: 'EUR', date: '2026-01-01' },
      'NOT_FOUND',
    );
    expect(none.message).toContain('rates start on 2026-10-30');
    await fails(
      { amount: { amount: 10_000, currency: 'USD' }, to: 'EUR', date: '2026-13-01' },
      'VALIDATION',
      'date',
    );
  });

  it('respects minor-unit exponents: JPY has none, KWD three', async () => {
    const jpy = await quote(admin, { amount: { amount: 12_345, currency: 'USD' }, to: 'JPY' });
    expect(jpy).toMatchObject({
      to: { amount: 19_088, currency: 'JPY', display: '¥19,088' },
      exponents: { from: 2, to: 0 },
      exact: '19087.839',
      rate: { value: '154.62' },
    });
    const back = await quote(client, { amount: { amount: 1_000, currency: 'JPY' }, to: 'USD' });
    expect(back).toMatchObject({
      from: { display: '¥1,000' },
      to: { amount: 647, display: '$6.47' },
      rate: { path: 'inverse', value: '0.0064674686', legs: [{ base: 'JPY', quote: 'USD', inverted: true }] },
      exponents: { from: 0, to: 2 },
    });
    const kwd = await quote(client, { amount: { amount: 100, currency: 'USD' }, to: 'KWD' });
    expect(kwd).toMatchObject({ to: { amount: 307, display: 'KWD\u00a00.307' }, exponents: { to: 3 } });
    // A tie rounds up: $2.00 × 3.6725 = 7.345 AED → 7.35.
    const aed = await quote(client, { amount: { amount: 200, currency: 'USD' }, to: 'AED' });
    expect(aed).toMatchObject({ to: { amount: 735 }, exact: '7.345' });
  });

  it('crosses two non-USD currencies through USD on the same day', async () => {
    const q = await quote(client, { amount: { amount: 10_000, currency: 'EUR' }, to: 'GBP' });
    // 100 EUR / 0.9342 × 0.7868 = 84.2217940…
    expect(q).toMatchObject({
      to: { amount: 8_422, currency: 'GBP' },
      rate: { base: 'EUR', quote: 'GBP', path: 'cross', asOf: '2026-11-20', value: '0.8422179405' },
    });
    expect(q.rate.legs).toMatchObject([
      { base: 'EUR', quote: 'USD', inverted: true, asOf: '2026-11-20' },
      { base: 'USD', quote: 'GBP', inverted: false, asOf: '2026-11-20', rate: '0.7868' },
    ]);
    const pkr = await quote(client, { amount: { amount: 500_000, currency: 'INR' }, to: 'PKR' });
    // ₹5,000 / 84.45 × 278.95 = 16515.69…
    expect(pkr.to.amount).toBe(1_651_569);
    expect(pkr.note).toContain('crossed through USD');
  });

  it('prefers a newer direct rate, and quotes a currency in itself at 1', async () => {
    await env.rt.db.write((tx) =>
      insertFxRate(tx, { base: 'EUR', quote: 'GBP', asOf: '2026-11-21', rate: '0.85' }),
    );
    const q = await quote(client, { amount: { amount: 10_000, currency: 'EUR' }, to: 'GBP' });
    expect(q).toMatchObject({
      to: { amount: 8_500 },
      rate: { path: 'direct', asOf: '2026-11-21', value: '0.85' },
    });
    const inv = await quote(client, { amount: { amount: 8_500, currency: 'GBP' }, to: 'EUR' });
    expect(inv).toMatchObject({ to: { amount: 10_000 }, rate: { path: 'inverse' } });
    const same = await quote(client, { amount: { amount: 4_321, currency: 'CAD' }, to: 'CAD' });
    expect(same).toMatchObject({ to: { amount: 4_321 }, rate: { path: 'identity', value: '1', legs: [] } });
  });

  it('refuses unknown or malformed currencies and amounts', async () => {
    const unknown = await fails(
      { amount: { amount: 100, currency: 'XYZ' }, to: 'EUR' },
      'VALIDATION',
      'amount.currency',
    );
    expect(unknown.message).toContain('Known currencies: AED, AUD');
    await fails({ amount: { amount: 100, currency: 'USD' }, to: 'ABC' }, 'VALIDATION', 'to');
    await fails({ amount: { amount: 100, currency: 'usd' }, to: 'EUR' }, 'VALIDATION', 'amount.currency');
    await fails({ amount: { amount: 1.5, currency: 'USD' }, to: 'EUR' }, 'VALIDATION', 'amount.amount');
    await fails({ amount: { amount: -1, currency: 'USD' }, to: 'EUR' }, 'VALIDATION', 'amount.amount');
    await fails({ amount: { amount: 100, currency: 'USD' } }, 'VALIDATION', 'to');
    await fails({ amount: { amount: 100, currency: 'USD' }, to: 'EUR', rate: 2 }, 'VALIDATION');
  });
});
