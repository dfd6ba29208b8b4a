import { ProviderError } from '../../../src/errors/provider-error';
import type { SetupSessionRequest } from '../../../src/providers/payment-provider';
import {
  PayPalHttpError,
  type PayPalApi,
  type PayPalRequest,
  type PayPalResponse,
} from '../../../src/providers/paypal/paypal-client';
import { PayPalPaymentMethods, setupTokenBody } from '../../../src/providers/paypal/paypal-payment-methods';

type Json = Record<string, unknown>;

const now = new Date('2026-03-01T12:00:00Z');

const request: SetupSessionRequest = {
  setupId: 'set_1',
  userId: 'usr_1',
  customer: { email: 'ada@example.com', name: 'Ada' },
  returnUrl: 'https://app.example/account/payment-methods/return?setupId=set_1&provider=paypal',
  cancelUrl: 'https://app.example/account/payment-methods',
  idempotencyKey: 'payment-method-setup:set_1',
  startedAt: now,
};

const WALLET_TOKEN: Json = {
  id: 'q8zr2vkt',
  customer: { id: 'Vq3Xb8KdRt' },
  payment_source: {
    paypal: { usage_type: 'MERCHANT', customer_type: 'CONSUMER', email_address: 'ada@example.com', payer_id: 'P1' },
  },
  links: [],
};

function ok(result: Json | undefined, statusCode = 200): PayPalResponse<Json> {
  return { statusCode, headers: {}, result };
}
function httpError(status: number, issue?: string): PayPalHttpError {
  const body = { name: status === 404 ? 'RESOURCE_NOT_FOUND' : 'X', details: issue ? [{ issue }] : [] };
  return new PayPalHttpError(status, body, JSON.stringify(body));
}

/** A PayPalApi whose generic `execute` answers by `VERB path`; every request is recorded. */
function vaultApi(answer: (req: PayPalRequest) => PayPalResponse<Json> | Error) {
  const calls: PayPalRequest[] = [];
  const api = {
    execute: (req: PayPalRequest) => {
      calls.push(req);
      const out = answer(req);
      return out instanceof Error ? Promise.reject(out) : Promise.resolve(out);
    },
  } as unknown as PayPalApi;
  return { methods: new PayPalPaymentMethods(api, { now: () => now, brandName: 'LMS Academy' }), calls };
}

