import type { Money } from '../money';
import type { ProviderName } from '../payments/payment-status';

/**
 * Provider-neutral facts the services act on. Adapters turn each verified provider event (or a
 * fetched provider object) into zero or more of these; no service ever reads a provider payload.
 */

/** How a provider object points back at our payment. At least one field is set. */
export interface PaymentRef {
  /** Our payment id, carried in Stripe metadata / PayPal custom_id. */
  paymentId?: string;
  /** Stripe Checkout Session id or PayPal order id. */
  providerSessionId?: string;
  /** Stripe PaymentIntent id or PayPal capture id (a subscription cycle: the PaymentIntent / PayPal sale id). */
  providerPaymentId?: string;
  /**
   * What was paid, when the caller knows: a checkout or a subscription cycle. PayPal refunds a
   * subscription's sale through its v1 sale API, not the v2 capture API.
   */
  kind?: 'course' | 'subscription';
}

/** How a provider object points back at our subscription. At least one field is set. */
export interface SubscriptionRef {
  /** Our subscription id: Stripe `metadata.subscription_id` (subscription, invoice parent), PayPal `custom_id`. */
  subscriptionId?: string;
  /** Stripe `sub_…` or PayPal `I-…`. */
  providerSubscriptionId?: string;
}

interface EventBase {
  provider: ProviderName;
  /** When the provider says this happened (event creation time, or fetch time for reconciliation). */
  occurredAt: Date;
}

/** A postal address as the buyer entered it at the provider; any part may be missing. */
export interface PostalAddress {
  line1?: string;
  line2?: string;
  city?: string;
  postalCode?: string;
  /** State, county or province. */
  region?: string;
  /** ISO 3166-1 alpha-2. */
  country?: string;
}

/**
 * What the buyer told the provider's checkout about themselves, for their invoice: Stripe
 * Checkout's `customer_details` (billing address and tax ids, which we ask it to collect), PayPal's
 * `payer`. Only what the provider actually returned is set.
 */
export interface BuyerDetails {
  name?: string;
  email?: string;
  address?: PostalAddress;
  /** Tax ids such as an EU VAT number, with the provider's type (`eu_vat`, `gb_vat`, ...). */
  taxIds: { type: string; value: string }[];
}

/**
 * A webhook's claim that money moved, read from a body the provider's signature does not fully
 * bind (PayPal signs only a CRC32 of it, which another body can match). It never counts as it is:
 * settlement replaces it with what the provider's API says about the object it names.
 */
export interface UnconfirmedClaim {
  unconfirmed?: true;
}

export interface PaymentSucceeded extends EventBase, UnconfirmedClaim {
  kind: 'PaymentSucceeded';
  ref: PaymentRef;
  amount: Money;
  /** Present when the provider object carries the buyer's details (not every event does). */
  buyer?: BuyerDetails;
}

/** Money is on its way but not confirmed (async methods, PayPal pending capture). */
export interface PaymentProcessing extends EventBase {
  kind: 'PaymentProcessing';
  ref: PaymentRef;
}

export interface PaymentFailed extends EventBase {
  kind: 'PaymentFailed';
  ref: PaymentRef;
  failureCode: string;
  failureReason: string;
}

/** The checkout can no longer be paid (Stripe session expired, PayPal order voided). */
export interface PaymentCanceled extends EventBase {
  kind: 'PaymentCanceled';
  ref: PaymentRef;
  reason: string;
}

/** The buyer approved a PayPal order; the money moves only once we capture it. */
export interface PaymentApproved extends EventBase {
  kind: 'PaymentApproved';
  ref: PaymentRef;
}

/** Where a refund stands at the provider, whoever started it. Moves through refund-state-machine.ts. */
export type RefundState = 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'canceled';

/** A refund's current state at the provider (from a webhook, a refund answer or a fetch). */
export interface RefundUpdated extends EventBase {
  kind: 'RefundUpdated';
  ref: PaymentRef;
  providerRefundId: string;
  /** Our refund id when the provider echoes it (Stripe metadata.refund_id, PayPal invoice_id); absent for dashboard refunds. */
  refundId?: string;
  amount: Money;
  status: RefundState;
  /** The provider's reason when a refund failed or was canceled (e.g. Stripe `expired_or_canceled_card`). */
  failureReason?: string;
}

/**
 * The provider says a payment's refunds changed without listing them (Stripe `charge.refunded`
 * since API 2022-11-15). The settlement step fetches the list and applies each as RefundUpdated.
 */
export interface RefundsChanged extends EventBase {
  kind: 'RefundsChanged';
  ref: PaymentRef;
}

