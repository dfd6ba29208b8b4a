import type { DataSource } from 'typeorm';
import type { Config } from '../config/config';
import { currencyExponent } from '../domain/money';
import { ExchangeRate } from '../entities';
import { ValidationError } from '../errors/app-error';

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
    private readonly dataSource: DataSource,
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

  /** The newest rate base -> quote already in force, as a decimal string. */
  async rate(base: string, quote: string, at = new Date()): Promise<string | undefined> {
    const row = await this.dataSource
      .getRepository(ExchangeRate)
      .createQueryBuilder('r')
      .where('r.base_currency = :base AND r.quote_currency = :quote AND r.valid_from <= :at', { base, quote, at })
      .orderBy('r.valid_from', 'DESC')
      .limit(1)
      .getOne();
    return row?.rate;
  }

  async currentRates(): Promise<RateInfo[]> {
    const rows = await this.dataSource.query<
      { base_currency: string; quote_currency: string; rate: string; valid_from: Date }[]
    >(
      `SELECT DISTINCT ON (base_currency, quote_currency) base_currency, quote_currency, rate::text AS rate, valid_from
         FROM exchange_rates WHERE valid_from <= now()
        ORDER BY base_currency, quote_currency, valid_from DESC`,
    );
    return rows
      .filter((r) => this.currencies.supported.includes(r.quote_currency))
      .map((r) => ({
        base: r.base_currency,
        quote: r.quote_currency,
        rate: normalizeDecimal(r.rate),
        validFrom: new Date(r.valid_from).toISOString(),
      }));
  }
}

/** numeric(24,12) comes back padded ("0.921500000000"); trailing zeros carry no meaning. */
function normalizeDecimal(value: string): string {
  return value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
}
