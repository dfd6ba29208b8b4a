import { money } from '../../../src/domain/money';
import { ProviderError } from '../../../src/errors/provider-error';
import { orderCreateBody, PayPalCheckout } from '../../../src/providers/paypal/paypal-checkout';
import { PayPalHttpError, type PayPalApi, type PayPalResponse } from '../../../src/providers/paypal/paypal-client';
import { checkoutRequest } from '../../support/checkout-request';
import { fixture } from './fixtures';

type Json = Record<string, unknown>;

const now = new Date('2026-03-01T12:00:00Z');
const request = checkoutRequest({
  paymentId: 'pay_vault',
  lineItem: { description: 'TypeScript in depth', amount: money(10000, 'USD') },
  returnUrl: 'https://app.example/checkout/return?paymentId=pay_vault&provider=paypal',
  cancelUrl: 'https://app.example/checkout/cancel',
  savedPaymentMethodId: 'q8zr2vkt',
});

/** The recorded capture answer as a vault_id order's create answer: COMPLETED, our custom_id, `status` on the capture. */
function chargedOrder(captureStatus: string): Json {
  const order = fixture('paypal/order.capture.response.json');
  const unit = (order.purchase_units as Json[])[0] as { payments: { captures: Json[] } };
  return {
    ...order,
    purchase_units: [
      {
        ...unit,
        custom_id: 'pay_vault',
        payments: { captures: [{ ...unit.payments.captures[0], status: captureStatus }] },
      },
    ],
  };
}

function checkout(answer: () => PayPalResponse<Json> | Error) {
  const bodies: unknown[] = [];
  const keys: string[] = [];
  const api = {
    createOrder: (body: unknown, key: string) => {
      bodies.push(body);
      keys.push(key);
      const out = answer();
      return out instanceof Error ? Promise.reject(out) : Promise.resolve(out);
    },
  } as unknown as PayPalApi;
  return { paypal: new PayPalCheckout(api, { now: () => now }), bodies, keys };
}

function created(result: Json): PayPalResponse<Json> {
  return { statusCode: 201, headers: {}, result };
}

async function rejection(p: Promise<unknown>): Promise<ProviderError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(err)}`);
  return err;
}

describe('PayPal checkout with a saved wallet', () => {
  it('when a saved wallet pays, then the order names its vault_id and keeps the experience context for a payer action', () => {
    const source = (orderCreateBody(request, 'LMS Academy').payment_source as Json).paypal as Json;
    expect(source).toEqual({
      vault_id: 'q8zr2vkt',
      experience_context: {
        return_url: request.returnUrl,
        cancel_url: request.cancelUrl,
        user_action: 'PAY_NOW',
        shipping_preference: 'NO_SHIPPING',
        brand_name: 'LMS Academy',
      },
    });
    const plain = { ...request, savedPaymentMethodId: undefined };
    expect('vault_id' in (((orderCreateBody(plain).payment_source as Json).paypal as Json) ?? {})).toBe(false);
  });

  it('when PayPal charges it at once (COMPLETED), then our return page and the payment events, under our key', async () => {
    const { paypal, keys } = checkout(() => created(chargedOrder('COMPLETED')));
    const session = await paypal.createCheckout(request);
    expect(keys).toEqual([request.idempotencyKey]);
    expect(session).toEqual({
      providerSessionId: '5O190127TN364715T',
      checkoutUrl: request.returnUrl,
      events: [
        {
          kind: 'PaymentSucceeded',
          provider: 'paypal',
          occurredAt: new Date('2018-04-01T21:20:49Z'),
          ref: {
            paymentId: 'pay_vault',
            providerSessionId: '5O190127TN364715T',
            providerPaymentId: '3C679366HH908993F',
          },
          amount: money(10000, 'USD'),
          buyer: expect.objectContaining({ email: 'customer@example.com', name: 'John Doe' }),
        },
      ],
    });
  });

  it('when the charge is declined (capture DECLINED), then PaymentFailed and our return page', async () => {
    const { paypal } = checkout(() => created(chargedOrder('DECLINED')));
    const session = await paypal.createCheckout(request);
    expect(session.checkoutUrl).toBe(request.returnUrl);
    expect(session.events).toEqual([
      expect.objectContaining({
        kind: 'PaymentFailed',
        failureCode: 'capture_declined',
        ref: expect.objectContaining({ paymentId: 'pay_vault' }),
      }),
    ]);
  });

  it('when PayPal needs the payer back (PAYER_ACTION_REQUIRED), then its payer-action link and no events yet', async () => {
    const { paypal } = checkout(() =>
      created({
        id: '7XK12345AB6789012',
        status: 'PAYER_ACTION_REQUIRED',
        links: [
          { rel: 'self', href: 'https://api.example/v2/checkout/orders/7XK12345AB6789012' },
          { rel: 'payer-action', href: 'https://paypal.example/checkoutnow?token=7XK12345AB6789012' },
        ],
      }),
    );
    expect(await paypal.createCheckout(request)).toEqual({
      providerSessionId: '7XK12345AB6789012',
      checkoutUrl: 'https://paypal.example/checkoutnow?token=7XK12345AB6789012',
    });
  });

  it('when the saved wallet is gone at PayPal, then a not_found the caller can act on (detach it, ask for another method)', async () => {
    const body = {
      name: 'RESOURCE_NOT_FOUND',
      details: [{ field: '/payment_source/paypal/vault_id', issue: 'INVALID_RESOURCE_ID' }],
    };
    const { paypal } = checkout(() => new PayPalHttpError(404, body, JSON.stringify(body)));
    const err = await rejection(paypal.createCheckout(request));
    expect([err.kind, err.code]).toEqual(['not_found', 'saved_payment_method_missing']);
    const unprocessable = { name: 'UNPROCESSABLE_ENTITY', details: [{ issue: 'TOKEN_ID_NOT_FOUND' }] };
    const viaIssue = await rejection(
      checkout(() => new PayPalHttpError(422, unprocessable, JSON.stringify(unprocessable))).paypal.createCheckout(
        request,
      ),
    );
    expect(viaIssue.code).toBe('saved_payment_method_missing');
  });

  it('when PayPal refuses the wallet’s funding outright, then declined; without a saved wallet a 404 stays a plain not_found', async () => {
    const body = {
      name: 'UNPROCESSABLE_ENTITY',
      details: [{ issue: 'PAYMENT_SOURCE_DECLINED_BY_PROCESSOR', description: 'Declined.' }],
    };
    const declined = await rejection(
      checkout(() => new PayPalHttpError(422, body, JSON.stringify(body))).paypal.createCheckout(request),
    );
    expect([declined.kind, declined.code]).toEqual(['declined', 'saved_payment_method_declined']);
    const plain = { ...request, savedPaymentMethodId: undefined };
    const notFound = { name: 'RESOURCE_NOT_FOUND', details: [] };
    const err = await rejection(
      checkout(() => new PayPalHttpError(404, notFound, JSON.stringify(notFound))).paypal.createCheckout(plain),
    );
    expect([err.kind, err.code]).toEqual(['not_found', 'provider_resource_missing']);
  });
});
