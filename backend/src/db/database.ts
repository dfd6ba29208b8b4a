import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { Config } from '../config/config';
import type { Logger } from '../logger';
import { createDataSource } from './data-source';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';
import { withStartupLock } from './startup-lock';

export interface Database {
  dataSource: DataSource;
  url: string;
  /** True when the server is the embedded one started by this process. */
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * Connects to DATABASE_URL, or starts the embedded PostgreSQL (data under DATA_DIR/postgres,
 * kept between starts), then applies pending migrations. The embedded server's package is only
 * loaded on that path.
 */
export async function openDatabase(config: Config, logger: Logger): Promise<Database> {
  const embedded = config.databaseUrl ? undefined : await startEmbedded(config, logger);
  const url = config.databaseUrl ?? embedded!.url;
  const dataSource = createDataSource({ url });
  try {
    await dataSource.initialize();
    // Several processes may start at once on one database: one migrates, the others then find nothing to do.
    const applied = await withStartupLock(dataSource, () => dataSource.runMigrations({ transaction: 'each' }));
    if (applied.length) logger.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  return {
    dataSource,
    url,
    embedded: embedded !== undefined,
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
    },
  };
}

async function startEmbedded(config: Config, logger: Logger): Promise<EmbeddedPostgres> {
  // loadConfig refuses this already; checked again so no path starts a known-password server for real money.
  if (config.realMoney) {
    throw new Error('DATABASE_URL is required when real money can move; the embedded PostgreSQL is for development');
  }
  return startEmbeddedPostgres({
    dataDir: path.join(config.dataDir, 'postgres'),
    port: config.embeddedPostgresPort,
    persistent: true,
    onLog: (line) => logger.debug({ component: 'embedded-postgres' }, line),
  });
}
