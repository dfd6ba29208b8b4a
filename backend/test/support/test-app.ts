import type { Express } from 'express';
import request from 'supertest';
import { createApp } from '../../src/app';
import { loadConfig, type Config } from '../../src/config/config';
import { seedDemoData } from '../../src/db/seed';
import { createLogger } from '../../src/logger';
import type { Services } from '../../src/services/container';
import { createServices } from '../../src/services/container';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface TestContext {
  db: TestDatabase;
  config: Config;
  services: Services;
  app: Express;
  /** Registers a student (or promotes to admin) directly through the service; returns a bearer token. */
  createUser(role?: 'student' | 'admin', email?: string): Promise<{ id: string; token: string; email: string }>;
  close(): Promise<void>;
}

let counter = 0;

export async function createTestContext(env: Record<string, string> = {}): Promise<TestContext> {
  const db = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: db.url, ...env });
  const logger = createLogger(config.logLevel);
  await seedDemoData(db.dataSource);
  const services = createServices({ dataSource: db.dataSource, config, logger });
  const app = createApp({ config, logger, dataSource: db.dataSource, services });
  return {
    db,
    config,
    services,
    app,
    async createUser(role = 'student', email) {
      counter += 1;
      const address = email ?? `user${counter}-${Date.now()}@test.example`;
      const session = await services.auth.register({ email: address, password: 'correct horse battery', name: `User ${counter}` });
      if (role === 'admin') {
        await db.dataSource.query(`UPDATE users SET role = 'admin' WHERE id = $1`, [session.user.id]);
      }
      const token = services.auth.issueToken({ id: session.user.id, role });
      return { id: session.user.id, token, email: address };
    },
    close: () => db.drop(),
  };
}

export function api(app: Express) {
  return request(app);
}
