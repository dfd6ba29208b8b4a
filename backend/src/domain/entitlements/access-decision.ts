import { isOpenChargeback } from '../disputes/dispute-state-machine';
import type { DisputeFact, RefundFact } from '../refunds/refund-balance';
import { refundBalance } from '../refunds/refund-balance';
import type { Money } from '../money';

export const ENROLLMENT_STATUSES = ['active', 'suspended', 'revoked'] as const;
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number];

/** `full`: only a full refund revokes; `any`: any succeeded refund does; `never`: refunds keep access. */
export type RefundAccessRule = 'full' | 'any' | 'never';

export interface AccessRules {
  refundRevokesAccess: RefundAccessRule;
  /** An open chargeback suspends the access it paid for. */
  disputeSuspendsAccess: boolean;
}

export interface PurchaseFacts {
  paid: Money;
  refunds: readonly RefundFact[];
  disputes: readonly DisputeFact[];
}

export interface AccessDecision {
  status: EnrollmentStatus;
  /** What decided it: `refund:<id>`, `dispute:<id>`, or the caller's trigger when access stands. */
  cause: string;
}

/**
 * The access a purchase gives, from the facts alone, so applying the same facts again (or in
 * another order) gives the same answer: a lost chargeback revokes (even a partial one: the buyer
 * took the sale back); refunds revoke per the rule; an open chargeback suspends; otherwise active.
 * A refund that fails after succeeding drops out of the facts, which restores the access.
 */
export function decidePurchaseAccess(rules: AccessRules, facts: PurchaseFacts, trigger: string): AccessDecision {
  const lost = facts.disputes.find((d) => d.status === 'lost');
  if (lost) return { status: 'revoked', cause: `dispute:${lost.id}` };

  const balance = refundBalance(facts.paid, facts.refunds, facts.disputes);
  const lastRefund = [...facts.refunds].reverse().find((r) => r.status === 'succeeded');
  if (lastRefund) {
    const revokes =
      rules.refundRevokesAccess === 'any' ||
      (rules.refundRevokesAccess === 'full' && balance.refunded.amount >= facts.paid.amount);
    if (revokes) return { status: 'revoked', cause: `refund:${lastRefund.id}` };
  }

  const open = facts.disputes.find((d) => isOpenChargeback(d.status));
  if (open && rules.disputeSuspendsAccess) return { status: 'suspended', cause: `dispute:${open.id}` };

  return { status: 'active', cause: trigger };
}
