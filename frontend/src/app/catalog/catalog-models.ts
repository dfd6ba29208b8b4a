/** Catalog types of the public HTTP API (see the API section of the root README.md). */
import { Money } from '../core/money/money-models';
import { PaymentProvider } from '../core/payments/payment-models';

export interface Course {
  id: string;
  slug: string;
  title: string;
  description: string;
  price: Money;
}

/** What `POST /api/payments/checkout/:courseId` answers: where to send the browser. */
export interface CheckoutSession {
  paymentId: string;
  provider: PaymentProvider;
  providerSessionId: string;
  checkoutUrl: string;
}
