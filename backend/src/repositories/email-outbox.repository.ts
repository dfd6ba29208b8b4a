import type { EmailKind } from '../domain/emails/email-kind';
import type { EmailStatus } from '../domain/emails/email-state-machine';
import type { SqlRunner } from './sql-runner';

/** An email a cause asks for; the references say what it is about (the sender reads them at send time). */
export interface NewEmail {
  key: string;
  kind: EmailKind;
  /** The student it goes to; omitted for admin mail. */
  userId?: string | null;
  paymentId?: string | null;
  refundId?: string | null;
  subscriptionId?: string | null;
  disputeId?: string | null;
  /** What the cause knew that the rows will not keep. */
  data?: Record<string, unknown>;
  /** Not before this moment (default: now). */
  availableAt?: Date;
}

/** An outbox row as the sender and the admin list read it. */
export interface OutboxEmail {
  id: string;
  key: string;
  kind: EmailKind;
  status: EmailStatus;
  userId: string | null;
  paymentId: string | null;
  refundId: string | null;
  subscriptionId: string | null;
  disputeId: string | null;
  data: Record<string, unknown>;
  recipients: string | null;
  subject: string | null;
  attempts: number;
  lastError: string | null;
  resends: number;
  sentAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The outbox: written in the transaction of the email's cause, one row per idempotency key. */
export class EmailOutboxRepository {
  constructor(private readonly sql: SqlRunner) {}

  /** Queues an email once per key: `false` when its cause was seen before (nothing is written). */
  async enqueue(email: NewEmail): Promise<boolean> {
    const rows = await this.sql.query<{ id: string }>(
      `INSERT INTO email_outbox (idempotency_key, kind, user_id, payment_id, refund_id, subscription_id,
                                 dispute_id, data, available_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, COALESCE($9::timestamptz, now()))
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING id`,
      [
        email.key,
        email.kind,
        email.userId ?? null,
        email.paymentId ?? null,
        email.refundId ?? null,
        email.subscriptionId ?? null,
        email.disputeId ?? null,
        JSON.stringify(email.data ?? {}),
        email.availableAt ?? null,
      ],
    );
    return rows.length > 0;
  }
}
