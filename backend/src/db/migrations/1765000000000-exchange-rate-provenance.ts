import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A converted payment records which rate it used: besides the value (`exchange_rate`), its
 * source (`ecb`, `manual`, ...) and the moment it came into force, so an invoice or an auditor
 * can name the rate exactly. Stored rates gain `recorded_at`: when the row was written or last
 * corrected, as opposed to `valid_from`, when the rate applies.
 */
export class ExchangeRateProvenance1765000000000 implements MigrationInterface {
  name = 'ExchangeRateProvenance1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payments ADD COLUMN exchange_rate_source varchar(100),
      ADD COLUMN exchange_rate_valid_from timestamptz`);
    await q.query(`ALTER TABLE payments ADD CONSTRAINT ck_payments_exchange_rate_provenance
      CHECK ((exchange_rate_source IS NULL AND exchange_rate_valid_from IS NULL) OR exchange_rate IS NOT NULL)`);
    await q.query(`ALTER TABLE exchange_rates ADD COLUMN recorded_at timestamptz NOT NULL DEFAULT now()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE exchange_rates DROP COLUMN recorded_at`);
    await q.query(`ALTER TABLE payments DROP CONSTRAINT ck_payments_exchange_rate_provenance`);
    await q.query(`ALTER TABLE payments DROP COLUMN exchange_rate_valid_from, DROP COLUMN exchange_rate_source`);
  }
}
