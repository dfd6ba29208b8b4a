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

const PG_TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)$/;

export function decodeCursor(
  cursor: string,
  isTieBreaker: (value: string) => boolean = isUuid,
): { createdAt: string; id: string } {
  const [createdAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!createdAt || !id || !isTieBreaker(id) || !PG_TIMESTAMP.test(createdAt)) {
    throw new ValidationError('Invalid cursor', [{ path: 'cursor', message: 'is not a cursor from a previous page' }]);
  }
  return { createdAt, id };
}
