import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Config } from './config/config';
import { errorHandler, notFound } from './http/middleware/error.middleware';
import { requestLog } from './http/middleware/request-log.middleware';
import { API_ROUTES } from './http/api-routes';
import { docsRoutes } from './http/docs-routes';
import { malformedPathParameter, mountRoutes } from './http/mount-routes';
import { buildOpenApiDocument } from './http/openapi-document';
import { authIpLimiters, type AuthRateLimits } from './http/routes/auth.routes';
import { healthRouteDocs, healthRoutes } from './http/routes/health.routes';
import { webhookRouteDocs, webhookRoutes } from './http/routes/webhook.routes';
import { DEFAULT_USER_RATE_LIMITS, UserRateLimiter, type UserRateLimits } from './http/user-rate-limiter';
import { spaRoutes } from './http/spa';
import type { Logger } from './logger';
import type { Services } from './services/container';
import type { WebhookDispatcher } from './services/webhooks/webhook-dispatcher';

export interface AppDependencies {
  config: Config;
  logger: Logger;
  services: Services;
  dispatcher: WebhookDispatcher;
  /** The built Angular app (frontend/dist/browser); served when present. */
  frontendDir?: string;
  authRateLimits?: AuthRateLimits;
  /** Per-user limits on the routes that call providers (checkout, refund, refresh, setup). */
  userRateLimits?: Partial<UserRateLimits>;
}

const DEFAULT_AUTH_LIMITS: AuthRateLimits = { loginFailures: 10, registrations: 30, windowMs: 15 * 60 * 1000 };

/** Builds the Express app without listening, so tests drive it through supertest. */
export function createApp(deps: AppDependencies): Express {
  const { config, logger, services } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(requestLog(logger));
  // Before helmet and the JSON parser: webhook signatures cover the raw bytes, and providers
  // need no browser security headers.
  app.use('/api/payments', webhookRoutes(services.webhooks, deps.dispatcher, config.webhookBodyLimit));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // The SPA redirects to the providers' hosted pages; forms post nowhere else.
          'script-src': ["'self'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          'connect-src': ["'self'"],
          'upgrade-insecure-requests': config.isProduction ? [] : null,
        },
      },
    }),
  );

  app.use(healthRoutes(services.health));

  const userLimiter = new UserRateLimiter({ ...DEFAULT_USER_RATE_LIMITS, ...deps.userRateLimits });
  app.use(docsRoutes(buildOpenApiDocument(API_ROUTES, [...webhookRouteDocs, ...healthRouteDocs], userLimiter.limits)));
  app.use('/api', express.json({ limit: '100kb', strict: true }));
  mountRoutes(app, API_ROUTES, {
    services,
    ipLimiters: authIpLimiters(deps.authRateLimits ?? DEFAULT_AUTH_LIMITS),
    userLimiter,
  });
  app.use(malformedPathParameter);
  app.use('/api', notFound);

  const spa = deps.frontendDir ? spaRoutes(deps.frontendDir) : undefined;
  if (spa) app.use(spa);
  app.use(notFound);
  app.use(errorHandler(logger, !config.isProduction && config.env === 'development'));
  return app;
}
