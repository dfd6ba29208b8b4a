import { waitForDocuments } from '../support/invoices';
import { readAllPages } from '../support/pages';
import {
  accessOf,
  adminRefund,
  paymentView,
  refundRows,
  waitForAccess,
  waitForDispute,
  waitForRefunds,
} from '../support/post-sale';
import {
  approvePayPal,
  courseIds,
  paymentRow,
  payStripe,
  sandboxControl,
  startCheckout,
  waitForStatus,
} from '../support/purchase';
import { api, createSandboxTestContext, type SandboxTestContext } from '../support/test-app';

type Provider = 'stripe' | 'paypal';

interface InReview {
  student: { id: string; token: string };
  paymentId: string;
  courseId: string;
  /** What the provider took (and confirmed): the price before the test changed our expectation. */
  confirmed: { amount: number; currency: string };
  /** What we now expect instead. */
  expected: { amount: number; currency: string };
}

describe('admin review queue', () => {
  let ctx: SandboxTestContext;
  let courses: string[];
  let admin: { id: string; token: string };
  let student: { id: string; token: string };
  beforeAll(async () => {
    ctx = await createSandboxTestContext();
    courses = await courseIds(ctx);
    admin = await ctx.createUser('admin');
    student = await ctx.createUser();
  });
  afterAll(() => ctx.close());

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const resolve = (paymentId: string, body: unknown, token = admin.token) =>
    api(ctx.app)
      .post(`/api/admin/review/${paymentId}/resolve`)
      .set(auth(token))
      .send(body as object);

  /**
   * A checkout whose expected amount (or currency) changes after the provider was asked for the
   * price: the provider then confirms what it charged, which is not what we expect, so the
   * payment goes to review.
   */
  async function paymentInReview(
    provider: Provider,
    courseIndex: number,
    change: 'amount' | 'currency',
    card?: string,
  ) {
    const buyer = await ctx.createUser();
    const checkout = await startCheckout(ctx, buyer.token, courses[courseIndex], provider);
    const [row] = await ctx.db.dataSource.query(`SELECT amount, currency FROM payments WHERE id = $1`, [
      checkout.paymentId,
    ]);
    const confirmed = { amount: Number(row.amount), currency: String(row.currency) };
    const expected =
      change === 'amount'
        ? { amount: confirmed.amount + 100, currency: confirmed.currency }
        : { amount: confirmed.amount, currency: confirmed.currency === 'USD' ? 'EUR' : 'USD' };
    await ctx.db.dataSource.query(`UPDATE payments SET amount = $2, currency = $3 WHERE id = $1`, [
      checkout.paymentId,
      expected.amount,
      expected.currency,
    ]);
    if (provider === 'stripe') await payStripe(ctx, checkout.providerSessionId, card);
    else await approvePayPal(ctx, checkout.providerSessionId);
    await waitForStatus(ctx, checkout.paymentId, 'requires_review');
    return {
      student: buyer,
      paymentId: checkout.paymentId,
      courseId: courses[courseIndex],
      confirmed,
      expected,
    } satisfies InReview;
  }

  async function auditOf(entityId: string, action: string) {
    return ctx.db.dataSource.query(
      `SELECT actor, actor_user_id, data FROM audit_logs WHERE entity_id = $1 AND action = $2 ORDER BY id`,
      [entityId, action],
    );
  }

  async function invoiceRows(paymentId: string): Promise<{ kind: string }[]> {
    return ctx.db.dataSource.query(`SELECT kind FROM invoices WHERE payment_id = $1 ORDER BY kind`, [paymentId]);
  }

  it('when nobody, a student or an admin asks for the queue or a resolution, then 401, 403 and 200', async () => {
    expect((await api(ctx.app).get('/api/admin/review')).status).toBe(401);
    expect((await api(ctx.app).get('/api/admin/review').set(auth(student.token))).status).toBe(403);
    const ok = await api(ctx.app).get('/api/admin/review').set(auth(admin.token));
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ items: expect.any(Array), nextCursor: null });

    const anyId = '00000000-0000-4000-8000-000000000000';
    const body = { resolution: 'accept', note: 'x' };
    expect((await api(ctx.app).post(`/api/admin/review/${anyId}/resolve`).send(body)).status).toBe(401);
    expect((await resolve(anyId, body, student.token)).status).toBe(403);
  });

  it('when the provider confirmed another amount, then the queue shows the payment with both amounts and why', async () => {
    const review = await paymentInReview('stripe', 0, 'amount');
    const res = await api(ctx.app).get('/api/admin/review?limit=100').set(auth(admin.token));
    expect(res.status).toBe(200);
    const item = res.body.items.find((i: { id: string }) => i.id === review.paymentId);
    expect(item).toEqual({
      id: review.paymentId,
      user: { id: review.student.id, email: expect.any(String), name: expect.any(String) },
      provider: 'stripe',
      status: 'requires_review',
      label: 'requires_review',
      amount: review.expected,
      refundedAmount: { amount: 0, currency: review.confirmed.currency },
      refundableAmount: { amount: 0, currency: review.confirmed.currency },
      course: { id: review.courseId, title: expect.any(String) },
      subscription: null,
      providerSessionId: expect.stringMatching(/^cs_/),
      providerPaymentId: expect.stringMatching(/^pi_/),
      createdAt: expect.any(String),
      completedAt: null,
      reviewReason: expect.stringMatching(/expected/),
      confirmedAmount: review.confirmed,
    });
    const [stored] = await ctx.db.dataSource.query(
      `SELECT confirmed_amount, confirmed_currency FROM payments WHERE id = $1`,
      [review.paymentId],
    );
    expect(stored).toEqual({
      confirmed_amount: String(review.confirmed.amount),
      confirmed_currency: review.confirmed.currency,
    });
    expect(await accessOf(ctx, review.paymentId)).toBeUndefined();
  });

  for (const provider of ['stripe', 'paypal'] as const) {
    it(`when an admin accepts a ${provider} payment in review, then the sale completes with enrollment and invoice; a second resolution is 409`, async () => {
      const review = await paymentInReview(provider, 1, 'amount');
      const res = await resolve(review.paymentId, { resolution: 'accept', note: 'Customer paid the old price' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: review.paymentId, status: 'completed', label: 'completed', refunds: [] });
      expect(res.body.completedAt).toEqual(expect.any(String));
      // What the provider holds is what is refundable.
      expect(res.body.refundableAmount).toEqual(review.confirmed);

      await waitForAccess(ctx, review.paymentId, 'active');
      const mine = await api(ctx.app).get('/api/enrollments').set(auth(review.student.token));
      expect(mine.body.items.map((e: { courseId: string }) => e.courseId)).toEqual([review.courseId]);
      const documents = await waitForDocuments(ctx, review.student.token, review.paymentId);
      expect(documents.invoice.number).toMatch(/^INV-/);

      const audit = await auditOf(review.paymentId, 'payment.completed');
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor: 'admin', actor_user_id: admin.id });
      expect(audit[0].data).toMatchObject({
        resolution: 'accept',
        note: 'Customer paid the old price',
        from: 'requires_review',
        enrolled: true,
      });

      for (const resolution of ['accept', 'refund']) {
        const again = await resolve(review.paymentId, { resolution, note: 'again' });
        expect([again.status, again.body.error.code]).toEqual([409, 'not_in_review']);
        expect(again.body.error.details).toEqual({ status: 'completed' });
      }
      expect(await refundRows(ctx, review.paymentId)).toEqual([]);
      expect(await auditOf(review.paymentId, 'payment.completed')).toHaveLength(1);
    });

    it(`when an admin refunds a ${provider} payment in review, then the checkout is canceled and the confirmed money refunded once`, async () => {
      // Stripe: another currency than expected (the refund is in the one the provider took).
      const review = await paymentInReview(provider, 2, provider === 'stripe' ? 'currency' : 'amount');
      const note = 'Charged the wrong amount; refunding in full';
      const res = await resolve(review.paymentId, { resolution: 'refund', note });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: review.paymentId,
        status: 'canceled',
        label: 'canceled',
        failureCode: 'refunded_after_review',
        amount: review.expected,
        refundedAmount: review.confirmed,
        refundableAmount: { amount: 0, currency: review.confirmed.currency },
        invoice: null,
        creditNotes: [],
      });
      expect(res.body.failureReason).toContain(note);
      expect(res.body.refunds).toEqual([
        expect.objectContaining({ origin: 'admin', status: 'succeeded', amount: review.confirmed, reason: note }),
      ]);

      const [refund] = await ctx.db.dataSource.query(
        `SELECT id, idempotency_key, requested_by, provider_refund_id FROM refunds WHERE payment_id = $1`,
        [review.paymentId],
      );
      expect(refund).toMatchObject({ idempotency_key: `refund:${review.paymentId}:1`, requested_by: admin.id });
      // The provider refunded it once, in full.
      const [{ provider_payment_id: providerPaymentId }] = await ctx.db.dataSource.query(
        `SELECT provider_payment_id FROM payments WHERE id = $1`,
        [review.paymentId],
      );
      const atProvider = await ctx.providers
        .get(provider)
        .refunds.listRefunds({ paymentId: review.paymentId, providerPaymentId });
      expect(atProvider.map((r) => [r.providerRefundId, r.amount, r.status])).toEqual([
        [refund.provider_refund_id, review.confirmed, 'succeeded'],
      ]);
      // Never a sale: no enrollment, no invoice, no credit note waiting for one.
      expect(await accessOf(ctx, review.paymentId)).toBeUndefined();
      expect(await invoiceRows(review.paymentId)).toEqual([]);

      const canceled = await auditOf(review.paymentId, 'payment.canceled');
      expect(canceled).toHaveLength(1);
      expect(canceled[0]).toMatchObject({ actor: 'admin', actor_user_id: admin.id });
      expect(canceled[0].data).toMatchObject({ resolution: 'refund', note, from: 'requires_review' });
      const requested = await auditOf(refund.id, 'refund.requested');
      expect(requested).toHaveLength(1);
      expect(requested[0]).toMatchObject({ actor: 'admin', actor_user_id: admin.id });
      expect(requested[0].data).toMatchObject({
        paymentId: review.paymentId,
        amount: review.confirmed.amount,
        currency: review.confirmed.currency,
      });

      const again = await resolve(review.paymentId, { resolution: 'refund', note: 'again' });
      expect([again.status, again.body.error.code]).toEqual([409, 'not_in_review']);

      // The provider's events for it, replayed by an admin, leave the decision standing.
      const events: { id: string }[] = await ctx.db.dataSource.query(
        `SELECT id FROM webhook_events WHERE payload::text LIKE '%' || $1 || '%'`,
        [review.paymentId],
      );
      expect(events.length).toBeGreaterThan(0);
      for (const event of events) {
        const replay = await api(ctx.app).post(`/api/admin/webhook-events/${event.id}/replay`).set(auth(admin.token));
        expect(replay.status).toBe(200);
        expect(replay.body.outcome).not.toBe('failed');
      }
      const after = await paymentView(ctx, review.student.token, review.paymentId);
      expect(after.status).toBe(200);
      expect(after.body).toMatchObject({ status: 'canceled', refundedAmount: review.confirmed });
      expect(await refundRows(ctx, review.paymentId)).toHaveLength(1);
      expect(await accessOf(ctx, review.paymentId)).toBeUndefined();
    });
  }

  it('when the refund after review fails at the provider, then the money stays refundable and an admin refunds it again', async () => {
    // Card 5126: the refund succeeds, then fails (an expired card), as Stripe reports days later.
    const review = await paymentInReview('stripe', 5, 'amount', '4000000000005126');
    const res = await resolve(review.paymentId, { resolution: 'refund', note: 'wrong amount' });
    expect(res.body.refunds).toEqual([expect.objectContaining({ status: 'succeeded' })]);
    const [first] = await refundRows(ctx, review.paymentId);
    await sandboxControl(`${ctx.sandbox.stripe.url}/_sandbox/refunds/${first.provider_refund_id}/fail`, {});
    await waitForRefunds(ctx, review.paymentId, (rows) => rows[0]?.status === 'failed');

    const view = await paymentView(ctx, admin.token, review.paymentId);
    expect(view.body).toMatchObject({
      status: 'canceled',
      refundedAmount: { amount: 0 },
      refundableAmount: review.confirmed,
    });
    const again = await adminRefund(ctx, admin.token, review.paymentId, { reason: 'second try' });
    expect(again.status).toBe(201);
    expect(again.body.refund).toMatchObject({ status: 'succeeded', amount: review.confirmed, origin: 'admin' });
    const keys = await ctx.db.dataSource.query(
      `SELECT idempotency_key FROM refunds WHERE payment_id = $1 ORDER BY created_at`,
      [review.paymentId],
    );
    expect(keys.map((k: { idempotency_key: string }) => k.idempotency_key)).toEqual([
      `refund:${review.paymentId}:1`,
      `refund:${review.paymentId}:2`,
    ]);
    // A checkout canceled for any other reason has nothing to refund.
    const buyer = await ctx.createUser();
    const expired = await startCheckout(ctx, buyer.token, courses[5], 'stripe');
    await sandboxControl(`${ctx.sandbox.stripe.url}/_sandbox/checkout/sessions/${expired.providerSessionId}/expire`);
    await waitForStatus(ctx, expired.paymentId, 'canceled');
    const none = await adminRefund(ctx, admin.token, expired.paymentId);
    expect([none.status, none.body.error.code]).toEqual([409, 'payment_not_refundable']);
  });

  it('when a chargeback is open on a payment in review, then it can be accepted but not refunded', async () => {
    const review = await paymentInReview('stripe', 0, 'amount');
    const [{ provider_payment_id: intent }] = await ctx.db.dataSource.query(
      `SELECT provider_payment_id FROM payments WHERE id = $1`,
      [review.paymentId],
    );
    await sandboxControl(`${ctx.sandbox.stripe.url}/_sandbox/disputes`, { payment_intent: intent });
    await waitForDispute(ctx, review.paymentId, 'needs_response');
    const refused = await resolve(review.paymentId, { resolution: 'refund', note: 'x' });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'payment_under_dispute']);
    expect(await refundRows(ctx, review.paymentId)).toEqual([]);
    expect((await paymentRow(ctx, review.paymentId)).status).toBe('requires_review');
    const accepted = await resolve(review.paymentId, { resolution: 'accept', note: 'fight the chargeback' });
    expect([accepted.status, accepted.body.status, accepted.body.label]).toEqual([200, 'completed', 'disputed']);
    // The course it now grants waits for the chargeback, as for any disputed sale.
    expect(await accessOf(ctx, review.paymentId)).toBe('suspended');
  });

  it('when payments in review are resolved, then revenue counts what the provider took for an accepted sale and nothing of a refunded checkout', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const revenue = async (currency: string) => {
      const res = await api(ctx.app).get(`/api/admin/reports/revenue?from=${today}&to=${today}`).set(auth(admin.token));
      expect(res.status).toBe(200);
      const figures = res.body.currencies.find((c: { currency: string }) => c.currency === currency)?.totals;
      return { gross: figures?.gross.amount ?? 0, refunds: figures?.refunds.amount ?? 0, count: figures?.count ?? 0 };
    };
    const accepted = await paymentInReview('stripe', 4, 'amount');
    const refunded = await paymentInReview('paypal', 4, 'amount');
    // Both at the default price: one currency, so one set of totals shows both decisions.
    expect(refunded.confirmed.currency).toBe(accepted.confirmed.currency);
    const before = await revenue(accepted.confirmed.currency);

    expect((await resolve(accepted.paymentId, { resolution: 'accept', note: 'ok' })).status).toBe(200);
    expect((await resolve(refunded.paymentId, { resolution: 'refund', note: 'wrong price' })).status).toBe(200);
    await waitForRefunds(ctx, refunded.paymentId, (rows) => rows.some((r) => r.status === 'succeeded'));

    const after = await revenue(accepted.confirmed.currency);
    expect(after.gross - before.gross).toBe(accepted.confirmed.amount);
    expect(after.count - before.count).toBe(1);
    expect(after.refunds).toBe(before.refunds);
  });

  it('when two admins resolve the same payment at once, then one decision wins and the other gets 409', async () => {
    const review = await paymentInReview('stripe', 3, 'amount');
    const answers = await Promise.all([
      resolve(review.paymentId, { resolution: 'refund', note: 'first' }),
      resolve(review.paymentId, { resolution: 'refund', note: 'second' }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.status === 409)!.body.error.code).toBe('not_in_review');
    expect(await refundRows(ctx, review.paymentId)).toHaveLength(1);
  });

  it('when the queue is read 2 at a time, then every payment in review comes once, oldest first', async () => {
    // Five more in review, two of them created at the same instant (the id breaks the tie).
    for (let i = 0; i < 5; i += 1) {
      const buyer = await ctx.createUser();
      const checkout = await startCheckout(ctx, buyer.token, courses[i % courses.length], 'stripe');
      await ctx.db.dataSource.query(
        `UPDATE payments SET status = 'requires_review', review_reason = 'test', confirmed_amount = amount + 1,
                confirmed_currency = currency WHERE id = $1`,
        [checkout.paymentId],
      );
    }
    await ctx.db.dataSource.query(
      `UPDATE payments SET created_at = (SELECT max(created_at) FROM payments)
        WHERE id IN (SELECT id FROM payments WHERE status = 'requires_review' ORDER BY created_at DESC LIMIT 2)`,
    );
    const expected: string[] = (
      await ctx.db.dataSource.query(`SELECT id FROM payments WHERE status = 'requires_review' ORDER BY created_at, id`)
    ).map((r: { id: string }) => r.id);
    expect(expected.length).toBeGreaterThanOrEqual(5);

    const seen = await readAllPages<{ id: string }>(ctx, admin.token, '/api/admin/review', {}, 2);
    expect(seen.map((i) => i.id)).toEqual(expected);
  });

  it('when the query or body is malformed, or the payment unknown, then 400 or 404 and nothing changes', async () => {
    for (const query of ['limit=0', 'limit=101', 'limit=abc', 'cursor=bm9wZQ', 'status=completed']) {
      const res = await api(ctx.app).get(`/api/admin/review?${query}`).set(auth(admin.token));
      expect([query, res.status]).toEqual([query, 400]);
    }
    const review = await paymentInReview('stripe', 4, 'amount');
    for (const body of [
      {},
      { resolution: 'accept' },
      { resolution: 'accept', note: '' },
      { resolution: 'accept', note: '   ' },
      { resolution: 'accept', note: 'x'.repeat(501) },
      { resolution: 'accept', note: 'line\u0007bell' },
      { resolution: 'approve', note: 'x' },
      { resolution: 'refund', note: 'x', amount: 100 },
    ]) {
      const res = await resolve(review.paymentId, body);
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 400]);
    }
    expect((await paymentRow(ctx, review.paymentId)).status).toBe('requires_review');
    const ok = { resolution: 'accept', note: 'x' };
    const unknown = await resolve('00000000-0000-4000-8000-000000000000', ok);
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'not_found']);
    expect((await resolve('not-a-uuid', ok)).status).toBe(404);
  });
});
