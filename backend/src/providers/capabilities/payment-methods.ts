import type { PaymentMethodEvent, SavedMethodDetails } from '../../domain/events/domain-event';

/** Saving a method without a charge: Stripe Checkout in setup mode, a PayPal vault v3 setup token. */
export interface SetupSessionRequest {
  /** Our setup id, carried in metadata so the provider's objects point back to it. */
  setupId: string;
  userId: string;
  customer: { email: string; name: string; providerCustomerId?: string };
  /** Our return page with our own query params (setupId, provider); adapters add what their provider needs. */
  returnUrl: string;
  cancelUrl: string;
  /** Derived from our setup id (`payment-method-setup:<setupId>`). */
  idempotencyKey: string;
  /** When our setup row was written; expiry counts from it, so a retry sends the same parameters. */
  startedAt: Date;
}

export interface SetupSession {
  /** Stripe Checkout Session id (`cs_…`), PayPal setup token id. */
  providerSetupId: string;
  /** The provider's page where the student enters or approves the method. */
  setupUrl: string;
  expiresAt?: Date;
}

/** A saved method as the provider holds it, with the customer it belongs to. */
export interface SavedPaymentMethod extends SavedMethodDetails {
  /** Stripe `cus_…`; PayPal's vault customer id, which PayPal creates with the first token. */
  providerCustomerId: string;
}

/** What a provider holds for one customer: its saved methods and the one it charges by default. */
export interface CustomerPaymentMethods {
  methods: SavedPaymentMethod[];
  /** Stripe `invoice_settings.default_payment_method`; PayPal has no such notion: always null. */
  defaultPaymentMethodId: string | null;
}

/** What finishing a setup on the student's return found. */
export type SetupOutcome =
  /** The method is saved; `events` record it (PaymentMethodAttached), as its webhook would. */
  | { kind: 'saved'; method: SavedPaymentMethod; events: PaymentMethodEvent[] }
  /** The student has not finished on the provider's page yet (or left it). */
  | { kind: 'not_completed' }
  /** The setup can no longer complete (Stripe session expired, PayPal token expired). */
  | { kind: 'expired' };

/**
 * Saved payment methods. Card data never reaches us: methods are entered on the provider's page.
 * Every call that creates something carries the caller's idempotency key.
 */
export interface PaymentMethodCapability {
  /**
   * Whether the provider has a default method of its own (Stripe: the customer's
   * `invoice_settings.default_payment_method`, which pays invoices and renewals). PayPal does
   * not: the default is ours only, and a PayPal subscription is paid by the subscriber's account
   * whatever is in the vault.
   */
  readonly keepsDefault: boolean;

  /**
   * Whether our checkout can name a saved method for the provider to charge (PayPal: an order
   * paid with `payment_source.paypal.vault_id`). Stripe cannot through Checkout: its page offers
   * the customer's saved cards itself.
   */
  readonly paysCheckouts: boolean;

  createSetupSession(request: SetupSessionRequest): Promise<SetupSession>;

  /**
   * Finishes a setup when the student comes back (Stripe: reads the session's SetupIntent and
   * its method; PayPal: turns the approved setup token into a payment token). Idempotent: the
   * same key gives the same method.
   */
  completeSetup(
    providerSetupId: string,
    options: { providerCustomerId?: string; idempotencyKey: string },
  ): Promise<SetupOutcome>;

  /** One method, or null when the provider no longer has it on a customer. */
  getPaymentMethod(providerPaymentMethodId: string): Promise<SavedPaymentMethod | null>;

  listPaymentMethods(providerCustomerId: string): Promise<CustomerPaymentMethods>;

  /** Stripe: sets the customer's invoice default. PayPal (keepsDefault false): does nothing. */
  setDefaultPaymentMethod(
    providerCustomerId: string,
    providerPaymentMethodId: string,
    idempotencyKey: string,
  ): Promise<void>;

  /** Stripe: the method a subscription's renewals are charged to. PayPal: does nothing. */
  setSubscriptionPaymentMethod(
    providerSubscriptionId: string,
    providerPaymentMethodId: string,
    idempotencyKey: string,
  ): Promise<void>;

  /** Stripe: detach; PayPal: delete the payment token. A method already gone is `already_gone`, not an error. */
  detachPaymentMethod(providerPaymentMethodId: string, idempotencyKey: string): Promise<'detached' | 'already_gone'>;
}
