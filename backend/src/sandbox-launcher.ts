import type { Config } from './config/config';
import type { Logger } from './logger';

export interface RunningSandbox {
  describe(): string;
  close(): Promise<void>;
}

/** Why an API or worker process refuses to start without provider keys. */
export class SandboxRoleError extends Error {
  constructor(role: string) {
    super(
      `ROLE=${role} needs provider keys: the in-process sandbox runs only with ROLE=all. Start one shared ` +
        'sandbox (npm run sandbox) and give every process the keys, webhook secret and id it prints, with ' +
        'STRIPE_API_BASE and PAYPAL_API_BASE pointing at it (or use real keys)',
    );
    this.name = 'SandboxRoleError';
  }
}

/**
 * Starts the offline Stripe + PayPal sandbox in-process when no provider keys are configured,
 * with its webhooks pointed at this app. Loaded lazily: production never loads the sandbox.
 * Only a single-process deployment (ROLE=all) has one: the processes of a fleet would each sign
 * with their own generated secret, so they share one sandbox started on its own.
 */
export async function startSandboxIfEnabled(config: Config, logger: Logger): Promise<RunningSandbox | undefined> {
  if (!config.sandbox.enabled || !config.stripe || !config.paypal) return undefined;
  if (config.role !== 'all') throw new SandboxRoleError(config.role);
  const { startSandbox } = await import('@lms/sandbox');
  const local = `http://127.0.0.1:${config.port}`;
  const sandbox = await startSandbox({
    stripePort: config.sandbox.stripePort,
    paypalPort: config.sandbox.paypalPort,
    stripeWebhookSecret: config.stripe.webhookSecret,
    stripeWebhookUrl: `${local}/api/payments/webhook/stripe`,
    paypalWebhookId: config.paypal.webhookId,
    paypalWebhookUrl: `${local}/api/payments/webhook/paypal`,
    logger: (line: string) => logger.debug({ component: 'sandbox' }, line),
  });
  return {
    describe: () =>
      `Sandbox: Stripe ${sandbox.stripe.url}, PayPal ${sandbox.paypal.url} (test card 4242 4242 4242 4242)`,
    close: () => sandbox.close(),
  };
}
