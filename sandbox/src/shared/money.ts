/**
 * Currency exponents and decimal-string conversion. Amounts are integer minor units everywhere;
 * the conversions work on strings so no float ever touches money.
 */
const ZERO_DECIMAL = new Set([
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
  'UGX',
  'VND',
  'VUV',
  'XAF',
  'XOF',
  'XPF',
]);
const THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND', 'IQD', 'LYD']);
/** PayPal rejects decimals for these even where ISO says 2 (HUF, TWD). */
const PAYPAL_ZERO_DECIMAL = new Set(['HUF', 'JPY', 'TWD']);

export function exponent(currency: string): number {
  const c = currency.toUpperCase();
  if (ZERO_DECIMAL.has(c)) return 0;
  if (THREE_DECIMAL.has(c)) return 3;
  return 2;
}

export function paypalExponent(currency: string): number {
  const c = currency.toUpperCase();
  return PAYPAL_ZERO_DECIMAL.has(c) ? 0 : exponent(c);
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

/** Human display for hosted pages: ¥1,500 for JPY, $15.00 for USD, BHD 1.500 for BHD. */
export function formatMoney(minor: number, currency: string): string {
  const exp = exponent(currency);
  const formatter = new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: currency.toUpperCase(),
    minimumFractionDigits: exp,
    maximumFractionDigits: exp,
  });
  // Intl accepts decimal strings exactly (no float rounding of the amount).
  return formatter.format(minorToDecimal(minor, exp) as Intl.StringNumericLiteral);
}
