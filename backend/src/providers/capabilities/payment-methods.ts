import type { CheckoutRequest, CheckoutSession } from './checkout';

/** Saving a payment method without a charge (Stripe setup mode, PayPal vault v3 setup token). */
export type SetupSessionRequest = Omit<CheckoutRequest, 'paymentId' | 'lineItem'>;

export interface SavedPaymentMethod {
  /** Stripe pm_… or PayPal vault payment token id. */
  providerPaymentMethodId: string;
  /** e.g. 'card', 'paypal'. */
  type: string;
  /** What the buyer recognizes: "Visa •••• 4242", a PayPal email. */
  label: string;
  isDefault: boolean;
}

/**
 * Not implemented yet: declared so services can be written against it; later work implements
 * it in each adapter and only then adds it to PaymentProvider.
 */
export interface PaymentMethodCapability {
  createSetupSession(request: SetupSessionRequest): Promise<CheckoutSession>;
  listPaymentMethods(providerCustomerId: string): Promise<SavedPaymentMethod[]>;
  setDefaultPaymentMethod(providerCustomerId: string, providerPaymentMethodId: string): Promise<void>;
  detachPaymentMethod(providerPaymentMethodId: string): Promise<void>;
}
