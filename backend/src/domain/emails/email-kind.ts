/**
 * Every email the product sends, and the idempotency key of each: one email per cause, however
 * often the cause is seen (duplicate webhooks, replays, reconciliation).
 */
export const EMAIL_KINDS = [
  'purchase_receipt',
  'refund_confirmation',
  'subscription_started',
  'subscription_renewed',
  'renewal_failed',
  'payment_action_required',
  'subscription_canceled',
  'subscription_ending_soon',
  'dispute_opened',
  'admin_digest',
] as const;

export type EmailKind = (typeof EMAIL_KINDS)[number];

/** Mail to the platform's admins rather than to a student. */
export const ADMIN_EMAIL_KINDS: readonly EmailKind[] = ['dispute_opened', 'admin_digest'];

/**
 * The keys, one builder per cause. A key names what happened, never when it was seen, so the
 * second sighting of a cause meets the first one's row.
 */
export const emailKeys = {
  /** A course sale completed. */
  receipt: (paymentId: string) => `receipt:${paymentId}`,
  /** A refund succeeded. */
  refund: (refundId: string) => `refund:${refundId}`,
  /** A subscription started (its first paid cycle, or its trial). */
  subscriptionStarted: (subscriptionId: string) => `subscription-started:${subscriptionId}`,
  /** A later cycle was paid. */
  subscriptionRenewed: (paymentId: string) => `subscription-renewed:${paymentId}`,
  /** A cycle's payment failed: once per failed cycle (`cycle` is the provider's invoice id, else the period end). */
  renewalFailed: (subscriptionId: string, cycle: string) => `renewal-failed:${subscriptionId}:${cycle}`,
  /** A cycle's payment needs the student to confirm it (3-D Secure); once per cycle. */
  actionRequired: (subscriptionId: string, cycle: string) => `action-required:${subscriptionId}:${cycle}`,
  /** The subscription ended by a cancellation. */
  subscriptionCanceled: (subscriptionId: string) => `subscription-canceled:${subscriptionId}`,
  /** A subscription set to cancel at its period end is about to end; once per period end (ISO date). */
  subscriptionEndingSoon: (subscriptionId: string, endsOn: string) => `subscription-ending:${subscriptionId}:${endsOn}`,
  /** A chargeback or inquiry was opened against a payment. */
  disputeOpened: (disputeId: string) => `dispute-opened:${disputeId}`,
  /** The admins' digest of one UTC day (YYYY-MM-DD). */
  adminDigest: (day: string) => `admin-digest:${day}`,
} as const;

/** An amount as the outbox's `data` keeps it (minor units, ISO currency). */
interface StoredMoney {
  amount: number;
  currency: string;
}

/**
 * What each kind's outbox row keeps in `data`: only what the cause knew and the rows will not
 * keep (a later failure replaces a subscription's payment problem). Instants are ISO strings.
 * Everything else is read from the rows the email refers to, when it is sent.
 */
export interface EmailCauseData {
  purchase_receipt: Record<string, never>;
  refund_confirmation: Record<string, never>;
  subscription_started: Record<string, never>;
  subscription_renewed: Record<string, never>;
  renewal_failed: { failureCode: string; failureReason: string; amount?: StoredMoney; nextAttemptAt?: string };
  payment_action_required: { actionUrl: string; amount?: StoredMoney };
  subscription_canceled: { canceledAt: string; accessEndsAt?: string };
  subscription_ending_soon: { endsAt: string };
  dispute_opened: Record<string, never>;
  admin_digest: { day: string };
}
