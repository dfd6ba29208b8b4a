import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole initial schema, written by hand so every constraint that keeps money safe is
 * visible here: bigint minor units, char(3) upper-case currencies, non-negative amounts,
 * unique provider references and one enrollment per (user, course).
 */
export class InitialSchema1764100000000 implements MigrationInterface {
  name = 'InitialSchema1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email varchar(320) NOT NULL,
        password_hash text NOT NULL,
        name varchar(200) NOT NULL,
        role varchar(16) NOT NULL DEFAULT 'student' CHECK (role IN ('student', 'admin')),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_users_email UNIQUE (email),
        CONSTRAINT ck_users_email_lower CHECK (email = lower(email))
      )`);

    await q.query(`
      CREATE TABLE courses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug varchar(120) NOT NULL CONSTRAINT uq_courses_slug UNIQUE,
        title varchar(200) NOT NULL,
        description text NOT NULL DEFAULT '',
        base_price_amount bigint NOT NULL CHECK (base_price_amount >= 0),
        base_currency char(3) NOT NULL CHECK (base_currency ~ '^[A-Z]{3}$'),
        published boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE course_prices (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        course_id uuid NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        amount bigint NOT NULL CHECK (amount >= 0),
        CONSTRAINT uq_course_prices_course_currency UNIQUE (course_id, currency)
      )`);

    await q.query(`
      CREATE TABLE plans (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug varchar(120) NOT NULL CONSTRAINT uq_plans_slug UNIQUE,
        name varchar(200) NOT NULL,
        description text NOT NULL DEFAULT '',
        interval varchar(8) NOT NULL CHECK (interval IN ('month', 'year')),
        base_price_amount bigint NOT NULL CHECK (base_price_amount >= 0),
        base_currency char(3) NOT NULL CHECK (base_currency ~ '^[A-Z]{3}$'),
        published boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE plan_prices (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id uuid NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        amount bigint NOT NULL CHECK (amount >= 0),
        stripe_price_id varchar(255) CONSTRAINT uq_plan_prices_stripe_price UNIQUE,
        paypal_plan_id varchar(255) CONSTRAINT uq_plan_prices_paypal_plan UNIQUE,
        CONSTRAINT uq_plan_prices_plan_currency UNIQUE (plan_id, currency)
      )`);

    await q.query(`
      CREATE TABLE subscriptions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        plan_id uuid NOT NULL REFERENCES plans(id),
        provider varchar(16) NOT NULL CHECK (provider IN ('stripe', 'paypal')),
        provider_subscription_id varchar(255),
        status varchar(16) NOT NULL DEFAULT 'incomplete'
          CHECK (status IN ('incomplete', 'active', 'past_due', 'canceled', 'suspended', 'expired')),
        amount bigint NOT NULL CHECK (amount >= 0),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        current_period_start timestamptz,
        current_period_end timestamptz,
        cancel_at_period_end boolean NOT NULL DEFAULT false,
        canceled_at timestamptz,
        last_event_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_subscriptions_provider_ref ON subscriptions (provider, provider_subscription_id)`,
    );
    await q.query(`CREATE INDEX ix_subscriptions_user ON subscriptions (user_id, created_at)`);

    await q.query(`
      CREATE TABLE payments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        kind varchar(16) NOT NULL DEFAULT 'course' CHECK (kind IN ('course', 'subscription')),
        course_id uuid REFERENCES courses(id),
        subscription_id uuid REFERENCES subscriptions(id),
        provider varchar(16) NOT NULL CHECK (provider IN ('stripe', 'paypal')),
        status varchar(32) NOT NULL DEFAULT 'pending' CHECK (status IN (
          'pending', 'processing', 'completed', 'failed', 'canceled', 'requires_review',
          'partially_refunded', 'refunded', 'disputed')),
        amount bigint NOT NULL CHECK (amount >= 0),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        amount_refunded bigint NOT NULL DEFAULT 0 CHECK (amount_refunded >= 0 AND amount_refunded <= amount),
        exchange_rate numeric(24, 12) CHECK (exchange_rate > 0),
        base_amount bigint CHECK (base_amount >= 0),
        base_currency char(3) CHECK (base_currency ~ '^[A-Z]{3}$'),
        provider_session_id varchar(255),
        provider_payment_id varchar(255),
        checkout_url text,
        idempotency_key varchar(255),
        failure_code varchar(100),
        failure_reason text,
        review_reason text,
        last_event_at timestamptz,
        completed_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_payments_course_kind CHECK (kind <> 'course' OR course_id IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_payments_provider_session ON payments (provider, provider_session_id)`);
    await q.query(`CREATE UNIQUE INDEX uq_payments_provider_payment ON payments (provider, provider_payment_id)`);
    await q.query(`CREATE UNIQUE INDEX uq_payments_user_idempotency_key ON payments (user_id, idempotency_key)`);
    await q.query(`CREATE INDEX ix_payments_user_created ON payments (user_id, created_at, id)`);
    await q.query(`CREATE INDEX ix_payments_created ON payments (created_at, id)`);
    await q.query(`CREATE INDEX ix_payments_status_created ON payments (status, created_at)`);

    await q.query(`
      CREATE TABLE refunds (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        payment_id uuid NOT NULL REFERENCES payments(id),
        provider varchar(16) NOT NULL CHECK (provider IN ('stripe', 'paypal')),
        provider_refund_id varchar(255),
        amount bigint NOT NULL CHECK (amount > 0),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        status varchar(16) NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'succeeded', 'failed', 'canceled')),
        reason text,
        idempotency_key varchar(255) NOT NULL CONSTRAINT uq_refunds_idempotency_key UNIQUE,
        requested_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_refunds_provider_ref ON refunds (provider, provider_refund_id)`);
    await q.query(`CREATE INDEX ix_refunds_payment ON refunds (payment_id, created_at)`);

    await q.query(`
      CREATE TABLE enrollments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        course_id uuid NOT NULL REFERENCES courses(id),
        payment_id uuid REFERENCES payments(id),
        source varchar(16) NOT NULL CHECK (source IN ('purchase', 'subscription', 'admin')),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_enrollments_user_course UNIQUE (user_id, course_id)
      )`);

    await q.query(`
      CREATE TABLE invoices (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number varchar(40) NOT NULL CONSTRAINT uq_invoices_number UNIQUE,
        kind varchar(16) NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
        user_id uuid NOT NULL REFERENCES users(id),
        payment_id uuid NOT NULL REFERENCES payments(id),
        refund_id uuid REFERENCES refunds(id) CONSTRAINT uq_invoices_refund UNIQUE,
        amount bigint NOT NULL CHECK (amount >= 0),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        data jsonb NOT NULL,
        issued_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One invoice per payment; credit notes hang off refunds.
    await q.query(`CREATE UNIQUE INDEX uq_invoices_payment_invoice ON invoices (payment_id) WHERE kind = 'invoice'`);
    await q.query(`CREATE INDEX ix_invoices_user_issued ON invoices (user_id, issued_at)`);

    await q.query(`
      CREATE TABLE provider_customers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        provider varchar(16) NOT NULL CHECK (provider IN ('stripe', 'paypal')),
        provider_customer_id varchar(255) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_provider_customers_user_provider UNIQUE (user_id, provider),
        CONSTRAINT uq_provider_customers_provider_ref UNIQUE (provider, provider_customer_id)
      )`);

    await q.query(`
      CREATE TABLE webhook_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provider varchar(16) NOT NULL CHECK (provider IN ('stripe', 'paypal')),
        event_id varchar(255) NOT NULL,
        type varchar(100) NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'received'
          CHECK (status IN ('received', 'processed', 'ignored', 'failed')),
        payload jsonb NOT NULL,
        provider_created_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        received_at timestamptz NOT NULL DEFAULT now(),
        processed_at timestamptz,
        CONSTRAINT uq_webhook_events_provider_event UNIQUE (provider, event_id)
      )`);
    await q.query(`CREATE INDEX ix_webhook_events_status_received ON webhook_events (status, received_at)`);
    await q.query(`CREATE INDEX ix_webhook_events_received ON webhook_events (received_at, id)`);

    await q.query(`
      CREATE TABLE exchange_rates (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        base_currency char(3) NOT NULL CHECK (base_currency ~ '^[A-Z]{3}$'),
        quote_currency char(3) NOT NULL CHECK (quote_currency ~ '^[A-Z]{3}$'),
        rate numeric(24, 12) NOT NULL CHECK (rate > 0),
        source varchar(100) NOT NULL DEFAULT 'manual',
        valid_from timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_exchange_rates_pair_from ON exchange_rates (base_currency, quote_currency, valid_from)`,
    );

    await q.query(`
      CREATE TABLE audit_logs (
        id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        actor_user_id uuid,
        actor varchar(40) NOT NULL,
        action varchar(100) NOT NULL,
        entity_type varchar(40) NOT NULL,
        entity_id varchar(255) NOT NULL,
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_audit_logs_entity ON audit_logs (entity_type, entity_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'audit_logs',
      'exchange_rates',
      'webhook_events',
      'provider_customers',
      'invoices',
      'enrollments',
      'refunds',
      'payments',
      'subscriptions',
      'plan_prices',
      'plans',
      'course_prices',
      'courses',
      'users',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
