import { loadConfig } from '../../src/config/config';
import { createLogger } from '../../src/logger';
import { createProviders } from '../../src/providers/provider-registry';
import { DataStore } from '../../src/repositories/data-store';
import { RefundService } from '../../src/services/refunds/refund.service';
import { waitForDocuments } from '../support/invoices';
import { api, createSandboxTestContext, type SandboxTestContext } from '../support/test-app';
import { courseIds, loseWebhooks, restoreWebhooks, sandboxControl } from '../support/purchase';
import {
  accessOf,
  adminRefund,
  completedPurchase,
  paymentView,
  refundRows,
  waitForAccess,
  waitForRefunds,
} from '../support/post-sale';

describe('admin refunds', () => {
  let ctx: SandboxTestContext;
  let courses: string[];
  let admin: { id: string; token: string };
  beforeAll(async () => {
    ctx = await createSandboxTestContext();
    courses = await courseIds(ctx);
    admin = await ctx.createUser('admin');
  });
  afterAll(() => ctx.close());

  for (const provider of ['stripe', 'paypal'] as const) {
    it(`when an admin refunds part of a ${provider} payment, then access stays; when the rest, then it is revoked`, async () => {
      const purchase = await completedPurchase(ctx, provider, courses[0]);
      const paid = (await paymentView(ctx, admin.token, purchase.checkout.paymentId)).body.amount.amount as number;

      const partial = await adminRefund(ctx, admin.token, purchase.checkout.paymentId, {
        amount: 100,
        reason: 'goodwill',
      });
      expect(partial.status).toBe(201);
      expect(partial.body.refund).toMatchObject({ origin: 'admin', status: 'succeeded', reason: 'goodwill' });
      expect(partial.body.refund.amount.amount).toBe(100);
      const afterPartial = await paymentView(ctx, purchase.student.token, purchase.checkout.paymentId);
      expect(afterPartial.body).toMatchObject({ label: 'partially_refunded', status: 'completed' });
      expect(afterPartial.body.refundedAmount.amount).toBe(100);
      expect(afterPartial.body.refundableAmount.amount).toBe(paid - 100);
      expect(await accessOf(ctx, purchase.checkout.paymentId)).toBe('active');

      const rest = await adminRefund(ctx, admin.token, purchase.checkout.paymentId);
      expect(rest.status).toBe(201);
      expect(rest.body.refund.amount.amount).toBe(paid - 100);
      await waitForAccess(ctx, purchase.checkout.paymentId, 'revoked');
      const refunded = await paymentView(ctx, admin.token, purchase.checkout.paymentId);
      expect(refunded.body).toMatchObject({ label: 'refunded' });
      expect(refunded.body.refundableAmount.amount).toBe(0);
      expect(refunded.body.refunds).toHaveLength(2);

      const mine = await api(ctx.app).get('/api/enrollments').auth(purchase.student.token, { type: 'bearer' });
      expect(mine.body.items).toEqual([]);

      const nothingLeft = await adminRefund(ctx, admin.token, purchase.checkout.paymentId);
      expect([nothingLeft.status, nothingLeft.body.error.code]).toEqual([409, 'payment_not_refundable']);

      const audit = await ctx.db.dataSource.query(
        `SELECT actor, actor_user_id, data FROM audit_logs WHERE action = 'refund.requested' AND data->>'paymentId' = $1`,
        [purchase.checkout.paymentId],
      );
      expect(audit).toHaveLength(2);
      expect(audit[0]).toMatchObject({ actor: 'admin', actor_user_id: admin.id });
      expect(audit[0].data).toMatchObject({ amount: 100, reason: 'goodwill' });
    });
  }

  it('when 10 partial refunds race and together exceed the payment, then the total never exceeds it and the extra get 422', async () => {
    const purchase = await completedPurchase(ctx, 'stripe', courses[1]);
    const paid = (await paymentView(ctx, admin.token, purchase.checkout.paymentId)).body.amount.amount as number;
    const each = Math.floor(paid / 4);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => adminRefund(ctx, admin.token, purchase.checkout.paymentId, { amount: each })),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(4);
    expect(statuses.filter((s) => s === 422)).toHaveLength(6);
    expect(answers.find((a) => a.status === 422)?.body.error.code).toBe('amount_exceeds_refundable');
    const rows = await refundRows(ctx, purchase.checkout.paymentId);
    const total = rows.filter((r) => r.status !== 'failed').reduce((sum, r) => sum + Number(r.amount), 0);
    expect(total).toBeLessThanOrEqual(paid);
    expect(total).toBe(each * 4);
  });

  it('when the same Idempotency-Key is sent twice, then there is one refund', async () => {
    const purchase = await completedPurchase(ctx, 'paypal', courses[1]);
    const first = await adminRefund(ctx, admin.token, purchase.checkout.paymentId, { amount: 200 }, 'refund-key-1');
    const second = await adminRefund(ctx, admin.token, purchase.checkout.paymentId, { amount: 200 }, 'refund-key-1');
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.refund.id).toBe(first.body.refund.id);
    expect(await refundRows(ctx, purchase.checkout.paymentId)).toHaveLength(1);
    const other = await adminRefund(ctx, admin.token, purchase.checkout.paymentId, { amount: 300 }, 'refund-key-1');
    expect([other.status, other.body.error.code]).toEqual([409, 'idempotency_key_reused']);
  });

  it('when a student, an unknown id or a bad amount is sent, then 403, 404 and 400 change nothing', async () => {
    const purchase = await completedPurchase(ctx, 'stripe', courses[2]);
    const asStudent = await adminRefund(ctx, purchase.student.token, purchase.checkout.paymentId, { amount: 100 });
    expect(asStudent.status).toBe(403);
    const unknown = await adminRefund(ctx, admin.token, '00000000-0000-4000-8000-000000000000', { amount: 100 });
    expect(unknown.status).toBe(404);
    const notUuid = await adminRefund(ctx, admin.token, 'not-a-payment', { amount: 100 });
    expect(notUuid.status).toBe(404);
    for (const body of [
      { amount: 0 },
      { amount: -5 },
      { amount: 10.5 },
      { amount: '100' },
      { amount: 100, extra: true },
      { reason: 'bad\u0007bell' },
    ]) {
      const res = await adminRefund(ctx, admin.token, purchase.checkout.paymentId, body);
      expect([res.status, res.body.error.code]).toEqual([400, 'validation_failed']);
    }
    const tooMuch = await adminRefund(ctx, admin.token, purchase.checkout.paymentId, { amount: 10_000_000 });
    expect(tooMuch.status).toBe(422);
    expect(await refundRows(ctx, purchase.checkout.paymentId)).toEqual([]);
    expect(await accessOf(ctx, purchase.checkout.paymentId)).toBe('active');
  });

  it('when a refund is made in the Stripe dashboard, then it is recorded with origin provider and a full one revokes access', async () => {
    const purchase = await completedPurchase(ctx, 'stripe', courses[3]);
    await sandboxControl(`${ctx.sandbox.stripe.url}/_sandbox/refunds`, { payment_intent: purchase.providerPaymentId });
    const rows = await waitForRefunds(ctx, purchase.checkout.paymentId, (r) => r[0]?.status === 'succeeded');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ origin: 'provider' });
    expect(rows[0].provider_refund_id).toMatch(/^re_/);
    await waitForAccess(ctx, purchase.checkout.paymentId, 'revoked');
    const { creditNotes } = await waitForDocuments(ctx, purchase.student.token, purchase.checkout.paymentId, 1);
    expect(creditNotes).toHaveLength(1);
    const [stored] = await ctx.db.dataSource.query(`SELECT data FROM invoices WHERE id = $1`, [creditNotes[0]!.id]);
    expect(stored.data.correction.refundReference).toBe(rows[0].provider_refund_id);
  });

  it('when a refund is made in the PayPal dashboard for part of the capture, then it is recorded and access stays', async () => {
    const purchase = await completedPurchase(ctx, 'paypal', courses[3]);
    await sandboxControl(`${ctx.sandbox.paypal.url}/_sandbox/refunds`, {
      capture_id: purchase.providerPaymentId,
      amount: '1.00',
    });
    const rows = await waitForRefunds(ctx, purchase.checkout.paymentId, (r) => r[0]?.status === 'succeeded');
    expect(rows[0]).toMatchObject({ origin: 'provider', amount: '100' });
    expect(await accessOf(ctx, purchase.checkout.paymentId)).toBe('active');
  });

  it('when a pending Stripe refund settles as failed, then access and the refundable amount come back', async () => {
    const purchase = await completedPurchase(ctx, 'stripe', courses[4]);
    await sandboxControl(`${ctx.sandbox.stripe.url}/_sandbox/refunds`, {
      payment_intent: purchase.providerPaymentId,
      status: 'pending',
    });
    const [pending] = await waitForRefunds(ctx, purchase.checkout.paymentId, (r) => r[0]?.status === 'pending');
    const view = await paymentView(ctx, admin.token, purchase.checkout.paymentId);
    expect(view.body.refundableAmount.amount).toBe(0);
    expect(await accessOf(ctx, purchase.checkout.paymentId)).toBe('active');

    await sandboxControl(`${ctx.sandbox.stripe.url}/_sandbox/refunds/${pending.provider_refund_id}/settle`, {
      outcome: 'failed',
    });
    await waitForRefunds(ctx, purchase.checkout.paymentId, (r) => r[0]?.status === 'failed');
    const after = await paymentView(ctx, admin.token, purchase.checkout.paymentId);
    expect(after.body.refundableAmount.amount).toBe(after.body.amount.amount);
    expect(after.body.label).toBe('completed');
    expect(await accessOf(ctx, purchase.checkout.paymentId)).toBe('active');
  });

  it('when a pending Stripe refund then succeeds, then the full refund revokes access only then', async () => {
    const purchase = await completedPurchase(ctx, 'stripe', courses[5]);
    await sandboxControl(`${ctx.sandbox.stripe.url}/_sandbox/refunds`, {
      payment_intent: purchase.providerPaymentId,
      status: 'pending',
    });
    const [pending] = await waitForRefunds(ctx, purchase.checkout.paymentId, (r) => r[0]?.status === 'pending');
    expect(await accessOf(ctx, purchase.checkout.paymentId)).toBe('active');
    await sandboxControl(`${ctx.sandbox.stripe.url}/_sandbox/refunds/${pending.provider_refund_id}/settle`, {});
    await waitForAccess(ctx, purchase.checkout.paymentId, 'revoked');
  });

  it('when a dashboard refund webhook is lost, then reconciliation records it', async () => {
    const purchase = await completedPurchase(ctx, 'stripe', courses[2]);
    loseWebhooks(ctx);
    try {
      await sandboxControl(`${ctx.sandbox.stripe.url}/_sandbox/refunds`, {
        payment_intent: purchase.providerPaymentId,
        amount: 100,
      });
      expect(await refundRows(ctx, purchase.checkout.paymentId)).toEqual([]);
      const report = await ctx.services.reconciliation.run({ olderThanSeconds: 0 });
      expect(report.errors).toBe(0);
    } finally {
      restoreWebhooks(ctx);
    }
    const rows = await refundRows(ctx, purchase.checkout.paymentId);
    expect(rows).toEqual([expect.objectContaining({ origin: 'provider', status: 'succeeded', amount: '100' })]);
    expect(await accessOf(ctx, purchase.checkout.paymentId)).toBe('active');
  });

  it('when the provider cannot be reached, then the refund stays pending and reconciliation sends it again with the same key', async () => {
    const purchase = await completedPurchase(ctx, 'stripe', courses[5]);
    const unreachable = createProviders(loadConfig({ ...testEnv(ctx), STRIPE_API_BASE: 'http://127.0.0.1:9' }));
    const offline = new RefundService(
      new DataStore(ctx.db.dataSource, ctx.jobQueue),
      unreachable,
      ctx.services.settlement,
      createLogger('silent'),
    );
    const pending = await offline.refundPayment({
      adminUserId: admin.id,
      paymentId: purchase.checkout.paymentId,
      amount: 100,
    });
    expect(pending).toMatchObject({ status: 'pending', providerRefundId: null });
    expect((await paymentView(ctx, admin.token, purchase.checkout.paymentId)).body.refundedAmount.amount).toBe(0);

    await ctx.services.reconciliation.run({ olderThanSeconds: 0 });
    const rows = await refundRows(ctx, purchase.checkout.paymentId);
    expect(rows).toEqual([expect.objectContaining({ status: 'succeeded', origin: 'admin', amount: '100' })]);
    await ctx.services.reconciliation.run({ olderThanSeconds: 0 });
    const atStripe = await ctx.providers
      .get('stripe')
      .refunds.listRefunds({ providerPaymentId: purchase.providerPaymentId });
    expect(atStripe).toHaveLength(1);
  });

  it('when a full Stripe refund fails after succeeding (card 5126), then access and the refundable amount come back', async () => {
    const purchase = await completedPurchase(ctx, 'stripe', courses[0], { card: '4000000000005126' });
    const refund = await adminRefund(ctx, admin.token, purchase.checkout.paymentId, {
      reason: 'requested_by_customer',
    });
    expect(refund.body.refund.status).toBe('succeeded');
    await waitForAccess(ctx, purchase.checkout.paymentId, 'revoked');
    const [row] = await refundRows(ctx, purchase.checkout.paymentId);
    await sandboxControl(`${ctx.sandbox.stripe.url}/_sandbox/refunds/${row.provider_refund_id}/fail`, {});
    const [failed] = await waitForRefunds(ctx, purchase.checkout.paymentId, (r) => r[0]?.status === 'failed');
    expect(failed.failure_reason).toBe('expired_or_canceled_card');
    await waitForAccess(ctx, purchase.checkout.paymentId, 'active');
    const view = await paymentView(ctx, admin.token, purchase.checkout.paymentId);
    expect(view.body.refundableAmount.amount).toBe(view.body.amount.amount);
    expect(view.body.label).toBe('completed');
  });

  it('when a PayPal refund stays pending and its completion is never notified, then reconciliation records it', async () => {
    const purchase = await completedPurchase(ctx, 'paypal', courses[4]);
    await sandboxControl(`${ctx.sandbox.paypal.url}/_sandbox/captures/${purchase.providerPaymentId}/hold_refunds`, {});
    const refund = await adminRefund(ctx, admin.token, purchase.checkout.paymentId);
    expect(refund.body.refund.status).toBe('pending');
    expect(await accessOf(ctx, purchase.checkout.paymentId)).toBe('active');
    const [row] = await refundRows(ctx, purchase.checkout.paymentId);
    await sandboxControl(`${ctx.sandbox.paypal.url}/_sandbox/refunds/${row.provider_refund_id}/settle`, {
      outcome: 'COMPLETED',
      silent: true,
    });
    await ctx.services.reconciliation.run({ olderThanSeconds: 0 });
    expect((await refundRows(ctx, purchase.checkout.paymentId))[0].status).toBe('succeeded');
    await waitForAccess(ctx, purchase.checkout.paymentId, 'revoked');
  });
});

/** The environment the test context was configured with, to derive a variant of it. */
function testEnv(ctx: SandboxTestContext): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: ctx.db.url,
    STRIPE_WEBHOOK_SECRET: ctx.sandbox.stripe.webhookSecret,
    PAYPAL_API_BASE: ctx.sandbox.paypal.url,
    PAYPAL_WEBHOOK_ID: ctx.sandbox.paypal.webhookId,
  };
}
