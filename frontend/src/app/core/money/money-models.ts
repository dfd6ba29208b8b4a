/** Money and currency types of the public HTTP API (see the API section of the root README.md). */

export interface Money {
  /** Integer amount in the currency's minor unit (cents, yen, fils…). */
  amount: number;
  /** ISO 4217 code, upper case. */
  currency: string;
}

/** A stored exchange rate as the API shows it. */
export interface RateInfo {
  base: string;
  quote: string;
  /** Exact decimal string. */
  rate: string;
  source: string;
  validFrom: string;
  /** Older than the configured maximum age: still used, but due for an update. */
  stale: boolean;
}

export interface CurrencyInfo {
  code: string;
  exponent: number;
  /** Converted prices are multiples of this many minor units. */
  priceStep?: number;
  /** Providers that accept the currency at all. */
  providers?: string[];
  /** The rate from the default currency in use now (null for the default currency). */
  rate?: RateInfo | null;
}

/** `GET /api/currencies`. */
export interface CurrenciesResponse {
  defaultCurrency: string;
  maxRateAgeDays?: number;
  items: CurrencyInfo[];
}
