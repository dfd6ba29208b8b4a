import type { Config } from './config/config';
import type { Logger } from './logger';

export interface RunningSandbox {
  describe(): string;
  close(): Promise<void>;
}

/**
 * Starts the offline Stripe + PayPal sandbox in-process when no provider keys are configured,
 * with its webhooks pointed at this app. Loaded lazily: production never loads the sandbox.
 */
export async function startSandboxIfEnabled(config: Config, logger: Logger): Promise<RunningSandbox | undefined> {
  if (!config.sandbox.enabled || !config.stripe || !config.paypal) return undefined;
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
