import {
  approvePayPal,
  courseIds,
  enrollmentCount,
  paymentRow,
  startCheckout,
  waitForStatus,
  type CheckoutBody,
} from '../support/purchase';
import {
  deliver,
  inboxCounts,
  payPalEvent,
  sameCrcBody,
  transmissionOf,
  type Transmission,
} from '../support/paypal-transmissions';
import { createSandboxTestContext, type SandboxTestContext } from '../support/test-app';

type Json = Record<string, unknown>;

/**
 * PayPal signs `transmissionId|time|webhookId|crc32(body)`: the body is only bound by its CRC32,
 * so one captured delivery lets anyone write another valid event with the same CRC32. These tests
 * forge one (4 bytes solved inside a JSON string) and send it with the captured headers.
 */
describe('PayPal webhooks forged from a captured delivery', () => {
  let ctx: SandboxTestContext;
  let courses: string[];
  let student: { id: string; token: string };

  beforeAll(async () => {
    ctx = await createSandboxTestContext();
    // The sandbox delivers nothing itself: what the app receives is what the test sends.
    ctx.sandbox.setWebhookUrls({ paypal: undefined });
    courses = await courseIds(ctx);
    student = await ctx.createUser();
  });
  afterAll(() => ctx.close());

  /**
   * A checkout the buyer approved and PayPal captured, which the app has not heard of yet, and the
   * PAYMENT.CAPTURE.COMPLETED event PayPal made for it.
   */
  async function capturedAtPayPal(courseId: string): Promise<{ checkout: CheckoutBody; event: { id: string } }> {
    const checkout = await startCheckout(ctx, student.token, courseId, 'paypal');
    await approvePayPal(ctx, checkout.providerSessionId);
    // The money moves at PayPal (the adapter's capture, straight to the sandbox): nothing of ours is told.
    await ctx.providers.get('paypal').checkout.capture(checkout, `capture:${checkout.paymentId}`);
    const event = await payPalEvent(ctx, 'PAYMENT.CAPTURE.COMPLETED', (r) => r.custom_id === checkout.paymentId);
    return { checkout, event };
  }

  /** The captured body rewritten to say that the capture paid `target` (its order, amount and id). */
  async function forgedFor(captured: Transmission, target: CheckoutBody, eventId: string): Promise<string> {
    const row = await paymentRow(ctx, target.paymentId);
    return sameCrcBody(captured.body, (event) => {
      const resource = event.resource as Json;
      event.id = eventId;
      resource.custom_id = target.paymentId;
      resource.invoice_id = target.paymentId;
      resource.amount = { currency_code: row.currency, value: (Number(row.amount) / 100).toFixed(2) };
      resource.supplementary_data = { related_ids: { order_id: target.providerSessionId } };
    });
  }

  it('when a body with the same CRC32 is sent with the headers of a delivery already received, then 400 (transmission reused) and nothing changes', async () => {
    const cheap = await capturedAtPayPal(courses[0]);
    const expensive = await startCheckout(ctx, student.token, courses[2], 'paypal');
    const captured = await transmissionOf(ctx, cheap.event.id);
    expect((await deliver(ctx, captured)).status).toBe(200);
    await waitForStatus(ctx, cheap.checkout.paymentId, 'completed');
    await ctx.background.dispatcher.idle();
    const before = await inboxCounts(ctx);

    const forged = { ...captured, body: await forgedFor(captured, expensive, 'WH-FORGED-REUSED-1') };
    expect(forged.body).not.toBe(captured.body);
    const res = await deliver(ctx, forged);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_signature');
    expect(res.body.error.message).toMatch(/transmission/);

    // Nor does any other event it could be made to say (one applied at once, not confirmed first).
    const denied = {
      ...captured,
      body: sameCrcBody(captured.body, (event) => {
        event.id = 'WH-FORGED-REUSED-2';
        event.event_type = 'PAYMENT.CAPTURE.DENIED';
        (event.resource as Json).custom_id = expensive.paymentId;
      }),
    };
    expect((await deliver(ctx, denied)).status).toBe(400);

    await ctx.background.dispatcher.idle();
    expect(await inboxCounts(ctx)).toEqual(before);
    expect((await paymentRow(ctx, expensive.paymentId)).status).toBe('pending');
    expect(await enrollmentCount(ctx, student.id, courses[2])).toBe(0);
  });

  it('when the headers come from a retried delivery (a second transmission of the event), then the forgery is refused too', async () => {
    const cheap = await capturedAtPayPal(courses[1]);
    const expensive = await startCheckout(ctx, student.token, courses[3], 'paypal');
    expect((await deliver(ctx, await transmissionOf(ctx, cheap.event.id))).status).toBe(200);
    const retry = await transmissionOf(ctx, cheap.event.id);
    expect((await deliver(ctx, retry)).body).toEqual({ received: true, duplicate: true });

    const forged = { ...retry, body: await forgedFor(retry, expensive, 'WH-FORGED-RETRY-1') };
    expect((await deliver(ctx, forged)).status).toBe(400);
    await ctx.background.dispatcher.idle();
    expect((await paymentRow(ctx, expensive.paymentId)).status).toBe('pending');
  });

  it('when the original was never delivered, then the forged PAYMENT.CAPTURE.COMPLETED counts only as what PayPal says of that capture', async () => {
    const cheap = await capturedAtPayPal(courses[4]);
    const expensive = await startCheckout(ctx, student.token, courses[5], 'paypal');
    const captured = await transmissionOf(ctx, cheap.event.id);
    const forged = { ...captured, body: await forgedFor(captured, expensive, 'WH-FORGED-FIRST-1') };

    // Its signature is valid and its transmission unseen: it is stored, and confirmed with PayPal.
    const res = await deliver(ctx, forged);
    expect(res.status).toBe(200);
    await ctx.background.dispatcher.idle();

    // PayPal's GET capture names the cheap checkout, its amount and its order: that one is paid.
    const paid = await waitForStatus(ctx, cheap.checkout.paymentId, 'completed');
    const expected = await ctx.db.dataSource.query(`SELECT amount, currency FROM payments WHERE id = $1`, [
      cheap.checkout.paymentId,
    ]);
    expect({ amount: paid.amount, currency: paid.currency }).toEqual(expected[0]);
    expect(await enrollmentCount(ctx, student.id, courses[4])).toBe(1);
    // The checkout the forged body named is untouched.
    expect((await paymentRow(ctx, expensive.paymentId)).status).toBe('pending');
    expect(await enrollmentCount(ctx, student.id, courses[5])).toBe(0);

    // The genuine delivery under the transmission the forgery used first is refused; PayPal's retry,
    // a new transmission, is taken, and finds the payment settled: nothing doubles.
    expect((await deliver(ctx, captured)).status).toBe(400);
    expect((await deliver(ctx, await transmissionOf(ctx, cheap.event.id))).status).toBe(200);
    await ctx.background.dispatcher.idle();
    expect(await enrollmentCount(ctx, student.id, courses[4])).toBe(1);
    expect((await paymentRow(ctx, cheap.checkout.paymentId)).version).toBe(paid.version);
  });
});
