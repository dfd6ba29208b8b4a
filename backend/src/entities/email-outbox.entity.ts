import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { EmailKind } from '../domain/emails/email-kind';
import type { EmailStatus } from '../domain/emails/email-state-machine';

/** One email the product owes someone, unique per cause; see the email-outbox migration. */
@Entity({ name: 'email_outbox' })
export class EmailOutbox {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 200, unique: true })
  idempotencyKey: string;

  @Column({ type: 'varchar', length: 40 })
  kind: EmailKind;

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  status: EmailStatus;

  /** The student it goes to; null for admin mail (the dispute alert, the digest). */
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ name: 'payment_id', type: 'uuid', nullable: true })
  paymentId: string | null;

  @Column({ name: 'refund_id', type: 'uuid', nullable: true })
  refundId: string | null;

  @Column({ name: 'subscription_id', type: 'uuid', nullable: true })
  subscriptionId: string | null;

  @Column({ name: 'dispute_id', type: 'uuid', nullable: true })
  disputeId: string | null;

  /** What the cause knew that the rows will not keep (a failure's reason, the provider's link). */
  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  data: Record<string, unknown>;

  /** The addresses of the last attempt, comma-separated. */
  @Column({ type: 'text', nullable: true })
  recipients: string | null;

  @Column({ type: 'text', nullable: true })
  subject: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'available_at', type: 'timestamptz', default: () => 'now()' })
  availableAt: Date;

  @Column({ name: 'handed_at', type: 'timestamptz', nullable: true })
  handedAt: Date | null;

  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil: Date | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ name: 'message_id', type: 'text', nullable: true })
  messageId: string | null;

  @Column({ type: 'integer', default: 0 })
  resends: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
