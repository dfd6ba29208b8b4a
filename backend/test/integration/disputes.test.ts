import { api, createSandboxTestContext, eventually, type SandboxTestContext } from '../support/test-app';
import { courseIds, sandboxControl, sandboxEvents, stripeSignature } from '../support/purchase';
import {
  accessOf,
  adminRefund,
  completedPurchase,
  disputeRows,
  paymentView,
  waitForAccess,
} from '../support/post-sale';

describe('disputes and late events (Stripe)', () => {
  let ctx: SandboxTestContext;
  let courses: string[];
  let admin: { id: string; token: string };
  beforeAll(async () => {
    ctx = await createSandboxTestContext();
    courses = await courseIds(ctx);
    admin = await ctx.createUser('admin');
  });
  afterAll(() => ctx.close());

  const openDispute = (paymentIntent: string) =>
    sandboxControl(`${ctx.sandbox.stripe.url}/_sandbox/disputes`, { payment_intent: paymentIntent }) as Promise<{
      id: string;
    }>;
  const closeDispute = (id: string, outcome: 'won' | 'lost') =>
    sandboxControl(`${ctx.sandbox.stripe.url}/_sandbox/disputes/${id}/close`, { outcome });

  /** The same old fact under a new event id (as a second endpoint or a replay tool would send it), processed. */
  async function deliverAgain(event: { id: string; payload: Record<string, unknown> }): Promise<void> {
    const id = `${event.id}_late`;
    const body = JSON.stringify({ ...event.payload, id });
    const res = await api(ctx.app)
      .post('/api/payments/webhook/stripe')
      .set('Content-Type', 'application/json')
      .set('Stripe-Signature', stripeSignature(body, ctx.sandbox.stripe.webhookSecret))
      .send(body);
    expect(res.status).toBe(200);
    await eventually(async () => {
      const [row] = await ctx.db.dataSource.query(`SELECT status FROM webhook_events WHERE event_id = $1`, [id]);
      return row && row.status !== 'received' ? true : undefined;
    });
  }

  async function stripeEvent(type: string, objectId: string) {
    const event = (await sandboxEvents(ctx.sandbox.stripe.url)).find(
      (e) => e.type === type && (e.payload.data as { object: { id: string } }).object.id === objectId,
    );
    if (!event) throw new Error(`no ${type} for ${objectId}`);
    return event;
  }

  it('when a chargeback opens, then access is suspended; when it is won, then access is restored', async () => {
    const purchase = await completedPurchase(ctx, 'stripe', courses[0]);
    const dispute = await openDispute(purchase.providerPaymentId);
    await waitForAccess(ctx, purchase.checkout.paymentId, 'suspended');
    const during = await paymentView(ctx, admin.token, purchase.checkout.paymentId);
    expect(during.body.label).toBe('disputed');
    expect(during.body.disputes).toEqual([expect.objectContaining({ providerDisputeId: dispute.id })]);
    const mine = await api(ctx.app).get('/api/enrollments').auth(purchase.student.token, { type: 'bearer' });
    expect(mine.body.items).toEqual([]);

    await closeDispute(dispute.id, 'won');
    await waitForAccess(ctx, purchase.checkout.paymentId, 'active');
    expect((await disputeRows(ctx, purchase.checkout.paymentId))[0].status).toBe('won');
    expect((await paymentView(ctx, admin.token, purchase.checkout.paymentId)).body.label).toBe('completed');
  });

  it('when a chargeback is lost, then access is revoked and the disputed amount is no longer refundable', async () => {
    const purchase = await completedPurchase(ctx, 'stripe', courses[1]);
    const dispute = await openDispute(purchase.providerPaymentId);
    await waitForAccess(ctx, purchase.checkout.paymentId, 'suspended');
    await closeDispute(dispute.id, 'lost');
    await waitForAccess(ctx, purchase.checkout.paymentId, 'revoked');
    const view = await paymentView(ctx, admin.token, purchase.checkout.paymentId);
    expect(view.body).toMatchObject({ label: 'dispute_lost' });
    expect(view.body.refundableAmount.amount).toBe(0);
    const refund = await adminRefund(ctx, admin.token, purchase.checkout.paymentId);
    expect([refund.status, refund.body.error.code]).toEqual([409, 'payment_not_refundable']);
  });

  it('when the admin lists disputes, then each shows its payment, buyer and status; students get 403', async () => {
    const res = await api(ctx.app).get('/api/admin/disputes?limit=50').auth(admin.token, { type: 'bearer' });
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThanOrEqual(2);
    expect(res.body.items[0]).toEqual(
      expect.objectContaining({
        paymentId: expect.any(String),
        userEmail: expect.any(String),
        status: expect.any(String),
      }),
    );
    const student = await ctx.createUser();
    const forbidden = await api(ctx.app).get('/api/admin/disputes').auth(student.token, { type: 'bearer' });
    expect(forbidden.status).toBe(403);
  });

  it('when an old dispute event is delivered after the dispute was won, then the newer state stays', async () => {
    const purchase = await completedPurchase(ctx, 'stripe', courses[2]);
    const dispute = await openDispute(purchase.providerPaymentId);
    await waitForAccess(ctx, purchase.checkout.paymentId, 'suspended');
    await closeDispute(dispute.id, 'won');
    await waitForAccess(ctx, purchase.checkout.paymentId, 'active');

    await deliverAgain(await stripeEvent('charge.dispute.created', dispute.id));
    expect((await disputeRows(ctx, purchase.checkout.paymentId))[0].status).toBe('won');
    expect(await accessOf(ctx, purchase.checkout.paymentId)).toBe('active');
  });

  it('when an old refund event is delivered after the refund succeeded, then the refund stays succeeded and access revoked', async () => {
    const purchase = await completedPurchase(ctx, 'stripe', courses[3]);
    const refund = (await sandboxControl(`${ctx.sandbox.stripe.url}/_sandbox/refunds`, {
      payment_intent: purchase.providerPaymentId,
      status: 'pending',
    })) as { id: string };
    await sandboxControl(`${ctx.sandbox.stripe.url}/_sandbox/refunds/${refund.id}/settle`, {});
    await waitForAccess(ctx, purchase.checkout.paymentId, 'revoked');

    const created = await stripeEvent('refund.created', refund.id);
    expect((created.payload.data as { object: { status: string } }).object.status).toBe('pending');
    await deliverAgain(created);
    const rows = await ctx.db.dataSource.query(`SELECT status FROM refunds WHERE provider_refund_id = $1`, [refund.id]);
    expect(rows).toEqual([{ status: 'succeeded' }]);
    expect(await accessOf(ctx, purchase.checkout.paymentId)).toBe('revoked');
  });
});
