/**
 * Payment types of the public HTTP API (see the API section of the root README.md), shared by
 * catalog/ (buy buttons), checkout/ (return page) and account/ (payment history).
 */
import { InvoiceRef } from '../invoices/invoice-models';
import { Money } from '../money/money-models';

export type PaymentProvider = 'stripe' | 'paypal';

/** The checkout outcome; refunds and disputes are separate facts (see `refunds`). */
export type PaymentStatus = 'pending' | 'processing' | 'completed' | 'failed' | 'canceled' | 'requires_review';

/** What a payment shows as: its status, or what happened after the sale (derived by the API). */
export type PaymentLabel = PaymentStatus | 'partially_refunded' | 'refunded' | 'disputed' | 'dispute_lost';

export interface Refund {
  id: string;
  amount: Money;
  status: 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'canceled';
  origin: 'admin' | 'provider' | 'duplicate_purchase';
  reason: string | null;
  createdAt: string;
}

export interface Payment {
  id: string;
  provider: PaymentProvider;
  status: PaymentStatus;
  label: PaymentLabel;
  amount: Money;
  refundedAmount: Money;
  course: { id: string; title: string } | null;
  /** For a subscription cycle: the subscription and its plan's name (absent from older servers). */
  subscription?: { id: string; planName: string } | null;
  failureReason: string | null;
  createdAt: string;
  completedAt: string | null;
  refunds: Refund[];
  /** The payment's invoice once issued (null before); absent in answers from older servers. */
  invoice?: InvoiceRef | null;
  /** Its credit notes, one per succeeded refund, once issued. */
  creditNotes?: InvoiceRef[];
}
