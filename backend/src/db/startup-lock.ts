import type { DataSource } from 'typeorm';

/** One fixed advisory lock key for start-up work (the ASCII bytes of "lms-stup"). */
const STARTUP_LOCK_KEY = '7813027567605413232';

/**
 * Runs `work` while holding a session advisory lock on its own connection, so processes that
 * start at the same time take turns: migrations, the demo seed and the job queue's set-up (its
 * schema, queues and schedules) are not written for concurrent runners. A process that dies
 * holding the lock loses its connection, and with it the lock.
 */
export async function withStartupLock<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SELECT pg_advisory_lock(${STARTUP_LOCK_KEY}::bigint)`);
    try {
      return await work();
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(${STARTUP_LOCK_KEY}::bigint)`);
    }
  } finally {
    await runner.release();
  }
}
