import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChaosOptions } from './shared/chaos';
import { DeliveryAttempt } from './shared/delivery';
import { paypalId, stripeSecret } from './shared/ids';
import { createPayPalServer } from './paypal/server';
import { createStripeServer } from './stripe/server';

export { TEST_CARDS, findTestCard } from './stripe/cards';
export type { TestCard, CardBehaviour } from './stripe/cards';
export type { ChaosOptions } from './shared/chaos';
export { parseChaos, CHAOS_PRESET } from './shared/chaos';
export type { DeliveryAttempt } from './shared/delivery';
export { STRIPE_API_VERSION } from './stripe/events';
export { stripeSignatureHeader } from './stripe/signer';
export { crc32 } from './paypal/crc32';
export { signedMessage as paypalSignedMessage, paypalTime } from './paypal/webhooks';

/** Test keys the sandbox accepts (any `sk_test_…` works; any non-empty PayPal id/secret works). */
export const SANDBOX_KEYS = {
  stripeSecretKey: 'sk_test_sandbox',
  stripePublishableKey: 'pk_test_sandbox',
  paypalClientId: 'sandbox-client-id',
  paypalClientSecret: 'sandbox-client-secret',
} as const;

export interface SandboxOptions {
  /** Default 12111; 0 = random free port. */
  stripePort?: number;
  /** Default 12112; 0 = random free port. */
  paypalPort?: number;
  /** Interface to listen on, default '127.0.0.1'. */
  host?: string;
  /** Host used in URLs handed to browsers (checkout page, approve links, cert URL), default 'localhost'. */
  publicHost?: string;
  /** Default: a generated `whsec_…`. */
  stripeWebhookSecret?: string;
  /** Where Stripe events are POSTed; none = events are recorded but not delivered. */
  stripeWebhookUrl?: string;
  /** Stripe event types delivered (`*`, `charge.*`, exact types); default all. */
  stripeEnabledEvents?: string[];
  /** Default: a generated 17-character id. */
  paypalWebhookId?: string;
  paypalWebhookUrl?: string;
  /** Hostile delivery; off by default. */
  chaos?: ChaosOptions | null;
  /** Backoff base for webhook retries: attempt n waits base × 2^(n-1). Default 1000 ms. */
  deliveryRetryBaseMs?: number;
  /** Attempts per delivery before giving up. Default 8. */
  deliveryMaxAttempts?: number;
  /** A delivery not answered within this is a timeout (and retried). Default 10000 ms. */
  deliveryTimeoutMs?: number;
  logger?: (line: string) => void;
}

export interface Sandbox {
  stripe: { port: number; url: string; webhookSecret: string; secretKey: string; publishableKey: string };
  paypal: {
    port: number;
    url: string;
    webhookId: string;
    certUrl: string;
    certPem: string;
    clientId: string;
    clientSecret: string;
  };
  setWebhookUrls(urls: { stripe?: string; paypal?: string }): void;
  setChaos(c: ChaosOptions | null): void;
  /** Every webhook delivery attempt so far, both providers. */
  deliveries(): { stripe: DeliveryAttempt[]; paypal: DeliveryAttempt[] };
  /** Resolves when no webhook delivery is scheduled or in flight. */
  idle(): Promise<void>;
  reset(): void;
  close(): Promise<void>;
}

function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(new Error(`sandbox cannot listen on ${host}:${port}: ${err.message}`));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function shut(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Starts both fake providers and resolves once they listen. */
export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const host = opts.host ?? '127.0.0.1';
  const publicHost = opts.publicHost ?? 'localhost';
  let chaos: ChaosOptions | null = opts.chaos ?? null;
  const delivery = {
    retryBaseMs: opts.deliveryRetryBaseMs ?? 1000,
    maxAttempts: opts.deliveryMaxAttempts ?? 8,
    timeoutMs: opts.deliveryTimeoutMs ?? 10000,
  };
  let stripePort = 0;
  let paypalPort = 0;
  const stripeWebhook = {
    url: opts.stripeWebhookUrl,
    secret: opts.stripeWebhookSecret ?? stripeSecret('whsec_'),
    enabledEvents: opts.stripeEnabledEvents ?? ['*'],
  };
  const paypalWebhook = { url: opts.paypalWebhookUrl, webhookId: opts.paypalWebhookId ?? paypalId() };
  const chaosAccess = {
    get: () => chaos,
    set: (c: ChaosOptions | null) => setChaos(c),
  };
  const stripe = createStripeServer({
    webhook: stripeWebhook,
    chaos: chaosAccess,
    ...delivery,
    pageBaseUrl: () => `http://${publicHost}:${stripePort}`,
    logger: opts.logger,
  });
  const paypal = createPayPalServer({
    webhook: paypalWebhook,
    chaos: chaosAccess,
    ...delivery,
    baseUrl: () => `http://${publicHost}:${paypalPort}`,
    logger: opts.logger,
  });
  function setChaos(c: ChaosOptions | null): void {
    chaos = c;
    stripe.queue.reseed(c?.seed);
    paypal.queue.reseed(c?.seed === undefined ? undefined : c.seed + 1);
  }
  setChaos(chaos);

  const stripeServer = http.createServer(stripe.app);
  const paypalServer = http.createServer(paypal.app);
  try {
    stripePort = await listen(stripeServer, opts.stripePort ?? 12111, host);
    paypalPort = await listen(paypalServer, opts.paypalPort ?? 12112, host);
  } catch (err) {
    await Promise.all([shut(stripeServer), shut(paypalServer)]);
    throw err;
  }

  return {
    stripe: {
      port: stripePort,
      url: `http://${publicHost}:${stripePort}`,
      webhookSecret: stripeWebhook.secret,
      secretKey: SANDBOX_KEYS.stripeSecretKey,
      publishableKey: SANDBOX_KEYS.stripePublishableKey,
    },
    paypal: {
      port: paypalPort,
      url: `http://${publicHost}:${paypalPort}`,
      webhookId: paypalWebhook.webhookId,
      certUrl: paypal.certUrl(),
      certPem: paypal.certPem,
      clientId: SANDBOX_KEYS.paypalClientId,
      clientSecret: SANDBOX_KEYS.paypalClientSecret,
    },
    setWebhookUrls(urls) {
      if ('stripe' in urls) stripeWebhook.url = urls.stripe;
      if ('paypal' in urls) paypalWebhook.url = urls.paypal;
    },
    setChaos,
    deliveries: () => ({ stripe: stripe.queue.attempts(), paypal: paypal.queue.attempts() }),
    idle: async () => {
      await Promise.all([stripe.queue.idle(), paypal.queue.idle()]);
    },
    reset() {
      stripe.reset();
      paypal.reset();
    },
    async close() {
      stripe.queue.close();
      paypal.queue.close();
      await Promise.all([shut(stripeServer), shut(paypalServer)]);
    },
  };
}
