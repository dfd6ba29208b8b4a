import type { DomainEvent, PaymentRef } from '../../src/domain/events/domain-event';

/** The payment a payment event points at; fails the test on a subscription event. */
export function paymentRefOf(event: DomainEvent): PaymentRef {
  if (event.kind.startsWith('Subscription')) throw new Error(`${event.kind} has no payment ref`);
  return event.ref as PaymentRef;
}
