import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');

export interface RunningApp {
  baseUrl: string;
  /** The app's embedded PostgreSQL, for tests that stage a fault the way an operator would meet one. */
  databaseUrl: string;
  /**
   * The development mail catcher's page, as the banner prints it (no SMTP_URL: everything the
   * app sends is caught there); empty when the app runs no catcher (SMTP_URL or MAIL_DISABLED set).
   */
  mailUrl: string;
  logs(): string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * Starts the built app exactly as `npm start` runs it (node backend/dist/server.js: embedded
 * PostgreSQL, offline sandbox, demo data, SPA and API on one port), on free ports and with a
 * fresh data directory so runs never share state.
 */
export async function startApp(options: { env?: Record<string, string> } = {}): Promise<RunningApp> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'lms-e2e-'));
  chmodSync(dataDir, 0o755); // embedded PostgreSQL runs as its own user under root
  const [port, pgPort, stripePort, paypalPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['backend/dist/server.js'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      APP_BASE_URL: `http://localhost:${port}`,
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(pgPort),
      SANDBOX_STRIPE_PORT: String(stripePort),
      SANDBOX_PAYPAL_PORT: String(paypalPort),
      // The mail catcher on any free ports (the banner names them): apps side by side never share one.
      MAIL_CATCHER_SMTP_PORT: '0',
      MAIL_CATCHER_WEB_PORT: '0',
      SMTP_URL: '',
      MAIL_DISABLED: 'false',
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      STRIPE_SECRET_KEY: '',
      PAYPAL_CLIENT_ID: '',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const baseUrl = `http://localhost:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  let mailUrl: string;
  try {
    await waitUntilReady(child, baseUrl, () => output);
    mailUrl = await mailCatcherUrl(() => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    baseUrl,
    // The embedded server's fixed local credentials and default database (backend/src/db/embedded-postgres.ts).
    databaseUrl: `postgres://postgres:postgres@127.0.0.1:${pgPort}/lms`,
    mailUrl,
    logs: () => output,
    stop,
  };
}

/** Polls `/readyz` until the process answers 200; fails when it exits first or takes over 90 s. */
export async function waitUntilReady(child: ChildProcess, baseUrl: string, output: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`app exited early (${child.exitCode}):\n${output()}`);
    try {
      const res = await fetch(`${baseUrl}/readyz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`app not ready within 90 s:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * The catcher's page from the banner's `Mail:` line (`Mail: caught locally, open <url> ...`),
 * or '' when the line says mail goes elsewhere. The banner follows readiness by moments.
 */
export async function mailCatcherUrl(output: () => string): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const line = /^ {2}Mail: .*$/m.exec(output())?.[0];
    if (line) return /^ {2}Mail: caught locally, open (http:\/\/\S+) /.exec(line)?.[1] ?? '';
    if (Date.now() > deadline) throw new Error(`no "Mail:" line in the banner within 10 s:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
