/**
 * Types of the admin emails API (`/api/admin/emails`), mirroring the backend's outbox view and
 * its kinds and statuses (domain/emails/email-kind.ts, email-state-machine.ts).
 */

export type EmailKind =
  | 'purchase_receipt'
  | 'refund_confirmation'
  | 'subscription_started'
  | 'subscription_renewed'
  | 'renewal_failed'
  | 'payment_action_required'
  | 'subscription_canceled'
  | 'subscription_ending_soon'
  | 'dispute_opened'
  | 'admin_digest';

/**
 * `queued` waits for the relay, `sending` is with the SMTP server, `retrying` failed once and
 * waits for its next attempt; `sent`, `failed` (every attempt failed) and `skipped` (mail was
 * disabled) are settled, and only those can be resent.
 */
export type EmailStatus = 'queued' | 'sending' | 'retrying' | 'sent' | 'failed' | 'skipped';

/** One outbox email (`AdminEmailView`); instants are ISO 8601. */
export interface AdminEmail {
  id: string;
  kind: EmailKind;
  /** The idempotency key of its cause, e.g. `receipt:<paymentId>`. */
  key: string;
  status: EmailStatus;
  /** The addresses of the last attempt ("a@x, b@y"), else the student's email; null for admin mail not sent yet. */
  to: string | null;
  /** Set once an attempt rendered it. */
  subject: string | null;
  userId: string | null;
  paymentId: string | null;
  refundId: string | null;
  subscriptionId: string | null;
  disputeId: string | null;
  attempts: number;
  lastError: string | null;
  resends: number;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
}

/** The answer of POST /api/admin/emails/:id/resend: the email queued again. */
export interface ResendResult {
  email: AdminEmail;
}
