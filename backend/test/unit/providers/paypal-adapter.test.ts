import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { money } from '../../../src/domain/money';
import { AppError } from '../../../src/errors/app-error';
import { ProviderError } from '../../../src/errors/provider-error';
import { PayPalAdapter } from '../../../src/providers/paypal/paypal.adapter';
import { orderCreateBody } from '../../../src/providers/paypal/paypal-checkout';
import {
  createPayPalClient,
  PayPalHttpError,
  PayPalNetworkError,
  type PayPalApi,
  type PayPalResponse,
} from '../../../src/providers/paypal/paypal-client';
import { translatePayPalError } from '../../../src/providers/paypal/paypal-errors';
import { checkoutRequest } from '../../support/checkout-request';
import { fixture } from './fixtures';

type Json = Record<string, unknown>;

const now = new Date('2026-02-01T10:00:00Z');
const request = checkoutRequest({
  paymentId: 'pay_123',
  userId: 'usr_9',
  lineItem: { description: 'TypeScript in depth', amount: money(4900, 'EUR') },
  customer: { email: 'ada@example.com', name: 'Ada' },
  returnUrl: 'https://app.example/checkout/paypal/return',
  cancelUrl: 'https://app.example/checkout/cancel',
});

function ok(result: Json, statusCode = 201): PayPalResponse<Json> {
  return { statusCode, headers: {}, result };
}
function httpError(status: number, body: Json): PayPalHttpError {
  return new PayPalHttpError(status, body, JSON.stringify(body));
}

type Handler = (...args: unknown[]) => PayPalResponse<Json> | Error;

/** A PayPalApi double that records calls and answers from per-method handlers. */
function fakeApi(handlers: Partial<Record<keyof PayPalApi, Handler>>) {
  const calls: Array<{ method: string; args: unknown[] }> = [];
  const make =
    (method: keyof PayPalApi) =>
    (...args: unknown[]) => {
      calls.push({ method, args });
      const h = handlers[method];
      if (!h) return Promise.reject(new Error(`unexpected call ${method}`));
      const out = h(...args);
      return out instanceof Error ? Promise.reject(out) : Promise.resolve(out);
    };
  const api = {
    createOrder: make('createOrder'),
    getOrder: make('getOrder'),
    captureOrder: make('captureOrder'),
    refundCapture: make('refundCapture'),
    getCapture: make('getCapture'),
    getRefund: make('getRefund'),
    getDispute: make('getDispute'),
    execute: make('execute'),
  } as unknown as PayPalApi;
  return { api, calls };
}

function adapter(api: PayPalApi): PayPalAdapter {
  return new PayPalAdapter({ clientId: 'cid', secret: 'sec', env: 'sandbox', webhookId: 'WH' }, undefined, {
    api,
    now: () => now,
  });
}

const completedOrder = (status = 'COMPLETED'): Json => {
  const order = fixture('paypal/order.capture.response.json');
  const units = order.purchase_units as Json[];
  const unit = units[0] as { payments: { captures: Json[] } };
  return {
    ...order,
    purchase_units: [
      { ...unit, custom_id: 'pay_123', payments: { captures: [{ ...unit.payments.captures[0], status }] } },
    ],
  };
};

