import { api, createSandboxTestContext, type SandboxTestContext } from '../support/test-app';
import { STRIPE_BILLING_ADDRESS } from '../support/checkout-request';
import {
  courseIds,
  enrollmentCount,
  loseWebhooks,
  payStripe,
  paymentRow,
  restoreWebhooks,
  sandboxEvents,
  startCheckout,
  stripeSignature,
  waitForStatus,
  waitForEnrollment,
} from '../support/purchase';

describe('purchase edge cases', () => {
  let ctx: SandboxTestContext;
  let courses: string[];
  beforeAll(async () => {
    ctx = await createSandboxTestContext();
    courses = await courseIds(ctx);
  });
  afterAll(() => ctx.close());
  afterEach(() => restoreWebhooks(ctx));

  const control = async (path: string, body: unknown = {}) => {
    const res = await fetch(`${ctx.sandbox.stripe.url}/_sandbox/${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    // A failed settlement answers 402, as a declined payment does.
    if (!res.ok && res.status !== 402) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  };

  it('when a bank debit settles later, then the payment is processing first and completes on async success', async () => {
    const student = await ctx.createUser();
    const checkout = await startCheckout(ctx, student.token, courses[0], 'stripe');
    await control(`checkout/sessions/${checkout.providerSessionId}/pay`, {
      card: '4242424242424242',
      address: STRIPE_BILLING_ADDRESS,
      async: true,
    });
    await waitForStatus(ctx, checkout.paymentId, 'processing');
    expect(await enrollmentCount(ctx, student.id)).toBe(0);
    await control(`checkout/sessions/${checkout.providerSessionId}/settle`, { outcome: 'succeeded' });
    await waitForStatus(ctx, checkout.paymentId, 'completed');
    await waitForEnrollment(ctx, student.id);
  });

  it('when a bank debit fails later, then the payment fails and nobody is enrolled', async () => {
    const student = await ctx.createUser();
    const checkout = await startCheckout(ctx, student.token, courses[1], 'stripe');
    await control(`checkout/sessions/${checkout.providerSessionId}/pay`, {
      card: '4242424242424242',
      address: STRIPE_BILLING_ADDRESS,
      async: true,
    });
    await waitForStatus(ctx, checkout.paymentId, 'processing');
    await control(`checkout/sessions/${checkout.providerSessionId}/settle`, { outcome: 'failed' });
    await waitForStatus(ctx, checkout.paymentId, 'failed');
    expect(await enrollmentCount(ctx, student.id)).toBe(0);
  });

  it('when the checkout session expires unpaid, then the payment is canceled; a late expiry never cancels a paid one', async () => {
    const student = await ctx.createUser();
    const unpaid = await startCheckout(ctx, student.token, courses[2], 'stripe');
    await control(`checkout/sessions/${unpaid.providerSessionId}/expire`);
    const row = await waitForStatus(ctx, unpaid.paymentId, 'canceled');
    expect(row.failure_code).toBe('expired');

    const paid = await startCheckout(ctx, student.token, courses[3], 'stripe');
    await payStripe(ctx, paid.providerSessionId);
    await waitForStatus(ctx, paid.paymentId, 'completed');
    const expired = {
      ...(await sandboxEvents(ctx.sandbox.stripe.url)).find((e) => e.type === 'checkout.session.expired')!.payload,
    };
    const object = {
      ...(expired.data as { object: Record<string, unknown> }).object,
      id: paid.providerSessionId,
      metadata: { payment_id: paid.paymentId },
    };
    const body = JSON.stringify({ ...expired, id: 'evt_late_expiry', data: { object } });
    const res = await api(ctx.app)
      .post('/api/payments/webhook')
      .set('Content-Type', 'application/json')
      .set('Stripe-Signature', stripeSignature(body, ctx.sandbox.stripe.webhookSecret))
      .send(body);
    expect(res.status).toBe(200);
    expect((await paymentRow(ctx, paid.paymentId)).status).toBe('completed');
  });

  it('when the provider confirms another amount or currency than we charged, then the payment needs review and nobody is enrolled', async () => {
    loseWebhooks(ctx);
    for (const [courseIndex, tamper] of [
      [4, { amount_total: 1 }],
      [5, { currency: 'jpy' }],
    ] as const) {
      const student = await ctx.createUser();
      const checkout = await startCheckout(ctx, student.token, courses[courseIndex], 'stripe');
      await payStripe(ctx, checkout.providerSessionId);
      const event = (await sandboxEvents(ctx.sandbox.stripe.url)).find(
        (e) => e.type === 'checkout.session.completed' && JSON.stringify(e.payload).includes(checkout.paymentId),
      )!.payload;
      const data = event.data as { object: Record<string, unknown> };
      const body = JSON.stringify({ ...event, data: { object: { ...data.object, ...tamper } } });
      const res = await api(ctx.app)
        .post('/api/payments/webhook')
        .set('Content-Type', 'application/json')
        .set('Stripe-Signature', stripeSignature(body, ctx.sandbox.stripe.webhookSecret))
        .send(body);
      expect(res.status).toBe(200);
      const row = await paymentRow(ctx, checkout.paymentId);
      expect(row.status).toBe('requires_review');
      expect(await enrollmentCount(ctx, student.id)).toBe(0);
      const [review] = await ctx.db.dataSource.query(`SELECT review_reason FROM payments WHERE id = $1`, [
        checkout.paymentId,
      ]);
      expect(review.review_reason).toMatch(/expected/);
    }
  });

  it('when the buyer returns after a decline and a successful retry, before the webhook, then a refresh shows the sale completed', async () => {
    loseWebhooks(ctx);
    const student = await ctx.createUser();
    const checkout = await startCheckout(ctx, student.token, courses[2], 'stripe');
    await payStripe(ctx, checkout.providerSessionId, '4000000000000002').catch(() => undefined);
    const failedEvent = (await sandboxEvents(ctx.sandbox.stripe.url)).find(
      (e) => e.type === 'payment_intent.payment_failed' && JSON.stringify(e.payload).includes(checkout.paymentId),
    )!;
    const body = JSON.stringify(failedEvent.payload);
    await api(ctx.app)
      .post('/api/payments/webhook')
      .set('Content-Type', 'application/json')
      .set('Stripe-Signature', stripeSignature(body, ctx.sandbox.stripe.webhookSecret))
      .send(body)
      .expect(200);
    await payStripe(ctx, checkout.providerSessionId, '4242424242424242');

    const auth = { Authorization: `Bearer ${student.token}` };
    const stale = await api(ctx.app).get(`/api/payments/${checkout.paymentId}`).set(auth);
    expect(stale.body.status).toBe('failed');
    const fresh = await api(ctx.app).get(`/api/payments/${checkout.paymentId}?refresh=true`).set(auth);
    expect(fresh.status).toBe(200);
    expect(fresh.body.status).toBe('completed');
    expect(await enrollmentCount(ctx, student.id)).toBe(1);

    const other = await ctx.createUser();
    const foreign = await api(ctx.app)
      .get(`/api/payments/${checkout.paymentId}?refresh=true`)
      .auth(other.token, { type: 'bearer' });
    expect(foreign.status).toBe(404);
    const bad = await api(ctx.app).get(`/api/payments/${checkout.paymentId}?refresh=maybe`).set(auth);
    expect(bad.status).toBe(400);
  });

  it('when a student checks out with Stripe twice, then one Stripe customer is created and reused', async () => {
    const student = await ctx.createUser();
    const first = await startCheckout(ctx, student.token, courses[0], 'stripe');
    const second = await startCheckout(ctx, student.token, courses[1], 'stripe');
    const customers = await ctx.db.dataSource.query(
      `SELECT provider_customer_id FROM provider_customers WHERE user_id = $1`,
      [student.id],
    );
    expect(customers).toHaveLength(1);
    expect(customers[0].provider_customer_id).toMatch(/^cus_/);
    for (const checkout of [first, second]) {
      const res = await fetch(`${ctx.sandbox.stripe.url}/v1/checkout/sessions/${checkout.providerSessionId}`, {
        headers: { Authorization: 'Bearer sk_test_sandbox' },
      });
      expect(((await res.json()) as { customer: string }).customer).toBe(customers[0].provider_customer_id);
    }
  });

  it('when a price is converted, then the payment records the rate and the amount it was converted from', async () => {
    const student = await ctx.createUser();
    const [pg] = await ctx.db.dataSource.query(`SELECT id FROM courses WHERE slug = 'postgresql-for-developers'`);
    const checkout = await startCheckout(ctx, student.token, pg.id, 'stripe', 'JPY');
    const [row] = await ctx.db.dataSource.query(
      `SELECT amount, currency, exchange_rate::text AS rate, base_amount, base_currency FROM payments WHERE id = $1`,
      [checkout.paymentId],
    );
    expect(row).toEqual({
      amount: '8931',
      currency: 'JPY',
      rate: '151.370000000000',
      base_amount: '5900',
      base_currency: 'USD',
    });
    const view = await api(ctx.app).get(`/api/payments/${checkout.paymentId}`).auth(student.token, { type: 'bearer' });
    expect(view.body.amount).toEqual({ amount: 8931, currency: 'JPY' });
    expect(view.body.exchangeRate).toBe('151.37');
  });
});
