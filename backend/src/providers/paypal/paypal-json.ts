import { fromPayPalAmount, type Money } from '../../domain/money';
import { obj, str } from '../json-reading';

/** Readers for the shapes PayPal's REST resources share, used by the event mappers. */

/**
 * PayPal timestamps, leniently: simulator samples carry impossible dates ("2018-19-12T…") that
 * must not break processing. Returns undefined for anything that is not a real instant.
 */
export function parsePayPalTime(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(value);
  if (!m) return undefined;
  const [, , month, day, hour, minute, second] = m.map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function amountOf(value: unknown): Money | undefined {
  const a = obj(value);
  const v = str(a?.value);
  const c = str(a?.currency_code);
  return v && c ? fromPayPalAmount({ value: v, currency_code: c }) : undefined;
}
