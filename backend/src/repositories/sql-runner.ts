import type { PoolClient, QueryResultRow } from 'pg';
import type { EntityManager } from 'typeorm';

/**
 * How repositories talk to PostgreSQL: on the caller's transaction when there is one, otherwise
 * on a pooled connection for one statement. Always the real rows (TypeORM's raw result for an
 * UPDATE is `[rows, count]`, which once hid a broken "was a row claimed?" check).
 */
export class SqlRunner {
  constructor(private readonly manager: EntityManager) {}

  async query<T extends QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
    const own = this.manager.queryRunner;
    const runner = own ?? this.manager.connection.createQueryRunner();
    try {
      const result = await runner.query(text, values, true);
      return (result.records ?? []) as T[];
    } finally {
      if (!own) await runner.release();
    }
  }

  /**
   * A named, server-side prepared statement: PostgreSQL parses and plans it once per connection
   * instead of on every call, which is most of its cost on the webhook hot path. Only for fixed
   * statements run per event, inside a transaction.
   */
  async prepared<T extends QueryResultRow>(name: string, text: string, values: unknown[]): Promise<T[]> {
    const runner = this.manager.queryRunner;
    if (!runner) return this.query<T>(text, values);
    const client = (await runner.connect()) as PoolClient;
    const result = await client.query<T>({ name, text, values });
    return result.rows;
  }
}
