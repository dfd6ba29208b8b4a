/** Every status a payment can be in. Transitions between them live in payment-state-machine.ts. */
export const PAYMENT_STATUSES = [
  'pending',
  'processing',
  'completed',
  'failed',
  'canceled',
  'requires_review',
  'partially_refunded',
  'refunded',
  'disputed',
] as const;

export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const PROVIDERS = ['stripe', 'paypal'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

export const REFUND_STATUSES = ['pending', 'succeeded', 'failed', 'canceled'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];
