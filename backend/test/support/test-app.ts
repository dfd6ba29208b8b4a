import type { Server } from 'node:http';
import type { Express } from 'express';
import type PgBoss from 'pg-boss';
import request from 'supertest';
import { startSandbox, type Sandbox } from '@lms/sandbox';
import { createApp } from '../../src/app';
import { loadConfig, type Config } from '../../src/config/config';
import { createJobQueue } from '../../src/db/job-queue';
import { seedDemoData } from '../../src/db/seed';
import { Background } from '../../src/jobs/background';
import { smtpTransport } from '../../src/mail/smtp-transport';
import { createLogger, type Logger } from '../../src/logger';
import { createMetrics, type Metrics } from '../../src/metrics/metrics';
import type { ProviderLookup } from '../../src/providers/payment-provider';
import type { AuthLimits } from '../../src/services/auth/auth-throttle';
import { createProviders } from '../../src/providers/provider-registry';
import type { EventHandlers } from '../../src/services/webhooks/event-handler-registry';
import { createServices, type Services } from '../../src/services/container';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface TestContext {
  db: TestDatabase;
  config: Config;
  providers: ProviderLookup;
  /** The pg-boss instance services enqueue on and the background runs (started with `jobs`). */
  jobQueue: PgBoss;
  services: Services;
  background: Background;
  app: Express;
  /** This app's own metrics registry and the ports services report to. */
  metrics: Metrics;
  /** Registers a student (or promotes to admin) directly through the service; returns a bearer token. */
  createUser(
    role?: 'student' | 'admin',
    email?: string,
    name?: string,
  ): Promise<{ id: string; token: string; email: string }>;
  close(): Promise<void>;
}

export interface SandboxTestContext extends TestContext {
  sandbox: Sandbox;
  /** The app listening on a real port, so the sandbox can deliver webhooks to it. */
  baseUrl: string;
}

let counter = 0;

export interface ContextOptions {
  env?: Record<string, string>;
  /** Start pg-boss and the dispatcher's retries (the webhook tests need them). */
  jobs?: boolean;
  /** Handlers replaced in the registry (`null`: as if that feature did not exist yet). */
  handlerOverrides?: Partial<EventHandlers>;
  /** Login and registration limits replaced (the rest stay the defaults). */
  authLimits?: Partial<AuthLimits>;
  /** The app's logger (a test that reads log lines passes one writing to an array). */
  logger?: Logger;
}

export async function createTestContext(options: ContextOptions = {}): Promise<TestContext> {
  const db = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: db.url, ...options.env });
  const logger = options.logger ?? createLogger(process.env.TEST_LOG_LEVEL ?? config.logLevel);
  await seedDemoData(db.dataSource);
  const metrics = createMetrics();
  const providers = createProviders(config, logger, { metrics: metrics.providerCalls });
  const jobQueue = createJobQueue(db.url);
  const mailTransport = config.mail.smtpUrl ? smtpTransport(config.mail.smtpUrl) : undefined;
  metrics.watchJobQueue(jobQueue);
  const services = createServices({
    dataSource: db.dataSource,
    config,
    logger,
    providers,
    jobQueue,
    handlerOverrides: options.handlerOverrides,
    authLimits: options.authLimits,
    metrics,
    mailTransport,
  });
  const background = new Background(services, jobQueue, logger, { role: config.role });
  if (options.jobs) await background.start({ schedule: false });
  const app = createApp({ config, logger, services, dispatcher: background.dispatcher, metrics });
  return {
    db,
    config,
    providers,
    jobQueue,
    services,
    background,
    app,
    metrics,
    async createUser(role = 'student', email, name) {
      counter += 1;
      const address = email ?? `user${counter}-${process.pid}-${Date.now()}@test.example`;
      const session = await services.auth.register(
        { email: address, password: 'correct horse battery', name: name ?? `User ${counter}` },
        null,
      );
      if (role === 'admin') {
        await db.dataSource.query(`UPDATE users SET role = 'admin' WHERE id = $1`, [session.user.id]);
      }
      const token = services.auth.issueToken({ id: session.user.id, role });
      return { id: session.user.id, token, email: address };
    },
    async close() {
      if (options.jobs) await background.stop();
      await mailTransport?.close();
      await db.drop();
    },
  };
}

/** The app wired to a fresh offline sandbox on random ports, listening for its webhooks. */
export async function createSandboxTestContext(options: ContextOptions = {}): Promise<SandboxTestContext> {
  const sandbox = await startSandbox({ stripePort: 0, paypalPort: 0, deliveryRetryBaseMs: 50 });
  const ctx = await createTestContext({
    jobs: true,
    ...options,
    env: {
      STRIPE_API_BASE: sandbox.stripe.url,
      STRIPE_WEBHOOK_SECRET: sandbox.stripe.webhookSecret,
      PAYPAL_API_BASE: sandbox.paypal.url,
      PAYPAL_WEBHOOK_ID: sandbox.paypal.webhookId,
      ...options.env,
    },
  });
  const server: Server = await new Promise((resolve) => {
    const s = ctx.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const baseUrl = `http://127.0.0.1:${port}`;
  sandbox.setWebhookUrls({
    stripe: `${baseUrl}/api/payments/webhook/stripe`,
    paypal: `${baseUrl}/api/payments/webhook/paypal`,
  });
  return {
    ...ctx,
    sandbox,
    baseUrl,
    async close() {
      await sandbox.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await ctx.close();
    },
  };
}

export function api(app: Express) {
  return request(app);
}

/** Polls until `check` returns a value (not undefined) or the time is up. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 15000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
