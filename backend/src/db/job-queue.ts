import PgBoss from 'pg-boss';

/**
 * The durable job queue (pg-boss) on the product's own PostgreSQL. One instance per process,
 * shared by the workers (jobs/) and by repositories that enqueue work inside a transaction.
 */
export function createJobQueue(databaseUrl: string): PgBoss {
  return new PgBoss({ connectionString: databaseUrl, schema: 'pgboss', max: 4 });
}
