import type { ProviderName } from '../domain/payments/payment-status';
import type { CheckoutCapability } from './capabilities/checkout';
import type { CustomerCapability } from './capabilities/customers';
import type { DisputeCapability } from './capabilities/disputes';
import type { PaymentMethodCapability } from './capabilities/payment-methods';
import type { RefundCapability } from './capabilities/refunds';
import type { SubscriptionCapability } from './capabilities/subscriptions';
import type { WebhookCapability } from './capabilities/webhooks';

/**
 * What a payment provider adapter offers, as small capability interfaces (capabilities/*.ts), so
 * a service depends only on what it uses. Adapters hold the SDK clients, translate our Money to
 * the provider's format and back, raise ProviderError (errors/provider-error.ts) with a
 * provider-neutral kind instead of SDK errors, and never touch the database.
 */

export type { CheckoutCapability, CheckoutLineItem, CheckoutRequest, CheckoutSession } from './capabilities/checkout';
export { SAVED_METHOD_MISSING } from './capabilities/checkout';
export type { CustomerCapability } from './capabilities/customers';
export type { RefundCapability, RefundRequest } from './capabilities/refunds';
export { WebhookVerificationError } from './capabilities/webhooks';
export type { ProviderEvent, WebhookCapability } from './capabilities/webhooks';
export type { DisputeCapability } from './capabilities/disputes';
export type {
  ProviderSubscriptionRef,
  SubscriptionCapability,
  SubscriptionCheckoutRequest,
  SubscriptionPlanPrice,
} from './capabilities/subscriptions';
export type {
  CustomerPaymentMethods,
  PaymentMethodCapability,
  SavedPaymentMethod,
  SetupOutcome,
  SetupSession,
  SetupSessionRequest,
} from './capabilities/payment-methods';

export interface PaymentProvider {
  readonly name: ProviderName;
  readonly checkout: CheckoutCapability;
  readonly customers: CustomerCapability;
  readonly refunds: RefundCapability;
  readonly disputes: DisputeCapability;
  readonly subscriptions: SubscriptionCapability;
  readonly paymentMethods: PaymentMethodCapability;
  readonly webhooks: WebhookCapability;
}

/** How services find the adapter for a provider; implemented by createProviders (provider-registry.ts). */
export interface ProviderLookup {
  /** The adapter; throws a 400 `unsupported_provider` AppError when the provider is unknown or not configured. */
  get(name: string): PaymentProvider;
  /** Whether `name` is a provider configured here. */
  has(name: string): boolean;
  /** Providers with credentials (or the sandbox) configured, in a stable order. */
  configured(): ProviderName[];
}
