/**
 * Types of the admin exchange-rate API (`/api/admin/exchange-rates`), mirroring the backend's
 * `services/rates/exchange-rate-admin.service.ts` and its routes.
 */
import { RateInfo } from '../../core/money/money-models';

/** GET: the rate in force for every stored pair, and the ones dated later. */
export interface RatesOverview {
  /** A rate in force for longer than this is flagged `stale`. */
  maxAgeDays: number;
  items: RateInfo[];
  upcoming: RateInfo[];
}

/** One rate set by hand (PUT takes a list): one `base` buys `rate` of `quote`. */
export interface RateInput {
  base: string;
  quote: string;
  /** A plain decimal string, at most 12 digits each side of the point. */
  rate: string;
  /** ISO date (midnight UTC) or date-time; omitted: now. */
  validFrom?: string;
}

export interface RateWriteCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** PUT's answer: what was written, and the overview after it. */
export type RatesSaved = RateWriteCounts & RatesOverview;

/** POST /import's answer (201). */
export interface EcbImportResult extends RateWriteCounts {
  source: 'ecb';
  /** The file's reference date. */
  date: string;
  validFrom: string;
  /** Rates written: EUR -> X as published plus the derived cross rates. */
  rates: number;
  /** Codes in the file the server does not know. */
  skipped: string[];
}
