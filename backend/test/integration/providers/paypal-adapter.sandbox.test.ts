import { startSandbox, type Sandbox } from '@lms/sandbox';
import { money } from '../../../src/domain/money';
import type { DomainEvent } from '../../../src/domain/events/domain-event';
import type { ProviderEvent } from '../../../src/providers/payment-provider';
import { WebhookVerificationError } from '../../../src/providers/payment-provider';
import { PayPalAdapter } from '../../../src/providers/paypal/paypal.adapter';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';
import { checkoutRequest } from '../../support/checkout-request';

/** The real @paypal/checkout-server-sdk, through our adapter, against the offline sandbox. */
describe('PayPal adapter against the sandbox', () => {
  let sandbox: Sandbox;
  let receiver: WebhookReceiver;
  let paypal: PayPalAdapter;
  let base: URL;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    sandbox = await startSandbox({
      stripePort: 0,
      paypalPort: 0,
      paypalWebhookUrl: receiver.url,
      deliveryRetryBaseMs: 50,
    });
    base = new URL(`http://127.0.0.1:${sandbox.paypal.port}`);
    paypal = new PayPalAdapter({
      clientId: sandbox.paypal.clientId,
      secret: sandbox.paypal.clientSecret,
      env: 'sandbox',
      webhookId: sandbox.paypal.webhookId,
      apiBase: base,
    });
  });
  afterAll(async () => {
    await sandbox?.close();
    await receiver?.close();
  });

  async function approve(orderId: string, instrument?: string): Promise<Record<string, unknown>> {
    const res = await fetch(`${base.origin}/_sandbox/orders/${orderId}/approve`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(instrument ? { instrument } : {}),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, unknown>;
  }

  it('when creating an order and replaying the request id, then the same order and approval link come back', async () => {
    const req = checkoutRequest();
    const first = await paypal.checkout.createCheckout(req);
    const replay = await paypal.checkout.createCheckout(req);
    expect(first.providerSessionId).toMatch(/^[A-Z0-9]{17}$/);
    expect(first.checkoutUrl).toContain(first.providerSessionId);
    expect(replay).toEqual(first);
  });

  it('when the order is created, approved and captured, then capture is PaymentSucceeded and capturing again is harmless', async () => {
    const req = checkoutRequest();
    const order = await paypal.checkout.createCheckout(req);
    const ref = { paymentId: req.paymentId, providerSessionId: order.providerSessionId };
    expect(await paypal.checkout.getPaymentState(ref)).toEqual([]);
    const approval = await approve(order.providerSessionId);
    expect(String(approval.redirect_url)).toContain(`token=${order.providerSessionId}`);
    expect(await paypal.checkout.getPaymentState(ref)).toEqual([
      expect.objectContaining({
        kind: 'PaymentApproved',
        ref: { paymentId: req.paymentId, providerSessionId: order.providerSessionId },
      }),
    ]);

    const captured = await paypal.checkout.capture(ref, `capture:${req.paymentId}`);
    const expected: DomainEvent = {
      kind: 'PaymentSucceeded',
      provider: 'paypal',
      occurredAt: expect.any(Date) as unknown as Date,
      ref: {
        paymentId: req.paymentId,
        providerSessionId: order.providerSessionId,
        providerPaymentId: expect.stringMatching(/^[A-Z0-9]{17}$/) as unknown as string,
      },
      amount: { amount: 4900, currency: 'EUR' },
    };
    expect(captured).toEqual([expected]);
    // Same request id (a retried call) and a new one (webhook path after the browser path): same outcome.
    expect(await paypal.checkout.capture(ref, `capture:${req.paymentId}`)).toEqual(captured);
    const again = await paypal.checkout.capture(ref, `capture:${req.paymentId}:webhook`);
    expect(again.map((e) => [e.kind, e.ref.providerPaymentId])).toEqual([
      ['PaymentSucceeded', captured[0].ref.providerPaymentId],
    ]);
    expect((await paypal.checkout.getPaymentState(ref)).map((e) => [e.kind, e.ref.providerPaymentId])).toEqual([
      ['PaymentSucceeded', captured[0].ref.providerPaymentId],
    ]);
  });

  it("when the buyer's instrument is declined, then capture is PaymentFailed instrument_declined (not an exception)", async () => {
    const req = checkoutRequest();
    const order = await paypal.checkout.createCheckout(req);
    await approve(order.providerSessionId, 'declined');
    const events = await paypal.checkout.capture(
      { paymentId: req.paymentId, providerSessionId: order.providerSessionId },
      `capture:${req.paymentId}`,
    );
    expect(events).toEqual([
      expect.objectContaining({
        kind: 'PaymentFailed',
        failureCode: 'instrument_declined',
        ref: { paymentId: req.paymentId, providerSessionId: order.providerSessionId },
      }),
    ]);
  });

  it('when the capture is denied or pending, then it is PaymentFailed or PaymentProcessing', async () => {
    for (const [instrument, kind] of [
      ['denied', 'PaymentFailed'],
      ['pending', 'PaymentProcessing'],
    ] as const) {
      const req = checkoutRequest();
      const order = await paypal.checkout.createCheckout(req);
      await approve(order.providerSessionId, instrument);
      const events = await paypal.checkout.capture(
        { paymentId: req.paymentId, providerSessionId: order.providerSessionId },
        `capture:${req.paymentId}`,
      );
      expect(events.map((e) => e.kind)).toEqual([kind]);
    }
  });

  it('when capturing before the buyer approved, then it is a conflict order_not_approved', async () => {
    const req = checkoutRequest();
    const order = await paypal.checkout.createCheckout(req);
    await expect(
      paypal.checkout.capture({ providerSessionId: order.providerSessionId }, `capture:${req.paymentId}`),
    ).rejects.toMatchObject({
      kind: 'conflict',
      code: 'order_not_approved',
    });
  });

  it('when refunding part of a capture twice, then both succeed, a replayed key returns the same refund, and over-refunding is refused', async () => {
    const req = checkoutRequest();
    const order = await paypal.checkout.createCheckout(req);
    await approve(order.providerSessionId);
    const [captured] = await paypal.checkout.capture(
      { paymentId: req.paymentId, providerSessionId: order.providerSessionId },
      `capture:${req.paymentId}`,
    );
    const first = await paypal.refunds.refund({
      ref: captured.ref,
      amount: money(1000, 'EUR'),
      reason: 'Partial goodwill refund',
      idempotencyKey: `refund:${req.paymentId}:1`,
    });
    const replay = await paypal.refunds.refund({
      ref: captured.ref,
      amount: money(1000, 'EUR'),
      reason: 'Partial goodwill refund',
      idempotencyKey: `refund:${req.paymentId}:1`,
    });
    expect(first).toEqual({ providerRefundId: expect.stringMatching(/^[A-Z0-9]{17}$/), status: 'succeeded' });
    expect(replay).toEqual(first);
    const second = await paypal.refunds.refund({
      ref: { providerSessionId: order.providerSessionId },
      amount: money(900, 'EUR'),
      idempotencyKey: `refund:${req.paymentId}:2`,
    });
    expect(second.providerRefundId).not.toBe(first.providerRefundId);
    await expect(
      paypal.refunds.refund({
        ref: captured.ref,
        amount: money(3500, 'EUR'),
        idempotencyKey: `refund:${req.paymentId}:3`,
      }),
    ).rejects.toMatchObject({ kind: 'rejected' });
  });

  it('when the sandbox delivers the webhooks, then each verifies with its certificate and normalizes to approval, success and refund', async () => {
    const req = checkoutRequest();
    const order = await paypal.checkout.createCheckout(req);
    await approve(order.providerSessionId);
    const [captured] = await paypal.checkout.capture(
      { paymentId: req.paymentId, providerSessionId: order.providerSessionId },
      `capture:${req.paymentId}`,
    );
    await paypal.refunds.refund({
      ref: captured.ref,
      amount: money(1000, 'EUR'),
      idempotencyKey: `refund:${req.paymentId}:1`,
    });
    await sandbox.idle();

    const verified: ProviderEvent[] = [];
    for (const d of receiver.deliveries) verified.push(await paypal.webhooks.verifyWebhook(d.rawBody, d.headers));
    const mine = verified
      .flatMap((e) => paypal.webhooks.normalize(e))
      .filter(
        (e) =>
          e.ref.providerSessionId === order.providerSessionId ||
          e.ref.providerPaymentId === captured.ref.providerPaymentId,
      );
    expect(mine.map((e) => e.kind)).toEqual(['PaymentApproved', 'PaymentSucceeded', 'RefundUpdated']);
    expect(mine[0].ref).toEqual({ paymentId: req.paymentId, providerSessionId: order.providerSessionId });
    expect(mine[1]).toMatchObject({ ref: captured.ref, amount: { amount: 4900, currency: 'EUR' } });
    expect(mine[2]).toMatchObject({
      amount: { amount: 1000, currency: 'EUR' },
      status: 'succeeded',
      ref: expect.objectContaining({ providerPaymentId: captured.ref.providerPaymentId }),
    });

    // Tampered body, and the same delivery checked by a verifier without the sandbox allowed: rejected.
    const d = receiver.deliveries.at(-1)!;
    await expect(
      paypal.webhooks.verifyWebhook(Buffer.from(d.rawBody.toString().replace('"10.00"', '"99.00"')), d.headers),
    ).rejects.toBeInstanceOf(WebhookVerificationError);
    const production = new PayPalAdapter({
      clientId: 'x',
      secret: 'y',
      env: 'live',
      webhookId: sandbox.paypal.webhookId,
    });
    await expect(production.webhooks.verifyWebhook(d.rawBody, d.headers)).rejects.toThrow(/allowed host/);
  });
});
