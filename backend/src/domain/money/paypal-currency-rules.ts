import { currencyExponent } from './currencies';
import { currencyRule, fromWireUnits, toWireUnits, UnsupportedCurrencyError, type CurrencyRule } from './currency-rule';
import { InvalidMoneyError, money, type Money } from './money';

/**
 * PayPal's currency rules (developer.paypal.com/docs/api/reference/currency-codes/). Amounts go
 * to PayPal as `{currency_code, value}` with `value` a decimal string of major units.
 */

/**
 * Currencies PayPal takes for payments (BRL and MYR for in-country accounts only). KWD and the
 * other three-decimal currencies are not among them, nor are ISK, UGX or MGA.
 */
// prettier-ignore
const ACCEPTED = [
  'AUD', 'BRL', 'CAD', 'CNY', 'CZK', 'DKK', 'EUR', 'HKD', 'HUF', 'ILS', 'JPY', 'MYR', 'MXN', 'TWD', 'NZD',
  'NOK', 'PHP', 'PLN', 'GBP', 'SGD', 'SEK', 'CHF', 'THB', 'USD',
] as const;

/** "This currency does not support decimals": whole units only (HUF and TWD have two ISO decimals). */
const NO_DECIMALS = ['HUF', 'JPY', 'TWD'];

/** `value` is a string of at most 32 characters. */
const MAX_VALUE_LENGTH = 32;

/**
 * PayPal publishes no minimum charge, but an order for nothing is not a sale: the minimum is one
 * step (0.01 USD, 1 JPY, 1 HUF).
 */
function paypalRule(currency: string): CurrencyRule {
  const wireDecimals = NO_DECIMALS.includes(currency) ? 0 : currencyExponent(currency);
  // The value string holds the digits, plus a point when there are decimals.
  const maxWireDigits = MAX_VALUE_LENGTH - (wireDecimals > 0 ? 1 : 0);
  const step = wireDecimals < currencyExponent(currency) ? 10 ** (currencyExponent(currency) - wireDecimals) : 1;
  return currencyRule(currency, { wireDecimals, minimum: { kind: 'fixed', amount: step }, maxWireDigits });
}

export const PAYPAL_CURRENCY_RULES: ReadonlyMap<string, CurrencyRule> = new Map(
  ACCEPTED.map((currency) => [currency, paypalRule(currency)]),
);

export interface PayPalAmount {
  currency_code: string;
  value: string;
}

function ruleFor(currency: string): CurrencyRule {
  const rule = PAYPAL_CURRENCY_RULES.get(currency);
  if (!rule) throw new UnsupportedCurrencyError('PayPal', currency);
  return rule;
}

/** Our Money as PayPal's money object: "45.00" EUR, "7500" JPY, "1500" HUF. */
export function toPayPalAmount(m: Money): PayPalAmount {
  const rule = ruleFor(m.currency);
  const digits = String(toWireUnits(rule, m, 'PayPal')).padStart(rule.wireDecimals + 1, '0');
  const value =
    rule.wireDecimals === 0 ? digits : `${digits.slice(0, -rule.wireDecimals)}.${digits.slice(-rule.wireDecimals)}`;
  return { currency_code: m.currency, value };
}

const VALUE = /^(\d+)(?:\.(\d+))?$/;

/**
 * PayPal's money object back to our Money. Reads what PayPal reports: more decimals than the
 * currency's wire precision are refused unless they are zeros.
 */
export function fromPayPalAmount(amount: PayPalAmount): Money {
  const rule = ruleFor(amount.currency_code);
  const match = VALUE.exec(amount.value);
  if (!match) throw new InvalidMoneyError(`PayPal value '${amount.value}' is not a plain decimal amount`);
  const [, whole, fraction = ''] = match;
  if (/[1-9]/.test(fraction.slice(rule.wireDecimals))) {
    throw new InvalidMoneyError(`PayPal value '${amount.value}' has more decimals than ${amount.currency_code} takes`);
  }
  const wire = Number(whole + fraction.slice(0, rule.wireDecimals).padEnd(rule.wireDecimals, '0'));
  return money(fromWireUnits(rule, wire, 'PayPal'), amount.currency_code);
}
