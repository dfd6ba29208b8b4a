import { formatMoney, type Money } from '../domain/money';

/** An amount as a student reads it, in its currency's decimals: "€10.50", "¥1,500", "KWD 1.250". */
export function formatAmount(m: Money): string {
  return formatMoney(m, 'en-US');
}

const DATE = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });

/** A UTC calendar date in words: "1 December 2026". */
export function formatDate(instant: Date): string {
  // Built from parts so the order does not depend on the ICU version's pattern for en-GB.
  const parts = Object.fromEntries(DATE.formatToParts(instant).map((part) => [part.type, part.value]));
  return `${parts.day} ${parts.month} ${parts.year}`;
}

/** A UTC time of day: "09:42 UTC". */
export function formatTime(instant: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(instant.getUTCHours())}:${pad(instant.getUTCMinutes())} UTC`;
}

/** A UTC date and time in words: "1 December 2026, 09:42 UTC". */
export function formatDateTime(instant: Date): string {
  return `${formatDate(instant)}, ${formatTime(instant)}`;
}

/** A UTC day given as YYYY-MM-DD, in words; anything else is printed as it is. */
export function formatDay(day: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;
  const instant = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return instant.toISOString().startsWith(day) ? formatDate(instant) : day;
}

/** The UTC day of an instant, YYYY-MM-DD. */
export function utcDay(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

export function providerName(provider: 'stripe' | 'paypal'): string {
  return provider === 'stripe' ? 'Stripe' : 'PayPal';
}

/** "1 item", "3 items". */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
