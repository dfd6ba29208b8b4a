import Stripe from 'stripe';
import { money, type Money } from '../../../src/domain/money';
import { AppError } from '../../../src/errors/app-error';
import { ProviderError } from '../../../src/errors/provider-error';
import { StripeAdapter } from '../../../src/providers/stripe/stripe.adapter';
import { checkoutSessionParams, sessionExpiry } from '../../../src/providers/stripe/stripe-checkout';
import type { StripeClient } from '../../../src/providers/stripe/stripe-client';
import { translateStripeError } from '../../../src/providers/stripe/stripe-errors';
import { checkoutRequest } from '../../support/checkout-request';
import { fixture } from './fixtures';

const now = new Date('2026-02-01T10:00:00Z');

const request = checkoutRequest({
  paymentId: 'pay_123',
  userId: 'usr_9',
  lineItem: { description: 'TypeScript in depth', amount: money(4900, 'EUR') },
  customer: { email: 'ada@example.com', name: 'Ada', providerCustomerId: 'cus_1' },
  startedAt: now,
  returnUrl: 'https://app.example/checkout/success',
  cancelUrl: 'https://app.example/checkout/cancel',
});
const withAmount = (amount: Money) => ({ ...request, lineItem: { ...request.lineItem, amount } });

interface Call {
  method: string;
  args: unknown[];
}

/** Records the SDK calls the adapter makes and answers with canned objects or errors. */
function fakeStripe(answers: Record<string, unknown>): { client: StripeClient; calls: Call[] } {
  const calls: Call[] = [];
  const answer =
    (method: string) =>
    (...args: unknown[]) => {
      calls.push({ method, args });
      const a = answers[method];
      return a instanceof Error ? Promise.reject(a) : Promise.resolve(a);
    };
  const client = {
    customers: { create: answer('customers.create') },
    checkout: {
      sessions: {
        create: answer('checkout.sessions.create'),
        retrieve: answer('checkout.sessions.retrieve'),
        expire: answer('checkout.sessions.expire'),
      },
    },
    refunds: {
      create: answer('refunds.create'),
      retrieve: answer('refunds.retrieve'),
      list: (...args: unknown[]) => {
        // Pages are answered in turn: `refunds.list` holds an array of pages.
        const pages = answers['refunds.list'] as unknown[];
        const page = pages[calls.filter((c) => c.method === 'refunds.list').length];
        calls.push({ method: 'refunds.list', args });
        return Promise.resolve(page);
      },
    },
    disputes: { retrieve: answer('disputes.retrieve') },
    paymentIntents: { retrieve: answer('paymentIntents.retrieve') },
  };
  return { client: client as unknown as StripeClient, calls };
}

function adapter(client: StripeClient): StripeAdapter {
  return new StripeAdapter({ secretKey: 'sk_test_x', publishableKey: 'pk', webhookSecret: 'whsec_x' }, undefined, {
    client,
    now: () => now,
  });
}

function stripeError(status: number, file: string): Error {
  const body = fixture<{ error: Record<string, unknown> }>(file);
  return Stripe.errors.StripeError.generate({ ...body.error, statusCode: status, requestId: 'req_1' } as never);
}

