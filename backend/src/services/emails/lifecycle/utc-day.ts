import type { DayRange } from '../../../repositories/email-digest-query.repository';

const DAY_MS = 86_400_000;

/** A UTC calendar day, `YYYY-MM-DD`, as the instants it spans; throws on anything else. */
export function utcDay(day: string): DayRange {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const from = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  if (!from || from.toISOString().slice(0, 10) !== day) throw new RangeError(`'${day}' is not a UTC day (YYYY-MM-DD)`);
  return { from, to: new Date(from.getTime() + DAY_MS) };
}

/** The UTC day before the one `now` falls in: what a digest run shortly after midnight covers. */
export function previousUtcDay(now: Date): string {
  return new Date(now.getTime() - DAY_MS).toISOString().slice(0, 10);
}

/** The UTC date of an instant, `YYYY-MM-DD`. */
export function utcDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}
