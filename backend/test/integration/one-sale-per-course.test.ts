import { waitForDocuments } from '../support/invoices';
import { api, createSandboxTestContext, type SandboxTestContext } from '../support/test-app';
import {
  approvePayPal,
  courseIds,
  enrollmentCount,
  loseWebhooks,
  payStripe,
  paymentRow,
  restoreWebhooks,
  startCheckout,
  waitForStatus,
} from '../support/purchase';
import { refundRows, waitForRefunds } from '../support/post-sale';

describe('one sale per course', () => {
  let ctx: SandboxTestContext;
  let courses: string[];
  beforeAll(async () => {
    ctx = await createSandboxTestContext();
    courses = await courseIds(ctx);
  });
  afterAll(() => ctx.close());

  it('when the same checkout is started twice with one provider, then the open one is reused', async () => {
    const student = await ctx.createUser();
    const first = await startCheckout(ctx, student.token, courses[0], 'stripe', 'EUR');
    const second = await startCheckout(ctx, student.token, courses[0], 'stripe', 'EUR');
    expect(second).toEqual(first);
  });

  it('when a PayPal checkout starts while a Stripe one is open, then the Stripe session is expired and cannot be paid', async () => {
    const student = await ctx.createUser();
    const stripe = await startCheckout(ctx, student.token, courses[1], 'stripe');
    const paypal = await startCheckout(ctx, student.token, courses[1], 'paypal');
    expect((await paymentRow(ctx, stripe.paymentId)).status).toBe('canceled');
    await expect(payStripe(ctx, stripe.providerSessionId)).rejects.toThrow();
    await approvePayPal(ctx, paypal.providerSessionId);
    await waitForStatus(ctx, paypal.paymentId, 'completed');
    expect(await enrollmentCount(ctx, student.id, courses[1])).toBe(1);
  });

  it('when a checkout is already being paid with another provider, then 409 checkout_in_progress names it', async () => {
    const student = await ctx.createUser();
    const stripe = await startCheckout(ctx, student.token, courses[2], 'stripe');
    loseWebhooks(ctx);
    try {
      // Paid at Stripe, but we have not heard yet: the session can no longer be expired.
      await payStripe(ctx, stripe.providerSessionId);
      const res = await api(ctx.app)
        .post(`/api/payments/checkout/${courses[2]}`)
        .auth(student.token, { type: 'bearer' })
        .send({ provider: 'paypal' });
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({
        code: 'checkout_in_progress',
        details: { paymentId: stripe.paymentId, provider: 'stripe' },
      });
    } finally {
      restoreWebhooks(ctx);
    }
  });

  it('when two tabs pay the same course with PayPal and Stripe, then one enrollment remains and the second payment is refunded automatically', async () => {
    const student = await ctx.createUser();
    const paypal = await startCheckout(ctx, student.token, courses[3], 'paypal');
    loseWebhooks(ctx);
    await approvePayPal(ctx, paypal.providerSessionId);
    restoreWebhooks(ctx);
    // The second tab: PayPal cannot void the approved order, so ours is only canceled locally.
    const stripe = await startCheckout(ctx, student.token, courses[3], 'stripe');
    expect((await paymentRow(ctx, paypal.paymentId)).status).toBe('canceled');
    // The first tab comes back from PayPal and captures: money confirmed after a cancel is still money.
    const captured = await api(ctx.app)
      .post(`/api/payments/paypal/capture/${paypal.providerSessionId}`)
      .auth(student.token, { type: 'bearer' });
    expect(captured.status).toBe(200);
    await waitForStatus(ctx, paypal.paymentId, 'completed');
    // The second tab pays too.
    await payStripe(ctx, stripe.providerSessionId);
    await waitForStatus(ctx, stripe.paymentId, 'completed');
    const [refund] = await waitForRefunds(ctx, stripe.paymentId, (r) => r[0]?.status === 'succeeded');
    expect(refund).toMatchObject({ origin: 'duplicate_purchase' });
    expect(Number(refund.amount)).toBe(Number((await paymentRow(ctx, stripe.paymentId)).amount));
    expect(await enrollmentCount(ctx, student.id, courses[3])).toBe(1);
    expect(await refundRows(ctx, paypal.paymentId)).toEqual([]);
    const view = await api(ctx.app).get(`/api/payments/${stripe.paymentId}`).auth(student.token, { type: 'bearer' });
    expect(view.body.label).toBe('refunded');
    expect(view.body.refunds[0]).toMatchObject({ origin: 'duplicate_purchase', status: 'succeeded' });
    // The duplicate was a sale all the same: invoiced, and credited in full.
    const { invoice, creditNotes } = await waitForDocuments(ctx, student.token, stripe.paymentId, 1);
    expect(creditNotes.map((c) => c.total.amount)).toEqual([-invoice.total.amount]);
  });

  it('when a PayPal approval arrives for a course already owned, then the capture is refused and nothing is captured', async () => {
    const student = await ctx.createUser();
    const paypal = await startCheckout(ctx, student.token, courses[4], 'paypal');
    const stripe = await startCheckout(ctx, student.token, courses[4], 'stripe');
    await payStripe(ctx, stripe.providerSessionId);
    await waitForStatus(ctx, stripe.paymentId, 'completed');
    await approvePayPal(ctx, paypal.providerSessionId);
    const res = await api(ctx.app)
      .post(`/api/payments/paypal/capture/${paypal.providerSessionId}`)
      .auth(student.token, { type: 'bearer' });
    expect([res.status, res.body.error?.code]).toEqual([409, 'already_enrolled']);
    const atPayPal = await ctx.providers
      .get('paypal')
      .checkout.getPaymentState({ providerSessionId: paypal.providerSessionId });
    expect(atPayPal.map((e) => e.kind)).toEqual(['PaymentApproved']);
    expect((await paymentRow(ctx, paypal.paymentId)).status).toBe('canceled');
    expect(await enrollmentCount(ctx, student.id, courses[4])).toBe(1);
  });
});
