import { AdminEmail, EmailKind, EmailStatus } from './email-models';

/** Each kind in words, as the list and its filter show it. */
export const EMAIL_KIND_LABELS: Record<EmailKind, string> = {
  purchase_receipt: 'Purchase receipt',
  refund_confirmation: 'Refund confirmation',
  subscription_started: 'Subscription started',
  subscription_renewed: 'Subscription renewed',
  renewal_failed: 'Renewal failed',
  payment_action_required: 'Payment action required',
  subscription_canceled: 'Subscription canceled',
  subscription_ending_soon: 'Subscription ending soon',
  dispute_opened: 'Dispute opened',
  admin_digest: 'Daily digest',
};

export const EMAIL_KINDS = Object.keys(EMAIL_KIND_LABELS) as EmailKind[];

/** Each kind as the object of a sentence ("Send … again?"). */
const KIND_PHRASES: Record<EmailKind, string> = {
  purchase_receipt: 'the purchase receipt',
  refund_confirmation: 'the refund confirmation',
  subscription_started: 'the “subscription started” email',
  subscription_renewed: 'the “subscription renewed” email',
  renewal_failed: 'the “renewal failed” email',
  payment_action_required: 'the “payment action required” email',
  subscription_canceled: 'the “subscription canceled” email',
  subscription_ending_soon: 'the “subscription ending soon” email',
  dispute_opened: 'the “dispute opened” alert',
  admin_digest: 'the daily digest',
};

const ADMIN_KINDS: readonly EmailKind[] = ['dispute_opened', 'admin_digest'];

export const EMAIL_STATUS_LABELS: Record<EmailStatus, string> = {
  queued: 'Queued',
  sending: 'Sending',
  retrying: 'Retrying',
  sent: 'Sent',
  failed: 'Failed',
  skipped: 'Skipped',
};

export const EMAIL_STATUSES = Object.keys(EMAIL_STATUS_LABELS) as EmailStatus[];

/** How a badge reads at a glance (its text says the status, the tone only repeats it). */
export const EMAIL_STATUS_TONES: Record<EmailStatus, 'good' | 'bad' | 'waiting' | 'neutral'> = {
  queued: 'waiting',
  sending: 'waiting',
  retrying: 'waiting',
  sent: 'good',
  failed: 'bad',
  skipped: 'neutral',
};

/** Why an email still in flight cannot be resent (the API answers 409 `email_in_flight`). */
const IN_FLIGHT_REASONS: Partial<Record<EmailStatus, string>> = {
  queued: 'Queued: it goes out shortly.',
  sending: 'Being sent right now.',
  retrying: 'An attempt failed; it will be tried again.',
};

/** Null when the email can be resent (sent, failed, skipped), else why not. */
export function resendBlockedReason(status: EmailStatus): string | null {
  return IN_FLIGHT_REASONS[status] ?? null;
}

/** Mail to the platform's admins, whose address is known only once an attempt is made. */
export function isAdminEmail(kind: EmailKind): boolean {
  return ADMIN_KINDS.includes(kind);
}

/** The recipient in words: its address, or who it goes to while the address is not known yet. */
function recipientOf(email: Pick<AdminEmail, 'kind' | 'to'>): string {
  if (email.to) return email.to;
  return isAdminEmail(email.kind) ? 'the admin address' : 'the student';
}

/** The resend confirmation: "Send the purchase receipt to ana@example.com again?" */
export function resendQuestion(email: Pick<AdminEmail, 'kind' | 'to'>): string {
  return `Send ${KIND_PHRASES[email.kind]} to ${recipientOf(email)} again?`;
}

const EXCERPT_LENGTH = 80;

/** The start of an error for the table, on one line; the detail shows it whole. */
export function errorExcerpt(error: string | null): string | null {
  if (!error) return null;
  const line = error.replace(/\s+/g, ' ').trim();
  return line.length > EXCERPT_LENGTH ? `${line.slice(0, EXCERPT_LENGTH - 1)}…` : line;
}
