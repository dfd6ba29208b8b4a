import type { Money } from '../../domain/money';
import type { PaymentStatus, ProviderName } from '../../domain/payments/payment-status';
import type { PaymentSummary } from '../../repositories/payment-query.repository';
import type { RefundRecord } from '../../repositories/refund.repository';

export interface RefundView {
  id: string;
  amount: Money;
  status: string;
  reason: string | null;
  createdAt: string;
}

/** What the API shows of a payment: never provider payloads, never other users' data. */
export interface PaymentView {
  id: string;
  userId: string;
  provider: ProviderName;
  status: PaymentStatus;
  amount: Money;
  amountRefunded: Money;
  course: { id: string; title: string } | null;
  failureCode: string | null;
  failureReason: string | null;
  exchangeRate: string | null;
  /** For a converted price: the rate used, its source and the moment it came into force, and the base price. */
  conversion: { rate: string; source: string | null; validFrom: string | null; from: Money } | null;
  createdAt: string;
  completedAt: string | null;
  refunds: RefundView[];
  invoiceNumbers: string[];
}

export function toPaymentView(
  summary: PaymentSummary,
  refunds: RefundRecord[] = [],
  invoiceNumbers: string[] = [],
): PaymentView {
  return {
    id: summary.id,
    userId: summary.userId,
    provider: summary.provider,
    status: summary.status,
    amount: summary.amount,
    amountRefunded: summary.refunded,
    course: summary.course,
    failureCode: summary.failureCode,
    failureReason: summary.failureReason,
    exchangeRate: summary.exchangeRate,
    conversion: summary.conversion && {
      rate: summary.conversion.rate,
      source: summary.conversion.source,
      validFrom: summary.conversion.validFrom?.toISOString() ?? null,
      from: summary.conversion.from,
    },
    createdAt: summary.createdAt.toISOString(),
    completedAt: summary.completedAt?.toISOString() ?? null,
    refunds: refunds.map((r) => ({
      id: r.id,
      amount: r.amount,
      status: r.status,
      reason: r.reason,
      createdAt: r.createdAt.toISOString(),
    })),
    invoiceNumbers,
  };
}
