import { isExpired, methodLabel } from '../../domain/payment-methods/method-display';
import type { ProviderName } from '../../domain/payments/payment-status';
import type { PaymentMethodRecord } from '../../repositories/payment-method.repository';

/**
 * What the API shows of a saved method (GET /api/payment-methods). Card data beyond brand, last
 * four digits and expiry never reaches us; a PayPal wallet shows its payer email.
 */
export interface PaymentMethodView {
  /** Our id: the one the routes take. */
  id: string;
  provider: ProviderName;
  type: 'card' | 'paypal';
  /** Card network, lower case as the provider names it (`visa`, `mastercard`, `amex`, ...); null for PayPal. */
  brand: string | null;
  last4: string | null;
  expMonth: number | null;
  expYear: number | null;
  /** The PayPal wallet's email; null for cards. */
  email: string | null;
  /** What a person recognises: "Visa •••• 4242", "PayPal (ana@example.com)". */
  label: string;
  /** The method this provider charges by default (Stripe: invoices and renewals; PayPal: our own choice). */
  isDefault: boolean;
  /** A card past the end of its expiry month. */
  expired: boolean;
  createdAt: string;
}

/** POST /api/payment-methods/setup: where to send the student to add a method. */
export interface SetupStartedView {
  setupId: string;
  provider: ProviderName;
  /** The provider's page (Stripe Checkout in setup mode, PayPal's approval page for a setup token). */
  setupUrl: string;
}

/** The API view of a stored method at `now` (expiry is judged against the clock). */
export function toPaymentMethodView(method: PaymentMethodRecord, now: Date): PaymentMethodView {
  const d = method.details;
  return {
    id: method.id,
    provider: method.provider,
    type: d.type,
    brand: d.brand ?? null,
    last4: d.last4 ?? null,
    expMonth: d.expMonth ?? null,
    expYear: d.expYear ?? null,
    email: d.email ?? null,
    label: methodLabel(d),
    isDefault: method.isDefault,
    expired: isExpired(d, now),
    createdAt: method.createdAt,
  };
}
