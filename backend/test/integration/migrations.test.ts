import { createDataSource } from '../../src/db/data-source';
import { MIGRATIONS } from '../../src/db/migrations';
import { PaymentStatusSplit1764900000000 } from '../../src/db/migrations/1764900000000-payment-status-split';
import { ExchangeRateProvenance1765000000000 } from '../../src/db/migrations/1765000000000-exchange-rate-provenance';
import { ReconciliationRotation1767000001000 } from '../../src/db/migrations/1767000001000-reconciliation-rotation';
import { createEmptyDatabase } from '../support/test-database';

const TABLES = [
  'audit_logs',
  'course_prices',
  'courses',
  'disputes',
  'document_series',
  'email_outbox',
  'enrollments',
  'exchange_rates',
  'invoices',
  'payment_method_setups',
  'payment_methods',
  'payments',
  'plan_prices',
  'plan_provider_prices',
  'plans',
  'provider_customers',
  'reconciliation_drifts',
  'reconciliation_runs',
  'refunds',
  'subscriptions',
  'users',
  'webhook_events',
  'webhook_transmissions',
];

/** Reverts every migration from the newest down to and including `migration`. */
async function revertThrough(ds: ReturnType<typeof createDataSource>, migration: (typeof MIGRATIONS)[number]) {
  const from = MIGRATIONS.indexOf(migration);
  for (let i = MIGRATIONS.length - 1; i >= from; i -= 1) await ds.undoLastMigration();
}

async function tables(ds: ReturnType<typeof createDataSource>): Promise<string[]> {
  const rows: { table_name: string }[] = await ds.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migrations' ORDER BY 1`,
  );
  return rows.map((r) => r.table_name);
}

