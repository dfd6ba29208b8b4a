import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { freePort, ROOT, waitUntilReady } from './app-process';

/**
 * The processes of a deployment that scales out, as the README's "Scaling out" runs them: one
 * shared sandbox started as `npm run sandbox` starts it (node sandbox/dist/cli.js), and app
 * processes started from the build (node backend/dist/server.js) with a ROLE, all on one
 * PostgreSQL and pointed at the sandbox with its keys, as at real providers.
 */

/** What a webhook delivery attempt looks like in the sandbox's log (`GET /_sandbox/deliveries`). */
export interface DeliveryAttempt {
  eventId: string;
  eventType: string;
  url: string;
  attempt: number;
  copy: number;
  outcome: 'delivered' | 'http_error' | 'network_error' | 'timeout' | 'chaos_timeout';
  statusCode: number | null;
  abandoned: boolean;
}

export interface SandboxProcess {
  /** Browser-facing base URLs of the hosted pages, and where the controls are. */
  stripeUrl: string;
  paypalUrl: string;
  /** The variables an app process needs to use this sandbox as its providers. */
  providerEnv: Record<string, string>;
  /** Points both providers' webhooks at this app (or balancer), as `POST /_sandbox/webhook` does. */
  sendWebhooksTo(baseUrl: string): Promise<void>;
  deliveries(): Promise<{ pending: number; attempts: DeliveryAttempt[] }>;
  logs(): string;
  stop(): Promise<void>;
}

export interface SandboxProcessOptions {
  /** The app (or the balancer in front of it) that receives the webhooks; see also `sendWebhooksTo`. */
  webhookBaseUrl?: string;
  /** SANDBOX_CHAOS, e.g. `duplicate=0.3,reorder=0.3,delay=0-300,timeout=0.1,seed=7`. */
  chaos?: string;
  /** SANDBOX_RETRY_BASE_MS: the first retry of a failed delivery waits this long, then doubles. */
  retryBaseMs?: number;
}

export async function startSandboxProcess(options: SandboxProcessOptions): Promise<SandboxProcess> {
  const [stripePort, paypalPort] = [await freePort(), await freePort()];
  const webhookSecret = `whsec_${randomBytes(24).toString('hex')}`;
  const webhookId = `WH${randomBytes(8).toString('hex').toUpperCase()}`;
  const webhookUrl = (base: string, provider: string) => `${base}/api/payments/webhook/${provider}`;
  const { child, output } = spawnLogged(['sandbox/dist/cli.js'], {
    SANDBOX_STRIPE_PORT: String(stripePort),
    SANDBOX_PAYPAL_PORT: String(paypalPort),
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    PAYPAL_WEBHOOK_ID: webhookId,
    ...(options.webhookBaseUrl
      ? {
          SANDBOX_STRIPE_WEBHOOK_URL: webhookUrl(options.webhookBaseUrl, 'stripe'),
          SANDBOX_PAYPAL_WEBHOOK_URL: webhookUrl(options.webhookBaseUrl, 'paypal'),
        }
      : {}),
    SANDBOX_CHAOS: options.chaos ?? 'off',
    SANDBOX_RETRY_BASE_MS: String(options.retryBaseMs ?? 500),
    SANDBOX_QUIET: '1',
  });
  const stripeUrl = `http://localhost:${stripePort}`;
  const paypalUrl = `http://localhost:${paypalPort}`;
  await waitFor(child, output, async () => (await fetch(`${paypalUrl}/_sandbox/config`)).ok, 'sandbox');
  const deliveriesOf = async (base: string) =>
    (await (await fetch(`${base}/_sandbox/deliveries`)).json()) as { pending: number; data: DeliveryAttempt[] };
  return {
    stripeUrl,
    paypalUrl,
    // The keys `npm run sandbox` prints; any sk_test_ key and any PayPal id and secret work.
    providerEnv: {
      STRIPE_SECRET_KEY: 'sk_test_sandbox',
      STRIPE_PUBLISHABLE_KEY: 'pk_test_sandbox',
      STRIPE_WEBHOOK_SECRET: webhookSecret,
      STRIPE_API_BASE: `http://127.0.0.1:${stripePort}`,
      PAYPAL_CLIENT_ID: 'sandbox-client-id',
      PAYPAL_SECRET: 'sandbox-client-secret',
      PAYPAL_ENV: 'sandbox',
      PAYPAL_WEBHOOK_ID: webhookId,
      PAYPAL_API_BASE: `http://127.0.0.1:${paypalPort}`,
    },
    async sendWebhooksTo(baseUrl) {
      for (const [base, provider] of [
        [stripeUrl, 'stripe'],
        [paypalUrl, 'paypal'],
      ]) {
        const res = await fetch(`${base}/_sandbox/webhook`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ url: webhookUrl(baseUrl, provider) }),
        });
        if (!res.ok) throw new Error(`sandbox webhook control answered ${res.status}`);
      }
    },
    async deliveries() {
      const [stripe, paypal] = await Promise.all([deliveriesOf(stripeUrl), deliveriesOf(paypalUrl)]);
      return { pending: stripe.pending + paypal.pending, attempts: [...stripe.data, ...paypal.data] };
    },
    logs: () => output(),
    stop: () => stopChild(child, 'SIGTERM'),
  };
}

