import type { DisputeState, RefundState } from '../events/domain-event';
import { InvalidMoneyError, money, type Money } from '../money';
import { holdsAmount } from './refund-state-machine';

export interface RefundFact {
  id: string;
  amount: Money;
  status: RefundState;
}

export interface DisputeFact {
  id: string;
  amount: Money;
  status: DisputeState;
}

/** What is left of a paid amount once refunds and lost chargebacks are counted. */
export interface RefundBalance {
  paid: Money;
  /** Succeeded refunds. */
  refunded: Money;
  /** Refunds on their way (pending, requires_action): not refundable a second time. */
  reserved: Money;
  /** Chargebacks lost: the bank gave that money back to the buyer. */
  lostToDisputes: Money;
  /** paid - refunded - reserved - lost, never below zero. */
  refundable: Money;
}

export function refundBalance(
  paid: Money,
  refunds: readonly RefundFact[],
  disputes: readonly DisputeFact[],
): RefundBalance {
  const sum = (items: readonly { amount: Money }[]) =>
    items.reduce((total, item) => {
      if (item.amount.currency !== paid.currency) {
        throw new InvalidMoneyError(`A ${item.amount.currency} amount on a ${paid.currency} payment`);
      }
      return total + item.amount.amount;
    }, 0);
  const refunded = sum(refunds.filter((r) => r.status === 'succeeded'));
  const reserved = sum(refunds.filter((r) => holdsAmount(r.status) && r.status !== 'succeeded'));
  const lost = sum(disputes.filter((d) => d.status === 'lost'));
  const left = paid.amount - refunded - reserved - lost;
  return {
    paid,
    refunded: money(refunded, paid.currency),
    reserved: money(reserved, paid.currency),
    lostToDisputes: money(lost, paid.currency),
    refundable: money(Math.max(0, left), paid.currency),
  };
}
