/** PostgreSQL error codes the services react to (as opposed to letting them become 500s). */
const UNIQUE_VIOLATION = '23505';

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; driverError?: { code?: string; constraint?: string }; constraint?: string };
  const code = e?.driverError?.code ?? e?.code;
  if (code !== UNIQUE_VIOLATION) return false;
  return constraint === undefined || (e.driverError?.constraint ?? e.constraint) === constraint;
}
