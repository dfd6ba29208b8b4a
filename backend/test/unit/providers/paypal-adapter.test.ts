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

describe('PayPal refunds and state', () => {
  it('when refunding a capture, then the amount goes as a PayPal amount with our request id and the status is mapped', async () => {
    const { api, calls } = fakeApi({ refundCapture: () => ok(fixture('paypal/capture.refund.response.minimal.json')) });
    await expect(
      adapter(api).refunds.refund({
        ref: { providerPaymentId: '2GG279541U471931P' },
        amount: money(1099, 'USD'),
        reason: 'Defective product',
        idempotencyKey: 'refund:pay_1:1',
      }),
    ).resolves.toEqual({ providerRefundId: '1JU08902781691411', status: 'succeeded' });
    expect(calls).toEqual([
      {
        method: 'refundCapture',
        args: [
          '2GG279541U471931P',
          { amount: { currency_code: 'USD', value: '10.99' }, note_to_payer: 'Defective product' },
          'refund:pay_1:1',
        ],
      },
    ]);
  });

  it('when only the order is known, then the refund finds its capture first', async () => {
    const { api, calls } = fakeApi({
      getOrder: () => ok(completedOrder(), 200),
      refundCapture: () => ok({ id: 'R1', status: 'PENDING' }),
    });
    await expect(
      adapter(api).refunds.refund({
        ref: { providerSessionId: '5O190127TN364715T' },
        amount: money(100, 'USD'),
        idempotencyKey: 'k',
      }),
    ).resolves.toEqual({ providerRefundId: 'R1', status: 'pending' });
    expect(calls[1].args[0]).toBe('3C679366HH908993F');
  });

  it('when PayPal refuses the refund (422), then it is a declined ProviderError provider_rejected_request', async () => {
    const { api } = fakeApi({
      refundCapture: () =>
        httpError(422, {
          name: 'UNPROCESSABLE_ENTITY',
          details: [
            {
              issue: 'REFUND_AMOUNT_EXCEEDED',
              description:
                'The refund amount must be less than or equal to the capture amount that has not yet been refunded.',
            },
          ],
        }),
    });
    await expect(
      adapter(api).refunds.refund({ ref: { providerPaymentId: 'C1' }, amount: money(100, 'USD'), idempotencyKey: 'k' }),
    ).rejects.toMatchObject({ kind: 'rejected', code: 'provider_rejected_request' });
  });

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
