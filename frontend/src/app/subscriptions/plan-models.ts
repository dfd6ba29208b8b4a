/** Plan and subscription-checkout types of the public HTTP API (see the API section of the root README.md). */
import { PaymentProvider } from '../core/payments/payment-models';
import { OfferedPrice } from '../core/payments/provider-offer';
import { PlanInterval } from '../core/subscriptions/subscription-models';

/** A published plan (`GET /api/plans?currency=`), priced in the asked currency. */
export interface Plan {
  id: string;
  slug: string;
  name: string;
  description: string;
  interval: PlanInterval;
  /** Free days before the first charge; 0 for none. */
  trialDays: number;
  price: OfferedPrice;
}

/** What `POST /api/subscriptions/checkout/:planId` answers: where to send the browser. */
export interface SubscriptionCheckout {
  subscriptionId: string;
  provider: PaymentProvider;
  /** Stripe Checkout Session id (`cs_…`) or PayPal subscription id (`I-…`). */
  providerSessionId: string;
  checkoutUrl: string;
}
