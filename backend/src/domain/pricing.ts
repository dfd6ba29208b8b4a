import { convertMoney, money, type Money } from './money';

export interface PriceSource {
  base: Money;
  /** Explicit prices by currency code; an explicit price always wins over conversion. */
  explicit: ReadonlyMap<string, number>;
}

export interface Conversion {
  rate: string;
  from: Money;
}

export interface Quote {
  price: Money;
  /** Present when the price was converted from the base price. */
  conversion?: Conversion;
}

/**
 * Prices a course or plan in `currency`: the explicit price if there is one, otherwise the base
 * price converted with `rate` (base -> currency). Returns undefined when neither is available.
 */
export function quotePrice(source: PriceSource, currency: string, rate: string | undefined): Quote | undefined {
  const explicit = source.explicit.get(currency);
  if (explicit !== undefined) return { price: money(explicit, currency) };
  if (source.base.currency === currency) return { price: source.base };
  if (rate === undefined) return undefined;
  return { price: convertMoney(source.base, currency, rate), conversion: { rate, from: source.base } };
}
