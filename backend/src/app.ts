import express, { type Express } from 'express';
import type { Config } from './config/config';
import { errorHandler, notFound } from './http/middleware/error.middleware';
import { requestId } from './http/middleware/request-id.middleware';
import { requestLog } from './http/middleware/request-log.middleware';
import { adminDisputeRoutes } from './http/routes/admin-disputes.routes';
import { adminExchangeRateRoutes } from './http/routes/admin-exchange-rates.routes';
import { adminPaymentRoutes } from './http/routes/admin-payments.routes';
import { adminReconciliationRoutes } from './http/routes/admin-reconciliation.routes';
import { adminReportRoutes } from './http/routes/admin-reports.routes';
import { adminReviewRoutes } from './http/routes/admin-review.routes';
import { adminSubscriptionRoutes } from './http/routes/admin-subscriptions.routes';
import { adminWebhookEventRoutes } from './http/routes/admin-webhook-events.routes';
import { authRoutes } from './http/routes/auth.routes';
import { catalogRoutes } from './http/routes/catalog.routes';
import { enrollmentRoutes } from './http/routes/enrollment.routes';
import { paymentMethodRoutes } from './http/routes/payment-method.routes';
import { subscriptionRoutes } from './http/routes/subscription.routes';
import { healthRoutes } from './http/routes/health.routes';
import { invoiceRoutes } from './http/routes/invoice.routes';
import { paymentRoutes } from './http/routes/payments.routes';
import { webhookRoutes } from './http/routes/webhook.routes';
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

  app.use('/api', express.json({ limit: '100kb', strict: true }));
  app.use('/api/auth', authRoutes(services.auth));
  app.use('/api', catalogRoutes(services.catalog, services.currencies));
  app.use('/api/payments', paymentRoutes(services.auth, services.checkout, services.payments, services.refunds));
  app.use('/api/invoices', invoiceRoutes(services.auth, services.documents));
  app.use('/api/admin/disputes', adminDisputeRoutes(services.auth, services.disputes));
  app.use('/api/admin/payments', adminPaymentRoutes(services.auth, services.adminPayments));
  app.use('/api/enrollments', enrollmentRoutes(services.auth, services.enrollments));
  app.use(
    '/api/subscriptions',
    subscriptionRoutes(services.auth, services.subscriptionCheckout, services.subscriptions),
  );
  app.use('/api/payment-methods', paymentMethodRoutes(services.auth, services.paymentMethods));
  app.use('/api/admin/exchange-rates', adminExchangeRateRoutes(services.auth, services.exchangeRates));
  app.use('/api/admin/reconciliation', adminReconciliationRoutes(services.auth, services.driftReports));
  app.use('/api/admin/reports', adminReportRoutes(services.auth, services.revenueReports));
  app.use('/api/admin/webhook-events', adminWebhookEventRoutes(services.auth, services.webhookInbox));
  app.use('/api/admin/review', adminReviewRoutes(services.auth, services.review));
  app.use('/api/admin/subscriptions', adminSubscriptionRoutes(services.auth, services.adminSubscriptions));
  app.use('/api', notFound);

  const spa = deps.frontendDir ? spaRoutes(deps.frontendDir) : undefined;
  if (spa) app.use(spa);
  app.use(notFound);
  app.use(errorHandler(logger, config.exposeErrorStacks));
  return app;
}
