/**
 * Money formatting for integer minor-unit amounts. Pure functions, no floats:
 * the amount is turned into an exact decimal string and handed to Intl.
 */

/** ISO 4217 minor-unit exponents that differ from the default of 2. */
const ISO_4217_EXPONENTS: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

/** The ISO 4217 exponent of a currency (2 when not listed). */
export function isoExponent(currency: string): number {
  return ISO_4217_EXPONENTS[currency.toUpperCase()] ?? 2;
}

/**
 * Exact decimal string for an integer amount of minor units, e.g.
 * (1999, 2) -> "19.99", (1500, 0) -> "1500", (-5, 3) -> "-0.005".
 */
export function minorToDecimalString(amount: number | bigint, exponent: number): string {
  if (typeof amount === 'number' && !Number.isSafeInteger(amount)) {
    throw new RangeError(`Money amounts must be integers in minor units, got ${amount}`);
  }
  if (!Number.isInteger(exponent) || exponent < 0) {
    throw new RangeError(`Invalid currency exponent ${exponent}`);
  }
  const negative = amount < 0;
  const digits = (negative ? -BigInt(amount) : BigInt(amount)).toString();
  if (exponent === 0) return (negative ? '-' : '') + digits;
  const padded = digits.padStart(exponent + 1, '0');
  const whole = padded.slice(0, padded.length - exponent);
  const fraction = padded.slice(padded.length - exponent);
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

/**
 * Formats an amount in minor units, e.g. formatMoney(1500, 'JPY') -> "¥1,500",
 * formatMoney(12345, 'KWD', 3) -> "KWD 12.345".
 */
export function formatMoney(
  amount: number | bigint,
  currency: string,
  exponent: number = isoExponent(currency),
  locale = 'en-US',
): string {
  const code = currency.toUpperCase();
  const formatter = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: code,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  // Intl formats decimal strings exactly (no binary floating point involved).
  return formatter.format(minorToDecimalString(amount, exponent) as `${number}`);
}
