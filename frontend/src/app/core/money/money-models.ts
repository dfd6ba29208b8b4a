/** Money and currency types of the public HTTP API (see the API section of the root README.md). */

export interface Money {
  /** Integer amount in the currency's minor unit (cents, yen, fils…). */
  amount: number;
  /** ISO 4217 code, upper case. */
  currency: string;
}

export interface CurrencyInfo {
  code: string;
  exponent: number;
}

/** `GET /api/currencies`. */
export interface CurrenciesResponse {
  defaultCurrency: string;
  items: CurrencyInfo[];
}
