import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The email outbox: one row per email the product owes someone, unique per cause
 * (`idempotency_key`, e.g. `receipt:<paymentId>`), written in the transaction that caused it.
 * A relay hands rows whose time has come (`available_at`) to a pg-boss job, which sends them;
 * the row keeps the outcome (`sent`, `failed` with the error, `skipped` when mail is disabled).
 */
export class EmailOutbox1768000000000 implements MigrationInterface {
  name = 'EmailOutbox1768000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE email_outbox (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      idempotency_key varchar(200) NOT NULL CONSTRAINT uq_email_outbox_key UNIQUE,
      kind varchar(40) NOT NULL,
      status varchar(16) NOT NULL DEFAULT 'queued'
        CONSTRAINT ck_email_outbox_status CHECK (status IN ('queued', 'sending', 'retrying', 'sent', 'failed', 'skipped')),
      user_id uuid CONSTRAINT fk_email_outbox_user REFERENCES users(id) ON DELETE CASCADE,
      payment_id uuid CONSTRAINT fk_email_outbox_payment REFERENCES payments(id) ON DELETE CASCADE,
      refund_id uuid CONSTRAINT fk_email_outbox_refund REFERENCES refunds(id) ON DELETE CASCADE,
      subscription_id uuid CONSTRAINT fk_email_outbox_subscription REFERENCES subscriptions(id) ON DELETE CASCADE,
      dispute_id uuid CONSTRAINT fk_email_outbox_dispute REFERENCES disputes(id) ON DELETE CASCADE,
      data jsonb NOT NULL DEFAULT '{}'::jsonb,
      recipients text,
      subject text,
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      available_at timestamptz NOT NULL DEFAULT now(),
      handed_at timestamptz,
      lease_until timestamptz,
      sent_at timestamptz,
      message_id text,
      resends integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    // The relay's scan: queued rows not yet handed to the job queue, by when they may go.
    await q.query(`CREATE INDEX ix_email_outbox_relay ON email_outbox (available_at)
      WHERE status = 'queued' AND handed_at IS NULL`);
    await q.query(`CREATE INDEX ix_email_outbox_listing ON email_outbox (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_email_outbox_user ON email_outbox (user_id) WHERE user_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE email_outbox`);
  }
}
