import { startSandbox, type Sandbox } from '@lms/sandbox';
import Stripe from 'stripe';
import type {
  DomainEvent,
  PaymentRef,
  SubscriptionChanged,
  SubscriptionPaymentSucceeded,
  SubscriptionRef,
} from '../../../src/domain/events/domain-event';
import { money } from '../../../src/domain/money';
import {
  WebhookVerificationError,
  type CheckoutRequest,
  type ProviderSubscriptionRef,
  type SavedPaymentMethod,
  type SetupSessionRequest,
  type SubscriptionCheckoutRequest,
  type SubscriptionPlanPrice,
} from '../../../src/providers/payment-provider';
import { StripeAdapter } from '../../../src/providers/stripe/stripe.adapter';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';
import { STRIPE_BILLING_ADDRESS, checkoutRequest } from '../../support/checkout-request';
import { paymentRefOf } from '../../support/event-refs';

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

  /** POSTs a `/_sandbox` control (what Stripe's dashboard, test cards or the bank would do). */
  async function control(path: string, body: unknown = {}): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${base.origin}/_sandbox${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  /** The buyer pays on the hosted page: the card, the billing address our sessions require, anything else typed. */
  function pay(
    sessionId: string,
    card: string,
    typed: Record<string, unknown> = {},
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    return control(`/checkout/sessions/${sessionId}/pay`, { card, address: STRIPE_BILLING_ADDRESS, ...typed });
  }

  /** A checkout paid with `card`, and the ref getPaymentState gives for it (our payment id, session, intent). */
  async function paidCheckout(card = '4242424242424242'): Promise<{ req: CheckoutRequest; ref: PaymentRef }> {
    const req = checkoutRequest();
    const session = await stripe.checkout.createCheckout(req);
    expect((await pay(session.providerSessionId, card)).status).toBe(200);
    const [succeeded] = await stripe.checkout.getPaymentState({ providerSessionId: session.providerSessionId });
    expect(succeeded.kind).toBe('PaymentSucceeded');
    return { req, ref: succeeded.ref };
  }

  /**
   * Every delivery so far, verified and normalized as the webhook route does, that concerns the
   * given provider object id (a refund, dispute or charge's payment intent), in delivery order.
   */
  async function normalizedAbout(
    matches: (e: DomainEvent) => boolean,
  ): Promise<Array<{ type: string; events: DomainEvent[] }>> {
    await sandbox.idle();
    const out: Array<{ type: string; events: DomainEvent[] }> = [];
    for (const d of receiver.deliveries) {
      const event = await stripe.webhooks.verifyWebhook(d.rawBody, d.headers);
      const events = stripe.webhooks.normalize(event).filter(matches);
      if (events.length > 0) out.push({ type: event.type, events });
    }
    return out;
  }

  const refundIs = (providerRefundId: string) => (e: DomainEvent) =>
    e.kind === 'RefundUpdated' && e.providerRefundId === providerRefundId;
  const disputeIs = (providerDisputeId: string) => (e: DomainEvent) =>
    e.kind === 'DisputeUpdated' && e.providerDisputeId === providerDisputeId;

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
        // The sandbox's defaults for what the buyer did not type: the customer's email, a name.
        buyer: {
          name: 'Jenny Rosen',
          email: 'student@example.com',
          address: { line1: '1 Rue de la Paix', city: 'Paris', postalCode: '75002', country: 'FR' },
          taxIds: [],
        },
      },
    ]);
  });

  it('when a business buyer enters their billing address and VAT number, then the buyer comes back from the session and from its completed event, not from payment_intent.succeeded', async () => {
    const customer = await stripe.customers.ensureCustomer({
      id: `usr_${Date.now()}_vat`,
      email: 'finance@acme.example',
      name: 'Ada',
    });
    const req = checkoutRequest({
      customer: { email: 'finance@acme.example', name: 'Ada', providerCustomerId: customer },
    });
    const session = await stripe.checkout.createCheckout(req);
    const paid = await pay(session.providerSessionId, '4242424242424242', {
      name: 'ACME GmbH',
      address: {
        line1: 'Hauptstraße 1',
        line2: '3. OG',
        city: 'Berlin',
        postal_code: '10115',
        state: 'BE',
        country: 'DE',
      },
      tax_id: { type: 'eu_vat', value: 'DE123456789' },
    });
    expect(paid.status).toBe(200);
    const buyer = {
      name: 'ACME GmbH',
      email: 'finance@acme.example',
      address: {
        line1: 'Hauptstraße 1',
        line2: '3. OG',
        city: 'Berlin',
        postalCode: '10115',
        region: 'BE',
        country: 'DE',
      },
      taxIds: [{ type: 'eu_vat', value: 'DE123456789' }],
    };
    // Reconciliation: the fetched session.
    expect(await stripe.checkout.getPaymentState({ providerSessionId: session.providerSessionId })).toEqual([
      expect.objectContaining({ kind: 'PaymentSucceeded', buyer }),
    ]);
    // Webhooks: checkout.session.completed has it; the PaymentIntent's event cannot.
    const deliveries = await normalizedAbout(
      (e) => e.kind === 'PaymentSucceeded' && paymentRefOf(e).paymentId === req.paymentId,
    );
    const byType = new Map(deliveries.map((d) => [d.type, d.events[0]]));
    expect(byType.get('checkout.session.completed')).toMatchObject({ buyer });
    expect(byType.get('payment_intent.succeeded')).toBeDefined();
    expect(byType.get('payment_intent.succeeded')).not.toHaveProperty('buyer');
  });

  it('when the buyer leaves out the billing address, then the sandbox refuses the payment as Stripe Checkout would (we ask for it)', async () => {
    const session = await stripe.checkout.createCheckout(checkoutRequest());
    const refused = await control(`/checkout/sessions/${session.providerSessionId}/pay`, { card: '4242424242424242' });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ outcome: 'rejected', session: { billing_address_collection: 'required' } });
    expect(await stripe.checkout.getPaymentState({ providerSessionId: session.providerSessionId })).toEqual([]);
  });

  it('when a paid bank debit settles later, then async_payment_succeeded carries the buyer too', async () => {
    const req = checkoutRequest();
    const session = await stripe.checkout.createCheckout(req);
    expect((await pay(session.providerSessionId, '4242424242424242', { async: true })).status).toBe(200);
    expect(
      (await control(`/checkout/sessions/${session.providerSessionId}/settle`, { outcome: 'succeeded' })).status,
    ).toBe(200);
    const deliveries = await normalizedAbout((e) => paymentRefOf(e).providerSessionId === session.providerSessionId);
    const settled = deliveries.find((d) => d.type === 'checkout.session.async_payment_succeeded');
    expect(settled?.events).toEqual([
      expect.objectContaining({
        kind: 'PaymentSucceeded',
        buyer: expect.objectContaining({ address: expect.objectContaining({ city: 'Paris', country: 'FR' }) }),
      }),
    ]);
    expect(deliveries.find((d) => d.type === 'checkout.session.completed')?.events.map((e) => e.kind)).toEqual([
      'PaymentProcessing',
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

  it('when refunding part of a paid checkout twice, then each refund succeeds once, a replayed key returns the same refund, and too much is rejected', async () => {
    const { req, ref } = await paidCheckout();
    const request = {
      refundId: `rf_${req.paymentId}_1`,
      ref,
      amount: money(1000, 'EUR'),
      reason: 'requested_by_customer',
      idempotencyKey: `refund:${req.paymentId}:1`,
    };
    const first = await stripe.refunds.refund(request);
    const replay = await stripe.refunds.refund(request);
    expect(first).toEqual({
      kind: 'RefundUpdated',
      provider: 'stripe',
      occurredAt: expect.any(Date),
      ref,
      providerRefundId: expect.stringMatching(/^re_/),
      refundId: `rf_${req.paymentId}_1`,
      amount: { amount: 1000, currency: 'EUR' },
      status: 'succeeded',
    });
    expect({ ...replay, occurredAt: first.occurredAt }).toEqual(first);
    // Only the session id known: the adapter finds the payment intent itself.
    const second = await stripe.refunds.refund({
      refundId: `rf_${req.paymentId}_2`,
      ref: { providerSessionId: ref.providerSessionId, paymentId: req.paymentId },
      amount: money(500, 'EUR'),
      idempotencyKey: `refund:${req.paymentId}:2`,
    });
    expect(second.providerRefundId).not.toBe(first.providerRefundId);
    expect(paymentRefOf(second).providerPaymentId).toBe(ref.providerPaymentId);
    // More than what is left (4900 - 1500) is a definite refusal of the amount, not a crash.
    await expect(
      stripe.refunds.refund({
        refundId: `rf_${req.paymentId}_3`,
        ref,
        amount: money(4000, 'EUR'),
        idempotencyKey: `refund:${req.paymentId}:3`,
      }),
    ).rejects.toMatchObject({
      kind: 'rejected',
      code: 'refund_exceeds_refundable',
      message: expect.stringMatching(/greater than unrefunded/),
    });
    // The rest, then nothing is left: a conflict.
    await stripe.refunds.refund({
      refundId: `rf_${req.paymentId}_4`,
      ref,
      amount: money(3400, 'EUR'),
      idempotencyKey: `refund:${req.paymentId}:4`,
    });
    await expect(
      stripe.refunds.refund({
        refundId: `rf_${req.paymentId}_5`,
        ref,
        amount: money(100, 'EUR'),
        idempotencyKey: `refund:${req.paymentId}:5`,
      }),
    ).rejects.toMatchObject({ kind: 'conflict', code: 'already_refunded' });
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

  it('when a paid checkout is partly refunded, then refund.created normalizes to RefundUpdated with our ids and charge.refunded to RefundsChanged', async () => {
    const { req, ref } = await paidCheckout();
    const refund = await stripe.refunds.refund({
      refundId: `rf_${req.paymentId}`,
      ref,
      amount: money(1200, 'EUR'),
      idempotencyKey: `refund:${req.paymentId}:1`,
    });
    const updates = await normalizedAbout(refundIs(refund.providerRefundId));
    expect(updates.map((u) => u.type)).toEqual(['refund.created']);
    expect(updates[0].events).toEqual([
      {
        kind: 'RefundUpdated',
        provider: 'stripe',
        occurredAt: expect.any(Date),
        ref: { paymentId: req.paymentId, providerPaymentId: ref.providerPaymentId },
        providerRefundId: refund.providerRefundId,
        refundId: `rf_${req.paymentId}`,
        amount: { amount: 1200, currency: 'EUR' },
        status: 'succeeded',
      },
    ]);
    // charge.refunded no longer lists refunds (API 2022-11-15+): it only says "fetch them".
    const changed = await normalizedAbout(
      (e) => e.kind === 'RefundsChanged' && paymentRefOf(e).providerPaymentId === ref.providerPaymentId,
    );
    expect(changed).toEqual([
      {
        type: 'charge.refunded',
        events: [
          {
            kind: 'RefundsChanged',
            provider: 'stripe',
            occurredAt: expect.any(Date),
            ref: { paymentId: req.paymentId, providerPaymentId: ref.providerPaymentId },
          },
        ],
      },
    ]);
  });

  it('when a refund is made in the dashboard, then listRefunds returns it (no refundId) next to ours, and its event links by payment intent', async () => {
    const { req, ref } = await paidCheckout();
    const ours = await stripe.refunds.refund({
      refundId: `rf_${req.paymentId}`,
      ref,
      amount: money(900, 'EUR'),
      idempotencyKey: `refund:${req.paymentId}:1`,
    });
    const dashboard = await control('/refunds', { payment_intent: ref.providerPaymentId, amount: 1000 });
    expect(dashboard.status).toBe(200);
    const listed = await stripe.refunds.listRefunds({
      paymentId: req.paymentId,
      providerSessionId: ref.providerSessionId,
    });
    expect(listed.map((r) => [r.providerRefundId, r.refundId, r.amount.amount, r.status])).toEqual([
      [dashboard.body.id, undefined, 1000, 'succeeded'],
      [ours.providerRefundId, `rf_${req.paymentId}`, 900, 'succeeded'],
    ]);
    for (const r of listed)
      expect(r.ref).toMatchObject({ paymentId: req.paymentId, providerPaymentId: ref.providerPaymentId });
    const [created] = await normalizedAbout(refundIs(dashboard.body.id as string));
    expect(created.events[0]).toMatchObject({ ref: { providerPaymentId: ref.providerPaymentId }, status: 'succeeded' });
    expect(created.events[0]).not.toHaveProperty('refundId');
  });

  it('when the card is 7726, then the refund answers pending, getRefund stays pending until settled, then says succeeded as refund.updated does', async () => {
    const { req, ref } = await paidCheckout('4000000000007726');
    const refund = await stripe.refunds.refund({
      refundId: `rf_${req.paymentId}`,
      ref,
      amount: money(4900, 'EUR'),
      idempotencyKey: `refund:${req.paymentId}:1`,
    });
    expect(refund.status).toBe('pending');
    await expect(stripe.refunds.getRefund(refund.providerRefundId, ref)).resolves.toMatchObject({
      status: 'pending',
      refundId: `rf_${req.paymentId}`,
    });
    expect((await control(`/refunds/${refund.providerRefundId}/settle`, { outcome: 'succeeded' })).status).toBe(200);
    await expect(stripe.refunds.getRefund(refund.providerRefundId, ref)).resolves.toMatchObject({
      providerRefundId: refund.providerRefundId,
      status: 'succeeded',
      ref: { paymentId: req.paymentId, providerPaymentId: ref.providerPaymentId },
    });
    const updates = await normalizedAbout(refundIs(refund.providerRefundId));
    expect(updates.map((u) => [u.type, (u.events[0] as { status: string }).status])).toEqual([
      ['refund.created', 'pending'],
      ['refund.updated', 'succeeded'],
      ['charge.refund.updated', 'succeeded'],
    ]);
  });

  it('when the card is 5126, then the refund succeeds, later fails, and refund.failed normalizes to failed with the reason and our refund id', async () => {
    const { req, ref } = await paidCheckout('4000000000005126');
    const refund = await stripe.refunds.refund({
      refundId: `rf_${req.paymentId}`,
      ref,
      amount: money(2000, 'EUR'),
      idempotencyKey: `refund:${req.paymentId}:1`,
    });
    expect(refund.status).toBe('succeeded');
    expect((await control(`/refunds/${refund.providerRefundId}/fail`)).status).toBe(200);
    const updates = await normalizedAbout(refundIs(refund.providerRefundId));
    expect(updates.map((u) => u.type)).toEqual([
      'refund.created',
      'refund.updated',
      'charge.refund.updated',
      'refund.failed',
    ]);
    expect(updates.at(-1)?.events).toEqual([
      {
        kind: 'RefundUpdated',
        provider: 'stripe',
        occurredAt: expect.any(Date),
        ref: { paymentId: req.paymentId, providerPaymentId: ref.providerPaymentId },
        providerRefundId: refund.providerRefundId,
        refundId: `rf_${req.paymentId}`,
        amount: { amount: 2000, currency: 'EUR' },
        status: 'failed',
        failureReason: 'expired_or_canceled_card',
      },
    ]);
    await expect(stripe.refunds.getRefund(refund.providerRefundId, ref)).resolves.toMatchObject({ status: 'failed' });
    // The failed amount is refundable again.
    await expect(
      stripe.refunds.refund({
        refundId: `rf_${req.paymentId}_2`,
        ref,
        amount: money(4900, 'EUR'),
        idempotencyKey: `refund:${req.paymentId}:2`,
      }),
    ).resolves.toMatchObject({ status: 'succeeded' });
  });

  it('when the card is 1976, then the inquiry normalizes to DisputeUpdated inquiry with no funds moved, and getDispute agrees with our payment id', async () => {
    const { req, ref } = await paidCheckout('4000000000001976');
    const deliveries = await normalizedAbout(
      (e) => e.kind === 'DisputeUpdated' && paymentRefOf(e).providerPaymentId === ref.providerPaymentId,
    );
    expect(deliveries.map((d) => d.type)).toEqual(['charge.dispute.created']);
    const inquiry = deliveries[0].events[0];
    expect(inquiry).toEqual({
      kind: 'DisputeUpdated',
      provider: 'stripe',
      occurredAt: expect.any(Date),
      ref: { providerPaymentId: ref.providerPaymentId },
      providerDisputeId: expect.stringMatching(/^dp_/),
      amount: { amount: 4900, currency: 'EUR' },
      reason: 'general',
      status: 'inquiry',
    });
    const id = (inquiry as { providerDisputeId: string }).providerDisputeId;
    await expect(stripe.disputes.getDispute(id)).resolves.toMatchObject({
      status: 'inquiry',
      ref: { paymentId: req.paymentId, providerPaymentId: ref.providerPaymentId },
    });
    // An inquiry still allows refunds.
    await expect(
      stripe.refunds.refund({
        refundId: `rf_${req.paymentId}`,
        ref,
        amount: money(100, 'EUR'),
        idempotencyKey: `refund:${req.paymentId}:1`,
      }),
    ).resolves.toMatchObject({ status: 'succeeded' });
    expect((await control(`/disputes/${id}/close`, { outcome: 'warning_closed' })).status).toBe(200);
    expect((await normalizedAbout(disputeIs(id))).map((d) => (d.events[0] as { status: string }).status)).toEqual([
      'inquiry',
      'inquiry_closed',
    ]);
  });

  it('when the card is 0259, then the chargeback opens, its funds are withdrawn, refunds are refused, and winning reinstates them', async () => {
    const { req, ref } = await paidCheckout('4000000000000259');
    const [created] = await normalizedAbout(
      (e) => e.kind === 'DisputeUpdated' && paymentRefOf(e).providerPaymentId === ref.providerPaymentId,
    );
    const id = (created.events[0] as { providerDisputeId: string }).providerDisputeId;
    await expect(
      stripe.refunds.refund({
        refundId: `rf_${req.paymentId}`,
        ref,
        amount: money(100, 'EUR'),
        idempotencyKey: `refund:${req.paymentId}:1`,
      }),
    ).rejects.toMatchObject({ kind: 'conflict', code: 'charge_disputed' });
    expect((await control(`/disputes/${id}/under_review`)).status).toBe(200);
    expect((await control(`/disputes/${id}/close`, { outcome: 'won' })).status).toBe(200);
    const states = (await normalizedAbout(disputeIs(id))).map((d) => {
      const e = d.events[0] as { status: string; fundsWithdrawn?: boolean; reason: string };
      return [d.type, e.status, e.fundsWithdrawn];
    });
    expect(states).toEqual([
      ['charge.dispute.created', 'needs_response', undefined],
      ['charge.dispute.funds_withdrawn', 'needs_response', true],
      ['charge.dispute.updated', 'under_review', true],
      ['charge.dispute.closed', 'won', false],
      ['charge.dispute.funds_reinstated', 'won', false],
    ]);
    expect(created.events[0]).toMatchObject({ reason: 'fraudulent', amount: { amount: 4900, currency: 'EUR' } });
    await expect(stripe.disputes.getDispute(id)).resolves.toMatchObject({
      status: 'won',
      fundsWithdrawn: false,
      ref: { paymentId: req.paymentId },
    });
  });

  it('when a chargeback is lost, then it normalizes to lost with the funds still withdrawn; prevented is lost too', async () => {
    for (const outcome of ['lost', 'prevented']) {
      const { ref } = await paidCheckout();
      const opened = await control('/disputes', {
        payment_intent: ref.providerPaymentId,
        reason: 'product_not_received',
      });
      expect(opened.status).toBe(200);
      const id = opened.body.id as string;
      expect((await control(`/disputes/${id}/close`, { outcome })).status).toBe(200);
      const last = (await normalizedAbout(disputeIs(id))).at(-1);
      expect(last?.type).toBe('charge.dispute.closed');
      expect(last?.events[0]).toMatchObject({ status: 'lost', fundsWithdrawn: true, reason: 'product_not_received' });
      await expect(stripe.disputes.getDispute(id)).resolves.toMatchObject({ status: 'lost', fundsWithdrawn: true });
    }
  });

  it('when the dispute is unknown to Stripe, then getDispute fails with not_found', async () => {
    await expect(stripe.disputes.getDispute('dp_doesnotexist')).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('when an open checkout is expired, then it is expired (also when asked again) and the session can no longer be paid', async () => {
    const req = checkoutRequest();
    const session = await stripe.checkout.createCheckout(req);
    const ref = { paymentId: req.paymentId, providerSessionId: session.providerSessionId };
    await expect(stripe.checkout.expireCheckout(ref)).resolves.toBe('expired');
    await expect(stripe.checkout.expireCheckout(ref)).resolves.toBe('expired');
    expect(await stripe.checkout.getPaymentState(ref)).toEqual([
      expect.objectContaining({ kind: 'PaymentCanceled', reason: 'expired' }),
    ]);
    expect((await pay(session.providerSessionId, '4242424242424242')).status).toBe(400);
  });

  it('when the checkout was already paid, then expireCheckout says already_paid and the payment stands', async () => {
    const { ref } = await paidCheckout();
    await expect(stripe.checkout.expireCheckout(ref)).resolves.toBe('already_paid');
    expect((await stripe.checkout.getPaymentState(ref)).map((e) => e.kind)).toEqual(['PaymentSucceeded']);
  });

  it('when the session is unknown to Stripe, then getPaymentState fails with a not_found ProviderError, not an SDK error', async () => {
    await expect(stripe.checkout.getPaymentState({ providerSessionId: 'cs_test_doesnotexist' })).rejects.toMatchObject({
      kind: 'not_found',
      code: 'provider_resource_missing',
    });
  });
});

/** Subscriptions: the real Stripe SDK, through our adapter, against its own sandbox (its deliveries are only these). */
describe('Stripe subscriptions against the sandbox', () => {
  let sandbox: Sandbox;
  let receiver: WebhookReceiver;
  let stripe: StripeAdapter;
  let base: URL;
  let counter = 0;

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

  async function control(path: string, body: unknown = {}): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${base.origin}/_sandbox${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  function planPrice(overrides: Partial<SubscriptionPlanPrice> = {}): SubscriptionPlanPrice {
    counter += 1;
    return {
      planPriceId: `pp_it_${Date.now()}_${counter}`,
      planName: 'All access',
      interval: 'month',
      amount: money(1900, 'EUR'),
      trialDays: 0,
      ...overrides,
    };
  }

  /** A subscription checkout for a fresh subscription of ours and a Stripe customer of the student's. */
  async function subscriptionRequest(): Promise<SubscriptionCheckoutRequest> {
    const price = planPrice();
    const providerPriceId = await stripe.subscriptions.createPlanPrice(price);
    const subscriptionId = `subs_it_${Date.now()}_${counter}`;
    const customer = await stripe.customers.ensureCustomer({
      id: `usr_${subscriptionId}`,
      email: 'student@example.com',
      name: 'Student',
    });
    return {
      subscriptionId,
      userId: `usr_${subscriptionId}`,
      price,
      providerPriceId,
      customer: { email: 'student@example.com', name: 'Student', providerCustomerId: customer },
      returnUrl: `http://localhost:3000/subscriptions/return?subscriptionId=${subscriptionId}`,
      cancelUrl: 'http://localhost:3000/plans',
      idempotencyKey: `subscription-checkout:${subscriptionId}`,
    };
  }

  /** A subscription checked out and paid with 4242; its Stripe id from the delivered events. */
  async function paidSubscription(): Promise<{ req: SubscriptionCheckoutRequest; ref: ProviderSubscriptionRef }> {
    const req = await subscriptionRequest();
    const session = await stripe.subscriptions.createSubscriptionCheckout(req);
    const paid = await control(`/checkout/sessions/${session.providerSessionId}/pay`, {
      card: '4242424242424242',
      address: STRIPE_BILLING_ADDRESS,
    });
    expect(paid.status).toBe(200);
    const [changed] = (await deliveredAbout(req.subscriptionId)).flatMap((d) => d.events);
    const providerSubscriptionId = (changed.ref as SubscriptionRef).providerSubscriptionId;
    expect(providerSubscriptionId).toMatch(/^sub_/);
    return { req, ref: { subscriptionId: req.subscriptionId, providerSubscriptionId: providerSubscriptionId! } };
  }

  /**
   * Every delivery so far, verified and normalized as the webhook route does, with the events about
   * our subscription (by our id) and anything that claims to be a payment of that id.
   */
  async function deliveredAbout(subscriptionId: string): Promise<Array<{ type: string; events: DomainEvent[] }>> {
    await sandbox.idle();
    const out: Array<{ type: string; events: DomainEvent[] }> = [];
    for (const d of receiver.deliveries) {
      const event = await stripe.webhooks.verifyWebhook(d.rawBody, d.headers);
      const events = stripe.webhooks
        .normalize(event)
        .filter((e) =>
          e.kind.startsWith('Subscription')
            ? (e.ref as SubscriptionRef).subscriptionId === subscriptionId
            : (e.ref as PaymentRef).paymentId === subscriptionId,
        );
      if (events.length > 0) out.push({ type: event.type, events });
    }
    return out;
  }

  it('when creating the same plan price twice, then Stripe answers the same recurring price (keys derived from our plan price id)', async () => {
    const price = planPrice();
    const first = await stripe.subscriptions.createPlanPrice(price);
    const second = await stripe.subscriptions.createPlanPrice(price);
    expect(first).toMatch(/^price_/);
    expect(second).toBe(first);
    expect(await stripe.subscriptions.createPlanPrice(planPrice())).not.toBe(first);
  });

  it('when the subscription checkout is paid, then its webhooks normalize to the subscription incomplete, its first cycle paid, then active, and no payment of the session', async () => {
    const req = await subscriptionRequest();
    const session = await stripe.subscriptions.createSubscriptionCheckout(req);
    expect(session.providerSessionId).toMatch(/^cs_test_/);
    expect(session.checkoutUrl).toMatch(new RegExp(`^http://localhost:${sandbox.stripe.port}/`));
    expect(await stripe.subscriptions.createSubscriptionCheckout(req)).toEqual(session);
    const paid = await control(`/checkout/sessions/${session.providerSessionId}/pay`, {
      card: '4242424242424242',
      address: STRIPE_BILLING_ADDRESS,
    });
    expect(paid.status).toBe(200);

    const delivered = await deliveredAbout(req.subscriptionId);
    expect(delivered.map((d) => [d.type, d.events.map((e) => e.kind)])).toEqual([
      ['customer.subscription.created', ['SubscriptionChanged']],
      ['invoice.paid', ['SubscriptionPaymentSucceeded']],
      ['customer.subscription.updated', ['SubscriptionChanged']],
    ]);
    const [created, cycle, activated] = delivered.map((d) => d.events[0]);
    const providerSubscriptionId = (created.ref as SubscriptionRef).providerSubscriptionId;
    expect(created).toMatchObject({
      status: 'incomplete',
      ref: { subscriptionId: req.subscriptionId, providerSubscriptionId: expect.stringMatching(/^sub_/) },
    });
    expect(activated).toMatchObject({
      status: 'active',
      cancelAtPeriodEnd: false,
      currentPeriodStart: expect.any(Date),
      currentPeriodEnd: expect.any(Date),
    });
    const { currentPeriodStart, currentPeriodEnd } = activated as SubscriptionChanged;
    expect(currentPeriodEnd!.getTime() - currentPeriodStart!.getTime()).toBeGreaterThanOrEqual(28 * 86400_000);
    expect(cycle).toEqual({
      kind: 'SubscriptionPaymentSucceeded',
      provider: 'stripe',
      occurredAt: expect.any(Date),
      ref: { subscriptionId: req.subscriptionId, providerSubscriptionId },
      providerInvoiceId: expect.stringMatching(/^in_/),
      amount: { amount: 1900, currency: 'EUR' },
      // The line's period is the one paid for: the subscription's current period.
      periodStart: currentPeriodStart,
      periodEnd: currentPeriodEnd,
      buyer: expect.objectContaining({ email: 'student@example.com' }),
    });
    // checkout.session.completed (and invoice.payment_succeeded) were delivered but mean nothing more.
    await sandbox.idle();
    const types = [];
    for (const d of receiver.deliveries) types.push((await stripe.webhooks.verifyWebhook(d.rawBody, d.headers)).type);
    expect(types).toEqual(expect.arrayContaining(['checkout.session.completed', 'invoice.payment_succeeded']));
  });

  it('when getting the paid subscription, then it is active and its latest invoice is the paid cycle with its PaymentIntent', async () => {
    const { req, ref } = await paidSubscription();
    const events = await stripe.subscriptions.getSubscription(ref);
    expect(events).toEqual([
      expect.objectContaining({ kind: 'SubscriptionChanged', status: 'active', ref }),
      expect.objectContaining({
        kind: 'SubscriptionPaymentSucceeded',
        ref,
        providerInvoiceId: expect.stringMatching(/^in_/),
        providerPaymentId: expect.stringMatching(/^pi_/),
        amount: { amount: 1900, currency: 'EUR' },
      }),
    ]);
    // The same cycle as invoice.paid delivered: they meet on the invoice id.
    const delivered = (await deliveredAbout(req.subscriptionId)).find((d) => d.type === 'invoice.paid');
    expect((delivered?.events[0] as SubscriptionPaymentSucceeded).providerInvoiceId).toBe(
      (events[1] as SubscriptionPaymentSucceeded).providerInvoiceId,
    );
  });

  it('when canceling at period end, resuming, then canceling now, then each answer says so, and canceling again is harmless', async () => {
    const { req, ref } = await paidSubscription();
    const [atEnd] = await stripe.subscriptions.cancelSubscription(ref, {
      atPeriodEnd: true,
      idempotencyKey: `subscription-cancel:${req.subscriptionId}:1`,
    });
    expect(atEnd).toMatchObject({ kind: 'SubscriptionChanged', status: 'active', cancelAtPeriodEnd: true, ref });
    const [resumed] = await stripe.subscriptions.resumeSubscription(ref, `subscription-resume:${req.subscriptionId}:1`);
    expect(resumed).toMatchObject({ status: 'active', cancelAtPeriodEnd: false });
    const [now] = await stripe.subscriptions.cancelSubscription(ref, {
      atPeriodEnd: false,
      idempotencyKey: `subscription-cancel:${req.subscriptionId}:2`,
    });
    expect(now).toMatchObject({ status: 'canceled', canceledAt: expect.any(Date) });
    // Stripe refuses to cancel a canceled subscription; the adapter reads it back.
    await expect(
      stripe.subscriptions.cancelSubscription(ref, {
        atPeriodEnd: false,
        idempotencyKey: `subscription-cancel:${req.subscriptionId}:3`,
      }),
    ).resolves.toEqual([expect.objectContaining({ status: 'canceled' })]);
    await expect(
      stripe.subscriptions.resumeSubscription(ref, `subscription-resume:${req.subscriptionId}:2`),
    ).rejects.toMatchObject({ kind: 'conflict', code: 'subscription_ended' });
    const types = (await deliveredAbout(req.subscriptionId)).map((d) => [
      d.type,
      (d.events[0] as SubscriptionChanged).status,
      (d.events[0] as SubscriptionChanged).cancelAtPeriodEnd,
    ]);
    expect(types.slice(-3)).toEqual([
      ['customer.subscription.updated', 'active', true],
      ['customer.subscription.updated', 'active', false],
      ['customer.subscription.deleted', 'canceled', false],
    ]);
  });

  it('when a renewal is declined, then invoice.payment_failed is SubscriptionPaymentFailed with the invoice page and next attempt, and the subscription past_due', async () => {
    const { req, ref } = await paidSubscription();
    expect((await control(`/subscriptions/${ref.providerSubscriptionId}/fail_next_payment`)).status).toBe(200);
    expect((await control(`/subscriptions/${ref.providerSubscriptionId}/renew`)).status).toBe(200);
    const delivered = await deliveredAbout(req.subscriptionId);
    const failed = delivered.find((d) => d.type === 'invoice.payment_failed')?.events[0];
    expect(failed).toEqual({
      kind: 'SubscriptionPaymentFailed',
      provider: 'stripe',
      occurredAt: expect.any(Date),
      ref,
      providerInvoiceId: expect.stringMatching(/^in_/),
      amount: { amount: 1900, currency: 'EUR' },
      failureCode: 'payment_failed',
      failureReason: expect.any(String),
      actionUrl: expect.stringMatching(/^https:\/\/invoice\.stripe\.com\//),
      nextAttemptAt: expect.any(Date),
    });
    expect(delivered.at(-1)?.events[0]).toMatchObject({ kind: 'SubscriptionChanged', status: 'past_due' });
    expect((await stripe.subscriptions.getSubscription(ref)).map((e) => e.kind)).toEqual([
      'SubscriptionChanged',
      'SubscriptionPaymentFailed',
    ]);
  });

  it('when the subscription checkout expires unpaid, then checkout.session.expired is SubscriptionChanged expired for our subscription', async () => {
    const req = await subscriptionRequest();
    const session = await stripe.subscriptions.createSubscriptionCheckout(req);
    expect((await control(`/checkout/sessions/${session.providerSessionId}/expire`)).status).toBe(200);
    expect(await deliveredAbout(req.subscriptionId)).toEqual([
      {
        type: 'checkout.session.expired',
        events: [
          {
            kind: 'SubscriptionChanged',
            provider: 'stripe',
            occurredAt: expect.any(Date),
            ref: { subscriptionId: req.subscriptionId },
            status: 'expired',
          },
        ],
      },
    ]);
  });
});

describe('Stripe saved payment methods against the sandbox', () => {
  let sandbox: Sandbox;
  let receiver: WebhookReceiver;
  let stripe: StripeAdapter;
  /** The plain SDK, to look at what the adapter does not read back (the charged card, a subscription's default). */
  let sdk: Stripe;
  let base: URL;
  let counter = 0;

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
    sdk = new Stripe(sandbox.stripe.secretKey, { host: '127.0.0.1', port: base.port, protocol: 'http' });
  });
  afterAll(async () => {
    await sandbox?.close();
    await receiver?.close();
  });

  async function control(path: string, body: unknown = {}): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${base.origin}/_sandbox${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  /** A student with a Stripe customer, and a setup request for them (as the payment-method service builds it). */
  async function student(): Promise<{ customer: string; setup: () => SetupSessionRequest }> {
    counter += 1;
    const userId = `usr_pm_${Date.now()}_${counter}`;
    const customer = await stripe.customers.ensureCustomer({ id: userId, email: 'saver@example.com', name: 'Sam' });
    let setups = 0;
    return {
      customer,
      setup: () => {
        setups += 1;
        const setupId = `setup_${userId}_${setups}`;
        return {
          setupId,
          userId,
          customer: { email: 'saver@example.com', name: 'Sam', providerCustomerId: customer },
          returnUrl: `http://localhost:3000/account/payment-methods/return?setupId=${setupId}&provider=stripe`,
          cancelUrl: 'http://localhost:3000/account/payment-methods',
          idempotencyKey: `payment-method-setup:${setupId}`,
          startedAt: new Date(),
        };
      },
    };
  }

  /** A card saved through the adapter's setup, paid on the sandbox page with `card`. */
  async function savedCard(setup: SetupSessionRequest, card = '4242424242424242'): Promise<SavedPaymentMethod> {
    const session = await stripe.paymentMethods.createSetupSession(setup);
    const paid = await control(`/checkout/sessions/${session.providerSetupId}/pay`, { card });
    expect(paid.body.outcome).toBe('succeeded');
    const outcome = await stripe.paymentMethods.completeSetup(session.providerSetupId, {
      idempotencyKey: setup.idempotencyKey,
    });
    if (outcome.kind !== 'saved') throw new Error(`setup not saved: ${outcome.kind}`);
    return outcome.method;
  }

  /** Every delivery so far, verified and normalized, whose events concern saved methods of `customer`. */
  async function methodEventsOf(
    customer: string,
    pmIds: string[] = [],
  ): Promise<Array<{ type: string; events: DomainEvent[] }>> {
    await sandbox.idle();
    const out: Array<{ type: string; events: DomainEvent[] }> = [];
    for (const d of receiver.deliveries) {
      const event = await stripe.webhooks.verifyWebhook(d.rawBody, d.headers);
      const events = stripe.webhooks
        .normalize(event)
        .filter(
          (e) =>
            (e.kind === 'PaymentMethodAttached' ||
              e.kind === 'PaymentMethodSaved' ||
              e.kind === 'DefaultPaymentMethodChanged' ||
              e.kind === 'PaymentMethodDetached') &&
            (e.ref?.providerCustomerId === customer ||
              (e.kind === 'PaymentMethodDetached' && pmIds.includes(e.providerPaymentMethodId))),
        );
      if (events.length > 0) out.push({ type: event.type, events });
    }
    return out;
  }

  it('when a setup is created, paid on the sandbox page and completed, then the card is saved on the customer and its webhooks say so', async () => {
    const { customer, setup } = await student();
    const req = setup();
    const session = await stripe.paymentMethods.createSetupSession(req);
    expect(session.providerSetupId).toMatch(/^cs_test_/);
    expect(session.setupUrl).toBe(`http://localhost:${sandbox.stripe.port}/c/pay/${session.providerSetupId}`);
    expect(session.expiresAt!.getTime()).toBeGreaterThan(Date.now());
    // Replaying the create with the same key gives the same session.
    expect(await stripe.paymentMethods.createSetupSession(req)).toEqual(session);
    expect(await stripe.paymentMethods.completeSetup(session.providerSetupId, { idempotencyKey: 'k' })).toEqual({
      kind: 'not_completed',
    });

    expect(
      (await control(`/checkout/sessions/${session.providerSetupId}/pay`, { card: '5555555555554444' })).status,
    ).toBe(200);
    const outcome = await stripe.paymentMethods.completeSetup(session.providerSetupId, {
      idempotencyKey: req.idempotencyKey,
    });
    const method = {
      providerPaymentMethodId: expect.stringMatching(/^pm_/),
      type: 'card',
      brand: 'mastercard',
      last4: '4444',
      expMonth: 12,
      expYear: new Date().getUTCFullYear() + 3,
    };
    expect(outcome).toEqual({
      kind: 'saved',
      method: { ...method, providerCustomerId: customer },
      events: [
        {
          kind: 'PaymentMethodAttached',
          provider: 'stripe',
          occurredAt: expect.any(Date),
          ref: { providerCustomerId: customer },
          method,
        },
      ],
    });
    const pmId = (outcome as { method: SavedPaymentMethod }).method.providerPaymentMethodId;
    // The setup's metadata points back at our setup.
    const raw = await sdk.checkout.sessions.retrieve(session.providerSetupId, { expand: ['setup_intent'] });
    expect(raw.metadata).toEqual({ setup_id: req.setupId, user_id: req.userId });
    expect((raw.setup_intent as Stripe.SetupIntent).metadata).toEqual({ setup_id: req.setupId, user_id: req.userId });

    // Webhooks: the card attached, the SetupIntent naming it; the completed setup session is no payment.
    expect(await methodEventsOf(customer)).toEqual([
      { type: 'payment_method.attached', events: [expect.objectContaining({ kind: 'PaymentMethodAttached', method })] },
      {
        type: 'setup_intent.succeeded',
        events: [expect.objectContaining({ kind: 'PaymentMethodSaved', providerPaymentMethodId: pmId })],
      },
    ]);
    const completed = [];
    for (const d of receiver.deliveries) {
      const event = await stripe.webhooks.verifyWebhook(d.rawBody, d.headers);
      const object = (event.payload.data as { object: { id: string } }).object;
      if (event.type === 'checkout.session.completed' && object.id === session.providerSetupId) {
        completed.push(stripe.webhooks.normalize(event));
      }
    }
    expect(completed).toEqual([[]]);
  });

  it('when a setup is asked for a student without a Stripe customer, then it is refused', async () => {
    const { setup } = await student();
    const req = setup();
    await expect(
      stripe.paymentMethods.createSetupSession({ ...req, customer: { email: 'saver@example.com', name: 'Sam' } }),
    ).rejects.toMatchObject({ kind: 'invalid_request' });
  });

  it('when a setup expires unpaid, then completing it says expired', async () => {
    const { setup } = await student();
    const session = await stripe.paymentMethods.createSetupSession(setup());
    expect((await control(`/checkout/sessions/${session.providerSetupId}/expire`)).status).toBe(200);
    expect(await stripe.paymentMethods.completeSetup(session.providerSetupId, { idempotencyKey: 'k' })).toEqual({
      kind: 'expired',
    });
  });

  it('when listing and choosing a default, then the cards come back with the invoice default, and customer.updated says which', async () => {
    const { customer, setup } = await student();
    const first = await savedCard(setup());
    const second = await savedCard(setup(), '378282246310005');
    expect(await stripe.paymentMethods.listPaymentMethods(customer)).toEqual({
      methods: [second, first],
      defaultPaymentMethodId: null,
    });
    await stripe.paymentMethods.setDefaultPaymentMethod(
      customer,
      first.providerPaymentMethodId,
      `default:${customer}:1`,
    );
    expect((await stripe.paymentMethods.listPaymentMethods(customer)).defaultPaymentMethodId).toBe(
      first.providerPaymentMethodId,
    );
    expect(await stripe.paymentMethods.getPaymentMethod(second.providerPaymentMethodId)).toEqual(second);
    const changed = (await methodEventsOf(customer)).filter((d) => d.type === 'customer.updated');
    expect(changed).toEqual([
      {
        type: 'customer.updated',
        events: [
          {
            kind: 'DefaultPaymentMethodChanged',
            provider: 'stripe',
            occurredAt: expect.any(Date),
            ref: { providerCustomerId: customer },
            providerPaymentMethodId: first.providerPaymentMethodId,
          },
        ],
      },
    ]);
    // A card that is not the customer's cannot be its default.
    const other = await student();
    const theirs = await savedCard(other.setup());
    await expect(
      stripe.paymentMethods.setDefaultPaymentMethod(customer, theirs.providerPaymentMethodId, `default:${customer}:2`),
    ).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('when a card is detached twice, then the first detaches, the second (another key) is already_gone, and the same key replays detached', async () => {
    const { customer, setup } = await student();
    const card = await savedCard(setup());
    const pm = card.providerPaymentMethodId;
    await stripe.paymentMethods.setDefaultPaymentMethod(customer, pm, `default:${pm}`);
    expect(await stripe.paymentMethods.detachPaymentMethod(pm, `detach:${pm}`)).toBe('detached');
    expect(await stripe.paymentMethods.detachPaymentMethod(pm, `detach:${pm}:again`)).toBe('already_gone');
    expect(await stripe.paymentMethods.detachPaymentMethod(pm, `detach:${pm}`)).toBe('detached');
    expect(await stripe.paymentMethods.detachPaymentMethod('pm_never_existed', 'detach:none')).toBe('already_gone');
    expect(await stripe.paymentMethods.getPaymentMethod(pm)).toBeNull();
    expect(await stripe.paymentMethods.getPaymentMethod('pm_never_existed')).toBeNull();
    // Stripe clears the default without telling: only the list shows it.
    expect(await stripe.paymentMethods.listPaymentMethods(customer)).toEqual({
      methods: [],
      defaultPaymentMethodId: null,
    });
    const detached = (await methodEventsOf(customer, [pm])).filter((d) => d.type === 'payment_method.detached');
    expect(detached).toEqual([
      {
        type: 'payment_method.detached',
        events: [
          {
            kind: 'PaymentMethodDetached',
            provider: 'stripe',
            occurredAt: expect.any(Date),
            ref: { providerCustomerId: customer },
            providerPaymentMethodId: pm,
          },
        ],
      },
    ]);
  });

  it('when Stripe loses a card without a webhook, then getPaymentMethod and the list no longer have it', async () => {
    const { customer, setup } = await student();
    const kept = await savedCard(setup());
    const lost = await savedCard(setup(), '5555555555554444');
    expect((await control(`/payment_methods/${lost.providerPaymentMethodId}/detach_silently`)).status).toBe(200);
    expect(await stripe.paymentMethods.getPaymentMethod(lost.providerPaymentMethodId)).toBeNull();
    expect((await stripe.paymentMethods.listPaymentMethods(customer)).methods).toEqual([kept]);
    expect(
      (await methodEventsOf(customer, [lost.providerPaymentMethodId])).filter(
        (d) => d.type === 'payment_method.detached',
      ),
    ).toEqual([]);
  });

  it('when the card updater changes a saved card, then its webhooks are the card with its new expiry', async () => {
    const { customer, setup } = await student();
    const card = await savedCard(setup());
    const year = new Date().getUTCFullYear() + 5;
    expect(
      (await control(`/payment_methods/${card.providerPaymentMethodId}/update_card`, { exp_month: 3, exp_year: year }))
        .status,
    ).toBe(200);
    const updates = (await methodEventsOf(customer)).filter(
      (d) => d.type.startsWith('payment_method.') && d.type !== 'payment_method.attached',
    );
    expect(updates.map((d) => d.type)).toEqual(['payment_method.updated', 'payment_method.automatically_updated']);
    for (const d of updates)
      expect(d.events[0]).toMatchObject({ kind: 'PaymentMethodAttached', method: { expMonth: 3, expYear: year } });
    expect(await stripe.paymentMethods.getPaymentMethod(card.providerPaymentMethodId)).toMatchObject({
      expMonth: 3,
      expYear: year,
    });
  });

  it('when a subscription’s card is changed to a saved one, then it is the subscription default and renewals charge it', async () => {
    const { customer, setup } = await student();
    const price: SubscriptionPlanPrice = {
      planPriceId: `pp_pm_${Date.now()}_${counter}`,
      planName: 'All access',
      interval: 'month',
      amount: money(1900, 'EUR'),
      trialDays: 0,
    };
    const providerPriceId = await stripe.subscriptions.createPlanPrice(price);
    const subscriptionId = `subs_pm_${Date.now()}_${counter}`;
    const checkout = await stripe.subscriptions.createSubscriptionCheckout({
      subscriptionId,
      userId: `usr_${subscriptionId}`,
      price,
      providerPriceId,
      customer: { email: 'saver@example.com', name: 'Sam', providerCustomerId: customer },
      returnUrl: `http://localhost:3000/subscriptions/return?subscriptionId=${subscriptionId}`,
      cancelUrl: 'http://localhost:3000/plans',
      idempotencyKey: `subscription-checkout:${subscriptionId}`,
    });
    expect(
      (
        await control(`/checkout/sessions/${checkout.providerSessionId}/pay`, {
          card: '4242424242424242',
          address: STRIPE_BILLING_ADDRESS,
        })
      ).status,
    ).toBe(200);
    const sub = (await sdk.checkout.sessions.retrieve(checkout.providerSessionId)).subscription as string;
    const card = await savedCard(setup(), '5555555555554444');
    await stripe.paymentMethods.setSubscriptionPaymentMethod(sub, card.providerPaymentMethodId, `sub-method:${sub}`);
    expect((await sdk.subscriptions.retrieve(sub)).default_payment_method).toBe(card.providerPaymentMethodId);
    const renewed = await control(`/subscriptions/${sub}/advance`);
    const invoice = (renewed.body.invoice as { id: string }).id;
    const [payment] = (await sdk.invoicePayments.list({ invoice })).data;
    const intent = await sdk.paymentIntents.retrieve(payment.payment.payment_intent as string);
    expect(intent.payment_method).toBe(card.providerPaymentMethodId);
    // Another student's card is refused by Stripe.
    const other = await student();
    const theirs = await savedCard(other.setup());
    await expect(
      stripe.paymentMethods.setSubscriptionPaymentMethod(sub, theirs.providerPaymentMethodId, `sub-method:${sub}:2`),
    ).rejects.toMatchObject({ kind: 'invalid_request' });
  });

  it('when a course checkout is made for the customer, then Stripe offers the saved cards and paying with one charges it', async () => {
    const { customer, setup } = await student();
    const card = await savedCard(setup());
    const req = checkoutRequest({
      customer: { email: 'saver@example.com', name: 'Sam', providerCustomerId: customer },
    });
    const session = await stripe.checkout.createCheckout(req);
    const page = await (await fetch(session.checkoutUrl.replace('localhost', '127.0.0.1'))).text();
    expect(page).toContain(
      `<input type="radio" name="saved_payment_method" value="${card.providerPaymentMethodId}" checked>`,
    );
    expect(page).toContain('name="save_payment_method"');

    const paid = await control(`/checkout/sessions/${session.providerSessionId}/pay`, {
      payment_method: card.providerPaymentMethodId,
    });
    expect(paid.body.outcome).toBe('succeeded');
    const [succeeded] = await stripe.checkout.getPaymentState({ providerSessionId: session.providerSessionId });
    expect(succeeded).toMatchObject({
      kind: 'PaymentSucceeded',
      ref: { paymentId: req.paymentId },
      amount: { amount: 4900, currency: 'EUR' },
    });
    const intent = await sdk.paymentIntents.retrieve(paymentRefOf(succeeded).providerPaymentId!);
    expect(intent.payment_method).toBe(card.providerPaymentMethodId);
  });

  it('when the student ticks "save this card" on a course checkout, then the new card is attached and its webhook says so', async () => {
    const { customer } = await student();
    const req = checkoutRequest({
      customer: { email: 'saver@example.com', name: 'Sam', providerCustomerId: customer },
    });
    const session = await stripe.checkout.createCheckout(req);
    const paid = await control(`/checkout/sessions/${session.providerSessionId}/pay`, {
      card: '4242424242424242',
      address: STRIPE_BILLING_ADDRESS,
      save_payment_method: true,
    });
    expect(paid.body.outcome).toBe('succeeded');
    const { methods } = await stripe.paymentMethods.listPaymentMethods(customer);
    expect(methods).toEqual([expect.objectContaining({ providerCustomerId: customer, last4: '4242' })]);
    expect((await methodEventsOf(customer)).map((d) => d.type)).toEqual(['payment_method.attached']);
  });

  it('when a checkout names a saved method, then Stripe’s adapter refuses it (Stripe takes the choice on its page)', async () => {
    await expect(
      stripe.checkout.createCheckout(checkoutRequest({ savedPaymentMethodId: 'pm_1' })),
    ).rejects.toMatchObject({
      kind: 'invalid_request',
      code: 'payment_method_not_applicable',
    });
  });
});
