import express, { Express } from 'express';
import { ChaosOptions } from '../shared/chaos';
import { ProviderControls, commonControls } from '../shared/controls';
import { DeliveryQueue } from '../shared/delivery';
import { IdempotencyStore } from '../shared/idempotency';
import { StripeContext } from './context';
import { stripeControls } from './controls';
import { stripeBillingControls } from './controls-billing';
import { stripePaymentMethodControls } from './controls-payment-methods';
import { StripeEvents, StripeWebhookConfig } from './events';
import { sweepExpired } from './flows/expire';
import { sweepRefunds } from './flows/refund';
import { checkoutPages } from './pages';
import { stripeApi } from './router';
import { billingRoutes } from './routes/billing';
import { catalogRoutes } from './routes/catalog';
import { checkoutRoutes } from './routes/checkout';
import { customerRoutes } from './routes/customers';
import { disputeRoutes } from './routes/disputes';
import { invoiceRoutes } from './routes/invoices';
import { paymentMethodRoutes } from './routes/payment-methods';
import { paymentRoutes } from './routes/payments';
import { StripeState } from './state';

export interface StripeServerOptions {
  webhook: StripeWebhookConfig;
  chaos: { get: () => ChaosOptions | null; set: (c: ChaosOptions | null) => void };
  retryBaseMs: number;
  maxAttempts: number;
  timeoutMs: number;
  pageBaseUrl: () => string;
  logger?: (line: string) => void;
}

export interface StripeServer {
  app: Express;
  state: StripeState;
  queue: DeliveryQueue;
  reset(): void;
}

const ROUTES = [
  ...customerRoutes,
  ...catalogRoutes,
  ...checkoutRoutes,
  ...paymentRoutes,
  ...paymentMethodRoutes,
  ...disputeRoutes,
  ...billingRoutes,
  ...invoiceRoutes,
];

/** The Stripe half of the sandbox as an Express app (listening is the caller's job). */
export function createStripeServer(opts: StripeServerOptions): StripeServer {
  const state = new StripeState();
  const idempotency = new IdempotencyStore();
  const queue = new DeliveryQueue({
    name: 'stripe',
    getUrl: () => opts.webhook.url,
    getChaos: opts.chaos.get,
    retryBaseMs: opts.retryBaseMs,
    maxAttempts: opts.maxAttempts,
    timeoutMs: opts.timeoutMs,
    logger: opts.logger,
  });
  const events = new StripeEvents(state, queue, opts.webhook);
  const ctx: StripeContext = { state, events, pageBaseUrl: opts.pageBaseUrl };
  const reset = () => {
    state.reset();
    idempotency.clear();
    queue.clear();
  };
  const controls: ProviderControls = {
    name: 'stripe',
    listEvents: (type) =>
      [...state.events.values()]
        .filter((e) => !type || e.type === type)
        .sort((a, b) => state.rank(b.id) - state.rank(a.id)),
    resendEvent: (id, url) => {
      const event = state.events.get(id);
      if (!event) return false;
      events.resend(event, url);
      return true;
    },
    queue,
    reset,
    getWebhookUrl: () => opts.webhook.url,
    setWebhookUrl: (url) => (opts.webhook.url = url),
    getChaos: opts.chaos.get,
    setChaos: opts.chaos.set,
    config: () => ({ webhook_secret: opts.webhook.secret, enabled_events: opts.webhook.enabledEvents }),
  };

  const app = express();
  app.disable('x-powered-by');
  if (opts.logger) {
    const log = opts.logger;
    app.use((req, res, next) => {
      res.on('finish', () => log(`[stripe] ${req.method} ${req.originalUrl.split('?')[0]} ${res.statusCode}`));
      next();
    });
  }
  app.use((_req, _res, next) => {
    // Time-driven changes (sessions passing expires_at, 5126 refunds failing) happen lazily here.
    sweepExpired(ctx);
    sweepRefunds(ctx);
    next();
  });
  app.use('/_sandbox', commonControls(controls));
  app.use('/_sandbox', stripeControls(ctx));
  app.use('/_sandbox', stripeBillingControls(ctx));
  app.use('/_sandbox', stripePaymentMethodControls(ctx));
  app.use(checkoutPages(ctx));
  app.use('/v1', express.text({ type: () => true, limit: '1mb' }), stripeApi(ROUTES, ctx, idempotency));
  return { app, state, queue, reset };
}
