import type { EmailKind } from '../../domain/emails/email-kind';
import type { EmailStatus } from '../../domain/emails/email-state-machine';
import type { OutboxListEntry } from '../../repositories/email-outbox.repository';

/** An outbox email as the admin API shows it (see the admin emails API). */
export interface AdminEmailView {
  id: string;
  kind: EmailKind;
  key: string;
  status: EmailStatus;
  /** The addresses of the last attempt, else the student's email, else null (admin mail not sent yet). */
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

export function toAdminEmailView(entry: OutboxListEntry): AdminEmailView {
  return {
    id: entry.id,
    kind: entry.kind,
    key: entry.key,
    status: entry.status,
    to: entry.recipients ?? entry.userEmail,
    subject: entry.subject,
    userId: entry.userId,
    paymentId: entry.paymentId,
    refundId: entry.refundId,
    subscriptionId: entry.subscriptionId,
    disputeId: entry.disputeId,
    attempts: entry.attempts,
    lastError: entry.lastError,
    resends: entry.resends,
    createdAt: entry.createdAt.toISOString(),
    updatedAt: entry.updatedAt.toISOString(),
    sentAt: entry.sentAt?.toISOString() ?? null,
  };
}
