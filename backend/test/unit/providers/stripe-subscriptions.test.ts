import Stripe from 'stripe';
import { money } from '../../../src/domain/money';
import { ProviderError } from '../../../src/errors/provider-error';
import type { SubscriptionCheckoutRequest, SubscriptionPlanPrice } from '../../../src/providers/payment-provider';
import type { StripeClient } from '../../../src/providers/stripe/stripe-client';
import { translateStripeError } from '../../../src/providers/stripe/stripe-errors';
import { StripeAdapter } from '../../../src/providers/stripe/stripe.adapter';
import {
  planPriceParams,
  planProductParams,
  subscriptionCheckoutParams,
} from '../../../src/providers/stripe/stripe-subscriptions';
import { fixture } from './fixtures';

type Json = Record<string, unknown>;

const now = new Date('2026-02-01T10:00:00Z');
const PERIOD_START = 1769940000;
const PERIOD_END = 1772618400;

const price: SubscriptionPlanPrice = {
  planPriceId: 'pp_1',
  planName: 'All access',
  interval: 'month',
  amount: money(1900, 'EUR'),
  trialDays: 0,
};

const request: SubscriptionCheckoutRequest = {
  subscriptionId: 'subs_42',
  userId: 'usr_9',
  price,
  providerPriceId: 'price_1',
  customer: { email: 'ada@example.com', name: 'Ada Lovelace', providerCustomerId: 'cus_1' },
  returnUrl: 'https://app.example/subscriptions/return?subscriptionId=subs_42',
  cancelUrl: 'https://app.example/plans',
  idempotencyKey: 'subscription-checkout:subs_42',
};

interface Call {
  method: string;
  args: unknown[];
}

/** Records the SDK calls and answers each method with its canned answers in turn (the last one repeats). */
function fakeStripe(answers: Record<string, unknown[]>): { client: StripeClient; calls: Call[] } {
  const calls: Call[] = [];
  const answer =
    (method: string) =>
    (...args: unknown[]) => {
      const list = answers[method];
      if (!list) return Promise.reject(new Error(`unexpected call ${method}`));
      const n = calls.filter((c) => c.method === method).length;
      calls.push({ method, args });
      const a = list[Math.min(n, list.length - 1)];
      return a instanceof Error ? Promise.reject(a) : Promise.resolve(a);
    };
  const client = {
    products: { create: answer('products.create') },
    prices: { create: answer('prices.create') },
    checkout: { sessions: { create: answer('checkout.sessions.create') } },
    subscriptions: {
      update: answer('subscriptions.update'),
      cancel: answer('subscriptions.cancel'),
      retrieve: answer('subscriptions.retrieve'),
    },
    invoicePayments: { list: answer('invoicePayments.list') },
    refunds: { create: answer('refunds.create'), list: answer('refunds.list') },
  };
  return { client: client as unknown as StripeClient, calls };
}

function adapter(client: StripeClient): StripeAdapter {
  return new StripeAdapter({ secretKey: 'sk_test_x', publishableKey: 'pk', webhookSecret: 'whsec_x' }, undefined, {
    client,
    now: () => now,
  });
}

function stripeError(status: number, error: Json): Error {
  return Stripe.errors.StripeError.generate({ ...error, statusCode: status, requestId: 'req_1' } as never);
}

/** The recorded subscription as Stripe answers for ours (basil+: the period on its item). */
function subscription(patch: Json = {}): Json {
  const sub = fixture('stripe/object.subscription.json');
  const items = sub.items as { data: Json[] };
  return {
    ...sub,
    id: 'sub_1',
    status: 'active',
    metadata: { subscription_id: 'subs_42', user_id: 'usr_9' },
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    trial_end: null,
    latest_invoice: 'in_1',
    items: {
      ...items,
      data: [{ ...items.data[0], current_period_start: PERIOD_START, current_period_end: PERIOD_END }],
    },
    ...patch,
  };
}

