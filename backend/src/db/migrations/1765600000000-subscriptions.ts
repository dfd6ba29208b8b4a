import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Subscriptions as sold: the full status table (trialing, and suspended for Stripe `unpaid` /
 * PayPal SUSPENDED), the plan price and the checkout that started one, what access rules need
 * (when past_due began, when access ends after a cancel, the last payment problem), when it first
 * went live (of two live plans of one student the later one is the duplicate), the tax rule
 * fixed at checkout for the cycles' invoices, and a counter that keeps the idempotency keys of
 * repeated cancel / resume requests distinct. Plans gain an optional trial, and the provider
 * objects for each price a plan is sold at are kept once created. Cycle payments are
 * keyed by the provider's invoice (Stripe `in_…`, PayPal sale id) in `provider_session_id`.
 */
export class Subscriptions1765600000000 implements MigrationInterface {
  name = 'Subscriptions1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE plans ADD COLUMN trial_days integer NOT NULL DEFAULT 0
      CONSTRAINT ck_plans_trial_days CHECK (trial_days BETWEEN 0 AND 365)`);

    await q.query(`ALTER TABLE subscriptions DROP CONSTRAINT subscriptions_status_check`);
    await q.query(`ALTER TABLE subscriptions ADD CONSTRAINT ck_subscriptions_status CHECK (status IN
      ('incomplete', 'trialing', 'active', 'past_due', 'suspended', 'canceled', 'expired'))`);
    await q.query(`ALTER TABLE subscriptions
      ADD COLUMN provider_session_id varchar(255),
      ADD COLUMN checkout_url text,
      ADD COLUMN trial_end timestamptz,
      ADD COLUMN past_due_since timestamptz,
      ADD COLUMN access_ends_at timestamptz,
      ADD COLUMN cancel_requested varchar(16) CONSTRAINT ck_subscriptions_cancel_requested
        CHECK (cancel_requested IN ('period_end', 'now')),
      ADD COLUMN payment_problem jsonb,
      ADD COLUMN last_payment_at timestamptz,
      ADD COLUMN live_since timestamptz,
      ADD COLUMN tax_rate_bp integer NOT NULL DEFAULT 0 CONSTRAINT ck_subscriptions_tax_rate
        CHECK (tax_rate_bp BETWEEN 0 AND 10000),
      ADD COLUMN prices_include_tax boolean NOT NULL DEFAULT true,
      ADD COLUMN change_requests integer NOT NULL DEFAULT 0`);
    await q.query(`CREATE INDEX ix_subscriptions_live ON subscriptions (user_id)
      WHERE status IN ('trialing', 'active', 'past_due', 'suspended')`);
    // What the access sweep and reconciliation look at: subscriptions whose access or period ends.
    await q.query(`CREATE INDEX ix_subscriptions_due ON subscriptions (current_period_end)
      WHERE status IN ('incomplete', 'trialing', 'active', 'past_due', 'suspended', 'canceled')`);
    await q.query(`CREATE INDEX ix_payments_subscription ON payments (subscription_id, created_at)
      WHERE subscription_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_enrollments_subscription ON enrollments (subscription_id)
      WHERE subscription_id IS NOT NULL`);

    // The provider's price / billing plan for each amount (and trial) a plan is sold at in a
    // currency (an explicit price, a converted one, with tax added or not): created once, reused after. The
    // never-written per-currency columns of plan_prices could not follow a tax or rate change.
    await q.query(`ALTER TABLE plan_prices DROP COLUMN stripe_price_id, DROP COLUMN paypal_plan_id`);
    await q.query(`
      CREATE TABLE plan_provider_prices (
        plan_id uuid NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        amount bigint NOT NULL CHECK (amount > 0),
        -- PayPal bakes the trial into its billing plan: a plan's new trial needs a new one.
        trial_days integer NOT NULL CHECK (trial_days >= 0),
        provider varchar(16) NOT NULL CHECK (provider IN ('stripe', 'paypal')),
        provider_price_id varchar(255) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (plan_id, currency, amount, trial_days, provider)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE plan_provider_prices`);
    await q.query(`ALTER TABLE plan_prices ADD COLUMN stripe_price_id varchar(255) CONSTRAINT uq_plan_prices_stripe_price UNIQUE,
      ADD COLUMN paypal_plan_id varchar(255) CONSTRAINT uq_plan_prices_paypal_plan UNIQUE`);
    await q.query(`DROP INDEX ix_enrollments_subscription`);
    await q.query(`DROP INDEX ix_payments_subscription`);
    await q.query(`DROP INDEX ix_subscriptions_due`);
    await q.query(`DROP INDEX ix_subscriptions_live`);
    await q.query(`ALTER TABLE subscriptions DROP COLUMN provider_session_id,
      DROP COLUMN checkout_url, DROP COLUMN trial_end, DROP COLUMN past_due_since, DROP COLUMN access_ends_at,
      DROP COLUMN cancel_requested, DROP COLUMN payment_problem, DROP COLUMN last_payment_at, DROP COLUMN live_since,
      DROP COLUMN tax_rate_bp, DROP COLUMN prices_include_tax, DROP COLUMN change_requests`);
    await q.query(`ALTER TABLE subscriptions DROP CONSTRAINT ck_subscriptions_status`);
    await q.query(`UPDATE subscriptions SET status = 'active' WHERE status = 'trialing'`);
    await q.query(`ALTER TABLE subscriptions ADD CONSTRAINT subscriptions_status_check CHECK (status IN
      ('incomplete', 'active', 'past_due', 'canceled', 'suspended', 'expired'))`);
    await q.query(`ALTER TABLE plans DROP COLUMN trial_days`);
  }
}
