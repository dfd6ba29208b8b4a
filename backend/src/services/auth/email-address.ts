import { z } from 'zod';
import { ValidationError } from '../../errors/app-error';

/** The users.email column's length. */
export const MAX_EMAIL_LENGTH = 320;

/** Control (Cc), invisible format (Cf: zero-width space, BOM, bidi marks) and separator (Z*: every space, line and paragraph separator) characters. */
const HIDDEN_OR_SPACE = /[\p{Cc}\p{Cf}\p{Z}]/u;

/**
 * The one spelling of an email address used for storage, lookups and every limiter key, so
 * " Admin@Example.com", "ADMIN@example.com" and "ａｄｍｉｎ@example.com" are one account and
 * one bucket. NFKC first (it folds fullwidth letters, ligatures and signs such as the Kelvin
 * sign onto plain ones, and no-break spaces onto spaces), then trim, then lower case. What is
 * left must hold no hidden or space characters and have the same ASCII shape registration has
 * always required, so every stored address is already in this form.
 * Throws a 400 ValidationError naming the `email` field.
 */
export function normaliseEmail(raw: string): string {
  const email = raw.normalize('NFKC').trim().toLowerCase();
  if (HIDDEN_OR_SPACE.test(email)) throw invalidEmail('must not contain spaces, control or invisible characters');
  if (email.length > MAX_EMAIL_LENGTH) throw invalidEmail(`must be at most ${MAX_EMAIL_LENGTH} characters`);
  if (!z.regexes.email.test(email)) throw invalidEmail('must be a valid email address');
  return email;
}

function invalidEmail(message: string): ValidationError {
  return new ValidationError(`Invalid request body: email ${message}`, [{ path: 'email', message }]);
}
