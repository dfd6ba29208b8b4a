import type { DomainEvent } from '../../domain/events/domain-event';
import { ProviderError } from '../../errors/provider-error';
import type { CheckoutSession } from '../capabilities/checkout';
import type { SubscriptionCapability } from '../payment-provider';

/** Being built (issue 12): every call refuses until the adapter lands. */
export class StripeSubscriptions implements SubscriptionCapability {
  readonly cancelsAtPeriodEnd = true;

  private notYet(): never {
    throw new ProviderError('unavailable', 'stripe', 'Stripe subscriptions are not built yet', { code: 'not_built' });
  }

  async createPlanPrice(): Promise<string> {
    return this.notYet();
  }

  async createSubscriptionCheckout(): Promise<CheckoutSession> {
    return this.notYet();
  }

  async cancelSubscription(): Promise<DomainEvent[]> {
    return this.notYet();
  }

  async resumeSubscription(): Promise<DomainEvent[]> {
    return this.notYet();
  }

  async getSubscription(): Promise<DomainEvent[]> {
    return this.notYet();
  }
}