describe('migrations', () => {
  it('when run on an empty database, reverted and run again, then the schema comes and goes cleanly', async () => {
    const empty = await createEmptyDatabase();
    const ds = createDataSource({ url: empty.url, poolSize: 1 });
    await ds.initialize();
    try {
      await ds.runMigrations();
      expect(await tables(ds)).toEqual(TABLES);
      for (let i = 0; i < MIGRATIONS.length; i += 1) await ds.undoLastMigration();
      expect(await tables(ds)).toEqual([]);
      await ds.runMigrations();
      expect(await tables(ds)).toEqual(TABLES);
    } finally {
      await ds.destroy();
      await empty.drop();
    }
  });

  it('when money rules are broken in SQL directly, then the constraints refuse it', async () => {
    const empty = await createEmptyDatabase();
    const ds = createDataSource({ url: empty.url, poolSize: 1 });
    await ds.initialize();
    try {
      await ds.runMigrations();
      const [user] = await ds.query(
        `INSERT INTO users (email, password_hash, name) VALUES ('a@b.c', 'x', 'A') RETURNING id`,
      );
      const [course] = await ds.query(
        `INSERT INTO courses (slug, title, base_price_amount, base_currency) VALUES ('c', 'C', 100, 'USD') RETURNING id`,
      );
      const pay = (amount: string, currency: string) =>
        ds.query(
          `INSERT INTO payments (user_id, course_id, provider, amount, currency) VALUES ($1, $2, 'stripe', ${amount}, '${currency}')`,
          [user.id, course.id],
        );
      await expect(pay('-1', 'USD')).rejects.toThrow(/check constraint/);
      await expect(pay('100', 'usd')).rejects.toThrow(/check constraint/);
      await expect(pay('100', 'USD')).resolves.toBeDefined();
      await ds.query(
        `INSERT INTO payments (user_id, course_id, provider, amount, currency, provider_session_id) VALUES ($1, $2, 'stripe', 100, 'USD', 'cs_1')`,
        [user.id, course.id],
      );
      await expect(
        ds.query(
          `INSERT INTO payments (user_id, course_id, provider, amount, currency, provider_session_id) VALUES ($1, $2, 'stripe', 100, 'USD', 'cs_1')`,
          [user.id, course.id],
        ),
      ).rejects.toThrow(/uq_payments_provider_session/);
      await ds.query(`INSERT INTO enrollments (user_id, course_id, source) VALUES ($1, $2, 'admin')`, [
        user.id,
        course.id,
      ]);
      await expect(
        ds.query(`INSERT INTO enrollments (user_id, course_id, source) VALUES ($1, $2, 'admin')`, [user.id, course.id]),
      ).rejects.toThrow(/uq_enrollments_owned/);
      // A revoked grant is history: the course can be owned again.
      await ds.query(`UPDATE enrollments SET status = 'revoked' WHERE user_id = $1`, [user.id]);
      await ds.query(`INSERT INTO enrollments (user_id, course_id, source) VALUES ($1, $2, 'admin')`, [
        user.id,
        course.id,
      ]);
      await ds.query(
        `INSERT INTO webhook_events (provider, event_id, type, payload) VALUES ('stripe', 'evt_1', 't', '{}')`,
      );
      await expect(
        ds.query(
          `INSERT INTO webhook_events (provider, event_id, type, payload) VALUES ('stripe', 'evt_1', 't', '{}')`,
        ),
      ).rejects.toThrow(/uq_webhook_events_provider_event/);
    } finally {
      await ds.destroy();
      await empty.drop();
    }
  });

  it('when the status split runs over first-release rows, then refund states become completed sales and refund events become replayable', async () => {
    const empty = await createEmptyDatabase();
    const ds = createDataSource({ url: empty.url, poolSize: 1 });
    await ds.initialize();
    try {
      await ds.runMigrations();
      await revertThrough(ds, PaymentStatusSplit1764900000000);
      const [user] = await ds.query(
        `INSERT INTO users (email, password_hash, name) VALUES ('r@b.c', 'x', 'R') RETURNING id`,
      );
      const [course] = await ds.query(
        `INSERT INTO courses (slug, title, base_price_amount, base_currency) VALUES ('r', 'R', 100, 'USD') RETURNING id`,
      );
      const [payment] = await ds.query(
        `INSERT INTO payments (user_id, course_id, provider, amount, currency, status, amount_refunded)
         VALUES ($1, $2, 'stripe', 100, 'USD', 'refunded', 100) RETURNING id`,
        [user.id, course.id],
      );
      await ds.query(
        `INSERT INTO refunds (payment_id, provider, amount, currency, status, idempotency_key)
         VALUES ($1, 'stripe', 100, 'USD', 'succeeded', 'refund:x:1')`,
        [payment.id],
      );
      const event = (id: string, type: string) =>
        ds.query(
          `INSERT INTO webhook_events (provider, event_id, type, payload, status) VALUES ('stripe', $1, $2, '{}', 'ignored')`,
          [id, type],
        );
      await event('evt_refund', 'charge.refunded');
      await event('evt_dispute', 'charge.dispute.created');
      await event('evt_other', 'customer.updated');

      await ds.runMigrations();
      expect(await ds.query(`SELECT status FROM payments WHERE id = $1`, [payment.id])).toEqual([
        { status: 'completed' },
      ]);
      expect(await ds.query(`SELECT event_id, status FROM webhook_events ORDER BY event_id`)).toEqual([
        { event_id: 'evt_dispute', status: 'unhandled' },
        { event_id: 'evt_other', status: 'ignored' },
        { event_id: 'evt_refund', status: 'unhandled' },
      ]);
      await expect(ds.query(`UPDATE payments SET status = 'refunded' WHERE id = $1`, [payment.id])).rejects.toThrow(
        /ck_payments_status/,
      );

      await revertThrough(ds, PaymentStatusSplit1764900000000);
      expect(await ds.query(`SELECT status, amount_refunded FROM payments WHERE id = $1`, [payment.id])).toEqual([
        { status: 'refunded', amount_refunded: '100' },
      ]);
      expect(await ds.query(`SELECT DISTINCT status FROM webhook_events`)).toEqual([{ status: 'ignored' }]);
    } finally {
      await ds.destroy();
      await empty.drop();
    }
  });

  it('when a payment records a rate source without a rate, then the provenance constraint refuses it; reverting drops the columns', async () => {
    const empty = await createEmptyDatabase();
    const ds = createDataSource({ url: empty.url, poolSize: 1 });
    await ds.initialize();
    try {
      await ds.runMigrations();
      const [user] = await ds.query(
        `INSERT INTO users (email, password_hash, name) VALUES ('p@b.c', 'x', 'P') RETURNING id`,
      );
      const [course] = await ds.query(
        `INSERT INTO courses (slug, title, base_price_amount, base_currency) VALUES ('p', 'P', 100, 'USD') RETURNING id`,
      );
      const pay = (rate: string | null, source: string | null) =>
        ds.query(
          `INSERT INTO payments (user_id, course_id, provider, amount, currency, exchange_rate, exchange_rate_source,
                                 exchange_rate_valid_from)
           VALUES ($1, $2, 'stripe', 100, 'EUR', $3, $4::varchar, CASE WHEN $4::varchar IS NULL THEN NULL ELSE now() END)`,
          [user.id, course.id, rate, source],
        );
      await expect(pay('0.9215', 'ecb')).resolves.toBeDefined();
      await expect(pay(null, null)).resolves.toBeDefined();
      await expect(pay(null, 'ecb')).rejects.toThrow(/ck_payments_exchange_rate_provenance/);
      const [rate] = await ds.query(
        `INSERT INTO exchange_rates (base_currency, quote_currency, rate, source) VALUES ('EUR', 'USD', 1.1564, 'ecb')
         RETURNING recorded_at`,
      );
      expect(rate.recorded_at).toBeInstanceOf(Date);

      await revertThrough(ds, ExchangeRateProvenance1765000000000);
      const columns: { column_name: string }[] = await ds.query(
        `SELECT column_name FROM information_schema.columns
          WHERE table_name IN ('payments', 'exchange_rates') AND column_name IN ('exchange_rate_source',
                'exchange_rate_valid_from', 'recorded_at')`,
      );
      expect(columns).toEqual([]);
    } finally {
      await ds.destroy();
      await empty.drop();
    }
  });

  it('when reconciliation picks its batch, then the rotation index serves the order it takes payments in; reverting drops the index and the columns', async () => {
    const empty = await createEmptyDatabase();
    const ds = createDataSource({ url: empty.url, poolSize: 1 });
    await ds.initialize();
    try {
      await ds.runMigrations();
      const columns = async (): Promise<string[]> =>
        (
          await ds.query(
            `SELECT column_name FROM information_schema.columns
              WHERE table_name = 'payments' AND column_name IN ('last_checked_at', 'payment_method_id') ORDER BY 1`,
          )
        ).map((r: { column_name: string }) => r.column_name);
      expect(await columns()).toEqual(['last_checked_at', 'payment_method_id']);

      // The statuses reconciliation asks about, in the order it takes them: an empty table gives
      // the planner no reason to prefer the index, so the scans that cannot keep an order are off.
      await ds.query(`SET enable_seqscan = off`);
      await ds.query(`SET enable_bitmapscan = off`);
      const plan: { 'QUERY PLAN': string }[] = await ds.query(
        `EXPLAIN SELECT id FROM payments WHERE status IN ('pending', 'processing', 'failed')
          ORDER BY last_checked_at NULLS FIRST, created_at LIMIT 200`,
      );
      const text = plan.map((r) => r['QUERY PLAN']).join('\n');
      expect(text).toContain('ix_payments_reconcile_rotation');
      expect(text).not.toMatch(/Sort/);
      await ds.query(`RESET enable_seqscan`);
      await ds.query(`RESET enable_bitmapscan`);

      await revertThrough(ds, ReconciliationRotation1767000001000);
      expect(await columns()).toEqual([]);
      expect(await ds.query(`SELECT 1 FROM pg_indexes WHERE indexname = 'ix_payments_reconcile_rotation'`)).toEqual([]);
    } finally {
      await ds.destroy();
      await empty.drop();
    }
  });
});
