import type { ExchangeRate } from '../domain/rates/exchange-rate';
import type { SqlRunner } from './sql-runner';
import { normalizeDecimal } from './row-mapping';

export type RateRecord = ExchangeRate;

interface RateRow {
  base_currency: string;
  quote_currency: string;
  rate: string;
  source: string;
  valid_from: Date;
}

function toRate(r: RateRow): RateRecord {
  return {
    base: r.base_currency.trim(),
    quote: r.quote_currency.trim(),
    rate: normalizeDecimal(r.rate),
    source: r.source,
    validFrom: new Date(r.valid_from),
  };
}

export class ExchangeRateRepository {
  constructor(private readonly sql: SqlRunner) {}

  /** The newest rate base -> quote already in force at `at`. */
  async rateAt(base: string, quote: string, at: Date): Promise<RateRecord | undefined> {
    const rows = await this.sql.query<RateRow>(
      `SELECT base_currency, quote_currency, rate::text AS rate, source, valid_from FROM exchange_rates
        WHERE base_currency = $1 AND quote_currency = $2 AND valid_from <= $3
        ORDER BY valid_from DESC LIMIT 1`,
      [base, quote, at],
    );
    return rows[0] && toRate(rows[0]);
  }

  /** The rate in force now for every stored pair. */
  async current(): Promise<RateRecord[]> {
    const rows = await this.sql.query<RateRow>(
      `SELECT DISTINCT ON (base_currency, quote_currency) base_currency, quote_currency, rate::text AS rate, source,
              valid_from
         FROM exchange_rates WHERE valid_from <= now()
        ORDER BY base_currency, quote_currency, valid_from DESC`,
    );
    return rows.map(toRate);
  }
}
