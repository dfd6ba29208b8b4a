/* Standalone sandbox: `npm run sandbox`. Reads the same variables as the product so one setting serves both. */
import { SANDBOX_KEYS, startSandbox } from './index';
import { parseChaos } from './shared/chaos';

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number, got "${raw}"`);
  return n;
}

async function main(): Promise<void> {
  const env = process.env;
  const quiet = env.SANDBOX_QUIET === '1';
  const log = (line: string) => process.stdout.write(`${new Date().toISOString().slice(11, 23)} ${line}\n`);
  const sandbox = await startSandbox({
    stripePort: port('SANDBOX_STRIPE_PORT', 12111),
    paypalPort: port('SANDBOX_PAYPAL_PORT', 12112),
    host: env.SANDBOX_HOST || undefined,
    publicHost: env.SANDBOX_PUBLIC_HOST || undefined,
    stripeWebhookSecret: env.STRIPE_WEBHOOK_SECRET || undefined,
    stripeWebhookUrl: env.SANDBOX_STRIPE_WEBHOOK_URL || undefined,
    paypalWebhookId: env.PAYPAL_WEBHOOK_ID || undefined,
    paypalWebhookUrl: env.SANDBOX_PAYPAL_WEBHOOK_URL || undefined,
    chaos: parseChaos(env.SANDBOX_CHAOS),
    deliveryRetryBaseMs: env.SANDBOX_RETRY_BASE_MS ? Number(env.SANDBOX_RETRY_BASE_MS) : undefined,
    logger: quiet ? undefined : log,
  });
  const generated = (name: string) => (env[name] ? '' : '   (generated; set ' + name + ' to fix it)');
  const lines = [
    '',
    'LMS payments sandbox (offline Stripe + PayPal)',
    '',
    `Stripe   ${sandbox.stripe.url}   API http://127.0.0.1:${sandbox.stripe.port}/v1`,
    `  secret key       ${SANDBOX_KEYS.stripeSecretKey}   (any sk_test_… works)`,
    `  publishable key  ${SANDBOX_KEYS.stripePublishableKey}`,
    `  webhook secret   ${sandbox.stripe.webhookSecret}${generated('STRIPE_WEBHOOK_SECRET')}`,
    `  webhooks to      ${env.SANDBOX_STRIPE_WEBHOOK_URL || '(none; set SANDBOX_STRIPE_WEBHOOK_URL or POST /_sandbox/webhook)'}`,
    '',
    `PayPal   ${sandbox.paypal.url}`,
    `  client id        ${SANDBOX_KEYS.paypalClientId}   (any non-empty id/secret works)`,
    `  client secret    ${SANDBOX_KEYS.paypalClientSecret}`,
    `  webhook id       ${sandbox.paypal.webhookId}${generated('PAYPAL_WEBHOOK_ID')}`,
    `  cert url         ${sandbox.paypal.certUrl}`,
    `  webhooks to      ${env.SANDBOX_PAYPAL_WEBHOOK_URL || '(none; set SANDBOX_PAYPAL_WEBHOOK_URL or POST /_sandbox/webhook)'}`,
    '',
    `Chaos    ${env.SANDBOX_CHAOS ? env.SANDBOX_CHAOS : 'off'}`,
    'Test cards: 4242 4242 4242 4242 ok · 4000 0000 0000 0002 declined · 4000 0000 0000 9995 insufficient funds · 4000 0027 6000 3184 3-D Secure',
    'Controls: /_sandbox/* on each port (see sandbox/README.md). Ctrl+C to stop.',
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
  const stop = () => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`sandbox: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