export type Role = 'all' | 'api' | 'worker';

export interface AppProcess {
  role: Role;
  baseUrl: string;
  logs(): string;
  /** False once the process has exited, whatever the reason. */
  running(): boolean;
  /** Kills the process at once, as a crash would (no shutdown, no goodbye to the database). */
  crash(): Promise<void>;
  /** Starts it again with the same settings and port; resolves when it is ready. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface AppProcessOptions {
  role: Role;
  databaseUrl: string;
  sandbox: SandboxProcess;
  /** Shared by every API process of a fleet, or a token from one is refused by the others. */
  jwtSecret: string;
  env?: Record<string, string>;
}

/** One product process from the build; resolves once `/readyz` answers (a worker serves it too). */
export async function startAppProcess(options: AppProcessOptions): Promise<AppProcess> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = {
    NODE_ENV: 'development',
    ROLE: options.role,
    PORT: String(port),
    HOST: '127.0.0.1',
    APP_BASE_URL: baseUrl,
    DATABASE_URL: options.databaseUrl,
    JWT_SECRET: options.jwtSecret,
    SEED_DEMO_DATA: 'true',
    LOG_LEVEL: 'warn',
    // Any free ports for the mail catcher of each process that runs jobs: a fleet never shares one.
    MAIL_CATCHER_SMTP_PORT: '0',
    MAIL_CATCHER_WEB_PORT: '0',
    ...options.sandbox.providerEnv,
    ...options.env,
  };
  let current = spawnLogged(['backend/dist/server.js'], env);
  let earlier = '';
  const logs = () => earlier + current.output();
  const ready = async () => {
    try {
      await waitUntilReady(current.child, baseUrl, logs);
    } catch (error) {
      await stopChild(current.child, 'SIGKILL');
      throw error;
    }
  };
  await ready();
  return {
    role: options.role,
    baseUrl,
    logs,
    running: () => current.child.exitCode === null && current.child.signalCode === null,
    crash: () => stopChild(current.child, 'SIGKILL'),
    async restart() {
      await stopChild(current.child, 'SIGKILL');
      earlier = logs();
      current = spawnLogged(['backend/dist/server.js'], env);
      await ready();
    },
    stop: () => stopChild(current.child, 'SIGTERM'),
  };
}

/** A fresh JWT secret for one fleet. */
export function fleetJwtSecret(): string {
  return randomBytes(32).toString('hex');
}

function spawnLogged(args: string[], env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    // Only what the process needs: nothing from the caller's DATABASE_URL or provider keys leaks in.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

async function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

async function waitFor(
  child: ChildProcess,
  output: () => string,
  check: () => Promise<boolean>,
  what: string,
): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited early (${child.exitCode}):\n${output()}`);
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} not ready within 30 s:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
