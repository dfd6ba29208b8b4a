import type { ExchangeRate } from '../domain/rates/exchange-rate';
import type { SqlRunner } from './sql-runner';
import { normalizeDecimal } from './row-mapping';

export type RateRecord = ExchangeRate;

export interface StoredRate extends RateRecord {
  /** When the row was written or last corrected. */
  recordedAt: Date;
}

export interface RateWriteCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

interface RateRow {
  base_currency: string;
  quote_currency: string;
  rate: string;
  source: string;
  valid_from: Date;
  recorded_at: Date;
}

const RATE_COLUMNS = `base_currency, quote_currency, rate::text AS rate, source, valid_from, recorded_at`;

function toRate(r: RateRow): StoredRate {
  return {
    base: r.base_currency.trim(),
    quote: r.quote_currency.trim(),
    rate: normalizeDecimal(r.rate),
    source: r.source,
    validFrom: new Date(r.valid_from),
    recordedAt: new Date(r.recorded_at),
  };
}

/** Stored exchange rates: one row per pair and moment it comes into force. */
export class ExchangeRateRepository {
  constructor(private readonly sql: SqlRunner) {}

  /** The newest rate base -> quote already in force at `at`. */
  async rateAt(base: string, quote: string, at: Date): Promise<StoredRate | undefined> {
    const rows = await this.sql.query<RateRow>(
      `SELECT ${RATE_COLUMNS} FROM exchange_rates
        WHERE base_currency = $1 AND quote_currency = $2 AND valid_from <= $3
        ORDER BY valid_from DESC LIMIT 1`,
      [base, quote, at],
    );
    return rows[0] && toRate(rows[0]);
  }

  /** The rate in force now for every stored pair. */
  async current(): Promise<StoredRate[]> {
    const rows = await this.sql.query<RateRow>(
      `SELECT DISTINCT ON (base_currency, quote_currency) ${RATE_COLUMNS}
         FROM exchange_rates WHERE valid_from <= now()
        ORDER BY base_currency, quote_currency, valid_from DESC`,
    );
    return rows.map(toRate);
  }

  /** Rates stored to come into force later, soonest first. */
  async upcoming(): Promise<StoredRate[]> {
    const rows = await this.sql.query<RateRow>(
      `SELECT ${RATE_COLUMNS} FROM exchange_rates WHERE valid_from > now()
        ORDER BY valid_from, base_currency, quote_currency`,
    );
    return rows.map(toRate);
  }

  /**
   * Stores rates in one statement. A pair already stored for the same moment is corrected in
   * place when its value or source differs (payments keep their own copy of the rate they
   * used), and left alone when it is the same. Pairs must be unique within one call.
   */
  async upsert(rates: readonly RateRecord[]): Promise<RateWriteCounts> {
    if (rates.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
    const rows = await this.sql.query<{ inserted: boolean }>(
      `INSERT INTO exchange_rates (base_currency, quote_currency, rate, source, valid_from)
       SELECT * FROM unnest($1::char(3)[], $2::char(3)[], $3::numeric[], $4::varchar[], $5::timestamptz[])
       ON CONFLICT (base_currency, quote_currency, valid_from) DO UPDATE
          SET rate = EXCLUDED.rate, source = EXCLUDED.source, recorded_at = now()
        WHERE exchange_rates.rate <> EXCLUDED.rate OR exchange_rates.source <> EXCLUDED.source
       RETURNING (xmax = 0) AS inserted`,
      [
        rates.map((r) => r.base),
        rates.map((r) => r.quote),
        rates.map((r) => r.rate),
        rates.map((r) => r.source),
        rates.map((r) => r.validFrom),
      ],
    );
    const inserted = rows.filter((r) => r.inserted).length;
    const updated = rows.length - inserted;
    return { inserted, updated, unchanged: rates.length - rows.length };
  }
}
