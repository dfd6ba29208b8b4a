import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook transmissions: one row per signed delivery (PayPal's PAYPAL-TRANSMISSION-ID) and the
 * event it carried. PayPal's signature covers the transmission id and time but only a CRC32 of
 * the body, so a captured delivery's headers fit any other body with the same CRC32: a second
 * event under a stored transmission id is such a forgery and is refused. Every delivery is kept,
 * not only an event's first one, because PayPal signs each retry as a new transmission. The row
 * is written by the same statement that stores the event (webhook-event.repository.ts), so the
 * webhook path still makes one insert; rows older than the transmission-time window could be
 * pruned, since a transmission that old is refused by its time anyway.
 */
export class WebhookTransmissions1767000000000 implements MigrationInterface {
  name = 'WebhookTransmissions1767000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook_transmissions (
        provider varchar(16) NOT NULL CHECK (provider IN ('stripe', 'paypal')),
        transmission_id varchar(128) NOT NULL,
        event_id varchar(255) NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_webhook_transmissions PRIMARY KEY (provider, transmission_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_transmissions`);
  }
}