/**
 * A dispute's state in provider-neutral terms:
 * - `inquiry`: the cardholder's bank asks questions (Stripe `warning_*`, PayPal stage INQUIRY); no money moved.
 * - `inquiry_closed`: an inquiry ended without becoming a chargeback.
 * - `needs_response` / `under_review`: a chargeback is open; the disputed money is held.
 * - `won`: closed in our favour; the money comes back.
 * - `lost`: closed against us, accepted, or `prevented` (the cardholder was refunded); the money is gone.
 */
export type DisputeState = 'inquiry' | 'inquiry_closed' | 'needs_response' | 'under_review' | 'won' | 'lost';

export interface DisputeUpdated extends EventBase {
  kind: 'DisputeUpdated';
  ref: PaymentRef;
  providerDisputeId: string;
  amount: Money;
  reason: string;
  status: DisputeState;
  /**
   * Whether the disputed funds are currently withdrawn from our balance, when the event says so
   * (Stripe `charge.dispute.funds_withdrawn` / `.funds_reinstated`, PayPal `PAYMENT.CAPTURE.REVERSED`).
   */
  fundsWithdrawn?: boolean;
}

/**
 * The provider took a payment's money back outside any refund of ours (PayPal
 * `PAYMENT.CAPTURE.REVERSED`: a chargeback or a bank reversal). It belongs to the payment's
 * dispute when there is one.
 */
export interface PaymentReversed extends EventBase {
  kind: 'PaymentReversed';
  ref: PaymentRef;
  /** The provider's id for the reversal (PayPal: the capture id). */
  providerReversalId: string;
  amount: Money;
}

/**
 * A subscription's state in provider-neutral terms (the table is domain/subscriptions/):
 * - `incomplete`: created, the first payment not made yet (Stripe `incomplete`, PayPal
 *   `APPROVAL_PENDING` / `APPROVED`).
 * - `trialing`: in its free trial (Stripe `trialing`, PayPal ACTIVE inside its TRIAL cycle).
 * - `active`: paid up.
 * - `past_due`: a renewal failed and the provider is retrying (Stripe `past_due`, PayPal ACTIVE
 *   with an outstanding balance / a failed payment newer than the last one that succeeded).
 * - `suspended`: the retries ran out, or billing was paused (Stripe `unpaid` / `paused`, PayPal
 *   `SUSPENDED`); the subscription can still recover.
 * - `canceled`: ended by a cancellation (Stripe `canceled`, PayPal `CANCELLED`); final.
 * - `expired`: never paid, or ran all its cycles (Stripe `incomplete_expired`, PayPal `EXPIRED`); final.
 */
export type SubscriptionState =
  'incomplete' | 'trialing' | 'active' | 'past_due' | 'suspended' | 'canceled' | 'expired';

/**
 * The subscription as the provider shows it (Stripe `customer.subscription.*`, PayPal
 * `BILLING.SUBSCRIPTION.*`, or a fetch). A snapshot: every field the provider object carries.
 */
export interface SubscriptionChanged extends EventBase {
  kind: 'SubscriptionChanged';
  ref: SubscriptionRef;
  status: SubscriptionState;
  /** The paid (or trial) period now running, when the provider object says. */
  currentPeriodStart?: Date;
  currentPeriodEnd?: Date;
  /** Stripe `cancel_at_period_end` (or a `cancel_at` at the period end); PayPal has no such flag. */
  cancelAtPeriodEnd?: boolean;
  canceledAt?: Date;
  trialEnd?: Date;
}

/**
 * A billing cycle was paid (Stripe `invoice.paid` / `invoice_payment.paid`, PayPal
 * `PAYMENT.SALE.COMPLETED`). Each becomes one payment of kind `subscription`, keyed by
 * `providerInvoiceId`, so repeats and the two Stripe events for one invoice meet on one row.
 */
export interface SubscriptionPaymentSucceeded extends EventBase, UnconfirmedClaim {
  kind: 'SubscriptionPaymentSucceeded';
  /** Empty for Stripe `invoice_payment.paid`, which names only the invoice. */
  ref: SubscriptionRef;
  /** Stripe invoice id (`in_…`), PayPal sale id. */
  providerInvoiceId: string;
  /** What a refund goes against: Stripe PaymentIntent id (only some events carry it), PayPal sale id. */
  providerPaymentId?: string;
  amount: Money;
  /** The period this payment pays for, when the provider object says. */
  periodStart?: Date;
  periodEnd?: Date;
  /** Stripe invoice `customer_name` / `customer_address` / `customer_tax_ids`, PayPal subscriber. */
  buyer?: BuyerDetails;
}

/**
 * A cycle's payment failed or needs the student (Stripe `invoice.payment_failed`,
 * `invoice.payment_action_required`; PayPal `BILLING.SUBSCRIPTION.PAYMENT.FAILED`,
 * `PAYMENT.SALE.DENIED`). The status change itself arrives as SubscriptionChanged.
 */
