import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { ProviderName } from '../domain/payments/payment-status';

export type WebhookEventStatus = 'received' | 'processed' | 'unhandled' | 'ignored' | 'failed';

/**
 * A verified provider event, stored before it is acknowledged. The unique (provider, event id)
 * makes duplicate deliveries a no-op; `status` drives processing, retries and replay.
 */
@Entity({ name: 'webhook_events' })
@Unique('uq_webhook_events_provider_event', ['provider', 'eventId'])
@Index('ix_webhook_events_status_received', ['status', 'receivedAt'])
@Index('ix_webhook_events_received', ['receivedAt', 'id'])
export class WebhookEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 16 })
  provider: ProviderName;

  @Column({ name: 'event_id', type: 'varchar', length: 255 })
  eventId: string;

  @Column({ type: 'varchar', length: 100 })
  type: string;

  @Column({ type: 'varchar', length: 16, default: 'received' })
  status: WebhookEventStatus;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ name: 'provider_created_at', type: 'timestamptz', nullable: true })
  providerCreatedAt: Date | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;

  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true })
  processedAt: Date | null;

  /** The ids the event is about (ours and the provider's), from its domain events; GIN-indexed. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  subjects: string[];
}
