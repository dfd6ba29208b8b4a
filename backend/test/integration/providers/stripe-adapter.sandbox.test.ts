import { startSandbox, type Sandbox } from '@lms/sandbox';
import { money } from '../../../src/domain/money';
import { WebhookVerificationError } from '../../../src/providers/payment-provider';
import { StripeAdapter } from '../../../src/providers/stripe/stripe.adapter';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';
import { checkoutRequest } from '../../support/checkout-request';

/** The real Stripe SDK, through our adapter, against the offline sandbox. */
describe('Stripe adapter against the sandbox', () => {
  let sandbox: Sandbox;
  let receiver: WebhookReceiver;
  let stripe: StripeAdapter;
  let base: URL;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    sandbox = await startSandbox({
      stripePort: 0,
      paypalPort: 0,
      stripeWebhookUrl: receiver.url,
      deliveryRetryBaseMs: 50,
    });
    base = new URL(`http://127.0.0.1:${sandbox.stripe.port}`);
    stripe = new StripeAdapter({
      secretKey: sandbox.stripe.secretKey,
      publishableKey: sandbox.stripe.publishableKey,
      webhookSecret: sandbox.stripe.webhookSecret,
      apiBase: base,
    });
  });
  afterAll(async () => {
    await sandbox?.close();
    await receiver?.close();
  });

  async function pay(sessionId: string, card: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${base.origin}/_sandbox/checkout/sessions/${sessionId}/pay`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ card }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  it('when ensuring the same user twice, then one Stripe customer is created and reused (idempotency key)', async () => {
    const user = { id: `usr_${Date.now()}`, email: 'ada@example.com', name: 'Ada' };
    const first = await stripe.customers.ensureCustomer(user);
    const second = await stripe.customers.ensureCustomer(user);
    expect(first).toMatch(/^cus_/);
    expect(second).toBe(first);
  });

  it('when creating a checkout for a customer and replaying it with the same key, then the same session comes back', async () => {
    const customer = await stripe.customers.ensureCustomer({
      id: `usr_${Date.now()}_c`,
      email: 'bob@example.com',
      name: 'Bob',
    });
    const req = checkoutRequest({ customer: { email: 'bob@example.com', name: 'Bob', providerCustomerId: customer } });
    const first = await stripe.checkout.createCheckout(req);
    const replay = await stripe.checkout.createCheckout(req);
    expect(first.providerSessionId).toMatch(/^cs_test_/);
    expect(first.checkoutUrl).toMatch(new RegExp(`^http://localhost:${sandbox.stripe.port}/`));
    expect(replay).toEqual(first);
    expect(first.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 3600_000);
    expect(first.expiresAt!.getTime()).toBeLessThanOrEqual(Date.now() + 24 * 3600_000);
    // A different key is a different checkout.
    const other = await stripe.checkout.createCheckout({ ...req, idempotencyKey: `${req.idempotencyKey}:2` });
    expect(other.providerSessionId).not.toBe(first.providerSessionId);
  });

  it('when the session is paid with 4242, then getPaymentState says PaymentSucceeded for the amount with all refs', async () => {
    const req = checkoutRequest();
    const session = await stripe.checkout.createCheckout(req);
    expect(await stripe.checkout.getPaymentState({ providerSessionId: session.providerSessionId })).toEqual([]);
    const paid = await pay(session.providerSessionId, '4242424242424242');
    expect(paid.status).toBe(200);
    const events = await stripe.checkout.getPaymentState({ providerSessionId: session.providerSessionId });
    expect(events).toEqual([
      {
        kind: 'PaymentSucceeded',
        provider: 'stripe',
        occurredAt: expect.any(Date),
        ref: {
          paymentId: req.paymentId,
          providerSessionId: session.providerSessionId,
          providerPaymentId: expect.stringMatching(/^pi_/),
        },
        amount: { amount: 4900, currency: 'EUR' },
      },
    ]);
  });

  it('when the card 4000 0000 0000 0002 is declined, then getPaymentState says PaymentFailed with the decline code', async () => {
    const req = checkoutRequest();
    const session = await stripe.checkout.createCheckout(req);
    const declined = await pay(session.providerSessionId, '4000000000000002');
    expect(declined.status).toBe(402);
    const events = await stripe.checkout.getPaymentState({ providerSessionId: session.providerSessionId });
    expect(events).toEqual([
      expect.objectContaining({
        kind: 'PaymentFailed',
        failureCode: 'generic_decline',
        failureReason: expect.stringMatching(/declined/i),
        ref: expect.objectContaining({ paymentId: req.paymentId, providerSessionId: session.providerSessionId }),
      }),
    ]);
    // The buyer may try again on the same session: a good card then completes it.
    await pay(session.providerSessionId, '4242424242424242');
    expect(
      (await stripe.checkout.getPaymentState({ providerSessionId: session.providerSessionId })).map((e) => e.kind),
    ).toEqual(['PaymentSucceeded']);
  });

  it('when refunding part of a paid checkout twice, then each refund succeeds once and replaying a key returns the same refund', async () => {
    const req = checkoutRequest();
    const session = await stripe.checkout.createCheckout(req);
    await pay(session.providerSessionId, '4242424242424242');
    const [succeeded] = await stripe.checkout.getPaymentState({ providerSessionId: session.providerSessionId });
    const ref = succeeded.ref;
    const first = await stripe.refunds.refund({
      ref,
      amount: money(1000, 'EUR'),
      reason: 'requested_by_customer',
      idempotencyKey: `refund:${req.paymentId}:1`,
    });
    const replay = await stripe.refunds.refund({
      ref,
      amount: money(1000, 'EUR'),
      reason: 'requested_by_customer',
      idempotencyKey: `refund:${req.paymentId}:1`,
    });
    expect(first.providerRefundId).toMatch(/^re_/);
    expect(first.status).toBe('succeeded');
    expect(replay).toEqual(first);
    // Only the session id known: the adapter finds the payment intent itself.
    const second = await stripe.refunds.refund({
      ref: { providerSessionId: session.providerSessionId, paymentId: req.paymentId },
      amount: money(500, 'EUR'),
      idempotencyKey: `refund:${req.paymentId}:2`,
    });
    expect(second.providerRefundId).not.toBe(first.providerRefundId);
    // More than what is left is refused as a request error, not a crash.
    await expect(
      stripe.refunds.refund({ ref, amount: money(4000, 'EUR'), idempotencyKey: `refund:${req.paymentId}:3` }),
    ).rejects.toMatchObject({
      kind: 'invalid_request',
      code: 'provider_rejected_request',
      message: expect.stringMatching(/greater than unrefunded/),
    });
  });

  it('when the sandbox delivers the webhooks of a paid checkout, then each verifies and completed normalizes to PaymentSucceeded for our payment', async () => {
    const req = checkoutRequest();
    const session = await stripe.checkout.createCheckout(req);
    await pay(session.providerSessionId, '4242424242424242');
    await sandbox.idle();
    const mine = [];
    for (const d of receiver.deliveries) {
      const event = await stripe.webhooks.verifyWebhook(d.rawBody, d.headers);
      const data = (event.payload.data as { object: { id?: string } }).object;
      if (data.id === session.providerSessionId) mine.push(event);
    }
    const completed = mine.find((e) => e.type === 'checkout.session.completed');
    expect(completed).toBeDefined();
    expect(stripe.webhooks.normalize(completed!)).toEqual([
      expect.objectContaining({
        kind: 'PaymentSucceeded',
        occurredAt: completed!.createdAt,
        ref: expect.objectContaining({ paymentId: req.paymentId, providerSessionId: session.providerSessionId }),
        amount: { amount: 4900, currency: 'EUR' },
      }),
    ]);
    // A delivery with one byte changed no longer verifies.
    const d = receiver.deliveries.at(-1)!;
    const tampered = Buffer.from(d.rawBody);
    tampered[tampered.length - 2] ^= 1;
    await expect(stripe.webhooks.verifyWebhook(tampered, d.headers)).rejects.toBeInstanceOf(WebhookVerificationError);
  });

  it('when a paid checkout is partly refunded, then the delivered refund events verify and normalize to RefundUpdated for our payment', async () => {
    const req = checkoutRequest();
    const session = await stripe.checkout.createCheckout(req);
    await pay(session.providerSessionId, '4242424242424242');
    const [succeeded] = await stripe.checkout.getPaymentState({ providerSessionId: session.providerSessionId });
    const refund = await stripe.refunds.refund({
      ref: succeeded.ref,
      amount: money(1200, 'EUR'),
      idempotencyKey: `refund:${req.paymentId}:1`,
    });
    await sandbox.idle();
    const updates = [];
    for (const d of receiver.deliveries) {
      for (const e of stripe.webhooks.normalize(await stripe.webhooks.verifyWebhook(d.rawBody, d.headers))) {
        if (e.kind === 'RefundUpdated' && e.providerRefundId === refund.providerRefundId) updates.push(e);
      }
    }
    expect(updates.length).toBeGreaterThanOrEqual(1);
    for (const u of updates) {
      expect(u).toMatchObject({
        amount: { amount: 1200, currency: 'EUR' },
        status: 'succeeded',
        ref: { providerPaymentId: succeeded.ref.providerPaymentId },
      });
    }
    expect(updates.some((u) => u.ref.paymentId === req.paymentId)).toBe(true);
  });

  it('when the session is unknown to Stripe, then getPaymentState fails with a not_found ProviderError, not an SDK error', async () => {
    await expect(stripe.checkout.getPaymentState({ providerSessionId: 'cs_test_doesnotexist' })).rejects.toMatchObject({
      kind: 'not_found',
      code: 'provider_resource_missing',
    });
  });
});
