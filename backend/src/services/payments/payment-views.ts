import type { Money } from '../../domain/money';
import { paymentLabel, type PaymentLabel } from '../../domain/payments/payment-label';
import { paidMoney } from '../../domain/payments/paid-money';
import { holdsRefundableMoney } from '../../domain/payments/review-resolution';
import type { PaymentStatus, ProviderName } from '../../domain/payments/payment-status';
import { refundBalance } from '../../domain/refunds/refund-balance';
import type { DisputeRecord } from '../../repositories/dispute.repository';
import type { PaymentSummary } from '../../repositories/payment-query.repository';
import type { RefundRecord } from '../../repositories/refund.repository';
import type { DocumentRecord } from '../../repositories/invoice.repository';
import { toDisputeView, type DisputeView } from '../disputes/dispute-views';
import { documentLinks, type DocumentLink } from '../invoices/document-views';
import { toRefundView, type RefundView } from '../refunds/refund-views';

/** What the API shows of a payment: never provider payloads, never other users' data. */
export interface PaymentView {
  id: string;
  userId: string;
  provider: ProviderName;
  /** The checkout outcome. */
  status: PaymentStatus;
  /** What to show: the status, or what happened after the sale (refunded, disputed, ...). */
  label: PaymentLabel;
  amount: Money;
  refundedAmount: Money;
  refundableAmount: Money;
  course: { id: string; title: string } | null;
  /** For a subscription cycle: the subscription and its plan's name. */
  subscription: { id: string; planName: string } | null;
  failureCode: string | null;
  failureReason: string | null;
  exchangeRate: string | null;
  /** For a converted price: the rate used, its source and the moment it came into force, and the base price. */
  conversion: { rate: string; source: string | null; validFrom: string | null; from: Money } | null;
  createdAt: string;
  completedAt: string | null;
  refunds: RefundView[];
  disputes: DisputeView[];
  /** The sale's invoice once issued (a few seconds after completion), and its credit notes. */
  invoice: DocumentLink | null;
  creditNotes: DocumentLink[];
}

export interface PaymentFacts {
  refunds: readonly RefundRecord[];
  disputes: readonly DisputeRecord[];
  documents: readonly DocumentRecord[];
}

export function toPaymentView(summary: PaymentSummary, facts: PaymentFacts): PaymentView {
  const balance = refundBalance(paidMoney(summary.amount, summary.confirmedAmount), facts.refunds, facts.disputes);
  return {
    id: summary.id,
    userId: summary.userId,
    provider: summary.provider,
    status: summary.status,
    label: paymentLabel(summary.status, balance, facts.disputes),
    amount: summary.amount,
    refundedAmount: balance.refunded,
    refundableAmount: holdsRefundableMoney(summary) ? balance.refundable : { ...balance.refundable, amount: 0 },
    course: summary.course,
    subscription: summary.subscription,
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
    refunds: facts.refunds.map(toRefundView),
    disputes: facts.disputes.map(toDisputeView),
    ...documentLinks(facts.documents),
  };
}
