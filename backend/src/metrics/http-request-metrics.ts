import type { Request, RequestHandler } from 'express';
import { Histogram, type Registry } from 'prom-client';
import { BoundedLabel } from './bounded-label';

/** The route label of a request no route answered (404s, middleware answers, static files). */
export const UNMATCHED_ROUTE = 'unmatched';
const MAX_ROUTES = 200;

/**
 * Times every request, labelled by method, route pattern (`/api/payments/:id`, never the URL with
 * its ids) and status code. Mount it first, so the time covers every other middleware.
 */
export function httpRequestMetrics(registry: Registry): RequestHandler {
  const duration = new Histogram({
    name: 'lms_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route pattern (unmatched: no route answered) and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const routes = new BoundedLabel(MAX_ROUTES);
  return (req, res, next) => {
    const end = duration.startTimer();
    const pattern = routePatternOf(req);
    res.once('finish', () => {
      end({ method: req.method, route: routes.of(pattern() ?? UNMATCHED_ROUTE), status: String(res.statusCode) });
    });
    next();
  };
}

/**
 * The pattern of the route that handles `req` (mount path and route path), taken when the router
 * picks the route: an error leaves a mounted router before the error handler answers, and the
 * router then restores `baseUrl`, so reading it when the response is sent would lose the mount path.
 */
function routePatternOf(req: Request): () => string | undefined {
  let route: unknown = req.route;
  let pattern: string | undefined;
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set: (value: unknown) => {
      route = value;
      pattern = patternOf(req.baseUrl, value);
    },
  });
  return () => pattern;
}

function patternOf(baseUrl: string, route: unknown): string | undefined {
  const path = (route as { path?: unknown } | undefined)?.path;
  const paths: unknown[] = Array.isArray(path) ? path : [path];
  if (!paths.every((p) => typeof p === 'string' || p instanceof RegExp)) return undefined;
  return paths.map((p) => baseUrl + String(p)).join('|');
}