describe('Stripe checkout parameters', () => {
  it('when building the session, then it is one price_data line in lower-case currency pointing back at our payment', () => {
    const params = checkoutSessionParams(request, now);
    expect(params).toEqual({
      mode: 'payment',
      line_items: [
        {
          price_data: { currency: 'eur', unit_amount: 4900, product_data: { name: 'TypeScript in depth' } },
          quantity: 1,
        },
      ],
      customer: 'cus_1',
      customer_update: { name: 'auto', address: 'auto' },
      // The student's saved cards are offered, whatever their allow_redisplay, and a new one can be saved.
      saved_payment_method_options: {
        allow_redisplay_filters: ['always', 'limited', 'unspecified'],
        payment_method_save: 'enabled',
      },
      billing_address_collection: 'required',
      tax_id_collection: { enabled: true },
      client_reference_id: 'pay_123',
      metadata: { payment_id: 'pay_123', user_id: 'usr_9' },
      payment_intent_data: { metadata: { payment_id: 'pay_123', user_id: 'usr_9' } },
      success_url: 'https://app.example/checkout/success?session_id={CHECKOUT_SESSION_ID}',
      cancel_url: request.cancelUrl,
      expires_at: Math.floor(now.getTime() / 1000) + 23 * 3600,
    });
  });

  it('when there is no Stripe customer yet, then customer_email is sent instead, and no customer_update (Stripe takes it only with a customer)', () => {
    const params = checkoutSessionParams({ ...request, customer: { email: 'ada@example.com', name: 'Ada' } }, now);
    expect(params.customer).toBeUndefined();
    expect(params.customer_email).toBe('ada@example.com');
    expect(params).not.toHaveProperty('customer_update');
    // Without a customer there are no saved cards to offer, nor anyone to save one on.
    expect(params).not.toHaveProperty('saved_payment_method_options');
    // The invoice still needs the address and any tax ID.
    expect(params).toMatchObject({ billing_address_collection: 'required', tax_id_collection: { enabled: true } });
  });

  it('when a saved method is named, then it is refused: Stripe offers saved cards on its own page', () => {
    expect(() => checkoutSessionParams({ ...request, savedPaymentMethodId: 'pm_1' }, now)).toThrow(
      expect.objectContaining({ kind: 'invalid_request', code: 'payment_method_not_applicable' }),
    );
  });

  it("when the currency has no minor unit or three decimals, then unit_amount follows Stripe's rules", () => {
    expect(checkoutSessionParams(withAmount(money(1500, 'JPY')), now).line_items?.[0].price_data).toMatchObject({
      currency: 'jpy',
      unit_amount: 1500,
    });
    expect(checkoutSessionParams(withAmount(money(12340, 'KWD')), now).line_items?.[0].price_data).toMatchObject({
      currency: 'kwd',
      unit_amount: 12340,
    });
    expect(() => checkoutSessionParams(withAmount(money(12345, 'KWD')), now)).toThrow(/steps of 10/);
    // MGA: ISO has two decimals, Stripe takes whole ariary
    expect(checkoutSessionParams(withAmount(money(500000, 'MGA')), now).line_items?.[0].price_data).toMatchObject({
      currency: 'mga',
      unit_amount: 5000,
    });
    // UGX: ISO has none, Stripe writes two
    expect(checkoutSessionParams(withAmount(money(5, 'UGX')), now).line_items?.[0].price_data).toMatchObject({
      currency: 'ugx',
      unit_amount: 500,
    });
  });
});

