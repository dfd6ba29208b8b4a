import { ValidationError } from '../../errors/app-error';
import { isUuid } from '../ids';

/**
 * Opaque keyset cursor: the (created_at, id) of the last row of the previous page. The timestamp
 * is PostgreSQL's own text form, microseconds included; a JS Date would drop them and skip rows.
 * The tie-breaker is a uuid unless the caller says what else it is.
 */
export function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(`${createdAt}|${id}`).toString('base64url');
}

const PG_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?(?:([+-])(\d{2})(?::?(\d{2}))?|Z)$/;
const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;
/** PostgreSQL refuses zone offsets beyond ±15:59. */
const MAX_OFFSET_HOURS = 15;

/**
 * Whether PostgreSQL will read `text` as a timestamp: the shape alone lets through month 13,
 * 30 February or hour 25, which reach the query and fail there.
 */
function isTimestamp(text: string): boolean {
  const parts = PG_TIMESTAMP.exec(text);
  if (!parts) return false;
  const [year, month, day, hour, minute, second] = parts.slice(1, 7).map(Number);
  const [offsetHours, offsetMinutes] = [Number(parts[8] ?? 0), Number(parts[9] ?? 0)];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const daysInMonth = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return (
    year >= 1 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= MAX_OFFSET_HOURS &&
    offsetMinutes <= 59
  );
}

export function decodeCursor(
  cursor: string,
  isTieBreaker: (value: string) => boolean = isUuid,
): { createdAt: string; id: string } {
  const [createdAt, id, extra] = BASE64URL.test(cursor)
    ? Buffer.from(cursor, 'base64url').toString('utf8').split('|')
    : [];
  if (!createdAt || !id || extra !== undefined || !isTieBreaker(id) || !isTimestamp(createdAt)) {
    throw new ValidationError(
      'Invalid cursor',
      [{ path: 'cursor', message: 'is not a cursor from a previous page' }],
      'invalid_cursor',
    );
  }
  return { createdAt, id };
}
