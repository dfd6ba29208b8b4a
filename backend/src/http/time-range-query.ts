import { z } from 'zod';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A `from` or `to` query parameter: an ISO date (a whole UTC day, so `to=2026-03-31` includes
 * that day) or an ISO date-time with a time zone (exact; `to` is exclusive). Either way the
 * result is the half-open range [from, to).
 */
export function timeBound(edge: 'from' | 'to') {
  return z
    .union([z.iso.datetime({ offset: true }), z.iso.date()], {
      error: 'must be an ISO date (YYYY-MM-DD, a whole UTC day) or a date-time with a time zone',
    })
    .transform((value) => {
      if (value.length !== 10) return new Date(value);
      const midnight = new Date(`${value}T00:00:00Z`);
      return edge === 'from' ? midnight : new Date(midnight.getTime() + DAY_MS);
    });
}

/** For a strict query schema with `from`/`to`: refuses a range that ends before it starts. */
export function orderedRange(range: { from?: Date; to?: Date }): boolean {
  return !range.from || !range.to || range.from < range.to;
}

export const RANGE_ORDER_ERROR = { message: 'must be after from', path: ['to'] };
