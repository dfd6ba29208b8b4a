import { currencyExponent } from './currencies';
import { InvalidMoneyError, money, parseMoney, toDecimalString, type Money } from './money';

/**
 * Translations between our Money and each provider's wire format. Adapters call these; nothing
 * else should know a provider's quirks.
 */

/** Minor units in one major unit of a two-decimal currency. */
const TWO_DECIMAL_FACTOR = 100;

/** Stripe treats these as two-decimal although ISO says zero: amounts are sent in hundredths. */
const STRIPE_ZERO_AS_TWO_DECIMAL = new Set(['ISK']);

export interface StripeAmount {
  amount: number;
  currency: string;
}

export function toStripeAmount(m: Money): StripeAmount {
  const exponent = currencyExponent(m.currency);
  if (exponent === 3 && m.amount % 10 !== 0) {
    throw new InvalidMoneyError(`Stripe needs ${m.currency} amounts in whole tens of minor units, got ${m.amount}`);
  }
  const amount = STRIPE_ZERO_AS_TWO_DECIMAL.has(m.currency) ? m.amount * TWO_DECIMAL_FACTOR : m.amount;
  return { amount, currency: m.currency.toLowerCase() };
}

export function fromStripeAmount(amount: number, currency: string): Money {
  const code = currency.toUpperCase();
  if (STRIPE_ZERO_AS_TWO_DECIMAL.has(code)) {
    if (amount % TWO_DECIMAL_FACTOR !== 0) throw new InvalidMoneyError(`Stripe ${code} amount ${amount} is not whole`);
    return money(amount / TWO_DECIMAL_FACTOR, code);
  }
  return money(amount, code);
}

/** PayPal takes no decimals for these, although ISO gives them two. */
const PAYPAL_NO_DECIMALS = new Set(['HUF', 'TWD']);

export interface PayPalAmount {
  currency_code: string;
  value: string;
}

export function toPayPalAmount(m: Money): PayPalAmount {
  if (PAYPAL_NO_DECIMALS.has(m.currency)) {
    if (m.amount % TWO_DECIMAL_FACTOR !== 0) {
      throw new InvalidMoneyError(`PayPal takes whole ${m.currency} only, got ${m.amount} minor units`);
    }
    return { currency_code: m.currency, value: String(m.amount / TWO_DECIMAL_FACTOR) };
  }
  return { currency_code: m.currency, value: toDecimalString(m) };
}

export function fromPayPalAmount(amount: PayPalAmount): Money {
  return parseMoney(amount.value, amount.currency_code);
}
