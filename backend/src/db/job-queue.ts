import PgBoss from 'pg-boss';

export interface JobQueueOptions {
  /**
   * False for a process that only sends jobs (ROLE=api): it keeps no cron clock and does no
   * queue maintenance; the processes that run the jobs do both.
   */
  runsJobs?: boolean;
}

/**
 * The durable job queue (pg-boss) on the product's own PostgreSQL. One instance per process,
 * shared by the workers (jobs/) and by repositories that enqueue work inside a transaction.
 */
export function createJobQueue(databaseUrl: string, options: JobQueueOptions = {}): PgBoss {
  const runsJobs = options.runsJobs ?? true;
  return new PgBoss({
    connectionString: databaseUrl,
    schema: 'pgboss',
    max: 4,
    ...(runsJobs ? {} : { supervise: false, schedule: false }),
  });
}