describe('Stripe adapter calls', () => {
  it('when ensuring a customer, then it is created once per user with the customer:<userId> idempotency key', async () => {
    const { client, calls } = fakeStripe({ 'customers.create': { id: 'cus_new' } });
    await expect(
      adapter(client).customers.ensureCustomer({ id: 'usr_9', email: 'ada@example.com', name: 'Ada' }),
    ).resolves.toBe('cus_new');
    expect(calls).toEqual([
      {
        method: 'customers.create',
        args: [
          { email: 'ada@example.com', name: 'Ada', metadata: { user_id: 'usr_9' } },
          { idempotencyKey: 'customer:usr_9' },
        ],
      },
    ]);
  });

  it('when creating a checkout, then the request idempotency key is used and the session id and url come back', async () => {
    const { client, calls } = fakeStripe({
      'checkout.sessions.create': { id: 'cs_test_1', url: 'http://sandbox/c/pay/cs_test_1', expires_at: 1_800_000_000 },
    });
    await expect(adapter(client).checkout.createCheckout(request)).resolves.toEqual({
      providerSessionId: 'cs_test_1',
      checkoutUrl: 'http://sandbox/c/pay/cs_test_1',
      expiresAt: new Date(1_800_000_000 * 1000),
    });
    expect(calls[0].args[1]).toEqual({ idempotencyKey: 'checkout:pay_123' });
  });

  /** A Stripe Refund as the API answers it (object.refund.json) for our payment intent. */
  const stripeRefund = (patch: Record<string, unknown> = {}) => ({
    ...fixture<Record<string, unknown>>('stripe/object.refund.json'),
    payment_intent: 'pi_1',
    currency: 'eur',
    ...patch,
  });

  it("when refunding, then the payment intent is refunded for the amount with our key and ids in metadata, reason mapped to Stripe's enum or metadata", async () => {
    const { client, calls } = fakeStripe({
      'refunds.create': stripeRefund({
        id: 're_1',
        amount: 1000,
        status: 'succeeded',
        metadata: { payment_id: 'pay_123', refund_id: 'rf_1' },
      }),
    });
    const a = adapter(client);
    await expect(
      a.refunds.refund({
        refundId: 'rf_1',
        ref: { paymentId: 'pay_123', providerPaymentId: 'pi_1' },
        amount: money(1000, 'EUR'),
        reason: 'requested_by_customer',
        idempotencyKey: 'refund:pay_123:1',
      }),
    ).resolves.toEqual({
      kind: 'RefundUpdated',
      provider: 'stripe',
      occurredAt: now,
      ref: { paymentId: 'pay_123', providerPaymentId: 'pi_1' },
      providerRefundId: 're_1',
      refundId: 'rf_1',
      amount: { amount: 1000, currency: 'EUR' },
      status: 'succeeded',
    });
    await a.refunds.refund({
      refundId: 'rf_2',
      ref: { paymentId: 'pay_123', providerPaymentId: 'pi_1' },
      amount: money(500, 'EUR'),
      reason: 'Course cancelled',
      idempotencyKey: 'refund:pay_123:2',
    });
    expect(calls).toEqual([
      {
        method: 'refunds.create',
        args: [
          {
            payment_intent: 'pi_1',
            amount: 1000,
            reason: 'requested_by_customer',
            metadata: { payment_id: 'pay_123', refund_id: 'rf_1' },
          },
          { idempotencyKey: 'refund:pay_123:1' },
        ],
      },
      {
        method: 'refunds.create',
        args: [
          {
            payment_intent: 'pi_1',
            amount: 500,
            metadata: { payment_id: 'pay_123', refund_id: 'rf_2', reason: 'Course cancelled' },
          },
          { idempotencyKey: 'refund:pay_123:2' },
        ],
      },
    ]);
  });

  it('when only the session is known, then the refund looks up its payment intent first and answers its pending state', async () => {
    const { client, calls } = fakeStripe({
      'checkout.sessions.retrieve': { id: 'cs_1', payment_intent: 'pi_from_session' },
      'refunds.create': stripeRefund({ id: 're_2', status: 'pending', payment_intent: 'pi_from_session' }),
    });
    await expect(
      adapter(client).refunds.refund({
        refundId: 'rf_x',
        ref: { providerSessionId: 'cs_1' },
        amount: money(100, 'EUR'),
        idempotencyKey: 'refund:x:1',
      }),
    ).resolves.toMatchObject({
      providerRefundId: 're_2',
      status: 'pending',
      ref: { providerSessionId: 'cs_1', providerPaymentId: 'pi_from_session' },
    });
    expect((calls[1].args[0] as { payment_intent: string }).payment_intent).toBe('pi_from_session');
  });

  it('when the session was never paid, then refunding is a conflict and nothing is sent to Stripe', async () => {
    const { client, calls } = fakeStripe({ 'checkout.sessions.retrieve': { id: 'cs_1', payment_intent: null } });
    await expect(
      adapter(client).refunds.refund({
        refundId: 'rf_x',
        ref: { providerSessionId: 'cs_1' },
        amount: money(100, 'EUR'),
        idempotencyKey: 'refund:x:1',
      }),
    ).rejects.toMatchObject({ kind: 'conflict', code: 'not_refundable' });
    expect(calls.map((c) => c.method)).toEqual(['checkout.sessions.retrieve']);
  });

  it('when Stripe refuses a refund, then the refusal is a conflict or rejected ProviderError with a code, and an outage stays unavailable', async () => {
    const refusal = async (error: Error) => {
      const { client } = fakeStripe({ 'refunds.create': error });
      return adapter(client)
        .refunds.refund({
          refundId: 'rf_1',
          ref: { providerPaymentId: 'pi_1' },
          amount: money(100, 'EUR'),
          idempotencyKey: 'refund:p:1',
        })
        .catch((e: unknown) => e);
    };
    const invalid = (fields: Record<string, unknown>) =>
      Stripe.errors.StripeError.generate({ type: 'invalid_request_error', statusCode: 400, ...fields } as never);
    await expect(
      refusal(invalid({ code: 'charge_already_refunded', message: 'Charge ch_1 has already been refunded.' })),
    ).resolves.toMatchObject({ kind: 'conflict', code: 'already_refunded' });
    await expect(
      refusal(
        invalid({ code: 'charge_disputed', message: 'Charge ch_1 has been charged back; cannot issue a refund.' }),
      ),
    ).resolves.toMatchObject({ kind: 'conflict', code: 'charge_disputed' });
    await expect(
      refusal(
        invalid({
          param: 'amount',
          message: 'Refund amount ($50.00) is greater than unrefunded amount on charge ($30.00)',
        }),
      ),
    ).resolves.toMatchObject({ kind: 'rejected', code: 'refund_exceeds_refundable' });
    await expect(
      refusal(Stripe.errors.StripeError.generate({ type: 'api_error', message: 'boom', statusCode: 500 } as never)),
    ).resolves.toMatchObject({ kind: 'unavailable' });
    await expect(
      refusal(new Stripe.errors.StripeConnectionError({ message: 'timeout' } as never)),
    ).resolves.toMatchObject({ kind: 'unavailable' });
  });

  it('when getting one refund, then it is retrieved by id and answered with the fetch time and the known payment', async () => {
    const { client, calls } = fakeStripe({
      'refunds.retrieve': stripeRefund({ id: 're_9', status: 'failed', failure_reason: 'lost_or_stolen_card' }),
    });
    await expect(adapter(client).refunds.getRefund('re_9', { paymentId: 'pay_123' })).resolves.toEqual({
      kind: 'RefundUpdated',
      provider: 'stripe',
      occurredAt: now,
      ref: { paymentId: 'pay_123', providerPaymentId: 'pi_1' },
      providerRefundId: 're_9',
      amount: { amount: 100, currency: 'EUR' },
      status: 'failed',
      failureReason: 'lost_or_stolen_card',
    });
    expect(calls).toEqual([{ method: 'refunds.retrieve', args: ['re_9'] }]);
  });

  it('when listing refunds, then every page of the payment intent is read, dashboard refunds included', async () => {
    const { client, calls } = fakeStripe({
      'refunds.list': [
        {
          object: 'list',
          data: [stripeRefund({ id: 're_b', metadata: { refund_id: 'rf_b' } }), stripeRefund({ id: 're_a' })],
          has_more: true,
        },
        { object: 'list', data: [stripeRefund({ id: 're_0', status: 'pending' })], has_more: false },
      ],
    });
    const refunds = await adapter(client).refunds.listRefunds({ paymentId: 'pay_123', providerPaymentId: 'pi_1' });
    expect(refunds.map((r) => [r.providerRefundId, r.refundId, r.status, r.ref.paymentId])).toEqual([
      ['re_b', 'rf_b', 'succeeded', 'pay_123'],
      ['re_a', undefined, 'succeeded', 'pay_123'],
      ['re_0', undefined, 'pending', 'pay_123'],
    ]);
    expect(calls.map((c) => c.args[0])).toEqual([
      { payment_intent: 'pi_1', limit: 100 },
      { payment_intent: 'pi_1', limit: 100, starting_after: 're_a' },
    ]);
  });

  it('when listing refunds of a session never paid, then there are none and no list is asked for', async () => {
    const { client, calls } = fakeStripe({ 'checkout.sessions.retrieve': { id: 'cs_1', payment_intent: null } });
    await expect(adapter(client).refunds.listRefunds({ providerSessionId: 'cs_1' })).resolves.toEqual([]);
    expect(calls.map((c) => c.method)).toEqual(['checkout.sessions.retrieve']);
  });

  it('when getting a dispute, then it is retrieved with its charge expanded so the ref carries our payment id', async () => {
    const { client, calls } = fakeStripe({
      'disputes.retrieve': {
        ...fixture<Record<string, unknown>>('stripe/object.dispute.json'),
        charge: {
          ...fixture<Record<string, unknown>>('stripe/object.charge.json'),
          payment_intent: 'pi_1',
          metadata: { payment_id: 'pay_123' },
        },
      },
    });
    await expect(adapter(client).disputes.getDispute('dp_1Pgc71B7WZ01zgkWMevJiAUx')).resolves.toEqual({
      kind: 'DisputeUpdated',
      provider: 'stripe',
      occurredAt: now,
      ref: { paymentId: 'pay_123', providerPaymentId: 'pi_1' },
      providerDisputeId: 'dp_1Pgc71B7WZ01zgkWMevJiAUx',
      amount: { amount: 1000, currency: 'USD' },
      reason: 'general',
      status: 'inquiry',
    });
    expect(calls[0].args).toEqual(['dp_1Pgc71B7WZ01zgkWMevJiAUx', { expand: ['charge'] }]);
  });

  it('when a dispute has a status we cannot read, then getDispute fails as unavailable instead of guessing', async () => {
    const { client } = fakeStripe({
      'disputes.retrieve': { ...fixture<Record<string, unknown>>('stripe/object.dispute.json'), status: 'new' },
    });
    await expect(adapter(client).disputes.getDispute('dp_1')).rejects.toMatchObject({ kind: 'unavailable' });
  });

  it('when expiring an open session, then it is expired with a key derived from the session id', async () => {
    const { client, calls } = fakeStripe({ 'checkout.sessions.expire': { id: 'cs_1', status: 'expired' } });
    await expect(adapter(client).checkout.expireCheckout({ providerSessionId: 'cs_1' })).resolves.toBe('expired');
    expect(calls).toEqual([
      { method: 'checkout.sessions.expire', args: ['cs_1', {}, { idempotencyKey: 'expire:cs_1' }] },
    ]);
  });

  it("when Stripe refuses to expire, then the session's status decides: complete is already_paid, expired is expired, open is the error", async () => {
    const notOpen = (status: string) =>
      Stripe.errors.StripeError.generate({
        type: 'invalid_request_error',
        statusCode: 400,
        message: `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of \`${status}\`.`,
      } as never);
    const expire = (sessionStatus: string) => {
      const { client, calls } = fakeStripe({
        'checkout.sessions.expire': notOpen(sessionStatus),
        'checkout.sessions.retrieve': { id: 'cs_1', status: sessionStatus },
      });
      return { result: adapter(client).checkout.expireCheckout({ providerSessionId: 'cs_1' }), calls };
    };
    await expect(expire('complete').result).resolves.toBe('already_paid');
    await expect(expire('expired').result).resolves.toBe('expired');
    await expect(expire('open').result).rejects.toMatchObject({ kind: 'invalid_request' });
    const { client, calls } = fakeStripe({
      'checkout.sessions.expire': new Stripe.errors.StripeConnectionError({ message: 'ECONNRESET' } as never),
    });
    await expect(adapter(client).checkout.expireCheckout({ providerSessionId: 'cs_1' })).rejects.toMatchObject({
      kind: 'unavailable',
    });
    // An outage says nothing about the session: no read-back, the caller retries.
    expect(calls.map((c) => c.method)).toEqual(['checkout.sessions.expire']);
    await expect(adapter(client).checkout.expireCheckout({ paymentId: 'pay_1' })).rejects.toMatchObject({
      kind: 'invalid_request',
    });
  });

  it('when fetching state, then the session is retrieved with its payment intent expanded', async () => {
    const { client, calls } = fakeStripe({
      'checkout.sessions.retrieve': {
        id: 'cs_1',
        status: 'complete',
        payment_status: 'paid',
        amount_total: 4900,
        currency: 'eur',
        metadata: { payment_id: 'pay_123' },
        payment_intent: { id: 'pi_1', status: 'succeeded' },
      },
    });
    await expect(adapter(client).checkout.getPaymentState({ providerSessionId: 'cs_1' })).resolves.toEqual([
      {
        kind: 'PaymentSucceeded',
        provider: 'stripe',
        occurredAt: now,
        ref: { paymentId: 'pay_123', providerSessionId: 'cs_1', providerPaymentId: 'pi_1' },
        amount: { amount: 4900, currency: 'EUR' },
      },
    ]);
    expect(calls[0].args).toEqual(['cs_1', { expand: ['payment_intent'] }]);
  });

  it('when Stripe fails, then the adapter throws ProviderErrors and never SDK errors', async () => {
    const { client } = fakeStripe({
      'checkout.sessions.create': new Stripe.errors.StripeConnectionError({ message: 'ECONNREFUSED' } as never),
    });
    const err: unknown = await adapter(client)
      .checkout.createCheckout(request)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ kind: 'unavailable', code: 'provider_unavailable' });
    expect(err).not.toBeInstanceOf(Stripe.errors.StripeError);
  });
});

