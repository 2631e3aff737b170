import { z } from 'zod';
import {
  convertMinor,
  decimalText,
  earliestRateDate,
  findFxPath,
  formatFx,
  getFxCurrency,
  listFxCurrencies,
} from '../../db/queries/fx';
import { defineTool, ROLES } from '../define';
import { invalid, ToolError } from '../errors';
import { Currency, IsoDate, Money } from '../shared/schemas';

export const ROUNDING_RULE =
  'amount × rate, converted between the two currencies’ minor units, rounded once to the nearest minor unit ' +
  '(halves round up); the rate is exact (a stored fraction, never a float).';

const RateLeg = z.object({
  base: Currency,
  quote: Currency,
  rate: z.string().describe('1 base = rate quote, decimal text'),
  asOf: IsoDate,
  inverted: z.boolean().describe('Stored as quote→base and used inverted'),
});

export const quoteInCurrency = defineTool({
  name: 'quote_in_currency',
  title: 'Quote an amount in another currency',
  description:
    'Convert an amount (integer minor units plus its ISO currency) into another currency for a quote, using ' +
    'the platform’s dated reference rates (stored data; nothing is fetched live). Give `date` to use the latest ' +
    'rate on or before that day; without it, the latest rate on or before today (UTC). Pairs without a stored ' +
    'rate are crossed through USD. The answer states the rate, its date and how it was rounded: the result is ' +
    'rounded once to the nearest minor unit of the target currency (halves up), respecting each currency’s ' +
    'decimals (JPY and KRW have none, KWD three). This is only a quote: balances, escrow and invoices stay in ' +
    'their own currency and are never converted. Unknown currencies are refused with the list of known ones.',
  roles: ROLES,
  effect: 'read',
  idempotent: true,
  input: z.object({
    amount: Money.describe('The amount to convert, in minor units of its currency (cents; yen for JPY)'),
    to: Currency.describe('The currency to quote in'),
    date: IsoDate.optional().describe('Use the latest rate on or before this day; defaults to today (UTC)'),
  }),
  output: z.object({
    from: Money.extend({ display: z.string() }),
    to: z.object({
      amount: z.number().int().describe('Minor units of the target currency'),
      currency: Currency,
      display: z.string(),
    }),
    rate: z.object({
      base: Currency,
      quote: Currency,
      value: z.string().describe('1 base = value quote (major units), up to 10 decimals'),
      asOf: IsoDate.describe('The date of the rate used (the older leg for a cross rate)'),
      path: z.enum(['identity', 'direct', 'inverse', 'cross']),
      legs: z.array(RateLeg),
    }),
    exponents: z.object({ from: z.number().int(), to: z.number().int() }),
    exact: z
      .string()
      .describe('The unrounded result in major units of the target currency, up to 10 decimals'),
    rounding: z.string(),
    note: z.string(),
  }),
  async run(ctx, input) {
    const [from, to] = await Promise.all([
      getFxCurrency(ctx.db, input.amount.currency),
      getFxCurrency(ctx.db, input.to),
    ]);
    if (!from || !to) {
      const known = (await listFxCurrencies(ctx.db)).map((c) => c.code).join(', ');
      const field = from ? 'to' : 'amount.currency';
      const code = from ? input.to : input.amount.currency;
      throw invalid(field, `No rates for ${code}. Known currencies: ${known || 'none loaded'}.`);
    }
    const today = ctx.now.toISOString().slice(0, 10);
    const date = input.date ?? today;
    const path = await findFxPath(ctx.db, from.code, to.code, date);
    if (!path) {
      const first = (
        await Promise.all([earliestRateDate(ctx.db, from.code), earliestRateDate(ctx.db, to.code)])
      )
        .filter((d): d is string => d !== undefined)
        .sort()
        .pop();
      throw new ToolError(
        'NOT_FOUND',
        `No ${from.code}→${to.code} rate on or before ${date}${first ? `; rates start on ${first}.` : '.'}`,
        { details: { date, earliest: first ?? null } },
      );
    }
    const converted = convertMinor(input.amount.amount, path.rate, from.exponent, to.exponent);
    if (converted.amount > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw invalid('amount.amount', 'That amount is too large to quote.');
    }
    const rateValue = decimalText(path.rate);
    const out = {
      from: {
        ...input.amount,
        display: formatFx(input.amount.amount, from.code, from.exponent),
      },
      to: {
        amount: Number(converted.amount),
        currency: to.code,
        display: formatFx(converted.amount, to.code, to.exponent),
      },
      rate: {
        base: from.code,
        quote: to.code,
        value: rateValue,
        asOf: path.asOf,
        path: path.kind,
        legs: path.legs.map((l) => ({
          base: l.base,
          quote: l.quote,
          rate: decimalText(l.rate),
          asOf: l.asOf,
          inverted: l.inverted,
        })),
      },
      exponents: { from: from.exponent, to: to.exponent },
      exact: decimalText({
        num: converted.exact.num,
        den: converted.exact.den * 10n ** BigInt(to.exponent),
      }),
      rounding: ROUNDING_RULE,
      note:
        `${formatFx(input.amount.amount, from.code, from.exponent)} ≈ ` +
        `${formatFx(converted.amount, to.code, to.exponent)} at 1 ${from.code} = ${rateValue} ${to.code} ` +
        `(rate of ${path.asOf}${path.kind === 'cross' ? ', crossed through USD' : ''}). A quote only: amounts ` +
        'stay in their own currency on the platform.',
    };
    return out;
  },
});
