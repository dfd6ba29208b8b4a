import type { Money } from '../money';

/**
 * The money a payment took: what the provider confirmed when it differed from what we expected
 * (kept from its review), otherwise the expected amount. Refunds, chargebacks and the balance
 * count against this, so a payment resolved after review is refunded in the money it was paid in.
 */
export function paidMoney(expected: Money, confirmed: Money | null): Money {
  return confirmed ?? expected;
}
