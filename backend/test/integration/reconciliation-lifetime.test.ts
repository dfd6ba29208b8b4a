import {
  courseIds,
  approvePayPal,
  enrollmentCount,
  payStripe,
  paymentRow,
  startCheckout,
  waitForStatus,
} from '../support/purchase';
import { setWebhookUrl, stripeClient, webhookUrl, paypalCall } from '../support/payment-methods';
import { age, countCheckoutCalls, pendingCheckoutRow } from '../support/reconciliation';
import { createSandboxTestContext, type SandboxTestContext } from '../support/test-app';

const DECLINED_CARD = '4000000000000002';

describe('reconciliation: declined checkouts that are paid later, and checkouts that lapse', () => {
  let ctx: SandboxTestContext;
  let courses: string[];
  beforeAll(async () => {
    ctx = await createSandboxTestContext({ env: { RECONCILE_REFUNDS_DAYS: '0' } });
    courses = await courseIds(ctx);
  });
  afterAll(() => ctx.close());
  afterEach(async () => {
    await setWebhookUrl(ctx, 'stripe', webhookUrl(ctx, 'stripe'));
    await setWebhookUrl(ctx, 'paypal', webhookUrl(ctx, 'paypal'));
  });

  it('when a card is declined and another card then pays in the same Stripe session while its webhooks are lost, then reconciliation completes the sale', async () => {
    const student = await ctx.createUser();
    const checkout = await startCheckout(ctx, student.token, courses[0], 'stripe');
    await payStripe(ctx, checkout.providerSessionId, DECLINED_CARD).catch(() => undefined);
    await waitForStatus(ctx, checkout.paymentId, 'failed');
    await setWebhookUrl(ctx, 'stripe', null);
    await payStripe(ctx, checkout.providerSessionId);
    expect((await paymentRow(ctx, checkout.paymentId)).status).toBe('failed');
    await age(ctx, checkout.paymentId, '20 minutes');

    const report = await ctx.services.reconciliation.run();

    expect((await paymentRow(ctx, checkout.paymentId)).status).toBe('completed');
    expect(await enrollmentCount(ctx, student.id, courses[0])).toBe(1);
    expect(report.findings).toContainEqual(
      expect.objectContaining({ paymentId: checkout.paymentId, before: 'failed', after: 'completed', healed: true }),
    );
  });

  it('when PayPal declines the funding source and the buyer picks another one but never comes back, then reconciliation captures and completes it', async () => {
    const student = await ctx.createUser();
    const checkout = await startCheckout(ctx, student.token, courses[1], 'paypal');
    // The approval's webhook makes us capture: the declined instrument fails the payment.
    await approvePayPal(ctx, checkout.providerSessionId, { instrument: 'declined' });
    await waitForStatus(ctx, checkout.paymentId, 'failed');
    // Approving again sends no event; the buyer's browser is gone before our return page.
    await approvePayPal(ctx, checkout.providerSessionId, { instrument: 'balance' });
    await age(ctx, checkout.paymentId, '20 minutes');

    await ctx.services.reconciliation.run();

    expect((await paymentRow(ctx, checkout.paymentId)).status).toBe('completed');
    expect(await enrollmentCount(ctx, student.id, courses[1])).toBe(1);
  });

  describe('past the provider lifetime', () => {
    let stripeCalls: ReturnType<typeof countCheckoutCalls>;
    let paypalCalls: ReturnType<typeof countCheckoutCalls>;
    beforeEach(() => {
      stripeCalls = countCheckoutCalls(ctx, 'stripe');
      paypalCalls = countCheckoutCalls(ctx, 'paypal');
    });
    afterEach(() => {
      stripeCalls.restore();
      paypalCalls.restore();
    });

    it('when an unpaid Stripe checkout outlives its session, then it is asked once more, its session is expired, it is canceled as abandoned and never asked about again', async () => {
      const student = await ctx.createUser();
      const open = await startCheckout(ctx, student.token, courses[2], 'stripe');
      const other = await ctx.createUser();
      const declined = await startCheckout(ctx, other.token, courses[2], 'stripe');
      await payStripe(ctx, declined.providerSessionId, DECLINED_CARD).catch(() => undefined);
      await waitForStatus(ctx, declined.paymentId, 'failed');
      await age(ctx, open.paymentId, '24 hours');
      await age(ctx, declined.paymentId, '24 hours');
      stripeCalls.reset();

      const report = await ctx.services.reconciliation.run();

      for (const { paymentId, providerSessionId } of [open, declined]) {
        const row = await paymentRow(ctx, paymentId);
        expect(row.status).toBe('canceled');
        // Closing the session sets off Stripe's own checkout.session.expired, whose webhook may
        // cancel ours a moment before reconciliation does; the first cancel's reason stays.
        expect(['abandoned', 'expired']).toContain(row.failure_code);
        expect(stripeCalls.of(paymentId)).toEqual({ getPaymentState: 1, expireCheckout: 1 });
        expect((await stripeClient(ctx).checkout.sessions.retrieve(providerSessionId)).status).toBe('expired');
        expect(report.findings).toContainEqual(
          expect.objectContaining({
            paymentId,
            after: 'canceled',
            healed: true,
            detail: expect.stringMatching(/lapsed unpaid .*canceled as abandoned \(closed at Stripe too\)/),
          }),
        );
      }

      stripeCalls.reset();
      await ctx.services.reconciliation.run({ olderThanSeconds: 0 });
      await ctx.services.reconciliation.run({ olderThanSeconds: 0 });
      expect(stripeCalls.of(open.paymentId)).toEqual({});
      expect(stripeCalls.of(declined.paymentId)).toEqual({});
    });

    it('when an unapproved PayPal order outlives its approval window, then ours is canceled as abandoned (PayPal cannot void it) and never asked about again', async () => {
      const student = await ctx.createUser();
      const checkout = await startCheckout(ctx, student.token, courses[3], 'paypal');
      await age(ctx, checkout.paymentId, '7 hours');
      paypalCalls.reset();

      await ctx.services.reconciliation.run();

      expect(await paymentRow(ctx, checkout.paymentId)).toMatchObject({
        status: 'canceled',
        failure_code: 'abandoned',
      });
      expect(paypalCalls.of(checkout.paymentId)).toEqual({ getPaymentState: 1, expireCheckout: 1 });
      // Still open at PayPal: it cannot be voided before approval and lapses there on its own.
      const order = await paypalCall(ctx, 'GET', `/v2/checkout/orders/${checkout.providerSessionId}`);
      expect((order.result as { status: string }).status).toBe('PAYER_ACTION_REQUIRED');

      paypalCalls.reset();
      await ctx.services.reconciliation.run({ olderThanSeconds: 0 });
      expect(paypalCalls.of(checkout.paymentId)).toEqual({});
    });

    it('when a checkout paid just before its session lapsed is looked at after the lapse, then the money is recorded, not abandoned', async () => {
      const student = await ctx.createUser();
      const checkout = await startCheckout(ctx, student.token, courses[4], 'stripe');
      await setWebhookUrl(ctx, 'stripe', null);
      await payStripe(ctx, checkout.providerSessionId);
      await age(ctx, checkout.paymentId, '24 hours');
      stripeCalls.reset();

      await ctx.services.reconciliation.run();

      expect((await paymentRow(ctx, checkout.paymentId)).status).toBe('completed');
      expect(stripeCalls.of(checkout.paymentId)).toEqual({ getPaymentState: 1 });
    });

    it('when a checkout whose request died is found too late to be sent again safely, then it is canceled as abandoned without a provider call', async () => {
      const student = await ctx.createUser();
      const crashed = await pendingCheckoutRow(ctx, { userId: student.id, courseId: courses[5], provider: 'stripe' });
      await age(ctx, crashed.id, '23 hours');
      stripeCalls.reset();

      const report = await ctx.services.reconciliation.run();

      expect(await paymentRow(ctx, crashed.id)).toMatchObject({ status: 'canceled', failure_code: 'abandoned' });
      expect(stripeCalls.of(crashed.id)).toEqual({});
      expect(report.findings).toContainEqual(
        expect.objectContaining({ paymentId: crashed.id, detail: expect.stringMatching(/can no longer be resumed/) }),
      );
    });
  });
});
