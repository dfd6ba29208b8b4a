import type { Money } from '../domain/money';

/**
 * What each message says, gathered by the sender from our rows at send time. Templates render
 * these and nothing else: no database, no provider, no user HTML (every value is text and is
 * escaped). Dates are instants; templates print them in UTC. URLs are absolute links into the
 * app (or the provider's own page, for `actionUrl`).
 */
export type EmailFacts =
  | PurchaseReceiptFacts
  | RefundConfirmationFacts
  | SubscriptionStartedFacts
  | SubscriptionRenewedFacts
  | RenewalFailedFacts
  | PaymentActionRequiredFacts
  | SubscriptionCanceledFacts
  | SubscriptionEndingSoonFacts
  | DisputeOpenedFacts
  | AdminDigestFacts;

/** A document sent with the message, by number (the PDF itself is attached by the sender). */
export interface AttachedDocument {
  number: string;
  /** The file name the attachment carries, e.g. `INV-2026-000042.pdf`. */
  filename: string;
}

export interface PurchaseReceiptFacts {
  kind: 'purchase_receipt';
  recipientName: string;
  courseTitle: string;
  amount: Money;
  /** The tax included in `amount`, when there is any. */
  tax?: Money;
  paidAt: Date;
  provider: 'stripe' | 'paypal';
  paymentId: string;
  /** Unset when the invoice could not be attached (then `invoicesUrl` is where it will be). */
  invoice?: AttachedDocument;
  paymentUrl: string;
  invoicesUrl: string;
}

export interface RefundConfirmationFacts {
  kind: 'refund_confirmation';
  recipientName: string;
  /** What was bought: the course title or the plan name. */
  itemTitle: string;
  refunded: Money;
  /** What the payment was, and what of it is refunded by now (this refund included). */
  paymentTotal: Money;
  totalRefunded: Money;
  refundedAt: Date;
  creditNote?: AttachedDocument;
  paymentUrl: string;
}

export type PlanInterval = 'month' | 'year';

export interface SubscriptionStartedFacts {
  kind: 'subscription_started';
  recipientName: string;
  planName: string;
  price: Money;
  interval: PlanInterval;
  /** Set when the subscription starts with a free trial. */
  trialEndsAt?: Date;
  /** When the next payment is due, when known. */
  renewsAt?: Date;
  /** The first cycle's invoice, when the start was a payment. */
  invoice?: AttachedDocument;
  manageUrl: string;
}

export interface SubscriptionRenewedFacts {
  kind: 'subscription_renewed';
  recipientName: string;
  planName: string;
  amount: Money;
  paidAt: Date;
  /** The end of the period this payment paid for, when known. */
  paidUntil?: Date;
  invoice?: AttachedDocument;
  manageUrl: string;
}

export interface RenewalFailedFacts {
  kind: 'renewal_failed';
  recipientName: string;
  planName: string;
  amount?: Money;
  /** The provider's reason, in words a student can act on when it has them. */
  reason: string;
  /** When the provider tries again, when it says. */
  nextAttemptAt?: Date;
  /** Where the student saves another card (our payment-methods page). */
  updatePaymentMethodUrl: string;
  manageUrl: string;
}

export interface PaymentActionRequiredFacts {
  kind: 'payment_action_required';
  recipientName: string;
  planName: string;
  amount?: Money;
  /** The provider's page where the student confirms the payment (Stripe's hosted invoice). */
  actionUrl: string;
  manageUrl: string;
}

export interface SubscriptionCanceledFacts {
  kind: 'subscription_canceled';
  recipientName: string;
  planName: string;
  canceledAt: Date;
  /** Until when the plan's courses stay open, when that is later than the cancellation. */
  accessEndsAt?: Date;
  plansUrl: string;
}

export interface SubscriptionEndingSoonFacts {
  kind: 'subscription_ending_soon';
  recipientName: string;
  planName: string;
  endsAt: Date;
  /** Where the student resumes it. */
  manageUrl: string;
}

export interface DisputeOpenedFacts {
  kind: 'dispute_opened';
  buyerName: string;
  buyerEmail: string;
  itemTitle: string;
  amount: Money;
  provider: 'stripe' | 'paypal';
  providerDisputeId: string;
  /** The provider's reason code (`fraudulent`, `product_not_received`, ...). */
  reason: string;
  /** `inquiry` or a chargeback state. */
  status: string;
  openedAt: Date;
  /** The admin's payment page. */
  paymentUrl: string;
}

export interface AdminDigestFacts {
  kind: 'admin_digest';
  /** The UTC day covered, YYYY-MM-DD. */
  day: string;
  failedWebhooks: {
    total: number;
    /** The first few, newest first. */
    items: { provider: 'stripe' | 'paypal'; eventType: string; eventId: string; error: string; at: Date }[];
  };
  drift: {
    total: number;
    unhealed: number;
    items: { summary: string; healed: boolean; at: Date }[];
  };
  webhooksUrl: string;
  reconciliationUrl: string;
}

/** A message ready for the transport: what `renderEmail` returns. */
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}
