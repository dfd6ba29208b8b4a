import { startSandbox, type Sandbox } from '@lms/sandbox';
import { money } from '../../../src/domain/money';
import type {
  DomainEvent,
  RefundUpdated,
  SubscriptionPaymentSucceeded,
  SubscriptionRef,
} from '../../../src/domain/events/domain-event';
import type {
  ProviderEvent,
  ProviderSubscriptionRef,
  SavedPaymentMethod,
  SetupSessionRequest,
  SubscriptionCheckoutRequest,
  SubscriptionPlanPrice,
} from '../../../src/providers/payment-provider';
import { WebhookVerificationError } from '../../../src/providers/payment-provider';
import { PayPalAdapter } from '../../../src/providers/paypal/paypal.adapter';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';
import { checkoutRequest } from '../../support/checkout-request';
import { paymentRefOf } from '../../support/event-refs';

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

  /** The buyer approves on PayPal; `payer` is their account's name, email or address (PayPal's field names). */
  async function approve(
    orderId: string,
    instrument?: string,
    payer: Record<string, unknown> = {},
  ): Promise<Record<string, unknown>> {
    const res = await fetch(`${base.origin}/_sandbox/orders/${orderId}/approve`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...(instrument ? { instrument } : {}), ...payer }),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, unknown>;
  }

  /** An order created, approved and captured through the adapter. */
  async function paidOrder() {
    const req = checkoutRequest();
    const order = await paypal.checkout.createCheckout(req);
    await approve(order.providerSessionId);
    const [captured] = await paypal.checkout.capture(
      { paymentId: req.paymentId, providerSessionId: order.providerSessionId },
      `capture:${req.paymentId}`,
    );
    expect(captured.kind).toBe('PaymentSucceeded');
    // Let its own webhooks arrive, so a test's marks count only what it does next.
    await sandbox.idle();
    return { req, order, captured };
  }

  /** A `/_sandbox/` control on the PayPal port (what the buyer, the bank or the dashboard would do). */
  async function control<T = Record<string, unknown>>(route: string, body: unknown = {}): Promise<T> {
    const res = await fetch(`${base.origin}/_sandbox${route}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  }

  /** A Disputes API call the adapter does not make (evidence and accept-claim happen in PayPal's Resolution Center). */
  async function fetchAuthorized(path: string, body: unknown): Promise<void> {
    const token = (await (
      await fetch(`${base.origin}/v1/oauth2/token`, {
        method: 'POST',
        headers: { Authorization: `Basic ${Buffer.from('id:secret').toString('base64')}` },
        body: 'grant_type=client_credentials',
      })
    ).json()) as { access_token: string };
    const res = await fetch(`${base.origin}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token.access_token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
  }

  /** The webhooks delivered since `mark`, verified and normalized by the adapter. */
  async function eventsAfter(mark: number): Promise<DomainEvent[]> {
    await sandbox.idle();
    const out: DomainEvent[] = [];
    for (const d of receiver.deliveries.slice(mark)) {
      out.push(...paypal.webhooks.normalize(await paypal.webhooks.verifyWebhook(d.rawBody, d.headers)));
    }
    return out;
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
      // The sandbox's default buyer: its account gives a country, no street address.
      buyer: { name: 'John Doe', email: 'buyer@lms-sandbox.example', address: { country: 'US' }, taxIds: [] },
    };
    expect(captured).toEqual([expected]);
    // Same request id (a retried call) and a new one (webhook path after the browser path): same outcome.
    expect(await paypal.checkout.capture(ref, `capture:${req.paymentId}`)).toEqual(captured);
    const again = await paypal.checkout.capture(ref, `capture:${req.paymentId}:webhook`);
    expect(again.map((e) => [e.kind, paymentRefOf(e).providerPaymentId])).toEqual([
      ['PaymentSucceeded', paymentRefOf(captured[0]).providerPaymentId],
    ]);
    expect(
      (await paypal.checkout.getPaymentState(ref)).map((e) => [e.kind, paymentRefOf(e).providerPaymentId]),
    ).toEqual([['PaymentSucceeded', paymentRefOf(captured[0]).providerPaymentId]]);
  });

  it('when the buyer approves with their address, then the capture and the fetched order give it as the buyer; the capture webhook has none', async () => {
    const req = checkoutRequest();
    const order = await paypal.checkout.createCheckout(req);
    const ref = { paymentId: req.paymentId, providerSessionId: order.providerSessionId };
    await approve(order.providerSessionId, undefined, {
      name: { given_name: 'Grace', surname: 'Hopper' },
      email_address: 'grace@example.com',
      address: {
        address_line_1: 'Via Roma 1',
        admin_area_2: 'Torino',
        admin_area_1: 'TO',
        postal_code: '10121',
        country_code: 'IT',
      },
    });
    const mark = receiver.deliveries.length;
    const buyer = {
      name: 'Grace Hopper',
      email: 'grace@example.com',
      address: { line1: 'Via Roma 1', city: 'Torino', region: 'TO', postalCode: '10121', country: 'IT' },
      taxIds: [],
    };
    expect(await paypal.checkout.capture(ref, `capture:${req.paymentId}`)).toEqual([
      expect.objectContaining({ kind: 'PaymentSucceeded', buyer }),
    ]);
    // Reconciliation reads the order: the same buyer.
    expect(await paypal.checkout.getPaymentState(ref)).toEqual([
      expect.objectContaining({ kind: 'PaymentSucceeded', buyer }),
    ]);
    // PAYMENT.CAPTURE.COMPLETED carries the capture only.
    const completed = (await eventsAfter(mark)).filter(
      (e) => e.kind === 'PaymentSucceeded' && paymentRefOf(e).providerSessionId === order.providerSessionId,
    );
    expect(completed).toHaveLength(1);
    expect(completed[0]).not.toHaveProperty('buyer');
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
    const { req, order, captured } = await paidOrder();
    const ours = {
      refundId: `ref_${req.paymentId}_1`,
      ref: captured.ref,
      amount: money(1000, 'EUR'),
      reason: 'Partial goodwill refund',
      idempotencyKey: `refund:${req.paymentId}:1`,
    };
    const first = await paypal.refunds.refund(ours);
    const replay = await paypal.refunds.refund(ours);
    expect(first).toEqual({
      kind: 'RefundUpdated',
      provider: 'paypal',
      occurredAt: expect.any(Date) as unknown as Date,
      ref: captured.ref,
      providerRefundId: expect.stringMatching(/^[A-Z0-9]{17}$/) as unknown as string,
      refundId: ours.refundId,
      amount: { amount: 1000, currency: 'EUR' },
      status: 'succeeded',
    });
    expect({ ...replay, occurredAt: first.occurredAt }).toEqual(first);
    const second = await paypal.refunds.refund({
      refundId: `ref_${req.paymentId}_2`,
      ref: { paymentId: req.paymentId, providerSessionId: order.providerSessionId },
      amount: money(900, 'EUR'),
      idempotencyKey: `refund:${req.paymentId}:2`,
    });
    expect(second.providerRefundId).not.toBe(first.providerRefundId);
    expect((await paypal.refunds.listRefunds(captured.ref)).map((r) => r.refundId)).toEqual([
      ours.refundId,
      `ref_${req.paymentId}_2`,
    ]);
    await expect(
      paypal.refunds.refund({
        refundId: `ref_${req.paymentId}_3`,
        ref: captured.ref,
        amount: money(3500, 'EUR'),
        idempotencyKey: `refund:${req.paymentId}:3`,
      }),
    ).rejects.toMatchObject({ kind: 'rejected', code: 'refund_amount_exceeded' });
  });

  it('when our refund is announced, then PAYMENT.CAPTURE.REFUNDED normalizes to RefundUpdated with our refund id and payment id', async () => {
    const { req, captured } = await paidOrder();
    const mark = receiver.deliveries.length;
    const refund = await paypal.refunds.refund({
      refundId: `ref_${req.paymentId}_1`,
      ref: captured.ref,
      amount: money(4000, 'EUR'),
      reason: 'Course withdrawn',
      idempotencyKey: `refund:${req.paymentId}:1`,
    });
    expect(await eventsAfter(mark)).toEqual([
      {
        kind: 'RefundUpdated',
        provider: 'paypal',
        occurredAt: expect.any(Date),
        ref: { paymentId: req.paymentId, providerPaymentId: paymentRefOf(captured).providerPaymentId },
        providerRefundId: refund.providerRefundId,
        refundId: `ref_${req.paymentId}_1`,
        amount: { amount: 4000, currency: 'EUR' },
        status: 'succeeded',
      },
    ]);
    // A new request id for the same refund id: PayPal says DUPLICATE_INVOICE_ID, the adapter finds the refund.
    await expect(
      paypal.refunds.refund({
        refundId: `ref_${req.paymentId}_1`,
        ref: captured.ref,
        amount: money(100, 'EUR'),
        idempotencyKey: `refund:${req.paymentId}:1:again`,
      }),
    ).resolves.toMatchObject({ providerRefundId: refund.providerRefundId, status: 'succeeded' });
    await expect(paypal.refunds.getRefund(refund.providerRefundId, captured.ref)).resolves.toMatchObject({
      providerRefundId: refund.providerRefundId,
      refundId: `ref_${req.paymentId}_1`,
      status: 'succeeded',
      ref: captured.ref,
    });
  });

  it('when a refund is made in the dashboard, then its event and listRefunds show it without a refund id of ours', async () => {
    const { captured } = await paidOrder();
    const mark = receiver.deliveries.length;
    const made = await control<{ id: string }>(`/refunds`, {
      capture_id: paymentRefOf(captured).providerPaymentId,
      amount: '12.00',
      note_to_payer: 'Sorry',
    });
    const [event] = await eventsAfter(mark);
    expect(event).toMatchObject({ kind: 'RefundUpdated', providerRefundId: made.id, status: 'succeeded' });
    expect(event).not.toHaveProperty('refundId');
    const listed = await paypal.refunds.listRefunds({ providerPaymentId: paymentRefOf(captured).providerPaymentId });
    expect(listed).toEqual([
      {
        kind: 'RefundUpdated',
        provider: 'paypal',
        occurredAt: expect.any(Date),
        ref: captured.ref,
        providerRefundId: made.id,
        amount: { amount: 1200, currency: 'EUR' },
        status: 'succeeded',
      },
    ]);
  });

  it('when a refund stays pending, then it is pending from the answer and the event, and settles to succeeded or fails with echeck', async () => {
    for (const [outcome, status] of [
      ['COMPLETED', 'succeeded'],
      ['FAILED', 'failed'],
    ] as const) {
      const { req, captured } = await paidOrder();
      await control(`/captures/${paymentRefOf(captured).providerPaymentId}/hold_refunds`);
      const mark = receiver.deliveries.length;
      const pending = await paypal.refunds.refund({
        refundId: `ref_${req.paymentId}_1`,
        ref: captured.ref,
        amount: money(4900, 'EUR'),
        idempotencyKey: `refund:${req.paymentId}:1`,
      });
      expect(pending).toMatchObject({ status: 'pending', refundId: `ref_${req.paymentId}_1` });
      expect((await eventsAfter(mark)).map((e) => [e.kind, (e as RefundUpdated).status])).toEqual([
        ['RefundUpdated', 'pending'],
      ]);
      const settledMark = receiver.deliveries.length;
      await control(`/refunds/${pending.providerRefundId}/settle`, { outcome });
      const [settled] = await eventsAfter(settledMark);
      expect(settled).toMatchObject({
        kind: 'RefundUpdated',
        providerRefundId: pending.providerRefundId,
        refundId: `ref_${req.paymentId}_1`,
        status,
        ref: { paymentId: req.paymentId },
      });
      const fetched = await paypal.refunds.getRefund(pending.providerRefundId, captured.ref);
      expect(fetched.status).toBe(status);
      if (status === 'failed') expect(fetched.failureReason).toBe('echeck');
      else expect(fetched).not.toHaveProperty('failureReason');
    }
  });

  it('when an inquiry is opened, then it normalizes to DisputeUpdated inquiry on our capture and payment; escalated, to needs_response with PaymentReversed', async () => {
    const { req, captured } = await paidOrder();
    const mark = receiver.deliveries.length;
    const opened = await control<{ dispute_id: string }>('/disputes', {
      capture_id: paymentRefOf(captured).providerPaymentId,
      stage: 'INQUIRY',
      reason: 'MERCHANDISE_OR_SERVICE_NOT_AS_DESCRIBED',
    });
    const ref = { paymentId: req.paymentId, providerPaymentId: paymentRefOf(captured).providerPaymentId };
    expect(await eventsAfter(mark)).toEqual([
      {
        kind: 'DisputeUpdated',
        provider: 'paypal',
        occurredAt: expect.any(Date),
        ref,
        providerDisputeId: opened.dispute_id,
        amount: { amount: 4900, currency: 'EUR' },
        reason: 'merchandise_or_service_not_as_described',
        status: 'inquiry',
      },
    ]);
    // PayPal refuses a partial refund while the case is open.
    await expect(
      paypal.refunds.refund({
        refundId: `ref_${req.paymentId}_1`,
        ref: captured.ref,
        amount: money(100, 'EUR'),
        idempotencyKey: `refund:${req.paymentId}:1`,
      }),
    ).rejects.toMatchObject({ kind: 'conflict', code: 'payment_disputed' });

    const escalatedMark = receiver.deliveries.length;
    await control(`/disputes/${opened.dispute_id}/escalate`);
    const escalated = await eventsAfter(escalatedMark);
    expect(escalated).toEqual([
      expect.objectContaining({ kind: 'DisputeUpdated', status: 'needs_response', fundsWithdrawn: true, ref }),
      {
        kind: 'PaymentReversed',
        provider: 'paypal',
        occurredAt: expect.any(Date),
        ref: { providerPaymentId: paymentRefOf(captured).providerPaymentId },
        providerReversalId: expect.stringMatching(/^[A-Z0-9]{17}$/),
        amount: { amount: 4900, currency: 'EUR' },
      },
    ]);
    await expect(paypal.disputes.getDispute(opened.dispute_id)).resolves.toMatchObject({
      providerDisputeId: opened.dispute_id,
      status: 'needs_response',
      fundsWithdrawn: true,
      ref,
    });
  });

  it('when a chargeback is answered with evidence and won, then needs_response (+ PaymentReversed), under_review, then won with the money back', async () => {
    const { captured } = await paidOrder();
    const mark = receiver.deliveries.length;
    const opened = await control<{ dispute_id: string }>('/disputes', {
      capture_id: paymentRefOf(captured).providerPaymentId,
      stage: 'CHARGEBACK',
      reason: 'UNAUTHORISED',
    });
    await fetchAuthorized(`/v1/customer/disputes/${opened.dispute_id}/provide-evidence`, {
      evidences: [{ evidence_type: 'PROOF_OF_FULFILLMENT', notes: 'The student watched every lesson' }],
    });
    await control(`/disputes/${opened.dispute_id}/resolve`, { outcome: 'won' });
    const events = await eventsAfter(mark);
    expect(
      events.map((e) => [
        e.kind,
        e.kind === 'DisputeUpdated' ? e.status : '',
        e.kind === 'DisputeUpdated' ? e.fundsWithdrawn : '',
      ]),
    ).toEqual([
      ['DisputeUpdated', 'needs_response', true],
      ['PaymentReversed', '', ''],
      ['DisputeUpdated', 'under_review', true],
      ['DisputeUpdated', 'won', false],
    ]);
    await expect(paypal.disputes.getDispute(opened.dispute_id)).resolves.toMatchObject({
      status: 'won',
      fundsWithdrawn: false,
    });
  });

  it('when we accept the claim of an inquiry, then it is lost and PayPal reverses the money (PaymentReversed, not a refund)', async () => {
    const { captured } = await paidOrder();
    const opened = await control<{ dispute_id: string }>('/disputes', {
      capture_id: paymentRefOf(captured).providerPaymentId,
      stage: 'INQUIRY',
    });
    await sandbox.idle();
    const mark = receiver.deliveries.length;
    await fetchAuthorized(`/v1/customer/disputes/${opened.dispute_id}/accept-claim`, { note: 'Refunding in full' });
    expect((await eventsAfter(mark)).map((e) => [e.kind, e.kind === 'DisputeUpdated' ? e.status : ''])).toEqual([
      ['DisputeUpdated', 'lost'],
      ['PaymentReversed', ''],
    ]);
    await expect(paypal.disputes.getDispute(opened.dispute_id)).resolves.toMatchObject({
      status: 'lost',
      fundsWithdrawn: true,
    });
    await expect(paypal.refunds.listRefunds(captured.ref)).resolves.toEqual([]);
  });

  it('when expiring checkouts, then an open order is unsupported and a captured one already_paid', async () => {
    const req = checkoutRequest();
    const open = await paypal.checkout.createCheckout(req);
    await expect(paypal.checkout.expireCheckout({ providerSessionId: open.providerSessionId })).resolves.toBe(
      'unsupported',
    );
    await approve(open.providerSessionId);
    await expect(paypal.checkout.expireCheckout({ providerSessionId: open.providerSessionId })).resolves.toBe(
      'unsupported',
    );
    const { order, captured } = await paidOrder();
    await expect(paypal.checkout.expireCheckout({ providerSessionId: order.providerSessionId })).resolves.toBe(
      'already_paid',
    );
    await expect(
      paypal.checkout.expireCheckout({ providerPaymentId: paymentRefOf(captured).providerPaymentId }),
    ).resolves.toBe('already_paid');
    await expect(paypal.checkout.expireCheckout({ providerSessionId: 'NOSUCHORDER000000' })).resolves.toBe('expired');
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
      refundId: `ref_${req.paymentId}_1`,
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
          paymentRefOf(e).providerSessionId === order.providerSessionId ||
          paymentRefOf(e).providerPaymentId === paymentRefOf(captured).providerPaymentId,
      );
    expect(mine.map((e) => e.kind)).toEqual(['PaymentApproved', 'PaymentSucceeded', 'RefundUpdated']);
    expect(mine[0].ref).toEqual({ paymentId: req.paymentId, providerSessionId: order.providerSessionId });
    expect(mine[1]).toMatchObject({ ref: captured.ref, amount: { amount: 4900, currency: 'EUR' }, unconfirmed: true });
    // What the body claims counts once PayPal's GET capture says the same.
    const confirmed = await paypal.webhooks.confirm(mine[1]);
    expect(confirmed).toEqual([
      expect.objectContaining({
        kind: 'PaymentSucceeded',
        ref: captured.ref,
        amount: { amount: 4900, currency: 'EUR' },
      }),
    ]);
    expect(confirmed[0]).not.toHaveProperty('unconfirmed');
    expect(mine[2]).toMatchObject({
      amount: { amount: 1000, currency: 'EUR' },
      status: 'succeeded',
      ref: expect.objectContaining({ providerPaymentId: paymentRefOf(captured).providerPaymentId }),
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
    await expect(production.webhooks.verifyWebhook(d.rawBody, d.headers)).rejects.toThrow(/pinned certificate host/);
  });

  describe('saved PayPal wallets (vault v3)', () => {
    let setups = 0;

    function setupRequest(providerCustomerId?: string): SetupSessionRequest {
      setups += 1;
      const setupId = `set_it_${Date.now()}_${setups}`;
      return {
        setupId,
        userId: 'usr_it',
        customer: {
          email: 'student@example.com',
          name: 'Student',
          ...(providerCustomerId ? { providerCustomerId } : {}),
        },
        returnUrl: `http://localhost:3000/account/payment-methods/return?setupId=${setupId}&provider=paypal`,
        cancelUrl: 'http://localhost:3000/account/payment-methods',
        idempotencyKey: `payment-method-setup:${setupId}`,
        startedAt: new Date(),
      };
    }

    /** A wallet saved through the adapter: setup, the payer approves as `email`, setup completed. */
    async function savedWallet(email: string, providerCustomerId?: string): Promise<SavedPaymentMethod> {
      const req = setupRequest(providerCustomerId);
      const session = await paypal.paymentMethods.createSetupSession(req);
      await control(`/vault/setup-tokens/${session.providerSetupId}/approve`, { email });
      const outcome = await paypal.paymentMethods.completeSetup(session.providerSetupId, {
        idempotencyKey: req.idempotencyKey,
      });
      if (outcome.kind !== 'saved') throw new Error(`setup not saved: ${outcome.kind}`);
      return outcome.method;
    }

    it('when a student saves PayPal, then setup → approval → completed (twice: the same token) → listed → read, as its webhook says', async () => {
      const req = setupRequest();
      const session = await paypal.paymentMethods.createSetupSession(req);
      expect(session.providerSetupId).toMatch(/^[A-Z0-9]{17}$/);
      expect(session.setupUrl).toBe(
        `${sandbox.paypal.url}/agreements/approve?approval_session_id=${session.providerSetupId}`,
      );
      expect(session.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 71 * 3600_000);
      const early = await paypal.paymentMethods.completeSetup(session.providerSetupId, {
        idempotencyKey: req.idempotencyKey,
      });
      expect(early).toEqual({ kind: 'not_completed' });

      const approval = await control<{ redirect_url: string }>(
        `/vault/setup-tokens/${session.providerSetupId}/approve`,
        { email: 'student@example.com' },
      );
      expect(approval.redirect_url).toContain(`setupId=${req.setupId}`);
      expect(approval.redirect_url).toContain(`approval_token_id=${session.providerSetupId}`);
      await sandbox.idle();
      const mark = receiver.deliveries.length;
      const first = await paypal.paymentMethods.completeSetup(session.providerSetupId, {
        idempotencyKey: req.idempotencyKey,
      });
      const again = await paypal.paymentMethods.completeSetup(session.providerSetupId, {
        idempotencyKey: req.idempotencyKey,
      });
      if (first.kind !== 'saved' || again.kind !== 'saved') throw new Error('expected the setup to be saved');
      const method = first.method;
      expect(method).toEqual({
        providerPaymentMethodId: expect.stringMatching(/^[a-z0-9]{17}$/),
        providerCustomerId: expect.stringMatching(/^[A-Za-z0-9]{10}$/),
        type: 'paypal',
        email: 'student@example.com',
      });
      expect(again.method).toEqual(method);
      const attached = {
        kind: 'PaymentMethodAttached',
        provider: 'paypal',
        ref: { providerCustomerId: method.providerCustomerId },
        method: {
          providerPaymentMethodId: method.providerPaymentMethodId,
          type: 'paypal',
          email: 'student@example.com',
        },
      };
      expect(first.events).toEqual([{ ...attached, occurredAt: expect.any(Date) }]);
      expect(await eventsAfter(mark)).toEqual([{ ...attached, occurredAt: expect.any(Date) }]);

      const second = await savedWallet('other@example.com', method.providerCustomerId);
      expect(second.providerCustomerId).toBe(method.providerCustomerId);
      expect(await paypal.paymentMethods.listPaymentMethods(method.providerCustomerId)).toEqual({
        methods: [method, second],
        defaultPaymentMethodId: null,
      });
      expect(await paypal.paymentMethods.getPaymentMethod(method.providerPaymentMethodId)).toEqual(method);
      // PayPal keeps no default and pays subscriptions from the account: nothing to set.
      await paypal.paymentMethods.setDefaultPaymentMethod(
        method.providerCustomerId,
        method.providerPaymentMethodId,
        'k',
      );
      expect(await paypal.paymentMethods.listPaymentMethods(method.providerCustomerId)).toMatchObject({
        defaultPaymentMethodId: null,
      });
    });

    it('when the setup token expired before the student came back, then the setup is expired', async () => {
      const req = setupRequest();
      const session = await paypal.paymentMethods.createSetupSession(req);
      await control(`/vault/setup-tokens/${session.providerSetupId}/expire`);
      await expect(
        paypal.paymentMethods.completeSetup(session.providerSetupId, { idempotencyKey: req.idempotencyKey }),
      ).resolves.toEqual({ kind: 'expired' });
    });

    it('when a saved wallet pays a course, then the order is COMPLETED at once with its events, our return page, and a replay charges nothing more', async () => {
      const method = await savedWallet('payer@example.com');
      await sandbox.idle();
      const mark = receiver.deliveries.length;
      const req = checkoutRequest({ savedPaymentMethodId: method.providerPaymentMethodId });
      const session = await paypal.checkout.createCheckout(req);
      expect(session.checkoutUrl).toBe(req.returnUrl);
      const ref = {
        paymentId: req.paymentId,
        providerSessionId: session.providerSessionId,
        providerPaymentId: expect.stringMatching(/^[A-Z0-9]{17}$/),
      };
      expect(session.events).toEqual([
        expect.objectContaining({
          kind: 'PaymentSucceeded',
          ref,
          amount: money(4900, 'EUR'),
          buyer: expect.objectContaining({ email: 'payer@example.com' }),
        }),
      ]);
      expect(await paypal.checkout.createCheckout(req)).toEqual(session);
      const delivered = await eventsAfter(mark);
      expect(delivered).toEqual([expect.objectContaining({ kind: 'PaymentSucceeded', ref: session.events![0].ref })]);
      expect(
        await paypal.checkout.getPaymentState({
          paymentId: req.paymentId,
          providerSessionId: session.providerSessionId,
        }),
      ).toEqual([expect.objectContaining({ kind: 'PaymentSucceeded', ref: session.events![0].ref })]);
    });

    it('when the bank declines the saved wallet, then PaymentFailed and our return page; when PayPal needs the payer, its payer-action page', async () => {
      const method = await savedWallet('payer@example.com');
      await control(`/vault/payment-tokens/${method.providerPaymentMethodId}/decline_next`);
      const declinedReq = checkoutRequest({ savedPaymentMethodId: method.providerPaymentMethodId });
      const declined = await paypal.checkout.createCheckout(declinedReq);
      expect(declined.checkoutUrl).toBe(declinedReq.returnUrl);
      expect(declined.events).toEqual([
        expect.objectContaining({
          kind: 'PaymentFailed',
          failureCode: 'capture_declined',
          ref: expect.objectContaining({ paymentId: declinedReq.paymentId }),
        }),
      ]);

      await control(`/vault/payment-tokens/${method.providerPaymentMethodId}/require_payer_action_next`);
      const actionReq = checkoutRequest({ savedPaymentMethodId: method.providerPaymentMethodId });
      const action = await paypal.checkout.createCheckout(actionReq);
      expect(action.checkoutUrl).toBe(`${sandbox.paypal.url}/checkoutnow?token=${action.providerSessionId}`);
      expect(action.events).toBeUndefined();
      const approval = await approve(action.providerSessionId);
      expect(String(approval.redirect_url)).toContain(`paymentId=${actionReq.paymentId}`);
      const [captured] = await paypal.checkout.capture(
        { paymentId: actionReq.paymentId, providerSessionId: action.providerSessionId },
        `capture:${actionReq.paymentId}`,
      );
      expect(captured.kind).toBe('PaymentSucceeded');
    });

    it('when a wallet is deleted, then detached, again already_gone, and the webhooks detach it from its customer', async () => {
      const method = await savedWallet('leaving@example.com');
      await sandbox.idle();
      const mark = receiver.deliveries.length;
      await expect(paypal.paymentMethods.detachPaymentMethod(method.providerPaymentMethodId, 'detach:1')).resolves.toBe(
        'detached',
      );
      await expect(paypal.paymentMethods.detachPaymentMethod(method.providerPaymentMethodId, 'detach:2')).resolves.toBe(
        'already_gone',
      );
      const detached = {
        kind: 'PaymentMethodDetached',
        provider: 'paypal',
        occurredAt: expect.any(Date),
        ref: { providerCustomerId: method.providerCustomerId },
        providerPaymentMethodId: method.providerPaymentMethodId,
      };
      // DELETION-INITIATED, then DELETED: the same fact twice.
      expect(await eventsAfter(mark)).toEqual([detached, detached]);
      expect(await paypal.paymentMethods.getPaymentMethod(method.providerPaymentMethodId)).toBeNull();
      expect((await paypal.paymentMethods.listPaymentMethods(method.providerCustomerId)).methods).toEqual([]);
    });

    it('when PayPal loses a wallet without telling, then reading it is null, the list omits it, and paying with it is saved_payment_method_missing', async () => {
      const method = await savedWallet('lost@example.com');
      await sandbox.idle();
      const mark = receiver.deliveries.length;
      await control(`/vault/payment-tokens/${method.providerPaymentMethodId}/delete_silently`);
      expect(await eventsAfter(mark)).toEqual([]);
      expect(await paypal.paymentMethods.getPaymentMethod(method.providerPaymentMethodId)).toBeNull();
      expect((await paypal.paymentMethods.listPaymentMethods(method.providerCustomerId)).methods).toEqual([]);
      await expect(
        paypal.checkout.createCheckout(checkoutRequest({ savedPaymentMethodId: method.providerPaymentMethodId })),
      ).rejects.toMatchObject({ kind: 'not_found', code: 'saved_payment_method_missing' });
      await expect(paypal.paymentMethods.detachPaymentMethod(method.providerPaymentMethodId, 'detach:3')).resolves.toBe(
        'already_gone',
      );
    });
  });
});

