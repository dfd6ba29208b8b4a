import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Saved payment methods, mirrored from the providers (Stripe PaymentMethods, PayPal vault
 * payment tokens): what a student recognises (brand, last four, expiry, a PayPal email) and
 * nothing that could pay. A removed method stays as a `detached` row because neither provider
 * re-attaches one: a late or repeated "attached" event for it must not bring it back.
 * `synced_at` is the provider time of the newest fact applied, so older events lose.
 *
 * Setups are the student's visits to the provider's page to add a method: their id keys the
 * provider calls, and only the student who started one can finish it.
 *
 * The provider's default method is kept on the provider customer, one per (user, provider), with
 * the time it was learnt and a count of the student's requests to change it, which keeps the
 * idempotency keys of A -> B -> A distinct.
 */
export class PaymentMethods1765800000000 implements MigrationInterface {
  name = 'PaymentMethods1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE payment_methods (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        provider varchar(16) NOT NULL CONSTRAINT ck_payment_methods_provider CHECK (provider IN ('stripe', 'paypal')),
        provider_customer_id varchar(255) NOT NULL,
        provider_payment_method_id varchar(255) NOT NULL,
        type varchar(16) NOT NULL CONSTRAINT ck_payment_methods_type CHECK (type IN ('card', 'paypal')),
        brand varchar(32),
        last4 varchar(4),
        exp_month smallint CONSTRAINT ck_payment_methods_exp_month CHECK (exp_month BETWEEN 1 AND 12),
        exp_year smallint CONSTRAINT ck_payment_methods_exp_year CHECK (exp_year BETWEEN 1970 AND 9999),
        email varchar(320),
        status varchar(16) NOT NULL DEFAULT 'attached'
          CONSTRAINT ck_payment_methods_status CHECK (status IN ('attached', 'detached')),
        synced_at timestamptz NOT NULL,
        detached_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_payment_methods_provider_ref UNIQUE (provider, provider_payment_method_id),
        CONSTRAINT ck_payment_methods_detached CHECK ((status = 'detached') = (detached_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX ix_payment_methods_user ON payment_methods (user_id, created_at)
      WHERE status = 'attached'`);

    await q.query(`
      CREATE TABLE payment_method_setups (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        provider varchar(16) NOT NULL CONSTRAINT ck_payment_method_setups_provider CHECK (provider IN ('stripe', 'paypal')),
        provider_setup_id varchar(255),
        setup_url text,
        status varchar(16) NOT NULL DEFAULT 'open'
          CONSTRAINT ck_payment_method_setups_status CHECK (status IN ('open', 'completed', 'expired', 'failed')),
        payment_method_id uuid REFERENCES payment_methods(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        CONSTRAINT uq_payment_method_setups_provider_ref UNIQUE (provider, provider_setup_id)
      )`);
    await q.query(`CREATE INDEX ix_payment_method_setups_user ON payment_method_setups (user_id, created_at)`);

    await q.query(`ALTER TABLE provider_customers
      ADD COLUMN default_payment_method_id varchar(255),
      ADD COLUMN default_synced_at timestamptz,
      ADD COLUMN default_changes integer NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE provider_customers DROP COLUMN default_changes, DROP COLUMN default_synced_at, DROP COLUMN default_payment_method_id`,
    );
    await q.query(`DROP TABLE payment_method_setups`);
    await q.query(`DROP TABLE payment_methods`);
  }
}
