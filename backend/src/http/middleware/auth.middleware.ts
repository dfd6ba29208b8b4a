import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { UserRole } from '../../services/auth/auth.service';
import { ForbiddenError, UnauthorizedError } from '../../errors/app-error';
import type { AuthService, Principal } from '../../services/auth/auth.service';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

/**
 * Requires a valid `Authorization: Bearer <jwt>` of a user who still exists; sets `req.principal`
 * with the role the database holds now (AuthService.authenticate), so `requireRole` and every
 * admin check in the services see a demotion at once.
 */
export function authenticate(auth: AuthService): RequestHandler {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const header = req.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new UnauthorizedError();
    req.principal = await auth.authenticate(match[1]);
    next();
  };
}

/** After `authenticate`: the principal's current role must be one of `roles`. */
export function requireRole(...roles: UserRole[]): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!req.principal) throw new UnauthorizedError();
    if (!roles.includes(req.principal.role)) throw new ForbiddenError();
    next();
  };
}

/** The principal set by `authenticate`; a route without it is a wiring bug. */
export function principalOf(req: Request): Principal {
  if (!req.principal) throw new UnauthorizedError();
  return req.principal;
}
