import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ProviderName } from '../domain/payments/payment-status';

/**
 * One signed webhook delivery (PayPal's PAYPAL-TRANSMISSION-ID) and the event it carried: a
 * second event under the same transmission id is a forgery and is refused.
 */
@Entity({ name: 'webhook_transmissions' })
export class WebhookTransmission {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  provider: ProviderName;

  @PrimaryColumn({ name: 'transmission_id', type: 'varchar', length: 128 })
  transmissionId: string;

  @Column({ name: 'event_id', type: 'varchar', length: 255 })
  eventId: string;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;
}
