import express, {
  type ErrorRequestHandler,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from 'express';
import { ValidationError } from '../errors/app-error';
import type { Services } from '../services/container';
import { authenticate, requireRole } from './middleware/auth.middleware';
import { Reply } from './reply';
import { defaultStatus, type ApiRoute } from './route-definition';
import { parseRouteInput, XML_TYPES } from './route-input';
import type { UserRateLimiter } from './user-rate-limiter';

export interface MountDependencies {
  services: Services;
  userLimiter: UserRateLimiter;
}

/**
 * Mounts the route table on an app or router (JSON bodies must already be parsed): per route,
 * its authentication and role, then its inputs parsed with its schemas, its per-user
 * limit, then the handler with the parsed input. Routes are added in table order, so a literal path
 * (`/history`) must come before a parameter in the same place (`/:id`).
 */
export function mountRoutes(target: Router, routes: readonly ApiRoute[], deps: MountDependencies): void {
  for (const route of routes) {
    if (route.rateLimit && route.auth === 'public') {
      throw new Error(`${route.method} ${route.path}: a per-user limit needs a signed-in caller`);
    }
    target[route.method](route.path, ...chainOf(route, deps));
  }
}

function chainOf(route: ApiRoute, deps: MountDependencies): RequestHandler[] {
  const chain: RequestHandler[] = [];
  if (route.auth !== 'public') chain.push(authenticate(deps.services.auth));
  if (route.auth === 'student' || route.auth === 'admin') chain.push(requireRole(route.auth));
  if (route.xmlBody) chain.push(express.text({ type: XML_TYPES, limit: route.xmlBody.limit }));
  chain.push(handlerOf(route, deps));
  return chain;
}

function handlerOf(route: ApiRoute, { services, userLimiter }: MountDependencies): RequestHandler {
  const status = defaultStatus(route);
  return async (req: Request, res: Response) => {
    const input = parseRouteInput(route, {
      params: req.params as Record<string, string>,
      query: req.query,
      body: req.body,
      header: (name) => req.get(name),
      isXml: route.xmlBody ? Boolean(req.is(XML_TYPES)) : undefined,
    });
    const routeInput = { ...input, principal: req.principal, ip: req.ip ?? '' };
    const limit = route.rateLimit;
    if (limit && req.principal && (!limit.when || limit.when(routeInput)))
      userLimiter.take(limit.name, req.principal.userId);
    const result = await route.handle(routeInput, services);
    if (result instanceof Reply) result.send(res);
    else res.status(status).json(result);
  };
}

/**
 * Express decodes path parameters before any handler runs and fails a malformed escape
 * (`/api/courses/%zz`) with a bare URIError; mounted after the table, this makes it the 400
 * that every other unreadable input gets.
 */
export const malformedPathParameter: ErrorRequestHandler = (error: unknown, _req, _res, next) => {
  if (error instanceof URIError && (error as { status?: number }).status === 400) {
    next(
      new ValidationError('Invalid request path: a parameter is not valid percent-encoding', [
        { path: 'path', message: 'is not valid percent-encoding' },
      ]),
    );
    return;
  }
  next(error);
};
