import type { RefundState } from '../../domain/events/domain-event';
import type { Money } from '../../domain/money';
import type { RefundOrigin, RefundRecord } from '../../repositories/refund.repository';

export interface RefundView {
  id: string;
  paymentId: string;
  amount: Money;
  status: RefundState;
  origin: RefundOrigin;
  reason: string | null;
  failureReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export function toRefundView(r: RefundRecord): RefundView {
  return {
    id: r.id,
    paymentId: r.paymentId,
    amount: r.amount,
    status: r.status,
    origin: r.origin,
    reason: r.reason,
    failureReason: r.failureReason,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}
