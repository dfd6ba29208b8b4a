import type { ProviderName } from '../../domain/payments/payment-status';
import type { Repositories } from '../../repositories/data-store';

/** Gives a student's provider customer a default once it has a method and none is set. */
export const PAYMENT_METHOD_DEFAULT_JOB = 'payment-method-adopt-default';

export interface PaymentMethodDefaultJob {
  userId: string;
  provider: ProviderName;
}

/**
 * A method saved without our setup flow (the card a Stripe subscription checkout attached, a
 * setup whose student never came back) leaves the customer without a default, so invoices and
 * renewals would have nothing to fall back on. Choosing one is a provider call, so it is a job
 * after the commit, never a call from the event handler.
 */
export async function enqueueAdoptDefault(tx: Repositories, job: PaymentMethodDefaultJob): Promise<void> {
  await tx.jobs.enqueue(PAYMENT_METHOD_DEFAULT_JOB, job, {
    singletonKey: `payment-method-default:${job.userId}:${job.provider}`,
    retryLimit: 5,
  });
}