async function rejection(p: Promise<unknown>): Promise<ProviderError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(err)}`);
  return err;
}

describe('PayPal setup token request', () => {
  it('when the student has no PayPal customer yet, then a MERCHANT wallet setup with our return and cancel pages, nothing shipped', () => {
    expect(setupTokenBody(request, 'LMS Academy')).toEqual({
      payment_source: {
        paypal: {
          usage_type: 'MERCHANT',
          customer_type: 'CONSUMER',
          experience_context: {
            return_url: request.returnUrl,
            cancel_url: request.cancelUrl,
            shipping_preference: 'NO_SHIPPING',
            brand_name: 'LMS Academy',
          },
        },
      },
    });
  });

  it('when PayPal already knows the student, then the setup is for that customer; a long brand name is cut to 127', () => {
    const body = setupTokenBody(
      { ...request, customer: { ...request.customer, providerCustomerId: 'Vq3Xb8KdRt' } },
      'x'.repeat(200),
    );
    expect(body.customer).toEqual({ id: 'Vq3Xb8KdRt' });
    const context = ((body.payment_source as Json).paypal as Json).experience_context as Json;
    expect(context.brand_name).toBe('x'.repeat(127));
  });
});

describe('PayPal saved wallets', () => {
  it('keeps no default of its own', () => {
    expect(vaultApi(() => new Error('no call')).methods.keepsDefault).toBe(false);
  });

  it('when a setup session is created, then the setup token is posted under our key and its approve link is the setup URL', async () => {
    const { methods, calls } = vaultApi(() =>
      ok(
        {
          id: '4G4976650J0948357',
          customer: { id: 'Vq3Xb8KdRt' },
          status: 'PAYER_ACTION_REQUIRED',
          links: [
            { rel: 'self', href: 'https://api.example/v3/vault/setup-tokens/4G4976650J0948357' },
            { rel: 'approve', href: 'https://paypal.example/agreements/approve?approval_session_id=4G4976650J0948357' },
          ],
        },
        201,
      ),
    );
    expect(await methods.createSetupSession(request)).toEqual({
      providerSetupId: '4G4976650J0948357',
      setupUrl: 'https://paypal.example/agreements/approve?approval_session_id=4G4976650J0948357',
      expiresAt: new Date('2026-03-04T12:00:00Z'),
    });
    expect(calls).toEqual([
      {
        path: '/v3/vault/setup-tokens',
        verb: 'POST',
        body: setupTokenBody(request, 'LMS Academy'),
        headers: { 'PayPal-Request-Id': 'payment-method-setup:set_1' },
      },
    ]);
  });

  it('when PayPal answers a setup token without an approve link, then PayPal is unusable right now', async () => {
    const { methods } = vaultApi(() => ok({ id: '4G4976650J0948357', links: [] }, 201));
    expect((await rejection(methods.createSetupSession(request))).kind).toBe('unavailable');
  });

  it('when the student has not approved yet, then not_completed and no payment token is asked for', async () => {
    const { methods, calls } = vaultApi(() => ok({ id: 'ST1', status: 'PAYER_ACTION_REQUIRED' }));
    expect(await methods.completeSetup('ST1', { idempotencyKey: 'k1' })).toEqual({ kind: 'not_completed' });
    expect(calls.map((c) => `${c.verb} ${c.path}`)).toEqual(['GET /v3/vault/setup-tokens/ST1']);
  });

  it('when the setup token is gone (its 3 days are over), then expired', async () => {
    const { methods } = vaultApi(() => httpError(404));
    expect(await methods.completeSetup('ST1', { idempotencyKey: 'k1' })).toEqual({ kind: 'expired' });
  });

  it.each(['APPROVED', 'VAULTED'])(
    'when the setup token is %s, then the payment token is created under our key and the wallet is saved, as its webhook would say',
    async (status) => {
      const { methods, calls } = vaultApi((req) =>
        req.verb === 'GET' ? ok({ id: 'ST1', status, customer: { id: 'Vq3Xb8KdRt' } }) : ok(WALLET_TOKEN, 201),
      );
      const outcome = await methods.completeSetup('ST1', { idempotencyKey: 'payment-method-setup:set_1' });
      const method = {
        providerPaymentMethodId: 'q8zr2vkt',
        providerCustomerId: 'Vq3Xb8KdRt',
        type: 'paypal',
        email: 'ada@example.com',
      };
      expect(outcome).toEqual({
        kind: 'saved',
        method,
        events: [
          {
            kind: 'PaymentMethodAttached',
            provider: 'paypal',
            occurredAt: now,
            ref: { providerCustomerId: 'Vq3Xb8KdRt' },
            method: { providerPaymentMethodId: 'q8zr2vkt', type: 'paypal', email: 'ada@example.com' },
          },
        ],
      });
      expect(calls[1]).toEqual({
        path: '/v3/vault/payment-tokens',
        verb: 'POST',
        body: { payment_source: { token: { id: 'ST1', type: 'SETUP_TOKEN' } } },
        // Its own request id: the caller may have created the setup token under the same key.
        headers: { 'PayPal-Request-Id': 'payment-method-setup:set_1:payment-token' },
      });
    },
  );

  it('when the payment token names no customer, then the setup token’s customer owns it', async () => {
    const token = { ...WALLET_TOKEN };
    delete token.customer;
    const { methods } = vaultApi((req) =>
      req.verb === 'GET' ? ok({ id: 'ST1', status: 'APPROVED', customer: { id: 'FromSetup1' } }) : ok(token, 201),
    );
    const outcome = await methods.completeSetup('ST1', { idempotencyKey: 'k1' });
    expect(outcome.kind === 'saved' && outcome.method.providerCustomerId).toBe('FromSetup1');
  });

  it('when confirming races PayPal (token gone, approval not yet seen, or already vaulted under another key), then expired, not_completed, or a conflict', async () => {
    const answers: Array<[PayPalHttpError, string]> = [
      [httpError(404), 'expired'],
      [httpError(422, 'PAYER_ACTION_REQUIRED'), 'not_completed'],
    ];
    for (const [error, kind] of answers) {
      const { methods } = vaultApi((req) => (req.verb === 'GET' ? ok({ id: 'ST1', status: 'APPROVED' }) : error));
      expect(await methods.completeSetup('ST1', { idempotencyKey: 'k1' })).toEqual({ kind });
    }
    const { methods } = vaultApi((req) =>
      req.verb === 'GET' ? ok({ id: 'ST1', status: 'VAULTED' }) : httpError(422, 'SETUP_TOKEN_ALREADY_TOKENIZED'),
    );
    const err = await rejection(methods.completeSetup('ST1', { idempotencyKey: 'k2' }));
    expect([err.kind, err.code]).toEqual(['conflict', 'setup_already_completed']);
  });

  it('when a method is read, then the wallet; gone is null; PayPal failing is an error, not null', async () => {
    const { methods, calls } = vaultApi(() => ok(WALLET_TOKEN));
    expect(await methods.getPaymentMethod('q8zr2vkt')).toEqual({
      providerPaymentMethodId: 'q8zr2vkt',
      providerCustomerId: 'Vq3Xb8KdRt',
      type: 'paypal',
      email: 'ada@example.com',
    });
    expect(calls[0]).toEqual({ path: '/v3/vault/payment-tokens/q8zr2vkt', verb: 'GET' });
    expect(await vaultApi(() => httpError(404)).methods.getPaymentMethod('q8zr2vkt')).toBeNull();
    expect((await rejection(vaultApi(() => httpError(503)).methods.getPaymentMethod('q8zr2vkt'))).kind).toBe(
      'unavailable',
    );
  });

  it('when a customer’s methods are listed, then every page is read, with no default', async () => {
    const second = { ...WALLET_TOKEN, id: 'second1' };
    const { methods, calls } = vaultApi((req) => {
      const page = new URL(`https://x${req.path}`).searchParams.get('page');
      return ok({
        total_items: 2,
        total_pages: 2,
        customer: { id: 'Vq3Xb8KdRt' },
        payment_tokens: page === '1' ? [WALLET_TOKEN] : [second],
      });
    });
    const listed = await methods.listPaymentMethods('Vq3Xb8KdRt');
    expect(listed.defaultPaymentMethodId).toBeNull();
    expect(listed.methods.map((m) => m.providerPaymentMethodId)).toEqual(['q8zr2vkt', 'second1']);
    expect(calls.map((c) => [c.verb, c.path])).toEqual([
      ['GET', '/v3/vault/payment-tokens?customer_id=Vq3Xb8KdRt&page=1&page_size=20&total_required=true'],
      ['GET', '/v3/vault/payment-tokens?customer_id=Vq3Xb8KdRt&page=2&page_size=20&total_required=true'],
    ]);
  });

  it('when PayPal gives no totals, then its next link decides whether another page follows', async () => {
    const { methods, calls } = vaultApi((req) =>
      req.path.includes('page=1&')
        ? ok({ payment_tokens: [WALLET_TOKEN], links: [{ rel: 'next', href: 'https://x/next' }] })
        : ok({ payment_tokens: [], links: [{ rel: 'self', href: 'https://x/self' }] }),
    );
    expect((await methods.listPaymentMethods('Vq3Xb8KdRt')).methods).toHaveLength(1);
    expect(calls).toHaveLength(2);
  });

  it('when a method is detached, then its token is deleted; a token already gone is already_gone', async () => {
    const { methods, calls } = vaultApi(() => ok(undefined, 204));
    expect(await methods.detachPaymentMethod('q8zr2vkt', 'detach:1')).toBe('detached');
    expect(calls).toEqual([{ path: '/v3/vault/payment-tokens/q8zr2vkt', verb: 'DELETE' }]);
    expect(await vaultApi(() => httpError(404)).methods.detachPaymentMethod('q8zr2vkt', 'detach:1')).toBe(
      'already_gone',
    );
    expect((await rejection(vaultApi(() => httpError(500)).methods.detachPaymentMethod('x', 'k'))).kind).toBe(
      'unavailable',
    );
  });

  it('when a default or a subscription’s method is set, then PayPal is not called (it has neither)', async () => {
    const { methods, calls } = vaultApi(() => new Error('no call expected'));
    await methods.setDefaultPaymentMethod('Vq3Xb8KdRt', 'q8zr2vkt', 'k');
    await methods.setSubscriptionPaymentMethod('I-ABC', 'q8zr2vkt', 'k');
    expect(calls).toEqual([]);
  });
});
