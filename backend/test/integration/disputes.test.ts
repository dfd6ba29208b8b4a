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
        user: { id: expect.any(String), email: expect.any(String), name: expect.any(String) },
        payment: {
          id: res.body.items[0].paymentId,
          amount: { amount: expect.any(Number), currency: expect.any(String) },
          course: { id: expect.any(String), title: expect.any(String) },
        },
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

  it('when a Stripe inquiry opens (card 1976), then nothing is suspended and the payment stays refundable', async () => {
    const purchase = await completedPurchase(ctx, 'stripe', courses[4], { card: '4000000000001976' });
    const [inquiry] = await eventually(async () => {
      const rows = await disputeRows(ctx, purchase.checkout.paymentId);
      return rows.length ? rows : undefined;
    });
    expect(inquiry).toMatchObject({ status: 'inquiry', funds_withdrawn: false });
    expect(await accessOf(ctx, purchase.checkout.paymentId)).toBe('active');
    const view = await paymentView(ctx, admin.token, purchase.checkout.paymentId);
    expect(view.body.label).toBe('disputed');
    expect(view.body.refundableAmount.amount).toBe(view.body.amount.amount);
  });
});

describe('disputes (PayPal)', () => {
  let ctx: SandboxTestContext;
  let courses: string[];
  let admin: { id: string; token: string };
  beforeAll(async () => {
    ctx = await createSandboxTestContext();
    courses = await courseIds(ctx);
    admin = await ctx.createUser('admin');
  });
  afterAll(() => ctx.close());

  const control = (path: string, body: Record<string, unknown> = {}) =>
    sandboxControl(`${ctx.sandbox.paypal.url}/_sandbox/${path}`, body) as Promise<{ dispute_id: string }>;

  it('when a PayPal chargeback opens and the money is reversed, then access is suspended; when won, restored', async () => {
    const purchase = await completedPurchase(ctx, 'paypal', courses[0]);
    const dispute = await control('disputes', { capture_id: purchase.providerPaymentId });
    await waitForAccess(ctx, purchase.checkout.paymentId, 'suspended');
    const [row] = await eventually(async () => {
      const rows = await disputeRows(ctx, purchase.checkout.paymentId);
      return rows[0]?.funds_withdrawn ? rows : undefined;
    });
    expect(row).toMatchObject({ status: 'needs_response', provider_dispute_id: dispute.dispute_id });
    const refund = await adminRefund(ctx, admin.token, purchase.checkout.paymentId, { amount: 100 });
    expect([refund.status, refund.body.error.code]).toEqual([409, 'payment_not_refundable']);

    await control(`disputes/${dispute.dispute_id}/resolve`, { outcome: 'won' });
    await waitForAccess(ctx, purchase.checkout.paymentId, 'active');
    expect(await disputeRows(ctx, purchase.checkout.paymentId)).toEqual([expect.objectContaining({ status: 'won' })]);
  });

  it('when a PayPal claim is lost, then access is revoked and the payment shows the loss', async () => {
    const purchase = await completedPurchase(ctx, 'paypal', courses[1]);
    const dispute = await control('disputes', { capture_id: purchase.providerPaymentId });
    await waitForAccess(ctx, purchase.checkout.paymentId, 'suspended');
    await control(`disputes/${dispute.dispute_id}/resolve`, { outcome: 'lost' });
    await waitForAccess(ctx, purchase.checkout.paymentId, 'revoked');
    const view = await paymentView(ctx, admin.token, purchase.checkout.paymentId);
    expect(view.body).toMatchObject({ label: 'dispute_lost' });
    expect(view.body.refundableAmount.amount).toBe(0);
    expect(view.body.disputes).toHaveLength(1);
  });

  it('when a PayPal inquiry opens, then access stays; when it escalates to a claim, then access is suspended', async () => {
    const purchase = await completedPurchase(ctx, 'paypal', courses[2]);
    const dispute = await control('disputes', { capture_id: purchase.providerPaymentId, stage: 'INQUIRY' });
    await eventually(async () => {
      const rows = await disputeRows(ctx, purchase.checkout.paymentId);
      return rows[0]?.status === 'inquiry' ? rows : undefined;
    });
    expect(await accessOf(ctx, purchase.checkout.paymentId)).toBe('active');
    await control(`disputes/${dispute.dispute_id}/escalate`);
    await waitForAccess(ctx, purchase.checkout.paymentId, 'suspended');
  });
});