function invoice(patch: Json = {}): Json {
  return {
    id: 'in_1',
    object: 'invoice',
    status: 'paid',
    currency: 'eur',
    amount_due: 1900,
    amount_paid: 1900,
    attempted: true,
    hosted_invoice_url: 'https://invoice.stripe.com/i/acct_1/test_1',
    parent: {
      type: 'subscription_details',
      subscription_details: { subscription: 'sub_1', metadata: { subscription_id: 'subs_42' } },
    },
    lines: {
      data: [
        {
          id: 'il_1',
          period: { start: PERIOD_START, end: PERIOD_END },
          parent: { type: 'subscription_item_details', subscription_item_details: { subscription: 'sub_1' } },
        },
      ],
    },
    ...patch,
  };
}

const invoicePaymentPage = (paymentIntent: string | null) => ({
  object: 'list',
  has_more: false,
  data: paymentIntent
    ? [
        {
          id: 'inpay_1',
          object: 'invoice_payment',
          status: 'paid',
          invoice: 'in_1',
          payment: { type: 'payment_intent', payment_intent: paymentIntent },
        },
      ]
    : [],
});

const ref = { subscriptionId: 'subs_42', providerSubscriptionId: 'sub_1' };

describe('Stripe subscription parameters', () => {
  it('when creating a plan price, then a Product and a recurring Price point back at our plan price', () => {
    expect(planProductParams(price)).toEqual({ name: 'All access', metadata: { plan_price_id: 'pp_1' } });
    expect(planPriceParams({ ...price, interval: 'year', amount: money(500, 'JPY') }, 'prod_1')).toEqual({
      product: 'prod_1',
      currency: 'jpy',
      unit_amount: 500,
      recurring: { interval: 'year' },
      metadata: { plan_price_id: 'pp_1' },
    });
  });

  it('when building the subscription checkout for a customer, then it is subscription mode on our price, metadata on session and subscription, address and tax id collected', () => {
    expect(subscriptionCheckoutParams(request)).toEqual({
      mode: 'subscription',
      line_items: [{ price: 'price_1', quantity: 1 }],
      customer: 'cus_1',
      customer_update: { name: 'auto', address: 'auto' },
      billing_address_collection: 'required',
      tax_id_collection: { enabled: true },
      client_reference_id: 'subs_42',
      metadata: { subscription_id: 'subs_42', user_id: 'usr_9' },
      subscription_data: { metadata: { subscription_id: 'subs_42', user_id: 'usr_9' } },
      success_url: 'https://app.example/subscriptions/return?subscriptionId=subs_42&session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'https://app.example/plans',
    });
  });

  it('when there is no customer yet and the plan has a trial, then customer_email is sent and the trial days go to the subscription', () => {
    const params = subscriptionCheckoutParams({
      ...request,
      price: { ...price, trialDays: 14 },
      customer: { email: 'ada@example.com', name: 'Ada' },
    });
    expect(params).toMatchObject({
      customer_email: 'ada@example.com',
      subscription_data: { metadata: { subscription_id: 'subs_42', user_id: 'usr_9' }, trial_period_days: 14 },
    });
    expect(params).not.toHaveProperty('customer');
    expect(params).not.toHaveProperty('customer_update');
  });
});

