import 'reflect-metadata';
import type { Server } from 'node:http';
import path from 'node:path';
import express, { type Express } from 'express';
import { createApp } from './app';
import { ConfigError, loadConfig, type Config } from './config/config';
import { openDatabase } from './db/database';
import { createJobQueue } from './db/job-queue';
import { DEMO_ADMIN, DEMO_STUDENT, seedDemoData } from './db/seed';
import { withStartupLock } from './db/startup-lock';
import { notFound } from './http/middleware/error.middleware';
import { healthRoutes } from './http/routes/health.routes';
import { Background } from './jobs/background';
import { createLogger, type Logger } from './logger';
import { startMail } from './mail/start-mail';
import { metricsEndpoint } from './metrics/metrics-endpoint';
import { createMetrics, type Metrics } from './metrics/metrics';
import { createProviders } from './providers/provider-registry';
import { createServices, type Services } from './services/container';
import { SandboxRoleError, startSandboxIfEnabled } from './sandbox-launcher';

const FRONTEND_DIR = path.resolve(__dirname, '../../frontend/dist/browser');

async function main(): Promise<void> {
  const config = readConfigOrExit();
  const logger = createLogger(config.logLevel);
  for (const warning of config.warnings) logger.warn({ component: 'config' }, warning);
  const database = await openDatabase(config, logger);
  const closers: (() => Promise<void>)[] = [() => database.close()];

  try {
    const sandbox = await startSandboxIfEnabled(config, logger);
    if (sandbox) closers.unshift(() => sandbox.close());
    const metrics = createMetrics();
    const providers = createProviders(config, logger, { metrics: metrics.providerCalls });
    const jobQueue = createJobQueue(database.url, { runsJobs: config.role !== 'api' });
    metrics.watchJobQueue(jobQueue);
    const mail = await startMail(config, logger);
    // Closed after the background jobs have stopped (closers run first to last): no send is cut off.
    closers.unshift(() => mail.close());
    const services = createServices({
      dataSource: database.dataSource,
      config,
      logger,
      providers,
      jobQueue,
      metrics,
      mailTransport: mail.transport,
    });
    const background = new Background(services, jobQueue, logger, { role: config.role });
    // Processes starting together take turns: the seed and pg-boss's set-up are not concurrency-safe.
    await withStartupLock(database.dataSource, async () => {
      if (config.seedDemoData) {
        const { seeded } = await seedDemoData(database.dataSource);
        if (seeded) logger.info('demo data seeded');
      }
      await background.start();
    });
    closers.unshift(() => background.stop());
    const app =
      config.role === 'worker'
        ? workerApp(services, metrics, config)
        : createApp({
            config,
            logger,
            services,
            dispatcher: background.dispatcher,
            metrics,
            frontendDir: FRONTEND_DIR,
          });
    const server = await listen(app, config);
    closers.unshift(() => closeServer(server));
    printBanner(config, database.embedded, [sandbox?.describe(), mail.describe()]);
  } catch (error) {
    await closeAll(closers, logger);
    throw error;
  }

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    void closeAll(closers, logger).then(() => process.exit(0));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

function readConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** A worker serves only its health checks on PORT, for the orchestrator: no API, no web app. */
/** A worker answers health checks and its own metrics (its job and provider figures), nothing else. */
function workerApp(services: Services, metrics: Metrics, config: Config): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(healthRoutes(services.health));
  app.get('/metrics', metricsEndpoint(metrics.registry, config.metricsToken));
  app.use(notFound);
  return app;
}

function listen(app: Express, config: Config): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(config.port, config.host, (error?: Error) => (error ? reject(error) : resolve(server)));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

async function closeAll(closers: (() => Promise<void>)[], logger: Logger): Promise<void> {
  for (const close of closers) {
    try {
      await close();
    } catch (error) {
      logger.warn({ err: error }, 'error while shutting down');
    }
  }
}

const ROLE_DESCRIPTIONS: Record<Config['role'], string> = {
  all: 'all (API, web app and background jobs in this process)',
  api: 'api (API and web app; background jobs run in ROLE=worker processes)',
  worker: 'worker (background jobs, schedules and documents; /healthz and /readyz only)',
};

function printBanner(config: Config, embeddedDatabase: boolean, extras: (string | undefined)[]): void {
  const lines = [
    '',
    config.role === 'worker'
      ? `  LMS payments worker is running (health checks on port ${config.port})`
      : `  LMS payments is running at ${config.appBaseUrl}`,
    `  Role: ${ROLE_DESCRIPTIONS[config.role]}`,
    `  Database: ${embeddedDatabase ? `embedded PostgreSQL (data in ${path.join(config.dataDir, 'postgres')})` : 'DATABASE_URL'}`,
    `  Providers: ${config.sandbox.enabled ? 'offline sandbox (no keys configured)' : 'keys from the environment'}`,
  ];
  for (const extra of extras) if (extra) lines.push(`  ${extra}`);
  if (config.seedDemoData) {
    lines.push(`  Demo student: ${DEMO_STUDENT.email} / ${DEMO_STUDENT.password}`);
    lines.push(`  Demo admin:   ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password}`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

main().catch((error: unknown) => {
  if (error instanceof SandboxRoleError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`Failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
