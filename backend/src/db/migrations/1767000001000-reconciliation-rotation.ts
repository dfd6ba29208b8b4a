import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What reconciliation needs to rotate through checkouts and to finish crashed ones:
 * - `payments.last_checked_at`: when reconciliation last asked the provider about the payment.
 *   Each run takes the least recently asked first (never asked first of all), so a pile of
 *   abandoned checkouts cannot keep newer ones from being asked; the partial index serves that
 *   order for the statuses reconciliation still asks about;
 * - `payments.payment_method_id`: the saved method a checkout was started with, so a checkout
 *   whose request died can be sent again with exactly the same parameters, and an
 *   Idempotency-Key reused with another method is recognised.
 */
export class ReconciliationRotation1767000001000 implements MigrationInterface {
  name = 'ReconciliationRotation1767000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payments ADD COLUMN last_checked_at timestamptz,
      ADD COLUMN payment_method_id uuid CONSTRAINT fk_payments_payment_method REFERENCES payment_methods(id)`);
    await q.query(`CREATE INDEX ix_payments_reconcile_rotation ON payments (last_checked_at NULLS FIRST, created_at)
      WHERE status IN ('pending', 'processing', 'failed')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_payments_reconcile_rotation`);
    await q.query(`ALTER TABLE payments DROP COLUMN payment_method_id, DROP COLUMN last_checked_at`);
  }
}
