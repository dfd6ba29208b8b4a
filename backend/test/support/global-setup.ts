import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createDataSource } from '../../src/db/data-source';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';
import { databaseUrl } from './database-url';

/**
 * Integration tests run against a real PostgreSQL: the one in DATABASE_URL, or an embedded one
 * started here in a temporary directory. A template database with every migration applied is
 * made once; each test file then gets its own copy (CREATE DATABASE … TEMPLATE), so files run in
 * parallel without seeing each other's rows.
 */
export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dir = mkdtempSync(path.join(tmpdir(), 'lms-test-pg-'));
    chmodSync(dir, 0o755); // PostgreSQL runs as its own user when the tests run as root
    const port = 20000 + Math.floor(Math.random() * 20000);
    const server = await startEmbeddedPostgres({
      dataDir: path.join(dir, 'data'),
      port,
      persistent: false,
      database: 'postgres',
    });
    (globalThis as { __embeddedPostgres?: { stop(): Promise<void> } }).__embeddedPostgres = server;
    adminUrl = server.url;
  }
  const template = `lms_test_template_${process.pid}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${template}"`);
    await admin.query(`CREATE DATABASE "${template}"`);
  } finally {
    await admin.end();
  }
  const dataSource = createDataSource({ url: databaseUrl(adminUrl, template), poolSize: 1 });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();

  process.env.TEST_PG_ADMIN_URL = adminUrl;
  process.env.TEST_PG_TEMPLATE = template;
}
