import type Stripe from 'stripe';
import type { Logger } from '../../logger';
import type { CustomerCapability } from '../payment-provider';
import type { StripeClient } from './stripe-client';
import { callStripe } from './stripe-errors';

export function customerCreateParams(user: { id: string; email: string; name: string }): Stripe.CustomerCreateParams {
  return { email: user.email, name: user.name, metadata: { user_id: user.id } };
}

/** One Stripe customer per user, however often this is retried. */
export function customerIdempotencyKey(userId: string): string {
  return `customer:${userId}`;
}

export class StripeCustomers implements CustomerCapability {
  constructor(
    private readonly stripe: StripeClient,
    private readonly logger?: Logger,
  ) {}

  async ensureCustomer(user: { id: string; email: string; name: string }): Promise<string> {
    const customer = await callStripe(
      'customers.create',
      () =>
        this.stripe.customers.create(customerCreateParams(user), { idempotencyKey: customerIdempotencyKey(user.id) }),
      this.logger,
    );
    return customer.id;
  }
}