describe('Stripe subscription calls', () => {
  it('when creating a plan price, then product and price are created with keys derived from our plan price id, and the price id comes back', async () => {
    const { client, calls } = fakeStripe({
      'products.create': [{ id: 'prod_1' }],
      'prices.create': [{ id: 'price_1' }],
    });
    await expect(adapter(client).subscriptions.createPlanPrice(price)).resolves.toBe('price_1');
    expect(calls.map((c) => [c.method, c.args[1]])).toEqual([
      ['products.create', { idempotencyKey: 'plan-product:pp_1' }],
      ['prices.create', { idempotencyKey: 'plan-price:pp_1' }],
    ]);
    expect((calls[1].args[0] as { product: string }).product).toBe('prod_1');
  });

  it('when creating the subscription checkout, then our key is used and the session id and url come back', async () => {
    const { client, calls } = fakeStripe({
      'checkout.sessions.create': [
        { id: 'cs_test_1', url: 'http://sandbox/c/pay/cs_test_1', expires_at: 1_800_000_000 },
      ],
    });
    await expect(adapter(client).subscriptions.createSubscriptionCheckout(request)).resolves.toEqual({
      providerSessionId: 'cs_test_1',
      checkoutUrl: 'http://sandbox/c/pay/cs_test_1',
      expiresAt: new Date(1_800_000_000 * 1000),
    });
    expect(calls[0].args[1]).toEqual({ idempotencyKey: 'subscription-checkout:subs_42' });
  });

  it("when Stripe refuses a second currency on the customer, then it is a conflict subscription_currency_locked in plain words, never Stripe's raw error", async () => {
    const locked = stripeError(400, {
      type: 'invalid_request_error',
      message:
        'You cannot combine currencies on a single customer. This customer has an active subscription, subscription schedule, discount, quote, or invoice item with currency usd.',
    });
    const { client } = fakeStripe({ 'checkout.sessions.create': [locked] });
    const err = await adapter(client)
      .subscriptions.createSubscriptionCheckout(request)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({
      kind: 'conflict',
      provider: 'stripe',
      code: 'subscription_currency_locked',
      details: expect.objectContaining({ currency: 'EUR', customerCurrency: 'USD' }),
    });
    expect((err as Error).message).not.toMatch(/cannot combine/);
    expect((err as Error).message).toMatch(/USD/);
    // Any call that meets it (not only the checkout) says the same.
    expect(translateStripeError(locked, 'subscriptions.create')).toMatchObject({
      kind: 'conflict',
      code: 'subscription_currency_locked',
    });
    // Another invalid request stays what it was.
    expect(
      translateStripeError(stripeError(400, { type: 'invalid_request_error', message: 'No such price' }), 'x'),
    ).toMatchObject({ kind: 'invalid_request', code: 'provider_rejected_request' });
  });

  it('when canceling at period end, then cancel_at_period_end is set with our key and the answer is the subscription still active, ending with its period', async () => {
    const { client, calls } = fakeStripe({
      'subscriptions.update': [subscription({ cancel_at_period_end: true, cancel_at: PERIOD_END })],
    });
    await expect(
      adapter(client).subscriptions.cancelSubscription(ref, { atPeriodEnd: true, idempotencyKey: 'cancel:subs_42:1' }),
    ).resolves.toEqual([
      {
        kind: 'SubscriptionChanged',
        provider: 'stripe',
        occurredAt: now,
        ref,
        status: 'active',
        currentPeriodStart: new Date(PERIOD_START * 1000),
        currentPeriodEnd: new Date(PERIOD_END * 1000),
        cancelAtPeriodEnd: true,
      },
    ]);
    expect(calls).toEqual([
      {
        method: 'subscriptions.update',
        args: ['sub_1', { cancel_at_period_end: true }, { idempotencyKey: 'cancel:subs_42:1' }],
      },
    ]);
  });

  it('when canceling now, then the subscription is canceled with our key and the answer is canceled', async () => {
    const { client, calls } = fakeStripe({
      'subscriptions.cancel': [subscription({ status: 'canceled', canceled_at: PERIOD_START + 100 })],
    });
    const [event] = await adapter(client).subscriptions.cancelSubscription(ref, {
      atPeriodEnd: false,
      idempotencyKey: 'cancel:subs_42:1',
    });
    expect(event).toMatchObject({ status: 'canceled', canceledAt: new Date((PERIOD_START + 100) * 1000) });
    expect(calls).toEqual([
      { method: 'subscriptions.cancel', args: ['sub_1', {}, { idempotencyKey: 'cancel:subs_42:1' }] },
    ]);
  });

  it("when the subscription is already canceled, then Stripe's refusal leads to reading it back and reporting it canceled; a live one keeps the error", async () => {
    const missing = stripeError(404, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      message: "No such subscription: 'sub_1'",
    });
    const canceled = fakeStripe({
      'subscriptions.cancel': [missing],
      'subscriptions.retrieve': [subscription({ status: 'canceled' })],
    });
    await expect(
      adapter(canceled.client).subscriptions.cancelSubscription(ref, { atPeriodEnd: false, idempotencyKey: 'k' }),
    ).resolves.toEqual([expect.objectContaining({ status: 'canceled' })]);
    const live = fakeStripe({ 'subscriptions.cancel': [missing], 'subscriptions.retrieve': [subscription()] });
    await expect(
      adapter(live.client).subscriptions.cancelSubscription(ref, { atPeriodEnd: false, idempotencyKey: 'k' }),
    ).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('when resuming, then cancel_at_period_end is cleared with our key; a subscription that ended cannot be resumed (conflict)', async () => {
    const { client, calls } = fakeStripe({ 'subscriptions.update': [subscription()] });
    await expect(adapter(client).subscriptions.resumeSubscription(ref, 'resume:subs_42:1')).resolves.toEqual([
      expect.objectContaining({ status: 'active', cancelAtPeriodEnd: false }),
    ]);
    expect(calls[0].args).toEqual(['sub_1', { cancel_at_period_end: false }, { idempotencyKey: 'resume:subs_42:1' }]);
    const ended = fakeStripe({
      'subscriptions.update': [
        stripeError(400, {
          type: 'invalid_request_error',
          message: 'A canceled subscription can only update its cancellation_details and metadata.',
        }),
      ],
      'subscriptions.retrieve': [subscription({ status: 'canceled' })],
    });
    await expect(adapter(ended.client).subscriptions.resumeSubscription(ref, 'k')).rejects.toMatchObject({
      kind: 'conflict',
      code: 'subscription_ended',
    });
  });

  it('when Stripe answers a subscription in a status we cannot read, then it is unavailable, not a guess', async () => {
    const { client } = fakeStripe({ 'subscriptions.update': [subscription({ status: 'something_new' })] });
    await expect(adapter(client).subscriptions.resumeSubscription(ref, 'k')).rejects.toMatchObject({
      kind: 'unavailable',
      code: 'provider_error',
    });
  });

  it("when getting a subscription whose latest invoice is paid with its payments included, then it is SubscriptionChanged and the cycle's payment with the PaymentIntent", async () => {
    const latest = invoice({
      payments: invoicePaymentPage('pi_1'),
    });
    const { client, calls } = fakeStripe({ 'subscriptions.retrieve': [subscription({ latest_invoice: latest })] });
    await expect(adapter(client).subscriptions.getSubscription(ref)).resolves.toEqual([
      expect.objectContaining({ kind: 'SubscriptionChanged', status: 'active', occurredAt: now }),
      {
        kind: 'SubscriptionPaymentSucceeded',
        provider: 'stripe',
        occurredAt: now,
        ref,
        providerInvoiceId: 'in_1',
        providerPaymentId: 'pi_1',
        amount: { amount: 1900, currency: 'EUR' },
        periodStart: new Date(PERIOD_START * 1000),
        periodEnd: new Date(PERIOD_END * 1000),
      },
    ]);
    expect(calls).toEqual([
      { method: 'subscriptions.retrieve', args: ['sub_1', { expand: ['latest_invoice.payments'] }] },
    ]);
  });

  it('when the paid latest invoice comes without its payments, then its InvoicePayments are listed for the PaymentIntent (basil quirk)', async () => {
    const { client, calls } = fakeStripe({
      'subscriptions.retrieve': [subscription({ latest_invoice: invoice() })],
      'invoicePayments.list': [invoicePaymentPage('pi_listed')],
    });
    const events = await adapter(client).subscriptions.getSubscription(ref);
    expect(events[1]).toMatchObject({ kind: 'SubscriptionPaymentSucceeded', providerPaymentId: 'pi_listed' });
    expect(calls[1]).toEqual({ method: 'invoicePayments.list', args: [{ invoice: 'in_1', limit: 10 }] });
  });

  it("when the latest invoice's metadata snapshot lacks our id, then the caller's ref fills it", async () => {
    const latest = invoice({
      payments: invoicePaymentPage('pi_1'),
      parent: { type: 'subscription_details', subscription_details: { subscription: 'sub_1', metadata: {} } },
    });
    const { client } = fakeStripe({ 'subscriptions.retrieve': [subscription({ latest_invoice: latest })] });
    const events = await adapter(client).subscriptions.getSubscription(ref);
    expect(events[1]).toMatchObject({ ref: { subscriptionId: 'subs_42', providerSubscriptionId: 'sub_1' } });
  });

  it('when the latest invoice failed after an attempt, then SubscriptionPaymentFailed follows; a $0 trial invoice or an unattempted one adds nothing', async () => {
    const failed = fakeStripe({
      'subscriptions.retrieve': [
        subscription({
          status: 'past_due',
          latest_invoice: invoice({ status: 'open', amount_paid: 0, next_payment_attempt: PERIOD_START + 86400 }),
        }),
      ],
    });
    expect((await adapter(failed.client).subscriptions.getSubscription(ref)).map((e) => e.kind)).toEqual([
      'SubscriptionChanged',
      'SubscriptionPaymentFailed',
    ]);
    for (const latest of [
      invoice({ amount_paid: 0, amount_due: 0, payments: invoicePaymentPage(null) }),
      invoice({ status: 'open', attempted: false, amount_paid: 0 }),
    ]) {
      const { client, calls } = fakeStripe({
        'subscriptions.retrieve': [subscription({ status: 'trialing', latest_invoice: latest })],
      });
      expect((await adapter(client).subscriptions.getSubscription(ref)).map((e) => e.kind)).toEqual([
        'SubscriptionChanged',
      ]);
      expect(calls.map((c) => c.method)).toEqual(['subscriptions.retrieve']);
    }
  });
});

describe('Stripe refunds of subscription payments', () => {
  const refund = {
    ...fixture('stripe/object.refund.json'),
    id: 're_1',
    amount: 1900,
    currency: 'eur',
    status: 'succeeded',
  };

  it('when refunding a cycle known by its invoice only, then the InvoicePayments give the PaymentIntent and it is refunded (basil quirk)', async () => {
    const { client, calls } = fakeStripe({
      'invoicePayments.list': [invoicePaymentPage('pi_cycle')],
      'refunds.create': [{ ...refund, payment_intent: 'pi_cycle', metadata: { refund_id: 'rf_1' } }],
    });
    await expect(
      adapter(client).refunds.refund({
        refundId: 'rf_1',
        ref: { paymentId: 'pay_sub_1', providerSessionId: 'in_1', kind: 'subscription' },
        amount: money(1900, 'EUR'),
        idempotencyKey: 'refund:pay_sub_1:1',
      }),
    ).resolves.toMatchObject({
      providerRefundId: 're_1',
      refundId: 'rf_1',
      ref: { paymentId: 'pay_sub_1', providerSessionId: 'in_1', providerPaymentId: 'pi_cycle', kind: 'subscription' },
    });
    expect(calls.map((c) => [c.method, c.args[0]])).toEqual([
      ['invoicePayments.list', { invoice: 'in_1', limit: 10 }],
      [
        'refunds.create',
        { payment_intent: 'pi_cycle', amount: 1900, metadata: { refund_id: 'rf_1', payment_id: 'pay_sub_1' } },
      ],
    ]);
  });

  it('when listing refunds of a cycle known by its invoice, then they are listed on its PaymentIntent; an invoice without payments has none', async () => {
    const listed = fakeStripe({
      'invoicePayments.list': [invoicePaymentPage('pi_cycle')],
      'refunds.list': [{ object: 'list', has_more: false, data: [{ ...refund, payment_intent: 'pi_cycle' }] }],
    });
    const ref = { providerSessionId: 'in_1', kind: 'subscription' as const };
    await expect(adapter(listed.client).refunds.listRefunds(ref)).resolves.toEqual([
      expect.objectContaining({
        providerRefundId: 're_1',
        ref: expect.objectContaining({ providerPaymentId: 'pi_cycle' }),
      }),
    ]);
    expect(listed.calls[1].args[0]).toMatchObject({ payment_intent: 'pi_cycle' });
    const none = fakeStripe({ 'invoicePayments.list': [invoicePaymentPage(null)] });
    await expect(adapter(none.client).refunds.listRefunds(ref)).resolves.toEqual([]);
    await expect(
      adapter(none.client).refunds.refund({ refundId: 'rf', ref, amount: money(100, 'EUR'), idempotencyKey: 'k' }),
    ).rejects.toMatchObject({ kind: 'conflict', code: 'not_refundable' });
  });
});