describe('PayPal order creation', () => {
  it('when building the order, then it is a CAPTURE order of one unit pointing at our payment, paying now', () => {
    expect(orderCreateBody(request)).toEqual({
      intent: 'CAPTURE',
      purchase_units: [
        {
          reference_id: 'pay_123',
          custom_id: 'pay_123',
          invoice_id: 'pay_123',
          description: 'TypeScript in depth',
          amount: { currency_code: 'EUR', value: '49.00' },
        },
      ],
      payment_source: {
        paypal: {
          experience_context: {
            return_url: request.returnUrl,
            cancel_url: request.cancelUrl,
            user_action: 'PAY_NOW',
            shipping_preference: 'NO_SHIPPING',
          },
        },
      },
    });
    expect(
      (
        orderCreateBody({ ...request, lineItem: { ...request.lineItem, amount: money(1500, 'JPY') } })
          .purchase_units as Json[]
      )[0].amount,
    ).toEqual({
      currency_code: 'JPY',
      value: '1500',
    });
  });

  it('when PayPal answers with an approve link, then it is the checkout URL; a payer-action link works too', async () => {
    const { api, calls } = fakeApi({ createOrder: () => ok(fixture('paypal/order.create.response.json')) });
    await expect(adapter(api).checkout.createCheckout(request)).resolves.toEqual({
      providerSessionId: '5O190127TN364715T',
      checkoutUrl: 'https://www.paypal.com/checkoutnow?token=5O190127TN364715T',
    });
    expect(calls[0].args[1]).toBe('checkout:pay_123');

    const payerAction = fakeApi({
      createOrder: () => ok(fixture('paypal/order.create.response.eps-payer-action-required.json')),
    });
    await expect(adapter(payerAction.api).checkout.createCheckout(request)).resolves.toEqual({
      providerSessionId: '1BV95196WW992540E',
      checkoutUrl: 'https://www.sandbox.paypal.com/payment/eps?token=1BV95196WW992540E',
    });
  });

  it('when PayPal is down, then creating the checkout is unavailable', async () => {
    const { api } = fakeApi({ createOrder: () => httpError(500, fixture('paypal/error.internal_server_error.json')) });
    const err: unknown = await adapter(api)
      .checkout.createCheckout(request)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ kind: 'unavailable', code: 'provider_unavailable' });
  });
});

describe('PayPal capture', () => {
  const ref = { paymentId: 'pay_123', providerSessionId: '5O190127TN364715T' };

  it('when the capture completes, then it is PaymentSucceeded for the captured amount, with capture id and our payment id', async () => {
    const { api, calls } = fakeApi({ captureOrder: () => ok(completedOrder()) });
    await expect(adapter(api).checkout.capture(ref, 'capture:pay_123')).resolves.toEqual([
      {
        kind: 'PaymentSucceeded',
        provider: 'paypal',
        occurredAt: new Date('2018-04-01T21:20:49Z'),
        ref: { paymentId: 'pay_123', providerSessionId: '5O190127TN364715T', providerPaymentId: '3C679366HH908993F' },
        amount: { amount: 10000, currency: 'USD' },
        // The capture answer's payer (no address in this recorded example).
        buyer: { name: 'John Doe', email: 'customer@example.com', taxIds: [] },
      },
    ]);
    expect(calls).toEqual([{ method: 'captureOrder', args: ['5O190127TN364715T', 'capture:pay_123'] }]);
  });

  it('when the capture is pending or declined, then it is PaymentProcessing or PaymentFailed', async () => {
    const pending = fakeApi({ captureOrder: () => ok(completedOrder('PENDING')) });
    await expect(adapter(pending.api).checkout.capture(ref, 'k')).resolves.toEqual([
      expect.objectContaining({ kind: 'PaymentProcessing' }),
    ]);
    const declined = fakeApi({ captureOrder: () => ok(completedOrder('DECLINED')) });
    await expect(adapter(declined.api).checkout.capture(ref, 'k')).resolves.toEqual([
      expect.objectContaining({ kind: 'PaymentFailed', failureCode: 'capture_declined' }),
    ]);
  });

  it('when PayPal answers 422 INSTRUMENT_DECLINED (recorded), then it is PaymentFailed instrument_declined, not an error', async () => {
    const { api } = fakeApi({
      captureOrder: () => httpError(422, fixture('paypal/error.orders.capture.422.INSTRUMENT_DECLINED.json')),
    });
    await expect(adapter(api).checkout.capture(ref, 'k')).resolves.toEqual([
      {
        kind: 'PaymentFailed',
        provider: 'paypal',
        occurredAt: now,
        ref,
        failureCode: 'instrument_declined',
        failureReason: expect.stringMatching(/declined/),
      },
    ]);
  });

  it('when the order was already captured, then the order is fetched and its capture reported (capturing twice is harmless)', async () => {
    const { api, calls } = fakeApi({
      captureOrder: () =>
        httpError(422, {
          name: 'UNPROCESSABLE_ENTITY',
          details: [{ issue: 'ORDER_ALREADY_CAPTURED', description: 'Order already captured.' }],
        }),
      getOrder: () => ok(completedOrder(), 200),
    });
    await expect(adapter(api).checkout.capture(ref, 'k')).resolves.toEqual([
      expect.objectContaining({ kind: 'PaymentSucceeded', amount: { amount: 10000, currency: 'USD' } }),
    ]);
    expect(calls.map((c) => c.method)).toEqual(['captureOrder', 'getOrder']);
  });

  it('when the buyer has not approved the order, then it is a conflict the user can act on', async () => {
    const { api } = fakeApi({
      captureOrder: () =>
        httpError(422, {
          name: 'UNPROCESSABLE_ENTITY',
          details: [{ issue: 'ORDER_NOT_APPROVED', description: 'Payer has not yet approved the Order for payment.' }],
        }),
    });
    await expect(adapter(api).checkout.capture(ref, 'k')).rejects.toMatchObject({
      kind: 'conflict',
      code: 'order_not_approved',
    });
  });

  it('when PayPal cannot be reached, then capture is unavailable (and the SDK error does not leak)', async () => {
    const { api } = fakeApi({ captureOrder: () => new PayPalNetworkError(new Error('ECONNREFUSED')) });
    const err: unknown = await adapter(api)
      .checkout.capture(ref, 'k')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ kind: 'unavailable', code: 'provider_unavailable' });
  });
});

