import express, { Express } from 'express';
import { ChaosOptions } from '../shared/chaos';
import { ProviderControls, commonControls } from '../shared/controls';
import { DeliveryQueue } from '../shared/delivery';
import { IdempotencyStore } from '../shared/idempotency';
import { signingIdentity } from './cert';
import { PayPalContext } from './context';
import { paypalControls } from './controls';
import { oauthRoute } from './oauth';
import { approvalPages } from './pages';
import { paypalApi } from './router';
import { billingRoutes } from './routes/billing';
import { disputeRoutes } from './routes/disputes';
import { notificationRoutes } from './routes/notifications';
import { orderRoutes } from './routes/orders';
import { paymentRoutes } from './routes/payments';
import { saleRoutes } from './routes/sales';
import { vaultRoutes } from './routes/vault';
import { PayPalState } from './state';
import { vaultControls } from './vault-controls';
import { vaultApprovalPages } from './vault-pages';
import { PayPalEvents, PayPalWebhookConfig } from './webhooks';

export interface PayPalServerOptions {
  webhook: PayPalWebhookConfig;
  chaos: { get: () => ChaosOptions | null; set: (c: ChaosOptions | null) => void };
  retryBaseMs: number;
  maxAttempts: number;
  timeoutMs: number;
  baseUrl: () => string;
  logger?: (line: string) => void;
}

export interface PayPalServer {
  app: Express;
  state: PayPalState;
  queue: DeliveryQueue;
  certPem: string;
  certUrl: () => string;
  reset(): void;
}

const ROUTES = [
  ...orderRoutes,
  ...paymentRoutes,
  ...saleRoutes,
  ...billingRoutes,
  ...notificationRoutes,
  ...disputeRoutes,
  ...vaultRoutes,
];

/** The PayPal half of the sandbox as an Express app (listening is the caller's job). */
export function createPayPalServer(opts: PayPalServerOptions): PayPalServer {
  const state = new PayPalState();
  const identity = signingIdentity();
  const tokens = new Set<string>();
  const idempotency = new IdempotencyStore();
  const certPath = `/v1/notifications/certs/CERT-sandbox-${identity.certId}`;
  const certUrl = () => `${opts.baseUrl()}${certPath}`;
  const queue = new DeliveryQueue({
    name: 'paypal',
    getUrl: () => opts.webhook.url,
    getChaos: opts.chaos.get,
    retryBaseMs: opts.retryBaseMs,
    maxAttempts: opts.maxAttempts,
    timeoutMs: opts.timeoutMs,
    logger: opts.logger,
  });
  const events = new PayPalEvents(state, queue, opts.webhook, identity, certUrl, opts.baseUrl);
  const ctx: PayPalContext = { state, events, baseUrl: opts.baseUrl, certUrl, webhookId: () => opts.webhook.webhookId };
  // How often the signing certificate was downloaded: a verifier that refuses a foreign cert URL never asks.
  let certDownloads = 0;
  const reset = () => {
    state.reset();
    idempotency.clear();
    queue.clear();
    certDownloads = 0;
  };
  const controls: ProviderControls = {
    name: 'paypal',
    listEvents: (type) =>
      [...state.events.values()]
        .map((e) => e.event)
        .filter((e) => !type || e.event_type === type)
        .reverse(),
    resendEvent: (id, url) => events.resend(id, url),
    queue,
    reset,
    getWebhookUrl: () => opts.webhook.url,
    setWebhookUrl: (url) => (opts.webhook.url = url),
    getChaos: opts.chaos.get,
    setChaos: opts.chaos.set,
    config: () => ({ webhook_id: opts.webhook.webhookId, cert_url: certUrl(), cert_downloads: certDownloads }),
  };

  const app = express();
  app.disable('x-powered-by');
  if (opts.logger) {
    const log = opts.logger;
    app.use((req, res, next) => {
      res.on('finish', () => log(`[paypal] ${req.method} ${req.originalUrl.split('?')[0]} ${res.statusCode}`));
      next();
    });
  }
  // Served without auth, like api.paypal.com's certificate URLs.
  app.get(certPath, (_req, res) => {
    certDownloads += 1;
    res.type('application/x-pem-file').send(identity.certPem);
  });
  app.use('/_sandbox', commonControls(controls));
  app.use('/_sandbox', paypalControls(ctx));
  app.use('/_sandbox', vaultControls(ctx));
  app.use(approvalPages(ctx));
  app.use(vaultApprovalPages(ctx));
  app.use(oauthRoute(tokens));
  app.use(
    ['/v1', '/v2', '/v3'],
    express.text({ type: () => true, limit: '1mb' }),
    paypalApi(ROUTES, ctx, tokens, idempotency),
  );
  return { app, state, queue, certPem: identity.certPem, certUrl, reset };
}
