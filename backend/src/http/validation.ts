import type { ZodType } from 'zod';
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
