import type { ProviderName } from '../../domain/payments/payment-status';
import type { Repositories } from '../../repositories/data-store';

/** Re-reads a student's methods at one provider, then gives the customer a default if it has none. */
export const PAYMENT_METHODS_SYNC_JOB = 'payment-methods-sync';

export interface PaymentMethodsSyncJob {
  userId: string;
  provider: ProviderName;
}

/**
 * Enqueued by the event handlers, which must not call providers:
 * - a method saved outside our setup flow (the card a Stripe subscription checkout attached, a
 *   setup whose student never came back) leaves the customer without a default, and renewals
 *   need one;
 * - two different defaults stamped within the same second (Stripe's events tick in seconds)
 *   cannot be ordered: the provider's current one decides.
 */
export async function enqueueMethodsSync(tx: Repositories, job: PaymentMethodsSyncJob): Promise<void> {
  await tx.jobs.enqueue(PAYMENT_METHODS_SYNC_JOB, job, {
    singletonKey: `payment-methods-sync:${job.userId}:${job.provider}`,
    retryLimit: 5,
  });
}
