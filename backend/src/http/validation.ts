import { z, type ZodType } from 'zod';
import { ValidationError } from '../errors/app-error';

/**
 * Parses request input with a zod schema. Schemas are strict objects, so unknown fields,
 * wrong types and out-of-range values all become one 400 listing the failing fields.
 */
export function parseInput<T>(schema: ZodType<T>, input: unknown, where = 'body'): T {
  const result = schema.safeParse(input ?? (where === 'body' ? undefined : {}));
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({
    path: issue.path.length ? issue.path.join('.') : where,
    message: issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message,
  }));
  throw new ValidationError(
    `Invalid request ${where}: ${details.map((d) => `${d.path} ${d.message}`).join('; ')}`,
    details,
  );
}

/** The `Idempotency-Key` header: printable ASCII, as clients and providers use it. */
export const idempotencyKeyHeader = z.object({
  'Idempotency-Key': z
    .string()
    .min(1)
    .max(255)
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
    .optional()
    .meta({ description: 'Repeating a request with the same key returns the first answer instead of acting twice.' }),
});

/** Free text a person typed (a refund reason): no control characters, trimmed, bounded. */
export function plainText(maxLength: number) {
  return z
    .string()
    .trim()
    .min(1)
    .max(maxLength)
    .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');
}

/** An id in a path: a UUID (any version, as `isUuid` in the services reads it). */
export const pathId = z.guid();

/** A three-letter currency code as a client may type it (`eur`); services upper-case and resolve it. */
export const currencyCode = z.string().regex(/^[A-Za-z]{3}$/, 'must be a three-letter currency code');

/** `?refresh=true`: ask the provider for the latest state first. */
export const refreshFlag = z.enum(['true', 'false']).optional();

/** The fields of a keyset-paginated list query: page size and the opaque cursor of the last page. */
export function pageFields(defaultLimit: number) {
  return {
    limit: z.coerce.number().int().min(1).max(100).default(defaultLimit),
    cursor: z.string().max(200).optional(),
  };
}
