/** Catalog types of the public HTTP API (see the API section of the root README.md). */
import { Money } from '../core/money/money-models';
import { PaymentProvider } from '../core/payments/payment-models';

/** Why a provider cannot take a price: the rule (as checkout would answer it) and the reason in words. */
export interface ProviderUnavailable {
  provider: PaymentProvider;
  code: string;
  message: string;
}

/** A catalog price with the providers that can take it (possibly none). */
export interface CoursePrice extends Money {
  providers: PaymentProvider[];
  unavailable: ProviderUnavailable[];
}

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
