/**
 * Who started a refund: an admin of ours, the provider's dashboard or API outside the product
 * (found by webhook or reconciliation), or the product itself refunding a duplicate purchase.
 */
export const REFUND_ORIGINS = ['admin', 'provider', 'duplicate_purchase'] as const;
export type RefundOrigin = (typeof REFUND_ORIGINS)[number];
