/**
 * The checkout outcome of a payment, and nothing else. What happened after the sale (refunds,
 * disputes) lives in its own tables; a payment's display label is derived from them.
 * Transitions between these statuses live in payment-state-machine.ts.
 */
export const PAYMENT_STATUSES = [
  'pending',
  'processing',
  'completed',
  'failed',
  'canceled',
  'requires_review',
] as const;

export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const PROVIDERS = ['stripe', 'paypal'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

/** How a person reads each provider's name (messages, timelines, documents). */
export const PROVIDER_DISPLAY_NAMES: Readonly<Record<ProviderName, string>> = { stripe: 'Stripe', paypal: 'PayPal' };

export const REFUND_STATUSES = ['pending', 'requires_action', 'succeeded', 'failed', 'canceled'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];