/** Subscriptions: the real SDK's client, through our adapter, against its own sandbox (its deliveries are only these). */
describe('PayPal subscriptions against the sandbox', () => {
  let sandbox: Sandbox;
  let receiver: WebhookReceiver;
  let paypal: PayPalAdapter;
  let base: URL;
  let counter = 0;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    sandbox = await startSandbox({
      stripePort: 0,
      paypalPort: 0,
      paypalWebhookUrl: receiver.url,
      deliveryRetryBaseMs: 50,
    });
    base = new URL(`http://127.0.0.1:${sandbox.paypal.port}`);
    paypal = new PayPalAdapter(
      {
        clientId: sandbox.paypal.clientId,
        secret: sandbox.paypal.clientSecret,
        env: 'sandbox',
        webhookId: sandbox.paypal.webhookId,
        apiBase: base,
      },
      undefined,
      { brandName: 'LMS' },
    );
  });
  afterAll(async () => {
    await sandbox?.close();
    await receiver?.close();
  });

  async function control<T = Record<string, unknown>>(route: string, body: unknown = {}): Promise<T> {
    const res = await fetch(`${base.origin}/_sandbox${route}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
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

  async function subscriptionRequest(): Promise<SubscriptionCheckoutRequest> {
    const price = planPrice();
    const providerPriceId = await paypal.subscriptions.createPlanPrice(price);
    const subscriptionId = `subs_it_${Date.now()}_${counter}`;
    return {
      subscriptionId,
      userId: `usr_${subscriptionId}`,
      price,
      providerPriceId,
      customer: { email: 'student@example.com', name: 'Ada Lovelace' },
      returnUrl: `http://localhost:3000/subscriptions/return?subscriptionId=${subscriptionId}`,
      cancelUrl: 'http://localhost:3000/plans',
      idempotencyKey: `subscription-checkout:${subscriptionId}`,
    };
  }

  /** The events about our subscription in the deliveries since `mark`, verified and normalized as the webhook route does. */
  async function eventsAbout(
    subscriptionId: string,
    mark = 0,
  ): Promise<Array<{ type: string; events: DomainEvent[] }>> {
    await sandbox.idle();
    const out: Array<{ type: string; events: DomainEvent[] }> = [];
    for (const d of receiver.deliveries.slice(mark)) {
      const event = await paypal.webhooks.verifyWebhook(d.rawBody, d.headers);
      const events = paypal.webhooks
        .normalize(event)
        .filter(
          (e) => e.kind.startsWith('Subscription') && (e.ref as SubscriptionRef).subscriptionId === subscriptionId,
        );
      if (events.length > 0) out.push({ type: event.type, events });
    }
    return out;
  }

  /** A subscription created, approved by the buyer, its first cycle paid. */
  async function activeSubscription(): Promise<{ req: SubscriptionCheckoutRequest; ref: ProviderSubscriptionRef }> {
    const req = await subscriptionRequest();
    const checkout = await paypal.subscriptions.createSubscriptionCheckout(req);
    await control(`/subscriptions/${checkout.providerSessionId}/approve`);
    await sandbox.idle();
    return { req, ref: { subscriptionId: req.subscriptionId, providerSubscriptionId: checkout.providerSessionId } };
  }

  it('when creating a plan price (twice with the same id), then one P- billing plan of that price comes back', async () => {
    const price = planPrice();
    const first = await paypal.subscriptions.createPlanPrice(price);
    expect(first).toMatch(/^P-/);
    await expect(paypal.subscriptions.createPlanPrice(price)).resolves.toBe(first);
    const withTrial = await paypal.subscriptions.createPlanPrice(planPrice({ trialDays: 7, interval: 'year' }));
    expect(withTrial).toMatch(/^P-/);
    expect(withTrial).not.toBe(first);
  });

  it('when the subscription checkout is created and approved, then its webhooks normalize to incomplete, active, then the first cycle paid by its sale', async () => {
    const req = await subscriptionRequest();
    const checkout = await paypal.subscriptions.createSubscriptionCheckout(req);
    expect(checkout.providerSessionId).toMatch(/^I-/);
    expect(checkout.checkoutUrl).toMatch(/ba_token=BA-/);
    expect(await paypal.subscriptions.createSubscriptionCheckout(req)).toEqual(checkout);
    const approval = await control<{ redirect_url: string }>(`/subscriptions/${checkout.providerSessionId}/approve`);
    expect(approval.redirect_url).toContain(`subscription_id=${checkout.providerSessionId}`);
    expect(approval.redirect_url).toContain(`subscriptionId=${req.subscriptionId}`);

    const delivered = await eventsAbout(req.subscriptionId);
    expect(delivered.map((d) => [d.type, d.events.map((e) => e.kind)])).toEqual([
      ['BILLING.SUBSCRIPTION.CREATED', ['SubscriptionChanged']],
      ['BILLING.SUBSCRIPTION.ACTIVATED', ['SubscriptionChanged']],
      ['PAYMENT.SALE.COMPLETED', ['SubscriptionPaymentSucceeded']],
    ]);
    const ref = { subscriptionId: req.subscriptionId, providerSubscriptionId: checkout.providerSessionId };
    const [created, activated, sale] = delivered.map((d) => d.events[0]);
    expect(created).toMatchObject({ kind: 'SubscriptionChanged', status: 'incomplete', ref });
    expect(sale).toEqual({
      kind: 'SubscriptionPaymentSucceeded',
      provider: 'paypal',
      occurredAt: expect.any(Date),
      ref,
      providerInvoiceId: expect.stringMatching(/^[A-Z0-9]{17}$/),
      providerPaymentId: (sale as SubscriptionPaymentSucceeded).providerInvoiceId,
      amount: { amount: 1900, currency: 'EUR' },
      unconfirmed: true,
    });
    // PayPal's GET sale says the same: the confirmed cycle payment, no longer a claim.
    const { unconfirmed, ...claimed } = sale as SubscriptionPaymentSucceeded;
    expect(unconfirmed).toBe(true);
    expect(await paypal.webhooks.confirm(sale)).toEqual([{ ...claimed, occurredAt: expect.any(Date) }]);
    expect(activated).toMatchObject({
      status: 'active',
      ref,
      currentPeriodStart: expect.any(Date),
      currentPeriodEnd: expect.any(Date),
    });
    await expect(paypal.subscriptions.getSubscription(ref)).resolves.toEqual([
      expect.objectContaining({ kind: 'SubscriptionChanged', status: 'active', ref }),
    ]);
  });

  it('when a renewal fails, then PAYMENT.FAILED is the subscription past due (PayPal keeps it ACTIVE) and the failed payment', async () => {
    const { req, ref } = await activeSubscription();
    const mark = receiver.deliveries.length;
    await control(`/subscriptions/${ref.providerSubscriptionId}/fail_next_payment`);
    await control(`/subscriptions/${ref.providerSubscriptionId}/renew`);
    const delivered = await eventsAbout(req.subscriptionId, mark);
    expect(delivered).toEqual([
      {
        type: 'BILLING.SUBSCRIPTION.PAYMENT.FAILED',
        events: [
          expect.objectContaining({ kind: 'SubscriptionChanged', status: 'past_due', ref }),
          expect.objectContaining({
            kind: 'SubscriptionPaymentFailed',
            ref,
            amount: { amount: 1900, currency: 'EUR' },
            failureCode: 'payment_denied',
            nextAttemptAt: expect.any(Date),
          }),
        ],
      },
    ]);
    await expect(paypal.subscriptions.getSubscription(ref)).resolves.toEqual([
      expect.objectContaining({ status: 'past_due' }),
    ]);
  });

  it('when canceling, then PayPal cancels at once (atPeriodEnd or not), canceling again is harmless, and resuming is refused', async () => {
    const { req, ref } = await activeSubscription();
    const [canceled] = await paypal.subscriptions.cancelSubscription(ref, {
      atPeriodEnd: true,
      idempotencyKey: `subscription-cancel:${req.subscriptionId}:1`,
    });
    expect(canceled).toMatchObject({
      kind: 'SubscriptionChanged',
      status: 'canceled',
      ref,
      canceledAt: expect.any(Date),
    });
    await expect(
      paypal.subscriptions.cancelSubscription(ref, {
        atPeriodEnd: false,
        idempotencyKey: `subscription-cancel:${req.subscriptionId}:2`,
      }),
    ).resolves.toEqual([expect.objectContaining({ status: 'canceled' })]);
    await expect(
      paypal.subscriptions.resumeSubscription(ref, `subscription-resume:${req.subscriptionId}:1`),
    ).rejects.toMatchObject({ kind: 'conflict', code: 'resume_not_supported' });
    expect((await eventsAbout(req.subscriptionId)).at(-1)).toEqual({
      type: 'BILLING.SUBSCRIPTION.CANCELLED',
      events: [expect.objectContaining({ status: 'canceled', ref })],
    });
  });

  it('when the subscription is still awaiting approval, then canceling it is a conflict, and an unknown one is not_found', async () => {
    const req = await subscriptionRequest();
    const checkout = await paypal.subscriptions.createSubscriptionCheckout(req);
    const ref = { subscriptionId: req.subscriptionId, providerSubscriptionId: checkout.providerSessionId };
    await expect(paypal.subscriptions.getSubscription(ref)).resolves.toEqual([
      expect.objectContaining({ status: 'incomplete' }),
    ]);
    await expect(
      paypal.subscriptions.cancelSubscription(ref, { atPeriodEnd: false, idempotencyKey: 'k' }),
    ).rejects.toMatchObject({ kind: 'conflict', code: 'subscription_status_invalid' });
    await expect(
      paypal.subscriptions.getSubscription({ providerSubscriptionId: 'I-DOESNOTEXIST' }),
    ).rejects.toMatchObject({ kind: 'not_found' });
  });
});
