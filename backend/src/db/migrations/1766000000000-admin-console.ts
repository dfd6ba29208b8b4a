import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the admin console reads that nothing stored yet:
 * - `webhook_events.subjects`: the ids an event is about (our payment id, the provider's
 *   checkout, payment, refund, dispute and subscription ids), taken from its domain events when
 *   it is stored, so a payment's timeline finds its provider events through one GIN index
 *   instead of provider-specific paths into the payloads (the inbox's other filters ride on the
 *   received-time index: no index per filter on the hot insert);
 * - `payments.confirmed_amount/currency`: what the provider confirmed when it differed from what
 *   we expected (a payment in review), which is the money a "refund" resolution gives back;
 * - reconciliation runs and the drift each one found (what differed from the provider, whether
 *   applying the provider's answer healed it, or the error that stopped the check).
 */
export class AdminConsole1766000000000 implements MigrationInterface {
  name = 'AdminConsole1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE webhook_events ADD COLUMN subjects text[] NOT NULL DEFAULT '{}'`);
    await q.query(`CREATE INDEX ix_webhook_events_subjects ON webhook_events USING gin (subjects)`);

    await q.query(`ALTER TABLE payments ADD COLUMN confirmed_amount bigint, ADD COLUMN confirmed_currency char(3)`);
    await q.query(`ALTER TABLE payments ADD CONSTRAINT ck_payments_confirmed
      CHECK ((confirmed_amount IS NULL) = (confirmed_currency IS NULL) AND (confirmed_amount IS NULL OR confirmed_amount >= 0))`);
    await q.query(`CREATE INDEX ix_payments_completed ON payments (completed_at) WHERE completed_at IS NOT NULL`);
    // The revenue report's other facts, and the audit entries that name a payment in their data
    // (refunds, access changes): none of them is written on a purchase's webhook path.
    await q.query(`CREATE INDEX ix_refunds_succeeded ON refunds (updated_at) WHERE status = 'succeeded'`);
    await q.query(`CREATE INDEX ix_disputes_lost ON disputes (closed_at) WHERE status = 'lost'`);
    await q.query(`CREATE INDEX ix_audit_logs_payment ON audit_logs ((data->>'paymentId')) WHERE data ? 'paymentId'`);

    await q.query(`
      CREATE TABLE reconciliation_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        checked integer NOT NULL DEFAULT 0 CONSTRAINT ck_reconciliation_runs_checked CHECK (checked >= 0),
        drifted integer NOT NULL DEFAULT 0 CONSTRAINT ck_reconciliation_runs_drifted CHECK (drifted >= 0),
        healed integer NOT NULL DEFAULT 0 CONSTRAINT ck_reconciliation_runs_healed CHECK (healed >= 0),
        errors integer NOT NULL DEFAULT 0 CONSTRAINT ck_reconciliation_runs_errors CHECK (errors >= 0)
      )`);
    await q.query(`CREATE INDEX ix_reconciliation_runs_started ON reconciliation_runs (started_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE reconciliation_drifts (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        run_id uuid NOT NULL REFERENCES reconciliation_runs(id) ON DELETE CASCADE,
        found_at timestamptz NOT NULL DEFAULT now(),
        subject_type varchar(16) NOT NULL
          CONSTRAINT ck_reconciliation_drifts_subject CHECK (subject_type IN ('payment', 'refund', 'dispute', 'subscription')),
        subject_id uuid NOT NULL,
        payment_id uuid,
        provider varchar(16) NOT NULL,
        before_state varchar(32),
        after_state varchar(32),
        healed boolean NOT NULL,
        error text,
        detail text NOT NULL DEFAULT ''
      )`);
    await q.query(`CREATE INDEX ix_reconciliation_drifts_found ON reconciliation_drifts (found_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_reconciliation_drifts_run ON reconciliation_drifts (run_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reconciliation_drifts`);
    await q.query(`DROP TABLE reconciliation_runs`);
    await q.query(`DROP INDEX ix_audit_logs_payment`);
    await q.query(`DROP INDEX ix_disputes_lost`);
    await q.query(`DROP INDEX ix_refunds_succeeded`);
    await q.query(`DROP INDEX ix_payments_completed`);
    await q.query(`ALTER TABLE payments DROP CONSTRAINT ck_payments_confirmed`);
    await q.query(`ALTER TABLE payments DROP COLUMN confirmed_currency, DROP COLUMN confirmed_amount`);
    await q.query(`DROP INDEX ix_webhook_events_subjects`);
    await q.query(`ALTER TABLE webhook_events DROP COLUMN subjects`);
  }
}
