import express, { type Express } from 'express';
import type { Config } from './config/config';
import { errorHandler, notFound } from './http/middleware/error.middleware';
import { requestId } from './http/middleware/request-id.middleware';
import { requestLog } from './http/middleware/request-log.middleware';
import { API_ROUTES } from './http/api-routes';
import { docsRoutes } from './http/docs-routes';
import { malformedPathParameter, mountRoutes } from './http/mount-routes';
import { buildOpenApiDocument } from './http/openapi-document';
import { healthRouteDocs, healthRoutes } from './http/routes/health.routes';
import { webhookRouteDocs, webhookRoutes } from './http/routes/webhook.routes';
import { DEFAULT_USER_RATE_LIMITS, UserRateLimiter, type UserRateLimits } from './http/user-rate-limiter';
import { securityHeaders } from './http/security-headers';
import { spaRoutes } from './http/spa';
import type { Logger } from './logger';
import { metricsEndpoint } from './metrics/metrics-endpoint';
import type { Metrics } from './metrics/metrics';
import type { Services } from './services/container';
import type { WebhookDispatcher } from './services/webhooks/webhook-dispatcher';

export interface AppDependencies {
  config: Config;
  logger: Logger;
  services: Services;
  dispatcher: WebhookDispatcher;
  /** This app's registry (GET /metrics) and request timing; the same object the services report to. */
  metrics: Metrics;
  /** The built Angular app (frontend/dist/browser); served when present. */
  frontendDir?: string;
  /** Per-user limits on the routes that call providers (checkout, refund, refresh, setup). */
  userRateLimits?: Partial<UserRateLimits>;
}

/** Builds the Express app without listening, so tests drive it through supertest. */
export function createApp(deps: AppDependencies): Express {
  const { config, logger, services } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  // First: every later line of a request's handling, the webhooks' included, carries its id.
  app.use(requestId(logger));
  app.use(deps.metrics.httpRequests);
  app.use(requestLog(logger));
  // Before the security headers and the JSON parser: webhook signatures cover the raw bytes, and
  // providers need no browser security headers.
  app.use('/api/payments', webhookRoutes(services.webhooks, deps.dispatcher, config.webhookBodyLimit));
  app.use(securityHeaders({ production: config.isProduction }));

  app.use(healthRoutes(services.health));
  app.get('/metrics', metricsEndpoint(deps.metrics.registry, config.metricsToken));

  const userLimiter = new UserRateLimiter({ ...DEFAULT_USER_RATE_LIMITS, ...deps.userRateLimits });
  app.use(docsRoutes(buildOpenApiDocument(API_ROUTES, [...webhookRouteDocs, ...healthRouteDocs], userLimiter.limits)));
  app.use('/api', express.json({ limit: '100kb', strict: true }));
  mountRoutes(app, API_ROUTES, {
    services,
    userLimiter,
  });
  app.use(malformedPathParameter);
  app.use('/api', notFound);

  const spa = deps.frontendDir ? spaRoutes(deps.frontendDir) : undefined;
  if (spa) app.use(spa);
  app.use(notFound);
  app.use(errorHandler(logger, config.exposeErrorStacks));
  return app;
}
