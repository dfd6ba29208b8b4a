import type { DisputeState } from '../../domain/events/domain-event';
import type { Money } from '../../domain/money';
import type { ProviderName } from '../../domain/payments/payment-status';
import type { DisputeRecord } from '../../repositories/dispute.repository';

export interface DisputeView {
  id: string;
  paymentId: string;
  provider: ProviderName;
  providerDisputeId: string;
  amount: Money;
  reason: string;
  status: DisputeState;
  fundsWithdrawn: boolean;
  openedAt: string;
  closedAt: string | null;
}

export function toDisputeView(d: DisputeRecord): DisputeView {
  return {
    id: d.id,
    paymentId: d.paymentId,
    provider: d.provider,
    providerDisputeId: d.providerDisputeId,
    amount: d.amount,
    reason: d.reason,
    status: d.status,
    fundsWithdrawn: d.fundsWithdrawn,
    openedAt: d.openedAt.toISOString(),
    closedAt: d.closedAt?.toISOString() ?? null,
  };
}
