import { money } from '../../../src/domain/money';
import type { SubscriptionCheckoutRequest, SubscriptionPlanPrice } from '../../../src/providers/payment-provider';
import {
  PayPalHttpError,
  PayPalNetworkError,
  type PayPalApi,
  type PayPalResponse,
} from '../../../src/providers/paypal/paypal-client';
import {
  billingPlanBody,
  catalogProductBody,
  subscriberName,
  subscriptionCreateBody,
} from '../../../src/providers/paypal/paypal-subscriptions';
import { PayPalAdapter } from '../../../src/providers/paypal/paypal.adapter';
import { fixture } from './fixtures';

type Json = Record<string, unknown>;

const now = new Date('2026-02-01T10:00:00Z');

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
  providerPriceId: 'P-5ML4271244454362WXNWU5NQ',
  customer: { email: 'ada@example.com', name: 'Ada King Lovelace' },
  returnUrl: 'https://app.example/subscriptions/return?subscriptionId=subs_42',
  cancelUrl: 'https://app.example/plans',
  idempotencyKey: 'subscription-checkout:subs_42',
};

const ref = { subscriptionId: 'subs_42', providerSubscriptionId: 'I-BW452GLLEP1G' };

function ok(result: Json | undefined, statusCode = 200): PayPalResponse<Json> {
  return { statusCode, headers: {}, result };
}
function httpError(status: number, body: Json): PayPalHttpError {
  return new PayPalHttpError(status, body, JSON.stringify(body));
}

type Handler = (...args: unknown[]) => PayPalResponse<Json> | Error;

/** A PayPalApi double that records calls and answers from per-method handlers. */
function fakeApi(handlers: Partial<Record<keyof PayPalApi, Handler>>) {
  const calls: Array<{ method: string; args: unknown[] }> = [];
  const api = new Proxy({} as PayPalApi, {
    get:
      (_target, method: string) =>
      (...args: unknown[]) => {
        calls.push({ method, args });
        const h = handlers[method as keyof PayPalApi];
        if (!h) return Promise.reject(new Error(`unexpected call ${method}`));
        const out = h(...args);
        return out instanceof Error ? Promise.reject(out) : Promise.resolve(out);
      },
  });
  return { api, calls };
}

function adapter(api: PayPalApi, brandName?: string): PayPalAdapter {
  return new PayPalAdapter({ clientId: 'cid', secret: 'sec', env: 'sandbox', webhookId: 'WH' }, undefined, {
    api,
    now: () => now,
    brandName,
  });
}

/** The recorded GET answer, made ours and paid up, in a given status. */
function subscription(status: string, patch: Json = {}): Json {
  const recorded = fixture('paypal/subscription.get.response.json');
  return {
    ...recorded,
    custom_id: 'subs_42',
    status,
    status_update_time: '2026-02-01T09:59:00Z',
    billing_info: {
      outstanding_balance: { currency_code: 'EUR', value: '0.00' },
      cycle_executions: [{ tenure_type: 'REGULAR', sequence: 1, cycles_completed: 1, total_cycles: 0 }],
      last_payment: { amount: { currency_code: 'EUR', value: '19.00' }, time: '2026-01-15T10:00:00Z' },
      next_billing_time: '2026-02-15T10:00:00Z',
      failed_payments_count: 0,
    },
    ...patch,
  };
}

