/** What the revenue report is asked for: ISO dates (UTC days, both inclusive) and the period length. */
export interface RevenueQuery {
  from: string;
  to: string;
  interval: 'day' | 'month';
}

/** Days in the default range, today included. */
export const DEFAULT_RANGE_DAYS = 30;
const DAY_MS = 24 * 3600 * 1000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The UTC calendar date of an instant, `YYYY-MM-DD`. */
export function utcDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The last 30 days up to today (UTC), by day. */
export function defaultRevenueQuery(now: Date): RevenueQuery {
  return {
    from: utcDate(new Date(now.getTime() - (DEFAULT_RANGE_DAYS - 1) * DAY_MS)),
    to: utcDate(now),
    interval: 'day',
  };
}

/** Reads the query from the URL's params, each missing or malformed one taken from the default. */
export function revenueQuery(params: { from?: string; to?: string; interval?: string }, now: Date): RevenueQuery {
  const fallback = defaultRevenueQuery(now);
  const date = (value: string | undefined, otherwise: string) => (value && ISO_DATE.test(value) ? value : otherwise);
  return {
    from: date(params.from, fallback.from),
    to: date(params.to, fallback.to),
    interval: params.interval === 'month' ? 'month' : 'day',
  };
}

/** Why the range cannot be asked for, or null (the server checks its own limits on length). */
export function revenueRangeProblem(from: string, to: string): string | null {
  if (!ISO_DATE.test(from) || !ISO_DATE.test(to)) return 'Choose both dates.';
  return from > to ? '“From” must be on or before “To”.' : null;
}
