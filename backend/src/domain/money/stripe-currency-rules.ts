import { currencyRule, fromWireUnits, toWireUnits, UnsupportedCurrencyError, type CurrencyRule } from './currency-rule';
import { money, type Money } from './money';

/**
 * Stripe's currency rules (docs.stripe.com/currencies: presentment currencies, zero-decimal and
 * three-decimal currencies, special cases, minimum and maximum charge amounts). Amounts go to
 * Stripe as integers in Stripe's unit of the currency, with a lower-case code.
 */

/** Presentment currencies Stripe charges cards in (account-country restrictions aside). */
// prettier-ignore
const ACCEPTED = [
  'AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BGN', 'BHD',
  'BIF', 'BMD', 'BND', 'BOB', 'BRL', 'BSD', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHF', 'CLP', 'CNY', 'COP',
  'CRC', 'CVE', 'CZK', 'DJF', 'DKK', 'DOP', 'DZD', 'EGP', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GIP',
  'GMD', 'GNF', 'GTQ', 'GYD', 'HKD', 'HNL', 'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'ISK', 'JMD', 'JOD', 'JPY',
  'KES', 'KGS', 'KHR', 'KMF', 'KRW', 'KWD', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'MAD', 'MDL',
  'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MUR', 'MVR', 'MWK', 'MXN', 'MYR', 'MZN', 'NAD', 'NGN', 'NIO', 'NOK',
  'NPR', 'NZD', 'OMR', 'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'PYG', 'QAR', 'RON', 'RSD', 'RUB', 'RWF',
  'SAR', 'SBD', 'SCR', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS', 'SRD', 'SZL', 'THB', 'TJS', 'TND', 'TOP', 'TRY',
  'TTD', 'TWD', 'TZS', 'UAH', 'UGX', 'USD', 'UYU', 'UZS', 'VND', 'VUV', 'WST', 'XAF', 'XCD', 'XOF', 'XPF',
  'YER', 'ZAR', 'ZMW',
] as const;

/**
 * Read as whole units. All ISO zero-decimal except MGA (ISO exponent 2): Stripe takes whole
 * ariary, so 50.00 MGA (5000 ISO minor units) is sent as 50. UGX is on Stripe's list too, but
 * see ISK_UGX.
 */
const ZERO_DECIMAL = [
  'BIF',
  'CLP',
  'DJF',
  'GNF',
  'JPY',
  'KMF',
  'KRW',
  'MGA',
  'PYG',
  'RWF',
  'VND',
  'VUV',
  'XAF',
  'XOF',
  'XPF',
];

/**
 * ISO zero-decimal, but Stripe keeps a two-decimal representation for backwards compatibility:
 * 5 ISK is sent as 500, and the amount must be divisible by 100 (it always is, from whole units).
 */
const ISK_UGX = ['ISK', 'UGX'];

/** Two-decimal in the API, but charged in whole units only (Stripe pays them out as zero-decimal). */
const WHOLE_UNITS = ['HUF', 'TWD'];

/** Three-decimal: card networks need the last digit to be 0, so the step is 10 minor units. */
const THREE_DECIMAL = ['BHD', 'JOD', 'KWD', 'OMR', 'TND'];

/** The published minimum charge per currency, in ISO minor units. */
// prettier-ignore
const FIXED_MINIMUMS: Readonly<Record<string, number>> = {
  USD: 50, AED: 200, AUD: 50, BGN: 100, BRL: 50, CAD: 50, CHF: 50, CZK: 1500, DKK: 250, EUR: 50, GBP: 30,
  HKD: 400, HUF: 17500, INR: 50, JPY: 50, MXN: 1000, MYR: 200, NOK: 300, NZD: 50, PLN: 200, RON: 200,
  SEK: 300, SGD: 50, THB: 1000,
};

/**
 * Elsewhere Stripe requires that the charge converts to at least the settlement currency's
 * minimum ("must convert to at least 50 cents"); we check against USD 0.50 with our stored rate.
 */
export const STRIPE_CONVERTED_FLOOR: Money = money(50, 'USD');

/** The amount supports up to eight digits; twelve for IDR. */
const MAX_DIGITS = 8;
const MAX_DIGITS_IDR = 12;

function stripeRule(currency: string): CurrencyRule {
  const minimum =
    FIXED_MINIMUMS[currency] !== undefined
      ? { kind: 'fixed' as const, amount: FIXED_MINIMUMS[currency] }
      : { kind: 'converted' as const, floor: STRIPE_CONVERTED_FLOOR };
  const maxWireDigits = currency === 'IDR' ? MAX_DIGITS_IDR : MAX_DIGITS;
  if (ZERO_DECIMAL.includes(currency)) return currencyRule(currency, { wireDecimals: 0, minimum, maxWireDigits });
  if (ISK_UGX.includes(currency)) return currencyRule(currency, { wireDecimals: 2, minimum, maxWireDigits });
  if (WHOLE_UNITS.includes(currency))
    return currencyRule(currency, { wireDecimals: 2, step: 100, minimum, maxWireDigits });
  if (THREE_DECIMAL.includes(currency))
    return currencyRule(currency, { wireDecimals: 3, step: 10, minimum, maxWireDigits });
  return currencyRule(currency, { wireDecimals: 2, minimum, maxWireDigits });
}

export const STRIPE_CURRENCY_RULES: ReadonlyMap<string, CurrencyRule> = new Map(
  ACCEPTED.map((currency) => [currency, stripeRule(currency)]),
);

export interface StripeAmount {
  amount: number;
  currency: string;
}

function ruleFor(currency: string): CurrencyRule {
  const rule = STRIPE_CURRENCY_RULES.get(currency);
  if (!rule) throw new UnsupportedCurrencyError('Stripe', currency);
  return rule;
}

/** Our Money as Stripe's `amount`/`unit_amount` and `currency`. Throws for what Stripe would refuse or misread. */
export function toStripeAmount(m: Money): StripeAmount {
  return { amount: toWireUnits(ruleFor(m.currency), m, 'Stripe'), currency: m.currency.toLowerCase() };
}

/** Stripe's integer amount and lower-case code back to our Money. */
export function fromStripeAmount(amount: number, currency: string): Money {
  const code = currency.toUpperCase();
  return money(fromWireUnits(ruleFor(code), amount, 'Stripe'), code);
}
