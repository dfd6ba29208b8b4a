import type { PaymentRef, RefundUpdated } from '../../domain/events/domain-event';
import type { Money } from '../../domain/money';

export interface RefundRequest {
  ref: PaymentRef;
  amount: Money;
  reason?: string;
  /** Derived from our ids (`refund:<paymentId>:<n>`), never random per attempt. */
  idempotencyKey: string;
}

export interface RefundResult {
  providerRefundId: string;
  status: RefundUpdated['status'];
}

export interface RefundCapability {
  refund(request: RefundRequest): Promise<RefundResult>;
}