describe('PayPal subscription request bodies', () => {
  it('when the plan price has no trial, then the plan is one REGULAR monthly cycle until canceled at the fixed price, three failures allowed', () => {
    expect(catalogProductBody(price)).toEqual({ name: 'All access', type: 'SERVICE' });
    expect(billingPlanBody(price, 'PROD-1')).toEqual({
      product_id: 'PROD-1',
      name: 'All access (monthly, EUR)',
      status: 'ACTIVE',
      billing_cycles: [
        {
          frequency: { interval_unit: 'MONTH', interval_count: 1 },
          tenure_type: 'REGULAR',
          sequence: 1,
          total_cycles: 0,
          pricing_scheme: { fixed_price: { currency_code: 'EUR', value: '19.00' } },
        },
      ],
      payment_preferences: {
        auto_bill_outstanding: true,
        payment_failure_threshold: 3,
        setup_fee_failure_action: 'CANCEL',
      },
    });
  });

  it('when the plan price has a trial, then a free TRIAL cycle of that many days comes first and the yearly REGULAR cycle second', () => {
    const body = billingPlanBody({ ...price, interval: 'year', trialDays: 14, amount: money(19000, 'JPY') }, 'PROD-1');
    expect(body.billing_cycles).toEqual([
      {
        frequency: { interval_unit: 'DAY', interval_count: 14 },
        tenure_type: 'TRIAL',
        sequence: 1,
        total_cycles: 1,
        pricing_scheme: { fixed_price: { currency_code: 'JPY', value: '0' } },
      },
      {
        frequency: { interval_unit: 'YEAR', interval_count: 1 },
        tenure_type: 'REGULAR',
        sequence: 2,
        total_cycles: 0,
        pricing_scheme: { fixed_price: { currency_code: 'JPY', value: '19000' } },
      },
    ]);
    expect(body.name).toBe('All access (yearly, JPY)');
  });

  it('when building the subscription, then it is our plan, our subscription id as custom_id, the subscriber, and a subscribe-now page without shipping', () => {
    expect(subscriptionCreateBody(request, 'LMS')).toEqual({
      plan_id: 'P-5ML4271244454362WXNWU5NQ',
      custom_id: 'subs_42',
      subscriber: { name: { given_name: 'Ada King', surname: 'Lovelace' }, email_address: 'ada@example.com' },
      application_context: {
        brand_name: 'LMS',
        user_action: 'SUBSCRIBE_NOW',
        shipping_preference: 'NO_SHIPPING',
        return_url: 'https://app.example/subscriptions/return?subscriptionId=subs_42',
        cancel_url: 'https://app.example/plans',
      },
    });
    expect(subscriptionCreateBody(request).application_context).not.toHaveProperty('brand_name');
  });

  it("when the subscriber's name is one word or blank, then it is the given name only, or no name", () => {
    expect(subscriberName('Plato')).toEqual({ given_name: 'Plato' });
    expect(subscriberName('  ')).toEqual({});
    expect(subscriptionCreateBody({ ...request, customer: { email: 'x@example.com', name: '' } }).subscriber).toEqual({
      email_address: 'x@example.com',
    });
  });
});

