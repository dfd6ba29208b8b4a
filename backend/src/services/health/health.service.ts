import type { DataStore } from '../../repositories/data-store';

/** Readiness: the process can serve only while its database answers, quickly. */
export class HealthService {
  constructor(
    private readonly store: DataStore,
    private readonly timeoutMs = 2000,
  ) {}

  async databaseReachable(): Promise<boolean> {
    try {
      await Promise.race([
        this.store.ping(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), this.timeoutMs).unref()),
      ]);
      return true;
    } catch {
      return false;
    }
  }
}
