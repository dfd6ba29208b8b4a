import {
  decideSubscriptionAccess,
  type SubscriptionAccessFacts,
  type SubscriptionAccessRules,
} from '../../domain/subscriptions/subscription-access';
import type { Repositories } from '../../repositories/data-store';

/**
 * Keeps the enrollments a subscription granted in line with what its status and the clock allow:
 * called after every subscription change (inside the caller's transaction, under the
 * subscription's lock) and by the access sweep when a grace period or a paid period runs out.
 * Revoked grants stay revoked (the subscription ended for good); a suspended one comes back
 * when the subscription recovers.
 */
export class SubscriptionAccessSync {
  constructor(private readonly rules: SubscriptionAccessRules) {}

  async sync(
    tx: Repositories,
    subscription: SubscriptionAccessFacts & { id: string },
    actor: string,
    now: Date,
  ): Promise<number> {
    const decision = decideSubscriptionAccess(subscription, this.rules, now);
    const cause = `subscription:${subscription.id}:${subscription.status}`;
    let changed = 0;
    for (const grant of await tx.enrollments.forSubscription(subscription.id)) {
      if (grant.status === decision.enrollments || grant.status === 'revoked') continue;
      if (!(await tx.enrollments.changeStatus(grant.id, decision.enrollments, cause))) continue;
      changed += 1;
      await tx.audit.append({
        actor,
        action: `enrollment.${decision.enrollments}`,
        entityType: 'enrollment',
        entityId: grant.id,
        data: { from: grant.status, cause, subscriptionId: subscription.id, courseId: grant.courseId },
      });
    }
    return changed;
  }
}
