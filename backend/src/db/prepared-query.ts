import type { PoolClient, QueryResultRow } from 'pg';
import type { EntityManager } from 'typeorm';

/**
 * Runs a named, server-side prepared statement on the connection of the manager's transaction.
 * PostgreSQL then parses and plans it once per connection instead of on every call, which is most
 * of its cost on the webhook hot path. Use only for fixed statements run per event.
 */
export async function preparedQuery<T extends QueryResultRow>(
  manager: EntityManager,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const runner = manager.queryRunner;
  if (!runner) throw new Error('preparedQuery runs inside a transaction (manager.queryRunner is missing)');
  const client = (await runner.connect()) as PoolClient;
  const result = await client.query<T>({ name, text, values });
  return result.rows;
}