describe('Stripe error translation (recorded error bodies)', () => {
  it('when a card is declined, then it is a declined ProviderError with the decline code', () => {
    const err = translateStripeError(stripeError(402, 'stripe/error.card_declined.json'), 'paymentIntents.confirm');
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({
      kind: 'declined',
      code: 'payment_declined',
      message: 'Your card was declined.',
      details: expect.objectContaining({ declineCode: 'generic_decline' }),
    });
  });

  it('when authentication is required, then the decline carries authentication_required', () => {
    const err = translateStripeError(
      stripeError(402, 'stripe/error.authentication_required.json'),
      'paymentIntents.confirm',
    );
    expect(err).toMatchObject({
      kind: 'declined',
      details: expect.objectContaining({ declineCode: expect.stringMatching(/authentication/) }),
    });
  });

  it('when an object is missing, then it is not_found; an idempotency mismatch is a conflict', () => {
    expect(
      translateStripeError(stripeError(404, 'stripe/error.invalid_request_error.resource_missing.json'), 'x'),
    ).toMatchObject({ kind: 'not_found', code: 'provider_resource_missing' });
    expect(translateStripeError(stripeError(400, 'stripe/error.idempotency_error.json'), 'x')).toMatchObject({
      kind: 'conflict',
      code: 'idempotency_conflict',
    });
  });

  it('when Stripe answers 5xx or rate-limits, then it is unavailable; bad credentials misconfigured', () => {
    const api = Stripe.errors.StripeError.generate({ type: 'api_error', message: 'boom', statusCode: 500 } as never);
    const rate = Stripe.errors.StripeError.generate({
      type: 'invalid_request_error',
      message: 'slow down',
      statusCode: 429,
      code: 'rate_limit',
    } as never);
    const auth = Stripe.errors.StripeError.generate({
      type: 'invalid_request_error',
      message: 'Invalid API Key',
      statusCode: 401,
    } as never);
    expect(translateStripeError(api, 'x')).toMatchObject({ kind: 'unavailable', code: 'provider_unavailable' });
    expect(translateStripeError(rate, 'x')).toMatchObject({ kind: 'unavailable', code: 'provider_unavailable' });
    expect(translateStripeError(auth, 'x')).toMatchObject({ kind: 'misconfigured', code: 'provider_misconfigured' });
  });

  it("when the error is not Stripe's, then it passes through unchanged", () => {
    const mine = new AppError(400, 'x', 'y');
    expect(translateStripeError(mine, 'x')).toBe(mine);
  });
});

describe('Stripe session expiry', () => {
  const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

  it('when the same request is retried later, then it asks for the same expiry (the idempotency key stays valid)', () => {
    const startedAt = new Date('2026-02-01T10:00:00Z');
    const first = sessionExpiry(startedAt, new Date('2026-02-01T10:00:00.900Z'));
    const retry = sessionExpiry(startedAt, new Date('2026-02-01T10:20:01Z'));
    expect(first).toBe(seconds(startedAt) + 23 * 3600);
    expect(retry).toBe(first);
  });

  it("when the request is retried almost a day later or our row's clock runs ahead, then the expiry stays inside Stripe's window", () => {
    const startedAt = new Date('2026-02-01T10:00:00Z');
    const muchLater = new Date('2026-02-02T09:00:00Z');
    expect(sessionExpiry(startedAt, muchLater)).toBe(seconds(muchLater) + 31 * 60);
    const behind = new Date('2026-02-01T08:00:00Z');
    expect(sessionExpiry(startedAt, behind)).toBe(seconds(behind) + 24 * 3600 - 5 * 60);
  });
});
