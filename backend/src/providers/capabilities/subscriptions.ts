import type { DomainEvent } from '../../domain/events/domain-event';
import type { CheckoutLineItem, CheckoutRequest, CheckoutSession } from './checkout';

/** A recurring line: what the buyer pays each interval. */
export interface SubscriptionLineItem extends CheckoutLineItem {
  interval: 'month' | 'year';
}

export interface SubscriptionCheckoutRequest extends Omit<CheckoutRequest, 'paymentId' | 'lineItem'> {
  /** Our subscription id, carried in metadata/custom_id. */
  subscriptionId: string;
  lineItem: SubscriptionLineItem;
}

/**
 * Not implemented yet: declared so services can be written against it; later work implements
 * it in each adapter and only then adds it to PaymentProvider. `ref` is the provider's
 * subscription id; each method answers with the events the subscription's new state implies.
 */
export interface SubscriptionCapability {
  createSubscriptionCheckout(request: SubscriptionCheckoutRequest): Promise<CheckoutSession>;
  cancelSubscription(ref: string, options: { atPeriodEnd: boolean; idempotencyKey: string }): Promise<DomainEvent[]>;
  resumeSubscription(ref: string, idempotencyKey: string): Promise<DomainEvent[]>;
  getSubscription(ref: string): Promise<DomainEvent[]>;
}
