import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../backend/src/db/embedded-postgres';
import { freePort } from './app-process';

/** Runs one query on a short-lived connection (the processes under test keep their own pools). */
export interface Queryable {
  query<T = Record<string, unknown>>(text: string, values?: unknown[]): Promise<T[]>;
}

export interface TestDatabase extends Queryable {
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database for one test file: on the machine's PostgreSQL when DATABASE_URL names
 * one (CI's second pass, a developer's server), otherwise on an embedded server started here.
 * The app processes migrate it themselves when they start.
 */
export async function freshDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const server = await startOwnPostgres();
    return { url: server.url, query: server.query, drop: () => server.remove() };
  }
  const name = `lms_e2e_${randomBytes(6).toString('hex')}`;
  await runQuery(serverUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    query: (text, values) => runQuery(url.toString(), text, values),
    drop: async () => {
      await runQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

export interface OwnPostgres extends Queryable {
  url: string;
  /** Stops the server (fast shutdown: open connections are cut); the data stays for `start`. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data directory. */
  start(): Promise<void>;
  /** Stops it and deletes its data. */
  remove(): Promise<void>;
}

/** An embedded PostgreSQL of the test's own, on a free port with a temporary data directory. */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lms-e2e-pg-'));
  chmodSync(dir, 0o755); // PostgreSQL runs as its own user when the tests run as root
  const options = { dataDir: path.join(dir, 'data'), port: await freePort(), persistent: true };
  let server: EmbeddedPostgres | undefined = await startEmbeddedPostgres(options);
  const url = server.url;
  return {
    url,
    query: (text, values) => runQuery(url, text, values),
    async stop() {
      await server?.stop();
      server = undefined;
    },
    async start() {
      server ??= await startEmbeddedPostgres(options);
    },
    async remove() {
      await server?.stop();
      server = undefined;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function runQuery<T>(url: string, text: string, values?: unknown[]): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query(text, values);
    return result.rows as T[];
  } finally {
    await client.end();
  }
}