export interface SubscriptionPaymentFailed extends EventBase {
  kind: 'SubscriptionPaymentFailed';
  ref: SubscriptionRef;
  providerInvoiceId?: string;
  amount?: Money;
  /** `authentication_required` when the student must confirm the payment (3-D Secure). */
  failureCode: string;
  failureReason: string;
  /** Where the student can pay or confirm (Stripe `hosted_invoice_url`). */
  actionUrl?: string;
  /** When the provider retries (Stripe `next_payment_attempt`, PayPal `next_payment_retry_date`). */
  nextAttemptAt?: Date;
}

/** How a provider object points back at the student who owns a saved method. */
export interface PaymentMethodOwnerRef {
  /** Stripe `cus_…`, PayPal vault customer id. */
  providerCustomerId: string;
}

/** What a saved method shows the student; card fields for cards, the payer email for a PayPal wallet. */
export interface SavedMethodDetails {
  /** Stripe `pm_…`, PayPal vault payment token id. */
  providerPaymentMethodId: string;
  type: 'card' | 'paypal';
  /** Lower-case network name as the provider gives it: `visa`, `mastercard`, `amex`, ... */
  brand?: string;
  last4?: string;
  /** 1-12. */
  expMonth?: number;
  /** Four digits. */
  expYear?: number;
  /** The PayPal wallet's payer email. */
  email?: string;
}

/**
 * A method is saved on the student's customer, or what the provider shows of it changed (Stripe
 * `payment_method.attached` / `.updated`, PayPal `VAULT.PAYMENT-TOKEN.CREATED`, a setup completed
 * on return, a refresh). A snapshot: applying it twice changes nothing.
 */
export interface PaymentMethodAttached extends EventBase {
  kind: 'PaymentMethodAttached';
  ref: PaymentMethodOwnerRef;
  method: SavedMethodDetails;
}

/**
 * The method is no longer on the customer (Stripe `payment_method.detached`, PayPal
 * `VAULT.PAYMENT-TOKEN.DELETED`, our own removal, or missing from the provider's list on refresh).
 * Final: neither provider re-attaches a detached method.
 */
export interface PaymentMethodDetached extends EventBase {
  kind: 'PaymentMethodDetached';
  /** When the provider says whose it was (Stripe `previous_attributes.customer`); the method id alone finds our row. */
  ref?: PaymentMethodOwnerRef;
  providerPaymentMethodId: string;
}

/**
 * The method a provider charges by default changed (Stripe `customer.updated`
 * `invoice_settings.default_payment_method`, or our own choice for PayPal). `null`: none.
 */
export interface DefaultPaymentMethodChanged extends EventBase {
  kind: 'DefaultPaymentMethodChanged';
  ref: PaymentMethodOwnerRef;
  providerPaymentMethodId: string | null;
  /**
   * Our own call just made this the default (the provider accepted it, or the default is ours
   * alone): it is the current state, even against an event stamped in the same second.
   */
  confirmed?: boolean;
}

/**
 * A setup finished and names the method it saved without describing it (Stripe
 * `setup_intent.succeeded`, `checkout.session.completed` in setup mode). Settlement fetches the
 * method and applies it as PaymentMethodAttached.
 */
export interface PaymentMethodSaved extends EventBase {
  kind: 'PaymentMethodSaved';
  ref: PaymentMethodOwnerRef;
  providerPaymentMethodId: string;
}

export type DomainEvent =
  | PaymentSucceeded
  | PaymentProcessing
  | PaymentFailed
  | PaymentCanceled
  | PaymentApproved
  | RefundUpdated
  | RefundsChanged
  | DisputeUpdated
  | PaymentReversed
  | SubscriptionChanged
  | SubscriptionPaymentSucceeded
  | SubscriptionPaymentFailed
  | PaymentMethodAttached
  | PaymentMethodDetached
  | DefaultPaymentMethodChanged
  | PaymentMethodSaved;

/** The events about a customer's saved methods (their ref is a PaymentMethodOwnerRef). */
export type PaymentMethodEvent =
  PaymentMethodAttached | PaymentMethodDetached | DefaultPaymentMethodChanged | PaymentMethodSaved;

/** The events about a subscription (their ref is a SubscriptionRef). */
export type SubscriptionEvent = SubscriptionChanged | SubscriptionPaymentSucceeded | SubscriptionPaymentFailed;

/** The events about one payment (their ref is a PaymentRef). */
export type PaymentEvent = Exclude<DomainEvent, SubscriptionEvent | PaymentMethodEvent>;

export type DomainEventKind = DomainEvent['kind'];
