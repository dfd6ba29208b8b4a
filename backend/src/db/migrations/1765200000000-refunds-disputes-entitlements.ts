import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The post-sale facts: refunds from every origin (admin, the provider's dashboard, automatic
 * duplicate-purchase refunds) with the full lifecycle; a dispute row per provider dispute; and
 * enrollments as a ledger of grants (one per payment or subscription and course) whose status
 * (active, suspended, revoked) follows the money, with the cause of the last change.
 */
export class RefundsDisputesEntitlements1765200000000 implements MigrationInterface {
  name = 'RefundsDisputesEntitlements1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE refunds DROP CONSTRAINT refunds_status_check`);
    await q.query(`ALTER TABLE refunds ADD CONSTRAINT ck_refunds_status
      CHECK (status IN ('pending', 'requires_action', 'succeeded', 'failed', 'canceled'))`);
    await q.query(`ALTER TABLE refunds ADD COLUMN origin varchar(24) NOT NULL DEFAULT 'admin'
      CONSTRAINT ck_refunds_origin CHECK (origin IN ('admin', 'provider', 'duplicate_purchase'))`);
    // A refund made in the provider's dashboard has no key of ours.
    await q.query(`ALTER TABLE refunds ALTER COLUMN idempotency_key DROP NOT NULL`);
    // The admin's Idempotency-Key header: the same key twice is one refund.
    await q.query(`ALTER TABLE refunds ADD COLUMN request_key varchar(255)`);
    await q.query(
      `CREATE UNIQUE INDEX uq_refunds_request_key ON refunds (payment_id, request_key) WHERE request_key IS NOT NULL`,
    );
    await q.query(`ALTER TABLE refunds ADD COLUMN failure_reason text`);
    // Provider time of the last state applied: an older event never undoes a newer state.
    await q.query(`ALTER TABLE refunds ADD COLUMN provider_updated_at timestamptz`);
    await q.query(
      `CREATE INDEX ix_refunds_unsettled ON refunds (created_at) WHERE status IN ('pending', 'requires_action')`,
    );

    await q.query(`
      CREATE TABLE disputes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        payment_id uuid NOT NULL REFERENCES payments(id),
        provider varchar(16) NOT NULL CHECK (provider IN ('stripe', 'paypal')),
        provider_dispute_id varchar(255) NOT NULL,
        amount bigint NOT NULL CHECK (amount > 0),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        reason varchar(120) NOT NULL,
        status varchar(24) NOT NULL CONSTRAINT ck_disputes_status
          CHECK (status IN ('inquiry', 'inquiry_closed', 'needs_response', 'under_review', 'won', 'lost')),
        funds_withdrawn boolean NOT NULL DEFAULT false,
        provider_updated_at timestamptz NOT NULL,
        opened_at timestamptz NOT NULL,
        closed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_disputes_provider_ref UNIQUE (provider, provider_dispute_id)
      )`);
    await q.query(`CREATE INDEX ix_disputes_payment ON disputes (payment_id, opened_at)`);
    await q.query(`CREATE INDEX ix_disputes_opened ON disputes (opened_at DESC, id DESC)`);

    await q.query(`ALTER TABLE enrollments DROP CONSTRAINT uq_enrollments_user_course`);
    await q.query(`ALTER TABLE enrollments ADD COLUMN subscription_id uuid REFERENCES subscriptions(id)`);
    await q.query(`ALTER TABLE enrollments ADD COLUMN status varchar(16) NOT NULL DEFAULT 'active'
      CONSTRAINT ck_enrollments_status CHECK (status IN ('active', 'suspended', 'revoked'))`);
    await q.query(`ALTER TABLE enrollments ADD COLUMN status_cause varchar(120) NOT NULL DEFAULT 'granted'`);
    await q.query(`ALTER TABLE enrollments ADD COLUMN status_changed_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`UPDATE enrollments SET status_cause = 'payment:' || payment_id, status_changed_at = created_at
      WHERE payment_id IS NOT NULL`);
    // A course is owned at most once (suspended still counts); revoked grants stay as history.
    await q.query(`CREATE UNIQUE INDEX uq_enrollments_owned ON enrollments (user_id, course_id)
      WHERE status IN ('active', 'suspended')`);
    await q.query(
      `CREATE UNIQUE INDEX uq_enrollments_payment ON enrollments (payment_id) WHERE payment_id IS NOT NULL`,
    );
    await q.query(`CREATE UNIQUE INDEX uq_enrollments_subscription_course ON enrollments (subscription_id, course_id)
      WHERE subscription_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX uq_enrollments_subscription_course`);
    await q.query(`DROP INDEX uq_enrollments_payment`);
    await q.query(`DROP INDEX uq_enrollments_owned`);
    // The first schema had one row per (user, course) and no revocation.
    await q.query(`DELETE FROM enrollments WHERE status = 'revoked'`);
    await q.query(`ALTER TABLE enrollments DROP COLUMN status_changed_at`);
    await q.query(`ALTER TABLE enrollments DROP COLUMN status_cause`);
    await q.query(`ALTER TABLE enrollments DROP COLUMN status`);
    await q.query(`ALTER TABLE enrollments DROP COLUMN subscription_id`);
    await q.query(`ALTER TABLE enrollments ADD CONSTRAINT uq_enrollments_user_course UNIQUE (user_id, course_id)`);

    await q.query(`DROP TABLE disputes`);

    await q.query(`DROP INDEX ix_refunds_unsettled`);
    await q.query(`ALTER TABLE refunds DROP COLUMN provider_updated_at`);
    await q.query(`ALTER TABLE refunds DROP COLUMN failure_reason`);
    await q.query(`DROP INDEX uq_refunds_request_key`);
    await q.query(`ALTER TABLE refunds DROP COLUMN request_key`);
    await q.query(`DELETE FROM refunds WHERE idempotency_key IS NULL`);
    await q.query(`ALTER TABLE refunds ALTER COLUMN idempotency_key SET NOT NULL`);
    await q.query(`ALTER TABLE refunds DROP COLUMN origin`);
    await q.query(`UPDATE refunds SET status = 'pending' WHERE status = 'requires_action'`);
    await q.query(`ALTER TABLE refunds DROP CONSTRAINT ck_refunds_status`);
    await q.query(`ALTER TABLE refunds ADD CONSTRAINT refunds_status_check
      CHECK (status IN ('pending', 'succeeded', 'failed', 'canceled'))`);
  }
}
