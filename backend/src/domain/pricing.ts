import { taxPrice, type TaxedAmount, type TaxRule } from './invoices/tax';
import { convertMoney, money, type Money } from './money';
import type { ExchangeRate } from './rates/exchange-rate';

export interface PriceSource {
  base: Money;
  /** Explicit prices by currency code; an explicit price always wins over conversion. */
  explicit: ReadonlyMap<string, number>;
}

/** The rate a conversion used, as recorded on the payment. */
export type RateUsed = Pick<ExchangeRate, 'rate' | 'source' | 'validFrom'>;

export interface Conversion extends RateUsed {
  from: Money;
}

export interface Quote {
  price: Money;
  /** Present when the price was converted from the base price. */
  conversion?: Conversion;
}

/** A quote whose price is what the buyer pays, tax included, with the tax in it. */
export interface TaxedQuote extends Quote {
  tax: TaxedAmount & TaxRule;
}

/**
 * Applies the sales tax: with prices including tax the price stays and the tax is worked out of
 * it; otherwise the tax is added, rounded to `step` so the total can still be charged.
 */
export function withTax(quote: Quote, rule: TaxRule, step: number): TaxedQuote {
  const taxed = taxPrice(quote.price.amount, rule, step);
  return { ...quote, price: money(taxed.gross, quote.price.currency), tax: { ...taxed, ...rule } };
}

/**
 * Prices a course or plan in `currency`: the explicit price if there is one, otherwise the base
 * price converted with `rate` (base -> currency), rounded once, half up, to `step` minor units
 * (the step every enabled provider for the currency accepts). Undefined when neither is available.
 */
export function quotePrice(
  source: PriceSource,
  currency: string,
  rate: RateUsed | undefined,
  step: number,
): Quote | undefined {
  const explicit = source.explicit.get(currency);
  if (explicit !== undefined) return { price: money(explicit, currency) };
  if (source.base.currency === currency) return { price: source.base };
  if (rate === undefined) return undefined;
  return {
    price: convertMoney(source.base, currency, rate.rate, { step }),
    conversion: { rate: rate.rate, source: rate.source, validFrom: rate.validFrom, from: source.base },
  };
}

/** Why an explicit price cannot be stored: it must be positive and on the step of every enabled provider. */
export function explicitPriceProblem(price: Money, step: number): string | undefined {
  if (price.amount <= 0) return `${price.currency} price must be positive`;
  if (price.amount % step !== 0) {
    return `${price.currency} price ${price.amount} is not a multiple of ${step} minor units, the step its providers take`;
  }
  return undefined;
}