describe('PayPal refunds', () => {
  const ours = {
    refundId: 'ref_1',
    ref: { paymentId: 'pay_1', providerPaymentId: '2GG279541U471931P' },
    amount: money(1099, 'USD'),
    reason: 'Defective product',
    idempotencyKey: 'refund:pay_1:1',
  };
  const refused = (status: number, issue: string, name = 'UNPROCESSABLE_ENTITY') =>
    fakeApi({
      refundCapture: () =>
        httpError(status, { name, details: [{ issue, description: `PayPal says ${issue}` }], debug_id: 'dbg1' }),
    });

  it('when refunding a capture, then PayPal gets the amount, custom_id = our payment id, invoice_id = our refund id, the note, and our key as PayPal-Request-Id', async () => {
    const answer = { ...fixture('paypal/refund.get.response.json'), invoice_id: 'ref_1', custom_id: 'pay_1' };
    const { api, calls } = fakeApi({ refundCapture: () => ok(answer) });
    await expect(adapter(api).refunds.refund(ours)).resolves.toEqual({
      kind: 'RefundUpdated',
      provider: 'paypal',
      occurredAt: now,
      ref: { paymentId: 'pay_1', providerPaymentId: '2GG279541U471931P' },
      providerRefundId: '1JU08902781691411',
      refundId: 'ref_1',
      amount: { amount: 1099, currency: 'USD' },
      status: 'succeeded',
    });
    expect(calls).toEqual([
      {
        method: 'refundCapture',
        args: [
          '2GG279541U471931P',
          {
            amount: { currency_code: 'USD', value: '10.99' },
            invoice_id: 'ref_1',
            custom_id: 'pay_1',
            note_to_payer: 'Defective product',
          },
          'refund:pay_1:1',
        ],
      },
    ]);
  });

  it('when PayPal answers minimally (id, status, links: the recorded answer), then the amount and our ids come from the request', async () => {
    const { api } = fakeApi({ refundCapture: () => ok(fixture('paypal/capture.refund.response.minimal.json')) });
    await expect(adapter(api).refunds.refund({ ...ours, reason: 'x'.repeat(300) })).resolves.toMatchObject({
      providerRefundId: '1JU08902781691411',
      refundId: 'ref_1',
      amount: { amount: 1099, currency: 'USD' },
      status: 'succeeded',
      ref: { paymentId: 'pay_1', providerPaymentId: '2GG279541U471931P' },
    });
  });

  it('when the refund stays PENDING, then it is a pending RefundUpdated (PayPal settles it later)', async () => {
    const { api, calls } = fakeApi({
      refundCapture: () => ok({ id: 'R1', status: 'PENDING', status_details: { reason: 'ECHECK' } }),
    });
    await expect(adapter(api).refunds.refund({ ...ours, reason: 'y'.repeat(300) })).resolves.toMatchObject({
      providerRefundId: 'R1',
      status: 'pending',
    });
    expect((calls[0].args[1] as Json).note_to_payer).toHaveLength(255);
  });

  it('when only the order is known, then the refund finds its capture first', async () => {
    const { api, calls } = fakeApi({
      getOrder: () => ok(completedOrder(), 200),
      refundCapture: () => ok({ id: 'R1', status: 'COMPLETED' }),
    });
    await expect(
      adapter(api).refunds.refund({ ...ours, ref: { providerSessionId: '5O190127TN364715T' } }),
    ).resolves.toMatchObject({
      providerRefundId: 'R1',
      ref: { providerSessionId: '5O190127TN364715T', providerPaymentId: '3C679366HH908993F' },
    });
    expect(calls[1].args[0]).toBe('3C679366HH908993F');
  });

  it.each([
    ['CAPTURE_FULLY_REFUNDED', 422, 'conflict', 'already_refunded'],
    ['REFUND_NOT_ALLOWED', 422, 'conflict', 'not_refundable'],
    ['TRANSACTION_DISPUTED', 422, 'conflict', 'payment_disputed'],
    ['REFUND_NOT_PERMITTED_DUE_TO_CHARGEBACK', 422, 'conflict', 'payment_disputed'],
    ['PENDING_CAPTURE', 422, 'conflict', 'payment_not_settled'],
    ['REFUND_TIME_LIMIT_EXCEEDED', 422, 'conflict', 'refund_window_closed'],
    ['REFUND_AMOUNT_EXCEEDED', 422, 'rejected', 'refund_amount_exceeded'],
    ['REFUND_FAILED_INSUFFICIENT_FUNDS', 422, 'rejected', 'insufficient_merchant_balance'],
    ['PERMISSION_DENIED', 403, 'rejected', 'refund_not_permitted'],
    ['REFUND_CAPTURE_CURRENCY_MISMATCH', 422, 'invalid_request', 'currency_mismatch'],
  ])(
    'when PayPal refuses the refund with %s (%i), then it is a definite %s ProviderError %s',
    async (issue, status, kind, code) => {
      const { api } = refused(status, issue, status === 403 ? 'NOT_AUTHORIZED' : 'UNPROCESSABLE_ENTITY');
      const err: unknown = await adapter(api)
        .refunds.refund(ours)
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProviderError);
      expect(err).toMatchObject({ kind, code, details: { provider: 'paypal', debugId: 'dbg1', issues: [issue] } });
    },
  );

  it('when PayPal fails, times out or is still processing the same request id, then the refund is unavailable (it may exist: ask later)', async () => {
    const outcomes = [
      httpError(500, fixture('paypal/error.internal_server_error.json')),
      new PayPalNetworkError(new Error('ETIMEDOUT')),
      httpError(409, { name: 'RESOURCE_CONFLICT', details: [{ issue: 'CONCURRENT_REQUEST' }] }),
    ];
    for (const outcome of outcomes) {
      const { api } = fakeApi({ refundCapture: () => outcome });
      await expect(adapter(api).refunds.refund(ours)).rejects.toMatchObject({ kind: 'unavailable' });
    }
  });

  it('when PayPal says DUPLICATE_INVOICE_ID, then the refund with our id is found on the order and returned instead of an error', async () => {
    const order = completedOrder('PARTIALLY_REFUNDED');
    const unit = (order.purchase_units as Json[])[0] as Json & { payments: Json };
    const existing = {
      ...fixture('paypal/refund.get.response.json'),
      invoice_id: 'ref_1',
      custom_id: 'pay_1',
      links: [{ rel: 'up', method: 'GET', href: 'https://api.paypal.com/v2/payments/captures/3C679366HH908993F' }],
    };
    const withRefund = { ...order, purchase_units: [{ ...unit, payments: { ...unit.payments, refunds: [existing] } }] };
    const { api, calls } = fakeApi({
      refundCapture: () =>
        httpError(422, { name: 'UNPROCESSABLE_ENTITY', details: [{ issue: 'DUPLICATE_INVOICE_ID' }] }),
      getCapture: () =>
        ok({ id: '3C679366HH908993F', supplementary_data: { related_ids: { order_id: '5O190127TN364715T' } } }, 200),
      getOrder: () => ok(withRefund, 200),
    });
    await expect(
      adapter(api).refunds.refund({ ...ours, ref: { paymentId: 'pay_1', providerPaymentId: '3C679366HH908993F' } }),
    ).resolves.toMatchObject({ providerRefundId: '1JU08902781691411', refundId: 'ref_1', status: 'succeeded' });
    expect(calls.map((c) => c.method)).toEqual(['refundCapture', 'getCapture', 'getOrder']);

    const { api: nothing } = fakeApi({
      refundCapture: () =>
        httpError(422, { name: 'UNPROCESSABLE_ENTITY', details: [{ issue: 'DUPLICATE_INVOICE_ID' }] }),
      getCapture: () => ok({ id: 'C1', supplementary_data: { related_ids: { order_id: 'O1' } } }, 200),
      getOrder: () => ok(completedOrder(), 200),
    });
    await expect(adapter(nothing).refunds.refund({ ...ours, ref: { providerPaymentId: 'C1' } })).rejects.toMatchObject({
      kind: 'conflict',
      code: 'refund_already_exists',
    });
  });

  it('when asking for one refund, then GET /v2/payments/refunds/{id} is mapped with our ids, timed now', async () => {
    const { api, calls } = fakeApi({
      getRefund: () =>
        ok({ ...fixture('paypal/refund.get.response.json'), custom_id: 'pay_1', status: 'PENDING' }, 200),
    });
    await expect(adapter(api).refunds.getRefund('1JU08902781691411', { paymentId: 'pay_1' })).resolves.toEqual({
      kind: 'RefundUpdated',
      provider: 'paypal',
      occurredAt: now,
      ref: { paymentId: 'pay_1', providerPaymentId: '2GG279541U471931P' },
      providerRefundId: '1JU08902781691411',
      refundId: 'INVOICE-123',
      amount: { amount: 1099, currency: 'USD' },
      status: 'pending',
    });
    expect(calls).toEqual([{ method: 'getRefund', args: ['1JU08902781691411'] }]);
    const { api: missing } = fakeApi({
      getRefund: () => httpError(404, { name: 'RESOURCE_NOT_FOUND', details: [{ issue: 'INVALID_RESOURCE_ID' }] }),
    });
    await expect(adapter(missing).refunds.getRefund('X', {})).rejects.toMatchObject({ kind: 'not_found' });
  });

  it("when listing a payment's refunds, then the order's payments.refunds are mapped: ours with our ids, the dashboard's without", async () => {
    const order = completedOrder('PARTIALLY_REFUNDED');
    const unit = (order.purchase_units as Json[])[0] as Json & { payments: Json };
    const mine = {
      id: 'R1',
      status: 'COMPLETED',
      amount: { currency_code: 'USD', value: '10.00' },
      custom_id: 'pay_123',
      invoice_id: 'ref_9',
    };
    const dashboard = {
      id: 'R2',
      status: 'PENDING',
      amount: { currency_code: 'USD', value: '5.00' },
      invoice_id: 'typed-by-merchant',
    };
    const listed = {
      ...order,
      purchase_units: [{ ...unit, payments: { ...unit.payments, refunds: [mine, dashboard] } }],
    };
    const { api } = fakeApi({ getOrder: () => ok(listed, 200) });
    const refunds = await adapter(api).refunds.listRefunds({ providerSessionId: '5O190127TN364715T' });
    const ref = {
      paymentId: 'pay_123',
      providerSessionId: '5O190127TN364715T',
      providerPaymentId: '3C679366HH908993F',
    };
    expect(refunds).toEqual([
      {
        kind: 'RefundUpdated',
        provider: 'paypal',
        occurredAt: now,
        ref,
        providerRefundId: 'R1',
        refundId: 'ref_9',
        amount: { amount: 1000, currency: 'USD' },
        status: 'succeeded',
      },
      {
        kind: 'RefundUpdated',
        provider: 'paypal',
        occurredAt: now,
        ref,
        providerRefundId: 'R2',
        amount: { amount: 500, currency: 'USD' },
        status: 'pending',
      },
    ]);
    await expect(
      adapter(fakeApi({ getOrder: () => ok(completedOrder(), 200) }).api).refunds.listRefunds({
        providerSessionId: 'O1',
      }),
    ).resolves.toEqual([]);
  });

  it('when listing refunds knowing only the capture, then the capture leads to its order; knowing nothing is invalid', async () => {
    const { api, calls } = fakeApi({
      getCapture: () =>
        ok(
          { id: 'C1', links: [{ rel: 'up', method: 'GET', href: 'https://api.paypal.com/v2/checkout/orders/O1' }] },
          200,
        ),
      getOrder: () => ok(completedOrder(), 200),
    });
    await expect(adapter(api).refunds.listRefunds({ providerPaymentId: 'C1' })).resolves.toEqual([]);
    expect(calls).toEqual([
      { method: 'getCapture', args: ['C1'] },
      { method: 'getOrder', args: ['O1'] },
    ]);
    await expect(adapter(api).refunds.listRefunds({ paymentId: 'pay_1' })).rejects.toMatchObject({
      kind: 'invalid_request',
    });
  });
});

