import { paidMoney } from '../../domain/payments/paid-money';
import type { ProviderName } from '../../domain/payments/payment-status';
import type { SettlementPayment } from '../../domain/payments/payment-transition';
import type { Repositories } from '../../repositories/data-store';
import { REFUND_SUBMIT_JOB, type RefundSubmitJob } from './refund-jobs';

/**
 * A student never pays twice for one course. When a second payment completes anyway (two tabs
 * with two providers, a late asynchronous debit) it grants nothing, and this refunds it in full:
 * the refund row and its job are written in the settlement's transaction, with a key of its
 * own, and the provider call happens after commit.
 */
export async function refundDuplicatePurchase(
  tx: Repositories,
  payment: Pick<SettlementPayment, 'id' | 'expected' | 'confirmed' | 'courseId'>,
  provider: ProviderName,
  actor: string,
): Promise<void> {
  const paid = paidMoney(payment.expected, payment.confirmed);
  const refund = await tx.refunds.create({
    paymentId: payment.id,
    provider,
    amount: paid,
    status: 'pending',
    origin: 'duplicate_purchase',
    reason: 'duplicate',
    idempotencyKey: `refund:${payment.id}:duplicate`,
  });
  await tx.audit.append({
    actor,
    action: 'refund.duplicate_purchase',
    entityType: 'refund',
    entityId: refund.id,
    data: {
      paymentId: payment.id,
      courseId: payment.courseId,
      amount: paid.amount,
      currency: paid.currency,
    },
  });
  const job: RefundSubmitJob = { refundId: refund.id };
  await tx.jobs.enqueue(REFUND_SUBMIT_JOB, job, { singletonKey: `refund:${refund.id}`, retryLimit: 10 });
}
