import type { CheckoutRequest, CheckoutSession } from '../../src/providers/payment-provider';
import type { ProviderName } from '../../src/domain/payments/payment-status';
import { paypalCall, savedMethod, setWebhookUrl, stripeClient, webhookUrl } from '../support/payment-methods';
import { courseIds, enrollmentCount, paymentRow, startCheckout } from '../support/purchase';
import { age, countCheckoutCalls, pendingCheckoutRow } from '../support/reconciliation';
import { createSandboxTestContext, eventually, type SandboxTestContext } from '../support/test-app';

interface StoredCheckout {
  id: string;
  status: string;
  provider_session_id: string | null;
  checkout_url: string | null;
  created_at: Date;
}

describe('reconciliation: checkouts whose request died', () => {
  let ctx: SandboxTestContext;
  let courses: string[];
  beforeAll(async () => {
    ctx = await createSandboxTestContext({ env: { RECONCILE_REFUNDS_DAYS: '0' } });
    courses = await courseIds(ctx);
  });
  afterAll(() => ctx.close());
  afterEach(async () => {
    jest.restoreAllMocks();
    await setWebhookUrl(ctx, 'paypal', webhookUrl(ctx, 'paypal'));
  });

  async function storedCheckouts(userId: string): Promise<StoredCheckout[]> {
    return ctx.db.dataSource.query(
      `SELECT id, status, provider_session_id, checkout_url, created_at FROM payments WHERE user_id = $1`,
      [userId],
    );
  }

  /**
   * The process dies while the provider answers the create call: the provider has the checkout,
   * we never store it and the student gets no answer. The row is made three minutes old first
   * (the create call is sent for that row, as it would have been three minutes ago).
   */
  async function crashAfterTheProviderAnswers(provider: ProviderName): Promise<() => CheckoutSession | undefined> {
    const checkout = ctx.providers.get(provider).checkout;
    const create = checkout.createCheckout.bind(checkout);
    let answered: CheckoutSession | undefined;
    // Replaced by hand for one call (the adapters come wrapped for metrics, a proxy jest.spyOn cannot see through).
    checkout.createCheckout = async (request: CheckoutRequest) => {
      checkout.createCheckout = create;
      await age(ctx, request.paymentId, '3 minutes');
      const [row]: { created_at: Date }[] = await ctx.db.dataSource.query(
        `SELECT created_at FROM payments WHERE id = $1`,
        [request.paymentId],
      );
      answered = await create({ ...request, startedAt: row.created_at });
      return new Promise<CheckoutSession>(() => undefined);
    };
    return () => answered;
  }

  it('when a checkout died before calling Stripe, then reconciliation creates its session with its key and a retried checkout reuses it', async () => {
    const student = await ctx.createUser();
    const crashed = await pendingCheckoutRow(ctx, { userId: student.id, courseId: courses[0], provider: 'stripe' });
    await age(ctx, crashed.id, '3 minutes');

    const report = await ctx.services.reconciliation.run();

    const [row] = await storedCheckouts(student.id);
    expect(row).toMatchObject({ id: crashed.id, status: 'pending', checkout_url: expect.any(String) });
    const session = await stripeClient(ctx).checkout.sessions.retrieve(row.provider_session_id!);
    expect(session.metadata).toMatchObject({ payment_id: crashed.id });
    // The expiry counts from our row, as the first call's would have.
    expect(session.expires_at).toBe(Math.floor(row.created_at.getTime() / 1000) + 23 * 3600);
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        paymentId: crashed.id,
        healed: true,
        detail: expect.stringMatching(/sent again with its key/),
      }),
    );

    const retried = await startCheckout(ctx, student.token, courses[0], 'stripe');
    expect(retried).toMatchObject({ paymentId: crashed.id, providerSessionId: row.provider_session_id });
    expect(await storedCheckouts(student.id)).toHaveLength(1);
  });

  it('when a checkout died after Stripe created its session, then reconciliation sends the same call again and records the session Stripe had', async () => {
    const student = await ctx.createUser();
    const answered = await crashAfterTheProviderAnswers('stripe');
    void ctx.services.checkout.startCourseCheckout({ userId: student.id, courseId: courses[1], provider: 'stripe' });
    const first = await eventually(async () => answered());
    const [before] = await storedCheckouts(student.id);
    expect(before).toMatchObject({ status: 'pending', provider_session_id: null });
    const calls = countCheckoutCalls(ctx, 'stripe');
    calls.reset();

    await ctx.services.reconciliation.run();

    const [after] = await storedCheckouts(student.id);
    expect(after).toMatchObject({
      id: before.id,
      status: 'pending',
      provider_session_id: first.providerSessionId,
      checkout_url: first.checkoutUrl,
    });
    expect(calls.of(before.id)).toEqual({ createCheckout: 1 });
  });

  it('when a checkout with a saved PayPal wallet died after PayPal took the money and its webhook is lost, then reconciliation gets the same order back and completes the sale once', async () => {
    const student = await ctx.createUser();
    const wallet = await savedMethod(ctx, student, 'paypal');
    await setWebhookUrl(ctx, 'paypal', null);
    const answered = await crashAfterTheProviderAnswers('paypal');
    void ctx.services.checkout.startCourseCheckout({
      userId: student.id,
      courseId: courses[2],
      provider: 'paypal',
      paymentMethodId: wallet.id,
    });
    const first = await eventually(async () => answered());
    expect(first.events?.map((e) => e.kind)).toContain('PaymentSucceeded');
    const [before] = await storedCheckouts(student.id);
    expect(before).toMatchObject({ status: 'pending', provider_session_id: null });

    await ctx.services.reconciliation.run();

    expect(await paymentRow(ctx, before.id)).toMatchObject({ status: 'completed' });
    expect(await enrollmentCount(ctx, student.id, courses[2])).toBe(1);
    const [after] = await storedCheckouts(student.id);
    expect(after.provider_session_id).toBe(first.providerSessionId);
    const order = await paypalCall(ctx, 'GET', `/v2/checkout/orders/${first.providerSessionId}`);
    const units = (order.result as { purchase_units: { payments: { captures: unknown[] } }[] }).purchase_units;
    expect(units.flatMap((u) => u.payments.captures)).toHaveLength(1);
  });

  it('when a checkout is still being created (its row is younger than any request can take), then reconciliation leaves it alone', async () => {
    const student = await ctx.createUser();
    const inFlight = await pendingCheckoutRow(ctx, { userId: student.id, courseId: courses[3], provider: 'stripe' });
    const calls = countCheckoutCalls(ctx, 'stripe');

    await ctx.services.reconciliation.run({ olderThanSeconds: 0 });

    expect(calls.of(inFlight.id)).toEqual({});
    expect((await storedCheckouts(student.id))[0]).toMatchObject({ status: 'pending', provider_session_id: null });
  });
});