describe('PayPal disputes and expiring checkouts', () => {
  it('when fetching a dispute, then GET /v1/customer/disputes/{id} is mapped to DisputeUpdated timed now', async () => {
    const { api, calls } = fakeApi({ getDispute: () => ok(fixture('paypal/dispute.get.response.json'), 200) });
    await expect(adapter(api).disputes.getDispute('PP-D-4012')).resolves.toEqual({
      kind: 'DisputeUpdated',
      provider: 'paypal',
      occurredAt: now,
      ref: { providerPaymentId: '3BC38643YC807283D' },
      providerDisputeId: 'PP-D-4012',
      amount: { amount: 9600, currency: 'USD' },
      reason: 'merchandise_or_service_not_as_described',
      status: 'lost',
      fundsWithdrawn: true,
    });
    expect(calls).toEqual([{ method: 'getDispute', args: ['PP-D-4012'] }]);
    await expect(
      adapter(fakeApi({ getDispute: () => ok({}, 200) }).api).disputes.getDispute('X'),
    ).rejects.toMatchObject({
      kind: 'unavailable',
    });
  });

  it('when expiring a checkout, then an open order is unsupported, a paid one already_paid, a closed or forgotten one expired', async () => {
    const expire = (answer: PayPalResponse<Json> | Error) =>
      adapter(fakeApi({ getOrder: () => answer }).api).checkout.expireCheckout({ providerSessionId: 'O1' });
    await expect(expire(ok({ id: 'O1', status: 'CREATED' }, 200))).resolves.toBe('unsupported');
    await expect(expire(ok({ id: 'O1', status: 'PAYER_ACTION_REQUIRED' }, 200))).resolves.toBe('unsupported');
    await expect(expire(ok({ id: 'O1', status: 'APPROVED' }, 200))).resolves.toBe('unsupported');
    await expect(expire(ok(completedOrder(), 200))).resolves.toBe('already_paid');
    await expect(expire(ok(completedOrder('PENDING'), 200))).resolves.toBe('already_paid');
    await expect(expire(ok(completedOrder('REFUNDED'), 200))).resolves.toBe('already_paid');
    await expect(expire(ok({ id: 'O1', status: 'COMPLETED' }, 200))).resolves.toBe('already_paid');
    await expect(expire(ok(completedOrder('DECLINED'), 200))).resolves.toBe('expired');
    await expect(expire(ok({ id: 'O1', status: 'VOIDED' }, 200))).resolves.toBe('expired');
    await expect(
      expire(httpError(404, { name: 'RESOURCE_NOT_FOUND', details: [{ issue: 'INVALID_RESOURCE_ID' }] })),
    ).resolves.toBe('expired');
    await expect(expire(httpError(503, { name: 'SERVICE_UNAVAILABLE' }))).rejects.toMatchObject({
      kind: 'unavailable',
    });
  });

  it('when expiring with only a capture id, then the capture decides; with no id it is invalid', async () => {
    const byCapture = (status: string) =>
      adapter(fakeApi({ getCapture: () => ok({ id: 'C1', status }, 200) }).api).checkout.expireCheckout({
        providerPaymentId: 'C1',
      });
    await expect(byCapture('COMPLETED')).resolves.toBe('already_paid');
    await expect(byCapture('DECLINED')).resolves.toBe('expired');
    await expect(adapter(fakeApi({}).api).checkout.expireCheckout({ paymentId: 'pay_1' })).rejects.toMatchObject({
      kind: 'invalid_request',
    });
  });
});

