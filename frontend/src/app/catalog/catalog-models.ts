/** Catalog types of the public HTTP API (see the API section of the root README.md). */
import { PaymentProvider } from '../core/payments/payment-models';
import { OfferedPrice } from '../core/payments/provider-offer';

/** A course's price with the providers that can take it (possibly none). */
export type CoursePrice = OfferedPrice;

export interface Course {
  id: string;
  slug: string;
  title: string;
  description: string;
  price: CoursePrice;
}

/** `details` of a 409 `price_changed`: the price now, and the amount the page had shown. */
export interface PriceChangedDetails {
  price: CoursePrice;
  expectedAmount: number;
}

/** What `POST /api/payments/checkout/:courseId` answers: where to send the browser. */
export interface CheckoutSession {
  paymentId: string;
  provider: PaymentProvider;
  providerSessionId: string;
  checkoutUrl: string;
}
