import type { MigrationInterface, QueryRunner } from 'typeorm';

const CHECKOUT_STATUSES = `'pending', 'processing', 'completed', 'failed', 'canceled', 'requires_review'`;

/** Refund and dispute events the first release normalized but had no handler for, and marked ignored. */
const POST_SALE_EVENT_TYPES = `type IN ('charge.refunded', 'charge.refund.updated', 'refund.created', 'refund.updated',
  'refund.failed', 'PAYMENT.CAPTURE.REFUNDED', 'PAYMENT.CAPTURE.REVERSED')
  OR type LIKE 'charge.dispute.%' OR type LIKE 'CUSTOMER.DISPUTE.%'`;

/**
 * `payments.status` keeps only the checkout outcome: refunds and disputes are facts in their own
 * tables, and what was refunded is summed from them (so `amount_refunded`, a second copy that
 * could disagree, goes). Webhook events gain `unhandled`: refund and dispute events stored as
 * ignored become replayable once their handlers exist.
 */
export class PaymentStatusSplit1764900000000 implements MigrationInterface {
  name = 'PaymentStatusSplit1764900000000';

  async up(q: QueryRunner): Promise<void> {
    // These were completed sales; what happened after is in refunds (and, later, disputes).
    await q.query(
      `UPDATE payments SET status = 'completed' WHERE status IN ('partially_refunded', 'refunded', 'disputed')`,
    );
    await q.query(`ALTER TABLE payments DROP CONSTRAINT payments_status_check`);
    await q.query(`ALTER TABLE payments ADD CONSTRAINT ck_payments_status CHECK (status IN (${CHECKOUT_STATUSES}))`);
    await q.query(`ALTER TABLE payments DROP COLUMN amount_refunded`);

    await q.query(`ALTER TABLE webhook_events DROP CONSTRAINT webhook_events_status_check`);
    await q.query(`ALTER TABLE webhook_events ADD CONSTRAINT ck_webhook_events_status
      CHECK (status IN ('received', 'processed', 'unhandled', 'ignored', 'failed'))`);
    await q.query(
      `UPDATE webhook_events SET status = 'unhandled' WHERE status = 'ignored' AND (${POST_SALE_EVENT_TYPES})`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE webhook_events SET status = 'ignored' WHERE status = 'unhandled'`);
    await q.query(`ALTER TABLE webhook_events DROP CONSTRAINT ck_webhook_events_status`);
    await q.query(`ALTER TABLE webhook_events ADD CONSTRAINT webhook_events_status_check
      CHECK (status IN ('received', 'processed', 'ignored', 'failed'))`);

    await q.query(`ALTER TABLE payments ADD COLUMN amount_refunded bigint NOT NULL DEFAULT 0`);
    await q.query(`UPDATE payments p SET amount_refunded = LEAST(p.amount, r.total)
      FROM (SELECT payment_id, sum(amount) AS total FROM refunds WHERE status = 'succeeded' GROUP BY payment_id) r
     WHERE r.payment_id = p.id`);
    await q.query(`ALTER TABLE payments ADD CONSTRAINT payments_amount_refunded_check
      CHECK (amount_refunded >= 0 AND amount_refunded <= amount)`);
    await q.query(`ALTER TABLE payments DROP CONSTRAINT ck_payments_status`);
    await q.query(`ALTER TABLE payments ADD CONSTRAINT payments_status_check CHECK (status IN (${CHECKOUT_STATUSES},
      'partially_refunded', 'refunded', 'disputed'))`);
    await q.query(`UPDATE payments SET status = CASE WHEN amount_refunded = amount THEN 'refunded' ELSE 'partially_refunded' END
      WHERE status = 'completed' AND amount_refunded > 0`);
  }
}