describe('PayPal payment state', () => {
  it('when fetching state, then the order status decides: APPROVED, COMPLETED, VOIDED, CREATED', async () => {
    const answer = (order: Json) =>
      adapter(fakeApi({ getOrder: () => ok(order, 200) }).api).checkout.getPaymentState({
        paymentId: 'pay_123',
        providerSessionId: 'O1',
      });
    await expect(answer({ id: 'O1', status: 'APPROVED' })).resolves.toEqual([
      {
        kind: 'PaymentApproved',
        provider: 'paypal',
        occurredAt: now,
        ref: { paymentId: 'pay_123', providerSessionId: 'O1' },
      },
    ]);
    await expect(answer(completedOrder())).resolves.toEqual([
      expect.objectContaining({ kind: 'PaymentSucceeded', occurredAt: now }),
    ]);
    await expect(answer({ id: 'O1', status: 'VOIDED' })).resolves.toEqual([
      expect.objectContaining({ kind: 'PaymentCanceled' }),
    ]);
    await expect(answer({ id: 'O1', status: 'CREATED' })).resolves.toEqual([]);
  });
});

describe('PayPal error translation', () => {
  it('when PayPal declines an instrument outside capture, then it is declined; 401 is misconfigured; 404 is not_found', () => {
    expect(
      translatePayPalError(httpError(422, fixture('paypal/error.orders.capture.422.INSTRUMENT_DECLINED.json')), 'x'),
    ).toMatchObject({ kind: 'declined', code: 'payment_declined' });
    expect(
      translatePayPalError(
        httpError(401, { error: 'invalid_client', error_description: 'Client Authentication failed' }),
        'x',
      ),
    ).toMatchObject({ kind: 'misconfigured' });
    expect(
      translatePayPalError(
        httpError(404, { name: 'RESOURCE_NOT_FOUND', details: [{ issue: 'INVALID_RESOURCE_ID' }] }),
        'x',
      ),
    ).toMatchObject({ kind: 'not_found' });
    const mine = new AppError(400, 'x', 'y');
    expect(translatePayPalError(mine, 'x')).toBe(mine);
  });
});

