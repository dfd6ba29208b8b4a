/**
 * The decimals each provider reads amounts with, and decimal-string conversion. Amounts are
 * integers in the provider's unit everywhere; the conversions work on strings so no float ever
 * touches money.
 */

/**
 * Stripe's zero-decimal currencies: the amount is whole units. MGA is among them although ISO
 * gives it two decimals. UGX is on Stripe's list too, but for backwards compatibility it is
 * written with two decimals (like ISK), so it is not here.
 */
const STRIPE_ZERO_DECIMAL = new Set([
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
]);
const STRIPE_THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);
/** PayPal takes no decimals for these (HUF and TWD have two in ISO); all its other currencies take two. */
const PAYPAL_ZERO_DECIMAL = new Set(['HUF', 'JPY', 'TWD']);

/** Decimals of a Stripe wire amount (`unit_amount: 500` is 5.00 USD, 500 JPY, 5 ISK). */
export function stripeExponent(currency: string): number {
  const c = currency.toUpperCase();
  if (STRIPE_ZERO_DECIMAL.has(c)) return 0;
  if (STRIPE_THREE_DECIMAL.has(c)) return 3;
  return 2;
}

/** Decimals PayPal takes in a `value` for the currency. */
export function paypalExponent(currency: string): number {
  return PAYPAL_ZERO_DECIMAL.has(currency.toUpperCase()) ? 0 : 2;
}

/** 150000 minor units, exponent 2 → "1500.00". */
export function minorToDecimal(minor: number, exp: number): string {
  const negative = minor < 0;
  const digits = Math.abs(Math.trunc(minor))
    .toString()
    .padStart(exp + 1, '0');
  const whole = exp === 0 ? digits : digits.slice(0, digits.length - exp);
  const fraction = exp === 0 ? '' : `.${digits.slice(digits.length - exp)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

export const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;

/** "10.5" with exponent 2 → 1050. Returns null when the string has more decimals than allowed. */
export function decimalToMinor(value: string, exp: number): number | null {
  if (!DECIMAL_PATTERN.test(value)) return null;
  const negative = value.startsWith('-');
  const [whole, fraction = ''] = value.replace('-', '').split('.');
  const trimmed = fraction.replace(/0+$/, '');
  if (trimmed.length > exp) return null;
  const minor = Number(`${whole}${fraction.padEnd(exp, '0').slice(0, exp)}`);
  return negative ? -minor : minor;
}

/**
 * Human display for hosted pages: ¥1,500 for JPY, $15.00 for USD, BHD 1.500 for BHD. `exp` is
 * the decimals `minor` is counted in (Stripe's by default).
 */
export function formatMoney(minor: number, currency: string, exp = stripeExponent(currency)): string {
  const formatter = new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: currency.toUpperCase(),
    minimumFractionDigits: exp,
    maximumFractionDigits: exp,
  });
  // Intl accepts decimal strings exactly (no float rounding of the amount).
  return formatter.format(minorToDecimal(minor, exp) as Intl.StringNumericLiteral);
}