describe('PayPal subscription calls', () => {
  it('when creating a plan price, then the product and the plan are created with request ids derived from our plan price, and the P- id comes back', async () => {
    const { api, calls } = fakeApi({
      createProduct: () => ok({ id: 'PROD-XXCD1234QWER65782', name: 'All access' }, 201),
      createPlan: () => ok(fixture('paypal/plan.create.response.json'), 201),
    });
    await expect(adapter(api).subscriptions.createPlanPrice(price)).resolves.toBe('P-5ML4271244454362WXNWU5NQ');
    expect(calls.map((c) => [c.method, c.args[1]])).toEqual([
      ['createProduct', 'plan-product:pp_1'],
      ['createPlan', 'plan-price:pp_1'],
    ]);
    expect((calls[1].args[0] as Json).product_id).toBe('PROD-XXCD1234QWER65782');
  });

  it('when PayPal answers the product without an id, then it is unavailable and no plan is made', async () => {
    const { api, calls } = fakeApi({ createProduct: () => ok({}, 201) });
    await expect(adapter(api).subscriptions.createPlanPrice(price)).rejects.toMatchObject({
      kind: 'unavailable',
      code: 'provider_error',
    });
    expect(calls.map((c) => c.method)).toEqual(['createProduct']);
  });

  it('when creating the subscription checkout (recorded answer), then the I- id and its approve link come back, with our key as request id', async () => {
    const { api, calls } = fakeApi({
      createSubscription: () => ok(fixture('paypal/subscription.create.response.json'), 201),
    });
    await expect(adapter(api, 'LMS').subscriptions.createSubscriptionCheckout(request)).resolves.toEqual({
      providerSessionId: 'I-BW452GLLEP1G',
      checkoutUrl: 'https://www.paypal.com/webapps/billing/subscriptions?ba_token=BA-2M539689T3856352J',
    });
    expect(calls[0].args).toEqual([subscriptionCreateBody(request, 'LMS'), 'subscription-checkout:subs_42']);
  });

  it('when the answer has no approve link, then it is unavailable', async () => {
    const { api } = fakeApi({ createSubscription: () => ok({ id: 'I-1', links: [] }, 201) });
    await expect(adapter(api).subscriptions.createSubscriptionCheckout(request)).rejects.toMatchObject({
      kind: 'unavailable',
    });
  });

  it('when canceling (at period end or not), then PayPal cancels now with a reason and our key, and the subscription is read back canceled', async () => {
    const { api, calls } = fakeApi({
      cancelSubscription: () => ok(undefined, 204),
      getSubscription: () => ok(subscription('CANCELLED')),
    });
    await expect(
      adapter(api).subscriptions.cancelSubscription(ref, { atPeriodEnd: true, idempotencyKey: 'cancel:subs_42:1' }),
    ).resolves.toEqual([
      {
        kind: 'SubscriptionChanged',
        provider: 'paypal',
        occurredAt: now,
        ref,
        status: 'canceled',
        currentPeriodStart: new Date('2026-01-15T10:00:00Z'),
        currentPeriodEnd: new Date('2026-02-15T10:00:00Z'),
        canceledAt: new Date('2026-02-01T09:59:00Z'),
      },
    ]);
    expect(calls).toEqual([
      {
        method: 'cancelSubscription',
        args: ['I-BW452GLLEP1G', { reason: 'Canceled by the subscriber' }, 'cancel:subs_42:1'],
      },
      { method: 'getSubscription', args: ['I-BW452GLLEP1G'] },
    ]);
    expect(adapter(api).subscriptions.cancelsAtPeriodEnd).toBe(false);
  });

  it('when the subscription is already cancelled (422 SUBSCRIPTION_STATUS_INVALID), then it is read back and reported; one still pending approval is a conflict', async () => {
    const invalid = httpError(422, {
      name: 'UNPROCESSABLE_ENTITY',
      details: [
        { issue: 'SUBSCRIPTION_STATUS_INVALID', description: 'Invalid subscription status for cancel action.' },
      ],
      debug_id: 'd1',
    });
    const cancelled = fakeApi({
      cancelSubscription: () => invalid,
      getSubscription: () => ok(subscription('CANCELLED')),
    });
    await expect(
      adapter(cancelled.api).subscriptions.cancelSubscription(ref, { atPeriodEnd: false, idempotencyKey: 'k' }),
    ).resolves.toEqual([expect.objectContaining({ status: 'canceled' })]);
    const pending = fakeApi({
      cancelSubscription: () => invalid,
      getSubscription: () => ok(subscription('APPROVAL_PENDING')),
    });
    await expect(
      adapter(pending.api).subscriptions.cancelSubscription(ref, { atPeriodEnd: false, idempotencyKey: 'k' }),
    ).rejects.toMatchObject({ kind: 'conflict', code: 'subscription_status_invalid' });
  });

  it('when PayPal cannot be reached while canceling, then it is unavailable and nothing is read back', async () => {
    const { api, calls } = fakeApi({ cancelSubscription: () => new PayPalNetworkError(new Error('ECONNRESET')) });
    await expect(
      adapter(api).subscriptions.cancelSubscription(ref, { atPeriodEnd: false, idempotencyKey: 'k' }),
    ).rejects.toMatchObject({ kind: 'unavailable' });
    expect(calls.map((c) => c.method)).toEqual(['cancelSubscription']);
  });

  it('when resuming, then it is refused as a conflict resume_not_supported without asking PayPal', async () => {
    const { api, calls } = fakeApi({});
    await expect(adapter(api).subscriptions.resumeSubscription(ref, 'resume:subs_42:1')).rejects.toMatchObject({
      kind: 'conflict',
      provider: 'paypal',
      code: 'resume_not_supported',
    });
    expect(calls).toEqual([]);
  });

  it("when getting a subscription, then it is its SubscriptionChanged timed now, the caller's ids filling what PayPal lacks", async () => {
    const { api } = fakeApi({ getSubscription: () => ok({ ...subscription('ACTIVE'), custom_id: undefined }) });
    await expect(adapter(api).subscriptions.getSubscription(ref)).resolves.toEqual([
      expect.objectContaining({ kind: 'SubscriptionChanged', occurredAt: now, ref, status: 'active' }),
    ]);
  });

  it('when PayPal answers a status we do not know, then it is unavailable, not a guess', async () => {
    const { api } = fakeApi({ getSubscription: () => ok(subscription('PAUSED')) });
    await expect(adapter(api).subscriptions.getSubscription(ref)).rejects.toMatchObject({ kind: 'unavailable' });
  });
});