/** A tiny stand-in for PayPal's REST API to check the SDK plumbing of paypal-client.ts. */
describe('PayPal client over HTTP (real SDK, local stub server)', () => {
  let server: Server;
  let base: URL;
  const seen: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> = [];
  let failNext = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        res.setHeader('Content-Type', 'application/json');
        if (req.url === '/v1/oauth2/token') {
          res.end(JSON.stringify({ access_token: 'A21AA-test', token_type: 'Bearer', expires_in: 32400 }));
          return;
        }
        if (failNext > 0) {
          failNext--;
          res.statusCode = 503;
          res.end(JSON.stringify({ name: 'SERVICE_UNAVAILABLE', message: 'try later', debug_id: 'abc' }));
          return;
        }
        if (req.url?.startsWith('/v2/checkout/orders?')) {
          res.statusCode = 201;
          res.end(JSON.stringify(fixture('paypal/order.create.response.json')));
          return;
        }
        if (req.url?.startsWith('/v2/checkout/orders/SLOW')) {
          setTimeout(() => res.end(JSON.stringify({ id: 'SLOW', status: 'APPROVED' })), 400);
          return;
        }
        if (req.url?.startsWith('/v2/checkout/orders/MISSING')) {
          res.statusCode = 404;
          res.end(
            JSON.stringify({
              name: 'RESOURCE_NOT_FOUND',
              details: [{ issue: 'INVALID_RESOURCE_ID', description: 'Specified resource ID does not exist.' }],
              debug_id: 'd1',
            }),
          );
          return;
        }
        res.statusCode = 200;
        res.end(JSON.stringify({ id: 'X', status: 'APPROVED' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  function client() {
    // A unique client id per test: the SDK caches tokens per client id process-wide.
    return createPayPalClient(
      { clientId: `cid-${Math.random()}`, secret: 'sec', env: 'sandbox', webhookId: 'WH', apiBase: base },
      { retryDelayMs: 5 },
    );
  }

  it('when creating an order, then the SDK gets a token and sends JSON with PayPal-Request-Id and Prefer headers', async () => {
    seen.length = 0;
    const response = await client().createOrder({ intent: 'CAPTURE' }, 'checkout:pay_1');
    expect(response.result).toMatchObject({ id: '5O190127TN364715T' });
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(['POST /v1/oauth2/token', 'POST /v2/checkout/orders?']);
    const order = seen[1];
    expect(order.headers['paypal-request-id']).toBe('checkout:pay_1');
    expect(order.headers.prefer).toBe('return=representation');
    expect(order.headers.authorization).toBe('Bearer A21AA-test');
    expect(JSON.parse(order.body)).toEqual({ intent: 'CAPTURE' });
  });

  it('when PayPal answers 503 once to an idempotent request, then it is retried; a 404 becomes PayPalHttpError with issues', async () => {
    const c = client();
    failNext = 1;
    seen.length = 0;
    await expect(c.getOrder('O1')).resolves.toMatchObject({ result: { status: 'APPROVED' } });
    expect(seen.filter((s) => s.url.startsWith('/v2/checkout/orders/O1')).length).toBe(2);
    const err: unknown = await c.getOrder('MISSING').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PayPalHttpError);
    expect((err as PayPalHttpError).issues).toEqual(['INVALID_RESOURCE_ID']);
  });

  it('when a custom request is executed, then it reaches the path with JSON content type', async () => {
    seen.length = 0;
    await client().execute({ path: '/v1/billing/subscriptions/I-1', verb: 'GET' });
    expect(seen.at(-1)).toMatchObject({ method: 'GET', url: '/v1/billing/subscriptions/I-1' });
  });

  it('when calling the v1 billing and sale APIs, then each reaches its path as JSON; POSTs carry our request id and ask for the full resource', async () => {
    const c = client();
    seen.length = 0;
    await c.createProduct({ name: 'All access', type: 'SERVICE' }, 'plan-product:pp_1');
    await c.createPlan({ product_id: 'PROD-1' }, 'plan-price:pp_1');
    await c.createSubscription({ plan_id: 'P-1' }, 'subscription-checkout:subs_1');
    await c.getSubscription('I-1');
    await c.cancelSubscription('I-1', { reason: 'Canceled by the subscriber' }, 'cancel:subs_1');
    await c.getSale('SALE1');
    await c.refundSale('SALE1', { amount: { total: '1.00', currency: 'EUR' } }, 'refund:pay_1:1');
    await c.getSaleRefund('REF1');
    const calls = seen.filter((s) => s.url !== '/v1/oauth2/token');
    expect(calls.map((s) => [s.method, s.url, s.headers['paypal-request-id'], s.headers.prefer])).toEqual([
      ['POST', '/v1/catalogs/products', 'plan-product:pp_1', 'return=representation'],
      ['POST', '/v1/billing/plans', 'plan-price:pp_1', 'return=representation'],
      ['POST', '/v1/billing/subscriptions', 'subscription-checkout:subs_1', 'return=representation'],
      ['GET', '/v1/billing/subscriptions/I-1', undefined, undefined],
      ['POST', '/v1/billing/subscriptions/I-1/cancel', 'cancel:subs_1', 'return=representation'],
      ['GET', '/v1/payments/sale/SALE1', undefined, undefined],
      ['POST', '/v1/payments/sale/SALE1/refund', 'refund:pay_1:1', 'return=representation'],
      ['GET', '/v1/payments/refund/REF1', undefined, undefined],
    ]);
    for (const s of calls) expect(s.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(calls[4].body)).toEqual({ reason: 'Canceled by the subscriber' });
  });

  it('when PayPal does not answer within the timeout, then the call fails as a PayPalNetworkError', async () => {
    const slow = createPayPalClient(
      { clientId: `cid-${Math.random()}`, secret: 's', env: 'sandbox', webhookId: 'W', apiBase: base },
      { maxAttempts: 1, timeoutMs: 100 },
    );
    await expect(slow.getOrder('SLOW')).rejects.toBeInstanceOf(PayPalNetworkError);
  });

  it('when nothing listens at the base URL, then the error is a PayPalNetworkError', async () => {
    const dead = createPayPalClient(
      {
        clientId: `cid-${Math.random()}`,
        secret: 's',
        env: 'sandbox',
        webhookId: 'W',
        apiBase: new URL('http://127.0.0.1:1'),
      },
      { maxAttempts: 1 },
    );
    await expect(dead.getOrder('O1')).rejects.toBeInstanceOf(PayPalNetworkError);
  });
});
