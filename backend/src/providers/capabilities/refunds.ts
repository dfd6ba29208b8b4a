import type { PaymentRef, RefundUpdated } from '../../domain/events/domain-event';
import type { Money } from '../../domain/money';

export interface RefundRequest {
  /** Our refund row's id, sent along (Stripe metadata.refund_id, PayPal invoice_id) so events link back. */
  refundId: string;
  ref: PaymentRef;
  amount: Money;
  reason?: string;
  /** Derived from our ids (`refund:<paymentId>:<n>`), never random per attempt. */
  idempotencyKey: string;
}

/**
 * Refunds of a paid checkout. A definite refusal (the provider answered no) is a ProviderError
 * of kind declined/rejected/invalid_request/conflict; a timeout or 5xx is `unavailable`, and the
 * refund may or may not exist at the provider: the caller keeps it pending and asks later.
 */
export interface RefundCapability {
  /** Creates the refund; the answer is the refund's state right after creation. */
  refund(request: RefundRequest): Promise<RefundUpdated>;

  /** One refund's current state (reconciliation of a pending refund). */
  getRefund(providerRefundId: string, ref: PaymentRef): Promise<RefundUpdated>;

  /**
   * Every refund of a payment, whoever made it (our admin, the provider's dashboard). Used when
   * an event says refunds changed without listing them, and by reconciliation.
   */
  listRefunds(ref: PaymentRef): Promise<RefundUpdated[]>;
}
