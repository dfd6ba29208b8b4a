import type { Config } from '../../config/config';
import { currencyExponent } from '../../domain/money';
import { ValidationError } from '../../errors/app-error';
import type { DataStore } from '../../repositories/data-store';
import type { RateRecord } from '../../repositories/exchange-rate.repository';

export interface CurrencyInfo {
  code: string;
  exponent: number;
}

export interface RateInfo {
  base: string;
  quote: string;
  rate: string;
  validFrom: string;
}

/** Which currencies we sell in, and the stored exchange rates used to convert prices. */
export class CurrencyService {
  constructor(
    private readonly store: DataStore,
    private readonly currencies: Config['currencies'],
  ) {}

  get defaultCurrency(): string {
    return this.currencies.default;
  }

  list(): CurrencyInfo[] {
    return this.currencies.supported.map((code) => ({ code, exponent: currencyExponent(code) }));
  }

  /** Normalizes a requested currency (or the default) and rejects unsupported ones with a 400. */
  resolve(requested: string | undefined): string {
    const code = (requested ?? this.currencies.default).toUpperCase();
    if (!this.currencies.supported.includes(code)) {
      throw new ValidationError(
        `Currency '${requested}' is not supported; use one of ${this.currencies.supported.join(', ')}`,
        [{ path: 'currency', message: 'unsupported currency' }],
        'unsupported_currency',
      );
    }
    return code;
  }

  /** The newest rate base -> quote already in force. */
  rate(base: string, quote: string, at = new Date()): Promise<RateRecord | undefined> {
    return this.store.repos.exchangeRates.rateAt(base, quote, at);
  }

  async currentRates(): Promise<RateInfo[]> {
    const rates = await this.store.repos.exchangeRates.current();
    return rates
      .filter((r) => this.currencies.supported.includes(r.quote))
      .map((r) => ({ base: r.base, quote: r.quote, rate: r.rate, validFrom: r.validFrom.toISOString() }));
  }
}
