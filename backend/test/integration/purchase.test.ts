import { api, createSandboxTestContext, type SandboxTestContext } from '../support/test-app';
import {
  approvePayPal,
  courseIds,
  enrollmentCount,
  payStripe,
  paymentRow,
  startCheckout,
  waitForStatus,
  waitForEnrollment,
} from '../support/purchase';

describe('course purchase', () => {
  let ctx: SandboxTestContext;
  let courses: string[];
  beforeAll(async () => {
    ctx = await createSandboxTestContext();
    courses = await courseIds(ctx);
  });
  afterAll(() => ctx.close());

  it('when a student pays with Stripe card 4242, then the webhook completes the payment, enrolls them and history shows it', async () => {
    const student = await ctx.createUser();
    const checkout = await startCheckout(ctx, student.token, courses[0], 'stripe', 'EUR');
    expect(checkout.provider).toBe('stripe');
    expect(checkout.providerSessionId).toMatch(/^cs_test_/);
    expect(checkout.checkoutUrl).toContain(checkout.providerSessionId);

    const pending = await paymentRow(ctx, checkout.paymentId);
    expect(pending.status).toBe('pending');
    expect(pending.currency).toBe('EUR');

    await payStripe(ctx, checkout.providerSessionId, '4242424242424242');
    await waitForStatus(ctx, checkout.paymentId, 'completed');
    await waitForEnrollment(ctx, student.id, courses[0]);

    const history = await api(ctx.app).get('/api/payments/history').auth(student.token, { type: 'bearer' });
    expect(history.status).toBe(200);
    expect(history.body.items).toHaveLength(1);
    expect(history.body.items[0]).toMatchObject({ id: checkout.paymentId, status: 'completed', provider: 'stripe' });
    expect(history.body.items[0].amount.currency).toBe('EUR');

    const enrollments = await api(ctx.app).get('/api/enrollments').auth(student.token, { type: 'bearer' });
    expect(enrollments.body.items.map((e: { courseId: string }) => e.courseId)).toEqual([courses[0]]);

    const again = await api(ctx.app)
      .post(`/api/payments/checkout/${courses[0]}`)
      .auth(student.token, { type: 'bearer' })
      .send({ provider: 'paypal' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_enrolled');
  });

  it('when the Stripe card is declined, then the payment fails with the reason and there is no enrollment', async () => {
    const student = await ctx.createUser();
    const checkout = await startCheckout(ctx, student.token, courses[1], 'stripe');
    await payStripe(ctx, checkout.providerSessionId, '4000000000000002').catch(() => undefined);
    const failed = await waitForStatus(ctx, checkout.paymentId, 'failed');
    expect(failed.failure_code).toMatch(/generic_decline|card_declined/);
    expect(failed.failure_reason).toMatch(/declined/i);
    expect(await enrollmentCount(ctx, student.id)).toBe(0);

    // The same checkout can still be paid with another card.
    await payStripe(ctx, checkout.providerSessionId, '4242424242424242');
    await waitForStatus(ctx, checkout.paymentId, 'completed');
    await waitForEnrollment(ctx, student.id);
  });

  it('when a student pays with PayPal, then capture completes the payment and enrolls them once', async () => {
    const student = await ctx.createUser();
    const checkout = await startCheckout(ctx, student.token, courses[2], 'paypal', 'GBP');
    expect(checkout.checkoutUrl).toContain(checkout.providerSessionId);
    await approvePayPal(ctx, checkout.providerSessionId);

    const captured = await api(ctx.app)
      .post(`/api/payments/paypal/capture/${checkout.providerSessionId}`)
      .auth(student.token, { type: 'bearer' });
    expect(captured.status).toBe(200);
    expect(captured.body.status).toBe('completed');

    const twice = await api(ctx.app)
      .post(`/api/payments/paypal/capture/${checkout.providerSessionId}`)
      .auth(student.token, { type: 'bearer' });
    expect(twice.status).toBe(200);
    expect(twice.body.status).toBe('completed');
    expect(await enrollmentCount(ctx, student.id, courses[2])).toBe(1);
  });

  it('when the buyer approves on PayPal and closes the tab, then the approval webhook captures and enrolls', async () => {
    const student = await ctx.createUser();
    const checkout = await startCheckout(ctx, student.token, courses[3], 'paypal');
    await approvePayPal(ctx, checkout.providerSessionId);
    await waitForStatus(ctx, checkout.paymentId, 'completed');
    await waitForEnrollment(ctx, student.id, courses[3]);
  });

  it('when the PayPal instrument is declined, then capture answers 422 and the payment fails without enrollment', async () => {
    const student = await ctx.createUser();
    const checkout = await startCheckout(ctx, student.token, courses[4], 'paypal');
    await approvePayPal(ctx, checkout.providerSessionId, { instrument: 'declined' });
    const res = await api(ctx.app)
      .post(`/api/payments/paypal/capture/${checkout.providerSessionId}`)
      .auth(student.token, { type: 'bearer' });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('payment_declined');
    const row = await waitForStatus(ctx, checkout.paymentId, 'failed');
    expect(row.failure_code).toBe('instrument_declined');
    expect(await enrollmentCount(ctx, student.id)).toBe(0);
  });

  it("when another student asks for someone's payment or captures their order, then 404", async () => {
    const owner = await ctx.createUser();
    const other = await ctx.createUser();
    const checkout = await startCheckout(ctx, owner.token, courses[5], 'paypal');
    const view = await api(ctx.app).get(`/api/payments/${checkout.paymentId}`).auth(other.token, { type: 'bearer' });
    expect(view.status).toBe(404);
    const mine = await api(ctx.app).get(`/api/payments/${checkout.paymentId}`).auth(owner.token, { type: 'bearer' });
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({
      id: checkout.paymentId,
      status: 'pending',
      refunds: [],
      invoice: null,
      creditNotes: [],
    });
    const capture = await api(ctx.app)
      .post(`/api/payments/paypal/capture/${checkout.providerSessionId}`)
      .auth(other.token, { type: 'bearer' });
    expect(capture.status).toBe(404);
    const history = await api(ctx.app).get('/api/payments/history').auth(other.token, { type: 'bearer' });
    expect(history.body.items).toEqual([]);
  });

  it('when the same Idempotency-Key is sent twice, then the same checkout comes back and only one payment exists', async () => {
    const student = await ctx.createUser();
    const send = () =>
      api(ctx.app)
        .post(`/api/payments/checkout/${courses[1]}`)
        .auth(student.token, { type: 'bearer' })
        .set('Idempotency-Key', 'click-123')
        .send({ provider: 'stripe' });
    const [a, b] = await Promise.all([send(), send()]);
    const c = await send();
    expect([a.status, b.status, c.status]).toEqual([201, 201, 201]);
    expect(b.body).toEqual(a.body);
    expect(c.body).toEqual(a.body);
    const rows = await ctx.db.dataSource.query(`SELECT count(*)::int AS n FROM payments WHERE user_id = $1`, [
      student.id,
    ]);
    expect(rows[0].n).toBe(1);

    const reused = await api(ctx.app)
      .post(`/api/payments/checkout/${courses[2]}`)
      .auth(student.token, { type: 'bearer' })
      .set('Idempotency-Key', 'click-123')
      .send({ provider: 'stripe' });
    expect(reused.status).toBe(409);
  });

  it('when checkout input is bad, then a clear 4xx and no payment row', async () => {
    const student = await ctx.createUser();
    const auth = { Authorization: `Bearer ${student.token}` };
    const cases: [string, unknown, number][] = [
      [courses[0], { provider: 'bitcoin' }, 400],
      [courses[0], { provider: 'stripe', currency: 'XAU' }, 400],
      [courses[0], { provider: 'stripe', amount: 1 }, 400],
      [courses[0], {}, 400],
      ['00000000-0000-4000-8000-000000000000', { provider: 'stripe' }, 404],
      ['not-a-uuid', { provider: 'stripe' }, 404],
    ];
    for (const [courseId, body, status] of cases) {
      const res = await api(ctx.app)
        .post(`/api/payments/checkout/${courseId}`)
        .set(auth)
        .send(body as object);
      expect(res.status).toBe(status);
    }
    const noAuth = await api(ctx.app).post(`/api/payments/checkout/${courses[0]}`).send({ provider: 'stripe' });
    expect(noAuth.status).toBe(401);
    const rows = await ctx.db.dataSource.query(`SELECT count(*)::int AS n FROM payments WHERE user_id = $1`, [
      student.id,
    ]);
    expect(rows[0].n).toBe(0);
  });

  it('when history spans pages, then keyset pagination returns every payment once, newest first, and filters by status', async () => {
    const student = await ctx.createUser();
    const created: string[] = [];
    for (const courseId of courses.slice(0, 5)) {
      created.push((await startCheckout(ctx, student.token, courseId, 'paypal')).paymentId);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } = await api(ctx.app)
        .get(`/api/payments/history?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        .auth(student.token, { type: 'bearer' });
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((i) => i.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...created].reverse());

    const completed = await api(ctx.app)
      .get('/api/payments/history?status=completed')
      .auth(student.token, { type: 'bearer' });
    expect(completed.body.items).toEqual([]);
    for (const bad of ['limit=0', 'limit=101', 'status=paid', 'cursor=garbage', 'foo=1']) {
      const res = await api(ctx.app).get(`/api/payments/history?${bad}`).auth(student.token, { type: 'bearer' });
      expect(res.status).toBe(400);
    }

    const admin = await ctx.createUser('admin');
    const filtered = await api(ctx.app)
      .get(`/api/payments/history?userId=${student.id}&limit=100`)
      .auth(admin.token, { type: 'bearer' });
    expect(filtered.body.items.map((i: { id: string }) => i.id)).toEqual([...created].reverse());
    const sneaky = await api(ctx.app)
      .get(`/api/payments/history?userId=${admin.id}`)
      .auth(student.token, { type: 'bearer' });
    expect(sneaky.status).toBe(400);
  });
});
