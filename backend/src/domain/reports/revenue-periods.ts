/**
 * The periods of a revenue report: UTC days (`YYYY-MM-DD`) or months (`YYYY-MM`) from `from` to
 * `to`, both inclusive. The figures cover exactly those days, so a month at either end of a range
 * that starts or ends mid-month holds only the days inside it.
 */
export type RevenueInterval = 'day' | 'month';

export const MAX_PERIODS: Readonly<Record<RevenueInterval, number>> = { day: 366, month: 120 };

export interface RangeProblem {
  path: string;
  message: string;
}

/** The instants the figures are taken between: `from` 00:00 UTC, and the midnight after `to` (exclusive). */
export interface RevenueRange {
  start: Date;
  end: Date;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 24 * 3600 * 1000;

/** A calendar date `YYYY-MM-DD` as midnight UTC; undefined for anything else (2026-02-30 included). */
export function utcDate(value: string): Date | undefined {
  const match = ISO_DATE.exec(value);
  if (!match) return undefined;
  const [, y, m, d] = match.map(Number);
  const date = new Date(Date.UTC(y!, m! - 1, d!));
  return date.toISOString().slice(0, 10) === value ? date : undefined;
}

/** What is wrong with a range (each with the parameter it is about); empty when it can be reported. */
export function rangeProblems(from: string, to: string, interval: RevenueInterval): RangeProblem[] {
  const start = utcDate(from);
  const end = utcDate(to);
  const problems: RangeProblem[] = [];
  if (!start) problems.push({ path: 'from', message: 'must be a calendar date (YYYY-MM-DD)' });
  if (!end) problems.push({ path: 'to', message: 'must be a calendar date (YYYY-MM-DD)' });
  if (!start || !end) return problems;
  if (start > end) return [{ path: 'to', message: `must not be before from (${from})` }];
  const count = periodCount(start, end, interval);
  if (count > MAX_PERIODS[interval]) {
    const unit = interval === 'day' ? 'days' : 'months';
    problems.push({
      path: 'to',
      message: `the range spans ${count} ${unit}; at most ${MAX_PERIODS[interval]} ${unit} by ${interval}`,
    });
  }
  return problems;
}

/** The instants a valid range covers. */
export function rangeOf(from: string, to: string): RevenueRange {
  const start = utcDate(from);
  const end = utcDate(to);
  if (!start || !end) throw new RangeError(`Invalid report range ${from}..${to}`);
  return { start, end: new Date(end.getTime() + DAY_MS) };
}

/** Every period of a valid range, oldest first, as the report names them. */
export function periodsOf(from: string, to: string, interval: RevenueInterval): string[] {
  const { start, end } = rangeOf(from, to);
  const periods: string[] = [];
  if (interval === 'day') {
    for (let t = start.getTime(); t < end.getTime(); t += DAY_MS) periods.push(new Date(t).toISOString().slice(0, 10));
    return periods;
  }
  const last = monthIndex(new Date(end.getTime() - DAY_MS));
  for (let i = monthIndex(start); i <= last; i += 1) {
    periods.push(`${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`);
  }
  return periods;
}

function periodCount(start: Date, end: Date, interval: RevenueInterval): number {
  return interval === 'day'
    ? Math.round((end.getTime() - start.getTime()) / DAY_MS) + 1
    : monthIndex(end) - monthIndex(start) + 1;
}

function monthIndex(date: Date): number {
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}
