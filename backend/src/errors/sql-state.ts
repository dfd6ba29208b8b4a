/**
 * Reading PostgreSQL's errors without importing the driver: TypeORM's QueryFailedError keeps
 * pg's error as `driverError`, and pg's own DatabaseError carries `severity` next to its code.
 */
const SQLSTATE = /^[0-9A-Z]{5}$/;

interface DriverErrorLike {
  code?: unknown;
  severity?: unknown;
  driverError?: { code?: unknown };
}

/** The SQLSTATE of a database error (e.g. '22021'), or undefined for anything else. */
export function sqlStateOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as DriverErrorLike;
  const code = e.driverError !== undefined ? e.driverError?.code : e.severity !== undefined ? e.code : undefined;
  return typeof code === 'string' && SQLSTATE.test(code) ? code : undefined;
}

/** Class 22, "data exception": a value the column's type cannot hold (too long, NUL byte, bad date). */
export function isDataException(sqlState: string): boolean {
  return sqlState.startsWith('22');
}
