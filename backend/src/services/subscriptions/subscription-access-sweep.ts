import type { SubscriptionAccessRules } from '../../domain/subscriptions/subscription-access';
import type { Logger } from '../../logger';
import type { DataStore } from '../../repositories/data-store';
import type { SubscriptionAccessSync } from './subscription-access-sync';

const BATCH = 200;

/**
 * Access that ends with the clock, not with an event: a past_due subscription whose grace ran
 * out, a canceled one whose paid period ended (PayPal). Runs every minute; each subscription is
 * settled in its own transaction under its lock, like an event would be.
 */
export class SubscriptionAccessSweep {
  constructor(
    private readonly store: DataStore,
    private readonly access: SubscriptionAccessSync,
    private readonly rules: SubscriptionAccessRules,
    private readonly logger: Logger,
  ) {}

  /** `now` is a parameter so a test can stand at the end of a grace period. Returns the enrollments changed. */
  async run(now: Date = new Date()): Promise<number> {
    let changed = 0;
    for (const due of await this.store.repos.subscriptions.accessLapsed(now, this.rules.graceDays, BATCH)) {
      changed += await this.store.transaction(async (tx) => {
        const locked = await tx.subscriptions.lockByRef(due.provider, { subscriptionId: due.id });
        return locked ? this.access.sync(tx, locked, 'system:access-sweep', now) : 0;
      });
    }
    if (changed) this.logger.info({ changed }, 'subscription access lapsed');
    return changed;
  }
}
