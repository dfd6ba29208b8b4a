import type { Money } from '../../domain/money';
import type { PaymentStatus, ProviderName } from '../../domain/payments/payment-status';

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
  createdAt: string;
  completedAt: string | null;
  refunds: RefundView[];
  invoiceNumbers: string[];
}

export interface PaymentRow {
  id: string;
  user_id: string;
  provider: ProviderName;
  status: PaymentStatus;
  amount: string;
  amount_refunded: string;
  currency: string;
  course_id: string | null;
  course_title: string | null;
  failure_code: string | null;
  failure_reason: string | null;
  exchange_rate: string | null;
  created_at: Date;
  completed_at: Date | null;
}

export const PAYMENT_VIEW_COLUMNS = `p.id, p.user_id, p.provider, p.status, p.amount, p.amount_refunded, p.currency,
  p.course_id, c.title AS course_title, p.failure_code, p.failure_reason, p.exchange_rate::text AS exchange_rate,
  p.created_at, p.completed_at`;

export function toPaymentView(row: PaymentRow, refunds: RefundView[] = [], invoiceNumbers: string[] = []): PaymentView {
  return {
    id: row.id,
    userId: row.user_id,
    provider: row.provider,
    status: row.status,
    amount: { amount: Number(row.amount), currency: row.currency },
    amountRefunded: { amount: Number(row.amount_refunded), currency: row.currency },
    course: row.course_id ? { id: row.course_id, title: row.course_title ?? '' } : null,
    failureCode: row.failure_code,
    failureReason: row.failure_reason,
    exchangeRate: row.exchange_rate ? row.exchange_rate.replace(/\.?0+$/, '') : null,
    createdAt: new Date(row.created_at).toISOString(),
    completedAt: row.completed_at ? new Date(row.completed_at).toISOString() : null,
    refunds,
    invoiceNumbers,
  };
}
