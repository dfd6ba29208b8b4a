import type { SqlRunner } from './sql-runner';
import { normalizeDecimal } from './row-mapping';

export interface RateRecord {
  base: string;
  quote: string;
  /** Exact decimal string. */
  rate: string;
  validFrom: Date;
}

export class ExchangeRateRepository {
  constructor(private readonly sql: SqlRunner) {}

  /** The newest rate base -> quote already in force at `at`. */
  async rateAt(base: string, quote: string, at: Date): Promise<string | undefined> {
    const rows = await this.sql.query<{ rate: string }>(
      `SELECT rate::text AS rate FROM exchange_rates
        WHERE base_currency = $1 AND quote_currency = $2 AND valid_from <= $3
        ORDER BY valid_from DESC LIMIT 1`,
      [base, quote, at],
    );
    return rows[0] && normalizeDecimal(rows[0].rate);
  }

  /** The rate in force now for every stored pair. */
  async current(): Promise<RateRecord[]> {
    const rows = await this.sql.query<{
      base_currency: string;
      quote_currency: string;
      rate: string;
      valid_from: Date;
    }>(
      `SELECT DISTINCT ON (base_currency, quote_currency) base_currency, quote_currency, rate::text AS rate, valid_from
         FROM exchange_rates WHERE valid_from <= now()
        ORDER BY base_currency, quote_currency, valid_from DESC`,
    );
    return rows.map((r) => ({
      base: r.base_currency.trim(),
      quote: r.quote_currency.trim(),
      rate: normalizeDecimal(r.rate),
      validFrom: new Date(r.valid_from),
    }));
  }
}
