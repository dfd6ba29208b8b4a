import { decidePurchaseAccess, type AccessRules } from '../../domain/entitlements/access-decision';
import type { Money } from '../../domain/money';
import type { Repositories } from '../../repositories/data-store';

/**
 * Keeps the access a purchase gave in line with its money: called after every refund or dispute
 * change, inside the same transaction and under the payment's lock. The decision is made from
 * all the payment's facts, so replays and out-of-order events converge on the same access.
 */
export class PurchaseAccess {
  constructor(private readonly rules: AccessRules) {}

  async sync(tx: Repositories, payment: { id: string; paid: Money }, trigger: string, actor: string): Promise<void> {
    const grant = await tx.enrollments.forPayment(payment.id);
    if (!grant) return;
    const refunds = await tx.refunds.listForPayment(payment.id);
    const disputes = await tx.disputes.listForPayment(payment.id);
    const decision = decidePurchaseAccess(this.rules, { paid: payment.paid, refunds, disputes }, trigger);
    if (decision.status === grant.status) return;
    if (!(await tx.enrollments.changeStatus(grant.id, decision.status, decision.cause))) return;
    await tx.audit.append({
      actor,
      action: `enrollment.${decision.status}`,
      entityType: 'enrollment',
      entityId: grant.id,
      data: { from: grant.status, cause: decision.cause, paymentId: payment.id, courseId: grant.courseId },
    });
  }
}
