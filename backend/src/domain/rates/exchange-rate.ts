import { isKnownCurrency } from '../money/currencies';

/**
 * A stored rate: one major unit of `base` buys `rate` major units of `quote`, in force from
 * `validFrom` until a newer rate for the pair. `source` says where it came from (`ecb`,
 * `manual`, `demo`, ...).
 */
export interface ExchangeRate {
  base: string;
  quote: string;
  /** Exact decimal string, at most 12 digits on each side of the point. */
  rate: string;
  source: string;
  validFrom: Date;
}

/** Digits allowed on each side of the point; the column is numeric(24, 12). */
export const RATE_DIGITS = 12;

const PLAIN_DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** What is wrong with a rate string, or undefined when it is a positive decimal that fits. */
export function rateProblem(rate: string): string | undefined {
  const match = PLAIN_DECIMAL.exec(rate);
  if (!match) return 'must be a plain decimal number such as "1.0842"';
  const [, whole, fraction = ''] = match;
  if (whole.replace(/^0+(?=\d)/, '').length > RATE_DIGITS)
    return `must have at most ${RATE_DIGITS} digits before the point`;
  if (fraction.length > RATE_DIGITS) return `must have at most ${RATE_DIGITS} digits after the point`;
  if (!/[1-9]/.test(rate)) return 'must be positive';
  return undefined;
}

/** The canonical spelling of a valid rate: no leading zeros, no trailing fractional zeros. */
export function normalizeRate(rate: string): string {
  const [whole, fraction = ''] = rate.split('.');
  const w = whole.replace(/^0+(?=\d)/, '');
  const f = fraction.replace(/0+$/, '');
  return f ? `${w}.${f}` : w;
}

/** What is wrong with a currency pair, or undefined. */
export function pairProblem(base: string, quote: string): string | undefined {
  if (!isKnownCurrency(base)) return `base '${base}' is not an ISO 4217 code in upper case`;
  if (!isKnownCurrency(quote)) return `quote '${quote}' is not an ISO 4217 code in upper case`;
  if (base === quote) return 'base and quote must differ';
  return undefined;
}

const DAY_MS = 24 * 3600 * 1000;

/** A rate is stale when it came into force more than `maxAgeDays` days before `now`. */
export function isStale(validFrom: Date, now: Date, maxAgeDays: number): boolean {
  return now.getTime() - validFrom.getTime() > maxAgeDays * DAY_MS;
}
