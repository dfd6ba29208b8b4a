import { emailKeys } from '../../../domain/emails/email-kind';
import type { Logger } from '../../../logger';
import type { DataStore } from '../../../repositories/data-store';
import type { EndingSubscription } from '../../../repositories/email-lifecycle-query.repository';
import { enqueueEmail } from './enqueue-email';
import { previousUtcDay, utcDate, utcDay } from './utc-day';

/** How long before a subscription set to end does end its owner is reminded. */
export const ENDING_SOON_DAYS = 3;
const DAY_MS = 86_400_000;
const BATCH = 500;

/**
 * The emails the clock causes rather than an event: the reminder that a subscription set to
 * cancel ends soon, and the admins' daily digest. Each is keyed by what it is about (the period
 * end, the day), so running a sweep again, or on two workers at once, writes nothing new.
 */
export class ScheduledEmailService {
  constructor(
    private readonly store: DataStore,
    private readonly logger: Logger,
  ) {}

  /**
   * Reminds the owner of every live subscription set to cancel at a period end within the next
   * ENDING_SOON_DAYS, once per period end. `now` is a parameter so a test can stand anywhere.
   * Returns the emails queued.
   */
  async enqueueEndingSoon(now: Date = new Date()): Promise<number> {
    const until = new Date(now.getTime() + ENDING_SOON_DAYS * DAY_MS);
    let queued = 0;
    // Page by page (keyset): those reminded before are met again, so a bare LIMIT would never get past them.
    for (let after: EndingSubscription | undefined; ;) {
      const ending = await this.store.repos.emailLifecycle.endingBetween(now, until, BATCH, after);
      for (const subscription of ending) {
        const written = await enqueueEmail(this.store.repos, {
          key: emailKeys.subscriptionEndingSoon(subscription.id, utcDate(subscription.endsAt)),
          kind: 'subscription_ending_soon',
          userId: subscription.userId,
          subscriptionId: subscription.id,
          data: { endsAt: subscription.endsAt.toISOString() },
        });
        if (written) queued += 1;
      }
      if (ending.length < BATCH) break;
      after = ending[ending.length - 1];
    }
    if (queued) this.logger.info({ queued }, 'subscription ending-soon emails queued');
    return queued;
  }

  /**
   * Queues the admins' digest of one UTC day (`YYYY-MM-DD`) when anything needs a look: webhook
   * events received that day that failed every attempt, or drift reconciliation found that day.
   * Once per day, and only for a day that has ended (a digest of half a day would stand for all
   * of it). Returns whether it was queued now.
   */
  async enqueueDigest(day: string, now: Date = new Date()): Promise<boolean> {
    const range = utcDay(day);
    if (range.to > now) throw new RangeError(`the UTC day ${day} has not ended yet`);
    const counts = await this.store.repos.emailDigest.counts(range);
    if (counts.failedWebhooks === 0 && counts.drifts === 0) return false;
    const written = await enqueueEmail(this.store.repos, {
      key: emailKeys.adminDigest(day),
      kind: 'admin_digest',
      data: { day },
    });
    if (written) this.logger.info({ day, ...counts }, 'admin digest queued');
    return written;
  }

  /** The daily job, shortly after midnight UTC: the digest of the day that just ended. */
  enqueueYesterdaysDigest(now: Date = new Date()): Promise<boolean> {
    return this.enqueueDigest(previousUtcDay(now), now);
  }
}