describe('PayPal refunds of subscription payments (v1 sales)', () => {
  const saleRef = { paymentId: 'pay_sub_1', providerPaymentId: '80021663DE681814L', kind: 'subscription' as const };
  const v1Refund = (patch: Json = {}): Json => ({
    id: '6EF29856LR8773329',
    state: 'completed',
    amount: { total: '19.00', currency: 'EUR' },
    sale_id: '80021663DE681814L',
    invoice_number: 'rf_1',
    create_time: '2026-02-01T10:00:00Z',
    ...patch,
  });

  it('when refunding a cycle, then its sale is refunded through v1 with the amount, our refund id as invoice_number and our key as request id', async () => {
    const { api, calls } = fakeApi({ refundSale: () => ok(v1Refund(), 201) });
    await expect(
      adapter(api).refunds.refund({
        refundId: 'rf_1',
        ref: saleRef,
        amount: money(1900, 'EUR'),
        reason: 'Asked within 14 days',
        idempotencyKey: 'refund:pay_sub_1:1',
      }),
    ).resolves.toEqual({
      kind: 'RefundUpdated',
      provider: 'paypal',
      occurredAt: now,
      ref: saleRef,
      providerRefundId: '6EF29856LR8773329',
      refundId: 'rf_1',
      amount: { amount: 1900, currency: 'EUR' },
      status: 'succeeded',
    });
    expect(calls).toEqual([
      {
        method: 'refundSale',
        args: [
          '80021663DE681814L',
          { amount: { total: '19.00', currency: 'EUR' }, invoice_number: 'rf_1', description: 'Asked within 14 days' },
          'refund:pay_sub_1:1',
        ],
      },
    ]);
  });

  it("when the sale is known only as the payment's invoice id, then that is refunded; with neither it is not refundable; a pending answer stays pending", async () => {
    const { api, calls } = fakeApi({ refundSale: () => ok({ id: 'R1', state: 'pending' }, 201) });
    await expect(
      adapter(api).refunds.refund({
        refundId: 'rf_2',
        ref: { providerSessionId: 'SALE2', kind: 'subscription' },
        amount: money(500, 'EUR'),
        idempotencyKey: 'k',
      }),
    ).resolves.toMatchObject({
      providerRefundId: 'R1',
      status: 'pending',
      refundId: 'rf_2',
      amount: { amount: 500, currency: 'EUR' },
      ref: { providerPaymentId: 'SALE2', kind: 'subscription' },
    });
    expect(calls[0].args[0]).toBe('SALE2');
    await expect(
      adapter(api).refunds.refund({
        refundId: 'r',
        ref: { kind: 'subscription' },
        amount: money(1, 'EUR'),
        idempotencyKey: 'k',
      }),
    ).rejects.toMatchObject({ kind: 'conflict', code: 'not_refundable' });
  });

  it('when PayPal answers 409 to a sale refund (same request id in flight), then it is unavailable: the refund may exist', async () => {
    const { api } = fakeApi({ refundSale: () => httpError(409, { name: 'CONFLICT', message: 'in progress' }) });
    await expect(
      adapter(api).refunds.refund({ refundId: 'r', ref: saleRef, amount: money(100, 'EUR'), idempotencyKey: 'k' }),
    ).rejects.toMatchObject({ kind: 'unavailable', code: 'request_in_progress' });
  });

  it('when reading one sale refund, then GET /v1/payments/refund/{id} is mapped; the v2 refund API is not asked', async () => {
    const { api, calls } = fakeApi({
      getSaleRefund: () => ok(v1Refund({ state: 'failed', invoice_number: undefined })),
    });
    await expect(adapter(api).refunds.getRefund('6EF29856LR8773329', saleRef)).resolves.toMatchObject({
      providerRefundId: '6EF29856LR8773329',
      status: 'failed',
      ref: saleRef,
    });
    expect(calls.map((c) => c.method)).toEqual(['getSaleRefund']);
  });

  it("when listing a sale's refunds, then there are none to list (v1 has no list) and PayPal is not asked", async () => {
    const { api, calls } = fakeApi({});
    await expect(adapter(api).refunds.listRefunds(saleRef)).resolves.toEqual([]);
    expect(calls).toEqual([]);
  });
});
