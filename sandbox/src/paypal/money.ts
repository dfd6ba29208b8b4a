import { DECIMAL_PATTERN, decimalToMinor, minorToDecimal, paypalExponent } from '../shared/money';
import { Api, PayPalError, invalidField, missingField, unprocessable } from './errors';
import { Money } from './types';

/**
 * Currencies PayPal takes for payments (developer.paypal.com/docs/api/reference/currency-codes/).
 * KWD and the other three-decimal currencies are not among them.
 */
// prettier-ignore
export const PAYPAL_CURRENCIES: ReadonlySet<string> = new Set([
  'AUD', 'BRL', 'CAD', 'CNY', 'CZK', 'DKK', 'EUR', 'HKD', 'HUF', 'ILS', 'JPY', 'MYR', 'MXN', 'TWD', 'NZD',
  'NOK', 'PHP', 'PLN', 'GBP', 'SGD', 'SEK', 'CHF', 'THB', 'USD',
]);

/**
 * Validates a PayPal money object (`{currency_code, value}`) and returns its minor units (in
 * PayPal's decimals for the currency). With `positive`, zero and negative values are refused, as
 * for an order's amount.
 */
export function parseMoney(
  api: Api,
  raw: unknown,
  field: string,
  { positive = false }: { positive?: boolean } = {},
): { money: Money; minor: number } {
  if (typeof raw !== 'object' || raw === null) throw missingField(api, field);
  const m = raw as Record<string, unknown>;
  if (typeof m.currency_code !== 'string' || m.currency_code === '') throw missingField(api, `${field}/currency_code`);
  if (typeof m.value !== 'string' || m.value === '') throw missingField(api, `${field}/value`);
  const currency = m.currency_code;
  if (!/^[A-Z]{3}$/.test(currency)) throw invalidField(api, `${field}/currency_code`, currency);
  if (!DECIMAL_PATTERN.test(m.value) || m.value.length > 32)
    throw invalidField(
      api,
      `${field}/value`,
      m.value,
      'INVALID_PARAMETER_SYNTAX',
      'The value of a field does not conform to the expected format.',
    );
  if (!PAYPAL_CURRENCIES.has(currency)) {
    throw unprocessable(
      api,
      'CURRENCY_NOT_SUPPORTED',
      'Currency code is not currently supported. Please refer https://developer.paypal.com/docs/api/reference/currency-codes/ for list of supported currency codes.',
      [],
      { field: `${field}/currency_code`, value: currency, location: 'body' },
    );
  }
  const exp = paypalExponent(currency);
  // Decimals are counted as written: "1500.00" HUF is refused like "1500.50" (no decimals at all).
  const decimals = m.value.includes('.') ? m.value.length - m.value.indexOf('.') - 1 : 0;
  if (exp === 0 && decimals > 0) {
    throw unprocessable(api, 'DECIMALS_NOT_SUPPORTED', 'Currency code does not support decimals.', [], {
      field: `${field}/value`,
      value: m.value,
      location: 'body',
    });
  }
  const minor = decimals > exp ? null : decimalToMinor(m.value, exp);
  if (minor === null) {
    throw unprocessable(
      api,
      'DECIMAL_PRECISION',
      'If the currency supports decimals, only two decimal place precision is supported.',
      [],
      { field: `${field}/value`, value: m.value, location: 'body' },
    );
  }
  if (positive && minor <= 0) {
    throw unprocessable(
      api,
      'CANNOT_BE_ZERO_OR_NEGATIVE',
      'Must be greater than zero. If the currency supports decimals, only two decimal place precision is supported.',
      [],
      { field: `${field}/value`, value: m.value, location: 'body' },
    );
  }
  return { money: { currency_code: currency, value: m.value }, minor };
}

export function money(minor: number, currency: string): Money {
  return { currency_code: currency, value: minorToDecimal(minor, paypalExponent(currency)) };
}

export function toMinor(m: Money): number {
  const minor = decimalToMinor(m.value, paypalExponent(m.currency_code));
  if (minor === null)
    throw new PayPalError(500, { error: 'internal', error_description: `bad stored amount ${m.value}` });
  return minor;
}

/** PayPal's standard fee in the sandbox: 3.49% + a fixed 49 minor units, integer arithmetic. */
export function fee(minor: number): number {
  return Math.min(minor, Math.round((minor * 349) / 10000) + 49);
}
