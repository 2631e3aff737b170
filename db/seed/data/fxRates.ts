/**
 * Reference exchange rates for quotes (quote_in_currency). Data, not a feed: nothing is fetched from the
 * network. Each rate reads "1 USD = <rate> <quote>" on its date, written as a decimal string so it is stored
 * as an exact fraction (never a float). Cross rates (EUR→GBP) go through USD.
 */

export interface FxCurrency {
  code: string;
  name: string;
  /** ISO 4217 minor-unit exponent: 2 for cents, 0 for yen, 3 for fils. */
  exponent: number;
}

export const FX_CURRENCIES: readonly FxCurrency[] = [
  { code: 'USD', name: 'US dollar', exponent: 2 },
  { code: 'EUR', name: 'Euro', exponent: 2 },
  { code: 'GBP', name: 'Pound sterling', exponent: 2 },
  { code: 'INR', name: 'Indian rupee', exponent: 2 },
  { code: 'PKR', name: 'Pakistani rupee', exponent: 2 },
  { code: 'CAD', name: 'Canadian dollar', exponent: 2 },
  { code: 'AUD', name: 'Australian dollar', exponent: 2 },
  { code: 'JPY', name: 'Japanese yen', exponent: 0 },
  { code: 'CHF', name: 'Swiss franc', exponent: 2 },
  { code: 'CNY', name: 'Chinese yuan', exponent: 2 },
  { code: 'AED', name: 'UAE dirham', exponent: 2 },
  { code: 'SGD', name: 'Singapore dollar', exponent: 2 },
  { code: 'NZD', name: 'New Zealand dollar', exponent: 2 },
  { code: 'BRL', name: 'Brazilian real', exponent: 2 },
  { code: 'MXN', name: 'Mexican peso', exponent: 2 },
  { code: 'ZAR', name: 'South African rand', exponent: 2 },
  { code: 'SEK', name: 'Swedish krona', exponent: 2 },
  { code: 'NOK', name: 'Norwegian krone', exponent: 2 },
  { code: 'DKK', name: 'Danish krone', exponent: 2 },
  { code: 'KRW', name: 'South Korean won', exponent: 0 },
  { code: 'BDT', name: 'Bangladeshi taka', exponent: 2 },
  { code: 'NGN', name: 'Nigerian naira', exponent: 2 },
  { code: 'PHP', name: 'Philippine peso', exponent: 2 },
  { code: 'KWD', name: 'Kuwaiti dinar', exponent: 3 },
];

export interface FxRateSeed {
  base: string;
  quote: string;
  /** YYYY-MM-DD */
  asOf: string;
  /** 1 base = rate quote, as an exact decimal string. */
  rate: string;
}

/** [quote, rate on 2026-10-30, rate on 2026-11-20], all against USD. */
const USD_RATES: readonly [string, string, string][] = [
  ['EUR', '0.9215', '0.9342'],
  ['GBP', '0.7712', '0.7868'],
  ['INR', '84.07', '84.45'],
  ['PKR', '278.40', '278.95'],
  ['CAD', '1.3905', '1.3968'],
  ['AUD', '1.5204', '1.5391'],
  ['JPY', '152.31', '154.62'],
  ['CHF', '0.8641', '0.8867'],
  ['CNY', '7.1205', '7.2381'],
  ['AED', '3.6725', '3.6725'],
  ['SGD', '1.3231', '1.3412'],
  ['NZD', '1.6702', '1.6985'],
  ['BRL', '5.7704', '5.8021'],
  ['MXN', '20.0612', '20.3410'],
  ['ZAR', '17.6420', '18.1035'],
  ['SEK', '10.6630', '10.9712'],
  ['NOK', '10.9415', '11.0850'],
  ['DKK', '6.8735', '6.9684'],
  ['KRW', '1381.25', '1396.80'],
  ['BDT', '119.50', '119.65'],
  ['NGN', '1650.30', '1672.10'],
  ['PHP', '58.10', '58.72'],
  ['KWD', '0.3064', '0.3071'],
];

export const FX_RATE_DATES = ['2026-10-30', '2026-11-20'] as const;

export const FX_RATES: readonly FxRateSeed[] = USD_RATES.flatMap(([quote, first, second]) => [
  { base: 'USD', quote, asOf: FX_RATE_DATES[0], rate: first },
  { base: 'USD', quote, asOf: FX_RATE_DATES[1], rate: second },
]);
