/**
 * Saved payment methods as the HTTP API shows them (mirrors the backend's PaymentMethodView in
 * backend/src/services/payment-methods/payment-method-views.ts). Shared by account/ (the
 * Payment methods page) and catalog/ (paying a course with a saved PayPal wallet).
 */
import { PaymentProvider } from '../payments/payment-models';

export type PaymentMethodType = 'card' | 'paypal';

export interface PaymentMethod {
  /** Our id: the one the routes (and a checkout's `paymentMethodId`) take. */
  id: string;
  provider: PaymentProvider;
  type: PaymentMethodType;
  /** Card network in lower case as the provider names it (`visa`, `mastercard`, `amex`, …); null for PayPal. */
  brand: string | null;
  last4: string | null;
  expMonth: number | null;
  expYear: number | null;
  /** The PayPal wallet's email; null for cards. */
  email: string | null;
  /** What a person recognises: "Visa •••• 4242", "PayPal (ana@example.com)". */
  label: string;
  /** The method this provider charges by default: one per provider at most. */
  isDefault: boolean;
  /** A card past the end of its expiry month. */
  expired: boolean;
  createdAt: string;
}

/** `POST /api/payment-methods/setup`: where to send the student to add a method. */
export interface SetupStarted {
  setupId: string;
  provider: PaymentProvider;
  /** The provider's page (Stripe's hosted setup page, PayPal's approval page). */
  setupUrl: string;
}
