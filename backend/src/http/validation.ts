import type { Request } from 'express';
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
const idempotencyKeySchema = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

export function idempotencyKeyOf(req: Request): string | undefined {
  const header = req.get('Idempotency-Key');
  return header === undefined ? undefined : parseInput(idempotencyKeySchema, header, 'Idempotency-Key');
}

/** Free text a person typed (a refund reason): no control characters, trimmed, bounded. */
export function plainText(maxLength: number) {
  return z
    .string()
    .trim()
    .min(1)
    .max(maxLength)
    .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');
}
