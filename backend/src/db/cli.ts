import 'reflect-metadata';
import { loadConfig } from '../config/config';
import { createLogger } from '../logger';
import { createDataSource } from './data-source';
import { openDatabase } from './database';

/**
 * `npm run migration:run -w backend` / `migration:revert`: applies or reverts migrations on
 * DATABASE_URL (or on the embedded database under DATA_DIR when it is unset).
 */
async function main(command: string | undefined): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  if (command === 'run') {
    const database = await openDatabase(config, logger); // applies pending migrations
    await database.close();
    return;
  }
  if (command === 'revert') {
    if (!config.databaseUrl)
      throw new Error('migration:revert needs DATABASE_URL (it will not touch the embedded database by accident)');
    const dataSource = createDataSource({ url: config.databaseUrl, poolSize: 1 });
    await dataSource.initialize();
    try {
      await dataSource.undoLastMigration({ transaction: 'each' });
      logger.info('last migration reverted');
    } finally {
      await dataSource.destroy();
    }
    return;
  }
  throw new Error(`usage: cli.js run|revert (got '${command ?? ''}')`);
}

main(process.argv[2]).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
