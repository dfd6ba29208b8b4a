import { api, createSandboxTestContext, type SandboxTestContext } from '../support/test-app';
import { courseIds } from '../support/purchase';
import { accessOf, adminRefund, completedPurchase, waitForRefunds } from '../support/post-sale';
import { waitForDocuments } from '../support/invoices';
import {
  advance,
  cancelSubscription,
  completeCheckout,
  enroll,
  failNextPayment,
  planEnrollments,
  planIds,
  resumeSubscription,
  subscribe,
  subscribed,
  subscriptionView,
  waitForPlanEnrollments,
  waitForSubscription,
  type Provider,
  type SubscriptionBody,
  type SubscriptionCheckoutBody,
} from '../support/subscriptions';

const DAY = 86_400_000;

describe('subscriptions on both providers', () => {
  let ctx: SandboxTestContext;
  let courses: string[];
  let plans: { monthly: string; yearly: string };

  beforeAll(async () => {
    ctx = await createSandboxTestContext();
    courses = await courseIds(ctx);
    plans = await planIds(ctx);
  });
  afterAll(() => ctx.close());

  /** Payments of the subscription once `count` are recorded. */
  const waitForPayments = (token: string, id: string, count: number) =>
    waitForSubscription(ctx, token, id, (s) => s.payments.length === count);

  describe.each<Provider>(['stripe', 'paypal'])('%s', (provider) => {
    it('when a student subscribes and pays, then the plan is active, the first cycle is a payment with its invoice, and any course can be enrolled in', async () => {
      const { student, subscriptionId } = await subscribed(ctx, provider, plans.monthly, { currency: 'EUR' });
      const view = await waitForPayments(student.token, subscriptionId, 1);
      expect(view).toMatchObject({ status: 'active', provider, access: 'full', cancelAtPeriodEnd: false });
      expect(view.nextRenewal?.amount).toEqual(view.payments[0].amount);
      expect(view.payments[0]).toMatchObject({ status: 'completed', amount: { currency: 'EUR' } });
      const documents = await waitForDocuments(ctx, student.token, view.payments[0].id);
      expect(documents.invoice.number).toMatch(/^INV-/);

      const first = await enroll(ctx, student.token, courses[0]);
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ courseId: courses[0], source: 'subscription', status: 'active' });
      expect((await enroll(ctx, student.token, courses[1])).status).toBe(201);
      // Enrolling again answers the enrollment that exists.
      const again = await enroll(ctx, student.token, courses[0]);
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(first.body.id);
      expect(await planEnrollments(ctx, subscriptionId)).toEqual(['active', 'active']);
    });

    it('when the period renews, then the new cycle is another payment with its own invoice', async () => {
      const sub = await subscribed(ctx, provider, plans.monthly);
      const before = await waitForPayments(sub.student.token, sub.subscriptionId, 1);
      await advance(ctx, provider, sub.providerSubscriptionId);
      const after = await waitForPayments(sub.student.token, sub.subscriptionId, 2);
      expect(after.status).toBe('active');
      expect(new Set(after.payments.map((p) => p.id)).size).toBe(2);
      expect(new Date(after.currentPeriodEnd!).getTime()).toBeGreaterThan(new Date(before.currentPeriodEnd!).getTime());
      await waitForDocuments(ctx, sub.student.token, after.payments[0].id);
    });

    it('when a renewal fails, then the plan is past_due with access through the grace period, suspended after it, and back once a retry pays', async () => {
      const sub = await subscribed(ctx, provider, plans.monthly);
      expect((await enroll(ctx, sub.student.token, courses[2])).status).toBe(201);
      await failNextPayment(ctx, provider, sub.providerSubscriptionId);
      await advance(ctx, provider, sub.providerSubscriptionId);
      const pastDue = await waitForSubscription(
        ctx,
        sub.student.token,
        sub.subscriptionId,
        (s) => s.status === 'past_due' && s.paymentProblem !== null,
      );
      expect(pastDue.access).toBe('full');
      expect(pastDue.graceEndsAt).not.toBeNull();
      expect(pastDue.nextRenewal).toBeNull();
      // Access continues in grace: enrolling still works.
      expect((await enroll(ctx, sub.student.token, courses[3])).status).toBe(201);

      const graceEnd = new Date(pastDue.graceEndsAt!);
      // The sweep runs over every subscription; this one's enrollments tell what it did here.
      await ctx.services.subscriptionAccess.run(new Date(graceEnd.getTime() - 60_000));
      expect(await planEnrollments(ctx, sub.subscriptionId)).toEqual(['active', 'active']);
      expect(await ctx.services.subscriptionAccess.run(new Date(graceEnd.getTime() + 60_000))).toBeGreaterThanOrEqual(
        2,
      );
      expect(await planEnrollments(ctx, sub.subscriptionId)).toEqual(['suspended', 'suspended']);

      await advance(ctx, provider, sub.providerSubscriptionId); // the provider's retry pays
      const recovered = await waitForSubscription(
        ctx,
        sub.student.token,
        sub.subscriptionId,
        (s) => s.status === 'active' && s.payments.length === 2,
      );
      expect(recovered.paymentProblem).toBeNull();
      await waitForPlanEnrollments(ctx, sub.subscriptionId, 'active', 2);
    });

    it('when the student cancels now, then the plan ends and its enrollments are revoked at once', async () => {
      const sub = await subscribed(ctx, provider, plans.monthly);
      expect((await enroll(ctx, sub.student.token, courses[4])).status).toBe(201);
      const res = await cancelSubscription(ctx, sub.student.token, sub.subscriptionId, false);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'canceled', access: 'none', actions: { cancel: false, resume: false } });
      expect(await planEnrollments(ctx, sub.subscriptionId)).toEqual(['revoked']);
      expect((await enroll(ctx, sub.student.token, courses[5])).status).toBe(403);
      // A canceled plan does not stop a new one.
      expect((await subscribe(ctx, sub.student.token, plans.monthly, { provider })).status).toBe(201);
    });

    it('when another student asks for a subscription, then it is not found, and neither cancel nor resume touch it', async () => {
      const sub = await subscribed(ctx, provider, plans.monthly);
      const other = await ctx.createUser();
      expect((await subscriptionView(ctx, other.token, sub.subscriptionId)).status).toBe(404);
      expect((await cancelSubscription(ctx, other.token, sub.subscriptionId, true)).status).toBe(404);
      expect((await resumeSubscription(ctx, other.token, sub.subscriptionId)).status).toBe(404);
      expect((await subscriptionView(ctx, other.token, 'not-a-uuid')).status).toBe(404);
      const list = await api(ctx.app).get('/api/subscriptions').auth(other.token, { type: 'bearer' });
      expect(list.body.items).toEqual([]);
      expect((await subscriptionView(ctx, sub.student.token, sub.subscriptionId)).body.status).toBe('active');
    });

    it('when a student with a live plan subscribes again, then the answer is 409 naming it', async () => {
      const sub = await subscribed(ctx, provider, plans.monthly);
      const res = await subscribe(ctx, sub.student.token, plans.yearly, { provider });
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({
        code: 'subscription_exists',
        details: { subscriptionId: sub.subscriptionId },
      });
    });

    it('when an admin refunds a cycle payment, then the provider refunds it and a credit note follows', async () => {
      const sub = await subscribed(ctx, provider, plans.monthly);
      const [payment] = (await waitForPayments(sub.student.token, sub.subscriptionId, 1)).payments;
      const admin = await ctx.createUser('admin');
      const res = await adminRefund(ctx, admin.token, payment.id, { amount: 100, reason: 'goodwill' });
      expect(res.status).toBe(201);
      await waitForRefunds(ctx, payment.id, (rows) => rows.length === 1 && rows[0].status === 'succeeded');
      await waitForDocuments(ctx, sub.student.token, payment.id, 1);
    });
  });

  it('Stripe: when the student cancels at period end, resumes, cancels again and the period ends, then the plan ends and its enrollments are revoked', async () => {
    const sub = await subscribed(ctx, 'stripe', plans.monthly);
    expect((await enroll(ctx, sub.student.token, courses[0])).status).toBe(201);

    const canceling = await cancelSubscription(ctx, sub.student.token, sub.subscriptionId, true);
    expect(canceling.status).toBe(200);
    expect(canceling.body).toMatchObject({
      status: 'active',
      cancelAtPeriodEnd: true,
      nextRenewal: null,
      access: 'full',
      actions: { cancel: false, resume: true },
    });
    expect(canceling.body.accessEndsAt).toBe(canceling.body.currentPeriodEnd);

    const resumed = await resumeSubscription(ctx, sub.student.token, sub.subscriptionId);
    expect(resumed.body).toMatchObject({ status: 'active', cancelAtPeriodEnd: false, actions: { cancel: true } });
    expect(resumed.body.nextRenewal).not.toBeNull();

    // A second cancel is a new request (its own idempotency key), not a replay of the first.
    const again = await cancelSubscription(ctx, sub.student.token, sub.subscriptionId, true);
    expect(again.body.cancelAtPeriodEnd).toBe(true);
    await advance(ctx, 'stripe', sub.providerSubscriptionId);
    const ended = await waitForSubscription(ctx, sub.student.token, sub.subscriptionId, (s) => s.status === 'canceled');
    expect(ended.access).toBe('none');
    await waitForPlanEnrollments(ctx, sub.subscriptionId, 'revoked', 1);
  });

  it('PayPal: when the student cancels at period end, then PayPal stops billing at once, access lasts to the paid end, resume is refused, and the sweep revokes after', async () => {
    const sub = await subscribed(ctx, 'paypal', plans.monthly);
    expect((await enroll(ctx, sub.student.token, courses[1])).status).toBe(201);
    const res = await cancelSubscription(ctx, sub.student.token, sub.subscriptionId, true);
    expect(res.status).toBe(200);
    const view = res.body as SubscriptionBody;
    expect(view).toMatchObject({ status: 'canceled', cancelAtPeriodEnd: true, access: 'full', nextRenewal: null });
    expect(view.accessEndsAt).toBe(view.currentPeriodEnd);
    expect(new Date(view.accessEndsAt!).getTime()).toBeGreaterThan(Date.now() + 20 * DAY);
    expect((await enroll(ctx, sub.student.token, courses[2])).status).toBe(201);

    const resume = await resumeSubscription(ctx, sub.student.token, sub.subscriptionId);
    expect(resume.status).toBe(409);
    expect(resume.body.error.code).toBe('resume_not_supported');

    expect(
      await ctx.services.subscriptionAccess.run(new Date(new Date(view.accessEndsAt!).getTime() + 1000)),
    ).toBeGreaterThanOrEqual(2);
    expect(await planEnrollments(ctx, sub.subscriptionId)).toEqual(['revoked', 'revoked']);
  });

  it('Stripe: when a student billed in EUR asks for a plan in USD, then the answer is a clear 409, never Stripe’s raw error', async () => {
    const sub = await subscribed(ctx, 'stripe', plans.monthly, { currency: 'EUR' });
    await cancelSubscription(ctx, sub.student.token, sub.subscriptionId, false);
    const res = await subscribe(ctx, sub.student.token, plans.monthly, { provider: 'stripe', currency: 'USD' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'subscription_currency_locked', details: { currency: 'EUR' } });
    expect(res.body.error.message).toMatch(/EUR/);
    // The same plan in EUR, or in USD with PayPal, is fine.
    expect(
      (await subscribe(ctx, sub.student.token, plans.monthly, { provider: 'paypal', currency: 'USD' })).status,
    ).toBe(201);
  });

  it('Stripe: when Stripe itself refuses a second currency (an open checkout holds another), then the 409 names the currency Stripe bills in', async () => {
    const student = await ctx.createUser();
    // Unpaid: no subscription at Stripe yet, so only Stripe knows the open session holds EUR.
    const open = await subscribe(ctx, student.token, plans.monthly, { provider: 'stripe', currency: 'EUR' });
    expect(open.status).toBe(201);
    const res = await subscribe(ctx, student.token, plans.yearly, { provider: 'stripe', currency: 'USD' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: 'subscription_currency_locked',
      details: { currency: 'EUR', requested: 'USD' },
    });
    expect(res.body.error.message).toMatch(/bills your account in EUR, so a plan in USD/);
  });

  it('Stripe: when the provider price for a plan exists, then a second checkout at that price reuses it', async () => {
    await subscribed(ctx, 'stripe', plans.yearly, { currency: 'GBP' });
    await subscribed(ctx, 'stripe', plans.yearly, { currency: 'GBP' });
    const rows: { n: number }[] = await ctx.db.dataSource.query(
      `SELECT count(*)::int AS n FROM plan_provider_prices WHERE plan_id = $1 AND currency = 'GBP' AND provider = 'stripe'`,
      [plans.yearly],
    );
    expect(rows[0].n).toBe(1);
  });

  it('when a student pays a second plan in another tab, then the later one is canceled at its provider and refunded in full, and the first stays', async () => {
    const student = await ctx.createUser();
    const stripe = (await subscribe(ctx, student.token, plans.monthly, { provider: 'stripe', currency: 'EUR' }))
      .body as SubscriptionCheckoutBody;
    const paypal = (await subscribe(ctx, student.token, plans.monthly, { provider: 'paypal', currency: 'EUR' }))
      .body as SubscriptionCheckoutBody;
    await completeCheckout(ctx, stripe);
    await waitForSubscription(ctx, student.token, stripe.subscriptionId, (s) => s.status === 'active');
    await completeCheckout(ctx, paypal);

    const duplicate = await waitForSubscription(
      ctx,
      student.token,
      paypal.subscriptionId,
      (s) => s.status === 'canceled' && s.payments.length === 1,
    );
    expect(duplicate.access).toBe('none');
    const refunds = await waitForRefunds(ctx, duplicate.payments[0].id, (rows) => rows[0]?.status === 'succeeded');
    expect(refunds).toEqual([
      expect.objectContaining({ origin: 'duplicate_purchase', amount: String(duplicate.payments[0].amount.amount) }),
    ]);
    const kept = await subscriptionView(ctx, student.token, stripe.subscriptionId);
    expect(kept.body).toMatchObject({ status: 'active', access: 'full' });
    const enrolled = await enroll(ctx, student.token, courses[3]);
    expect(enrolled.status).toBe(201);
    expect(await planEnrollments(ctx, stripe.subscriptionId)).toEqual(['active']);
  });

  it('when the checkout is asked for twice before paying, then the same checkout is handed out again', async () => {
    const student = await ctx.createUser();
    const first = await subscribe(ctx, student.token, plans.monthly, { provider: 'stripe' });
    const second = await subscribe(ctx, student.token, plans.monthly, { provider: 'stripe' });
    expect(second.body).toEqual(first.body);
  });

  it('when the input is bad, then nothing is written and the error says why', async () => {
    const student = await ctx.createUser();
    const cases: [string, unknown, number, string][] = [
      [plans.monthly, { provider: 'bitcoin' }, 400, 'validation_failed'],
      [plans.monthly, { provider: 'stripe', extra: 1 }, 400, 'validation_failed'],
      [plans.monthly, { provider: 'stripe', currency: 'XYZ' }, 400, 'unsupported_currency'],
      ['not-a-plan', { provider: 'stripe' }, 404, 'not_found'],
    ];
    for (const [planId, body, status, code] of cases) {
      const res = await api(ctx.app)
        .post(`/api/subscriptions/checkout/${planId}`)
        .auth(student.token, { type: 'bearer' })
        .send(body as object);
      expect([res.status, res.body.error?.code]).toEqual([status, code]);
    }
    const cancel = await api(ctx.app)
      .post(`/api/subscriptions/${plans.monthly}/cancel`)
      .auth(student.token, { type: 'bearer' })
      .send({ atPeriodEnd: 'yes' });
    expect(cancel.status).toBe(400);
    const rows: { n: number }[] = await ctx.db.dataSource.query(
      `SELECT count(*)::int AS n FROM subscriptions WHERE user_id = $1`,
      [student.id],
    );
    expect(rows[0].n).toBe(0);
    expect((await enroll(ctx, student.token, courses[0])).body.error.code).toBe('subscription_required');
  });

  it('when a student owns a course by purchase, then enrolling through the plan answers that enrollment and ending the plan leaves it owned', async () => {
    const purchase = await completedPurchase(ctx, 'stripe', courses[5]);
    const sub = await subscribed(ctx, 'stripe', plans.monthly, { student: purchase.student });
    const res = await enroll(ctx, sub.student.token, courses[5]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ courseId: courses[5], source: 'purchase', status: 'active' });
    expect((await enroll(ctx, sub.student.token, courses[4])).status).toBe(201);
    await cancelSubscription(ctx, sub.student.token, sub.subscriptionId, false);
    expect(await planEnrollments(ctx, sub.subscriptionId)).toEqual(['revoked']);
    expect(await accessOf(ctx, purchase.checkout.paymentId)).toBe('active');
  });
});
