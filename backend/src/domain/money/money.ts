import { currencyExponent, isKnownCurrency, UnknownCurrencyError } from './currencies';

/** An amount in the currency's minor unit (cents, yen, fils). Never a float of major units. */
export interface Money {
  readonly amount: number;
  readonly currency: string;
}

export class InvalidMoneyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidMoneyError';
  }
}

/** Builds a Money after checking it is a non-negative safe integer in a known currency. */
export function money(amount: number, currency: string): Money {
  if (!isKnownCurrency(currency)) throw new UnknownCurrencyError(currency);
  if (!Number.isSafeInteger(amount)) {
    throw new InvalidMoneyError(`Amount must be a whole number of minor units, got ${amount}`);
  }
  if (amount < 0) throw new InvalidMoneyError(`Amount must not be negative, got ${amount}`);
  return { amount, currency };
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * Parses a decimal string of major units ("10.50", "1500") into Money. Rejects more decimals
 * than the currency has (a fraction of a minor unit), signs, exponents and thousands separators.
 */
export function parseMoney(value: string, currency: string): Money {
  const exponent = currencyExponent(currency);
  const match = DECIMAL.exec(value);
  if (!match) throw new InvalidMoneyError(`'${value}' is not a plain decimal amount`);
  const [, whole, fraction = ''] = match;
  if (fraction.length > exponent && /[1-9]/.test(fraction.slice(exponent))) {
    throw new InvalidMoneyError(
      `'${value}' has more than ${exponent} decimal${exponent === 1 ? '' : 's'}, the precision of ${currency}`,
    );
  }
  const minor = BigInt(whole + fraction.slice(0, exponent).padEnd(exponent, '0'));
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new InvalidMoneyError(`'${value}' ${currency} is too large`);
  }
  return money(Number(minor), currency);
}

/** Major units as a decimal string with exactly the currency's decimals: 1050 USD -> "10.50". */
export function toDecimalString(m: Money): string {
  const exponent = currencyExponent(m.currency);
  const digits = String(m.amount).padStart(exponent + 1, '0');
  if (exponent === 0) return digits;
  return `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/** Human formatting for invoices and logs, e.g. "€10.50", "¥1,500", "KWD 1.250". */
export function formatMoney(m: Money, locale = 'en-US'): string {
  const exponent = currencyExponent(m.currency);
  // Intl takes a number; going through the exact decimal string keeps large amounts exact.
  const formatter = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: m.currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  return formatter.format(toDecimalString(m) as unknown as number);
}

const SIGNED_FORMATTERS = new Map<string, Intl.NumberFormat>();

/**
 * A signed amount of minor units as people read it on a document: "€45.00", "-€45.00",
 * "¥1,500", "-KWD 1.250". Credit notes carry negative amounts, which Money refuses, hence the
 * plain number. Exact for every safe integer: Intl is given the decimal string, never a float.
 */
export function formatSignedMoney(amount: number, currency: string): string {
  if (!Number.isSafeInteger(amount)) {
    throw new InvalidMoneyError(`Amount must be a whole number of minor units, got ${amount}`);
  }
  const decimal = toDecimalString(money(Math.abs(amount), currency));
  let formatter = SIGNED_FORMATTERS.get(currency);
  if (!formatter) {
    const exponent = currencyExponent(currency);
    // One formatter per currency: building one costs far more than formatting with it.
    formatter = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    });
    SIGNED_FORMATTERS.set(currency, formatter);
  }
  return formatter.format((amount < 0 ? `-${decimal}` : decimal) as unknown as number);
}

export function addMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return money(a.amount + b.amount, a.currency);
}

export function subtractMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return money(a.amount - b.amount, a.currency);
}

export function sameMoney(a: Money, b: Money): boolean {
  return a.amount === b.amount && a.currency === b.currency;
}

function assertSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new InvalidMoneyError(`Cannot combine ${a.currency} with ${b.currency}`);
  }
}
