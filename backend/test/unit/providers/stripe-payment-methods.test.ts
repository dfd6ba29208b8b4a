import Stripe from 'stripe';
import { ProviderError } from '../../../src/errors/provider-error';
import type { SetupSessionRequest } from '../../../src/providers/payment-provider';
import type { StripeClient } from '../../../src/providers/stripe/stripe-client';
import { StripePaymentMethods, setupSessionParams } from '../../../src/providers/stripe/stripe-payment-methods';
import { fixture } from './fixtures';

type Json = Record<string, unknown>;

const now = new Date('2026-02-01T10:00:00Z');

const request: SetupSessionRequest = {
  setupId: 'setup_1',
  userId: 'usr_9',
  customer: { email: 'ada@example.com', name: 'Ada', providerCustomerId: 'cus_1' },
  returnUrl: 'https://app.example/account/payment-methods/return?setupId=setup_1&provider=stripe',
  cancelUrl: 'https://app.example/account/payment-methods',
  idempotencyKey: 'payment-method-setup:setup_1',
  startedAt: now,
};

interface Call {
  method: string;
  args: unknown[];
}

/** Records the SDK calls and answers each method with a canned object (or rejects with an Error). */
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
    checkout: {
      sessions: { create: answer('checkout.sessions.create'), retrieve: answer('checkout.sessions.retrieve') },
    },
    customers: {
      retrieve: answer('customers.retrieve'),
      update: answer('customers.update'),
      listPaymentMethods: (...args: unknown[]) => ({
        autoPagingToArray: (...pageArgs: unknown[]) => {
          calls.push({ method: 'customers.listPaymentMethods', args: [...args, ...pageArgs] });
          return Promise.resolve(answers['customers.listPaymentMethods']);
        },
      }),
    },
    subscriptions: { update: answer('subscriptions.update') },
    paymentMethods: { retrieve: answer('paymentMethods.retrieve'), detach: answer('paymentMethods.detach') },
  };
  return { client: client as unknown as StripeClient, calls };
}

function methods(client: StripeClient): StripePaymentMethods {
  return new StripePaymentMethods(client, { now: () => now });
}

function stripeError(status: number, error: Json): Error {
  return Stripe.errors.StripeError.generate({ ...error, statusCode: status, requestId: 'req_1' } as never);
}

/** The recorded card, on customer cus_1. */
function card(patch: Json = {}): Json {
  return { ...fixture('stripe/object.payment_method.card.json'), customer: 'cus_1', ...patch };
}

const SAVED = {
  providerPaymentMethodId: 'pm_1Pgc75B7WZ01zgkWlHVgdEGJ',
  providerCustomerId: 'cus_1',
  type: 'card',
  brand: 'visa',
  last4: '4242',
  expMonth: 8,
  expYear: 2030,
};

function setupSession(patch: Json = {}, intent: Json = {}): Json {
  return {
    ...fixture('stripe/object.checkout.session.setup-mode.json'),
    id: 'cs_test_setup',
    customer: 'cus_1',
    status: 'complete',
    setup_intent: {
      ...fixture<Json>('stripe/object.setup_intent.json'),
      status: 'succeeded',
      payment_method: card(),
      ...intent,
    },
    ...patch,
  };
}

describe('Stripe setup session parameters', () => {
  it('when building the setup, then it is Checkout in setup mode for cards on the customer, pointing back at our setup', () => {
    expect(setupSessionParams(request, now)).toEqual({
      mode: 'setup',
      customer: 'cus_1',
      allowed_payment_method_types: ['card'],
      success_url:
        'https://app.example/account/payment-methods/return?setupId=setup_1&provider=stripe&session_id={CHECKOUT_SESSION_ID}',
      cancel_url: request.cancelUrl,
      metadata: { setup_id: 'setup_1', user_id: 'usr_9' },
      setup_intent_data: { metadata: { setup_id: 'setup_1', user_id: 'usr_9' } },
      expires_at: Math.floor(now.getTime() / 1000) + 23 * 3600,
    });
  });

  it('when the student has no Stripe customer, then the setup is refused before Stripe is asked', async () => {
    const noCustomer = { ...request, customer: { email: 'ada@example.com', name: 'Ada' } };
    expect(() => setupSessionParams(noCustomer, now)).toThrow(ProviderError);
    const { client, calls } = fakeStripe({});
    await expect(methods(client).createSetupSession(noCustomer)).rejects.toMatchObject({
      kind: 'invalid_request',
      code: 'validation_failed',
    });
    expect(calls).toEqual([]);
  });
});

describe('Stripe saved payment methods', () => {
  it('when creating a setup, then the session is created with our key and its id, url and expiry come back', async () => {
    const expires = Math.floor(now.getTime() / 1000) + 23 * 3600;
    const { client, calls } = fakeStripe({
      'checkout.sessions.create': {
        id: 'cs_test_1',
        url: 'https://checkout.stripe.com/c/pay/cs_test_1',
        expires_at: expires,
      },
    });
    await expect(methods(client).createSetupSession(request)).resolves.toEqual({
      providerSetupId: 'cs_test_1',
      setupUrl: 'https://checkout.stripe.com/c/pay/cs_test_1',
      expiresAt: new Date(expires * 1000),
    });
    expect(calls).toEqual([
      {
        method: 'checkout.sessions.create',
        args: [setupSessionParams(request, now), { idempotencyKey: 'payment-method-setup:setup_1' }],
      },
    ]);
  });

  it('when the setup completed, then the card on the customer comes back with its PaymentMethodAttached', async () => {
    const { client, calls } = fakeStripe({ 'checkout.sessions.retrieve': setupSession() });
    const outcome = await methods(client).completeSetup('cs_test_setup', { idempotencyKey: 'k' });
    expect(outcome).toEqual({
      kind: 'saved',
      method: SAVED,
      events: [
        {
          kind: 'PaymentMethodAttached',
          provider: 'stripe',
          occurredAt: now,
          ref: { providerCustomerId: 'cus_1' },
          method: {
            providerPaymentMethodId: SAVED.providerPaymentMethodId,
            type: 'card',
            brand: 'visa',
            last4: '4242',
            expMonth: 8,
            expYear: 2030,
          },
        },
      ],
    });
    expect(calls[0].args).toEqual(['cs_test_setup', { expand: ['setup_intent.payment_method'] }]);
  });

  it('when the SetupIntent names its card by id only, then the card is retrieved', async () => {
    const { client, calls } = fakeStripe({
      'checkout.sessions.retrieve': setupSession({}, { payment_method: 'pm_1Pgc75B7WZ01zgkWlHVgdEGJ' }),
      'paymentMethods.retrieve': card(),
    });
    await expect(methods(client).completeSetup('cs_test_setup', { idempotencyKey: 'k' })).resolves.toMatchObject({
      kind: 'saved',
      method: SAVED,
    });
    expect(calls.map((c) => c.method)).toEqual(['checkout.sessions.retrieve', 'paymentMethods.retrieve']);
  });

  it('when the setup is still open, not succeeded yet, or expired, then it says so', async () => {
    const outcome = async (session: Json) =>
      methods(fakeStripe({ 'checkout.sessions.retrieve': session }).client).completeSetup('cs', {
        idempotencyKey: 'k',
      });
    expect(
      await outcome(setupSession({ status: 'open' }, { status: 'requires_payment_method', payment_method: null })),
    ).toEqual({ kind: 'not_completed' });
    expect(await outcome(setupSession({}, { status: 'requires_action' }))).toEqual({ kind: 'not_completed' });
    expect(await outcome(setupSession({ status: 'expired' }))).toEqual({ kind: 'expired' });
  });

  it('when the saved card was detached since, then completing is a conflict, not a saved card', async () => {
    const { client } = fakeStripe({
      'checkout.sessions.retrieve': setupSession({}, { payment_method: card({ customer: null }) }),
    });
    await expect(methods(client).completeSetup('cs_test_setup', { idempotencyKey: 'k' })).rejects.toMatchObject({
      kind: 'conflict',
      code: 'setup_method_unusable',
    });
  });

  it('when getting a card, then it is the saved card, or null when Stripe no longer has it on a customer (or it is no card)', async () => {
    const get = (answer: unknown) =>
      methods(fakeStripe({ 'paymentMethods.retrieve': answer }).client).getPaymentMethod('pm_1');
    expect(await get(card())).toEqual(SAVED);
    expect(await get(card({ customer: null }))).toBeNull();
    expect(await get({ id: 'pm_l', object: 'payment_method', type: 'link', customer: 'cus_1' })).toBeNull();
    expect(
      await get(
        stripeError(404, {
          type: 'invalid_request_error',
          code: 'resource_missing',
          message: "No such PaymentMethod: 'pm_1'",
          param: 'id',
        }),
      ),
    ).toBeNull();
    await expect(get(stripeError(500, { type: 'api_error', message: 'boom' }))).rejects.toMatchObject({
      kind: 'unavailable',
    });
  });

  it('when listing, then every card page of the customer is read with its invoice default (an id or an object)', async () => {
    const customer = fixture('stripe/object.customer.json');
    const withDefault = (value: unknown) => ({
      ...customer,
      invoice_settings: { ...(customer.invoice_settings as Json), default_payment_method: value },
    });
    const other = card({ id: 'pm_2', card: { brand: 'mastercard', last4: '4444', exp_month: 1, exp_year: 2031 } });
    const { client, calls } = fakeStripe({
      'customers.retrieve': withDefault('pm_2'),
      'customers.listPaymentMethods': [card(), other, { id: 'pm_l', type: 'link', customer: 'cus_1' }],
    });
    await expect(methods(client).listPaymentMethods('cus_1')).resolves.toEqual({
      methods: [
        SAVED,
        {
          providerPaymentMethodId: 'pm_2',
          providerCustomerId: 'cus_1',
          type: 'card',
          brand: 'mastercard',
          last4: '4444',
          expMonth: 1,
          expYear: 2031,
        },
      ],
      defaultPaymentMethodId: 'pm_2',
    });
    expect(calls[1]).toEqual({
      method: 'customers.listPaymentMethods',
      args: ['cus_1', { type: 'card', limit: 100 }, { limit: 1000 }],
    });
    const expanded = fakeStripe({
      'customers.retrieve': withDefault({ id: 'pm_3', object: 'payment_method' }),
      'customers.listPaymentMethods': [],
    });
    expect((await methods(expanded.client).listPaymentMethods('cus_1')).defaultPaymentMethodId).toBe('pm_3');
    const gone = fakeStripe({ 'customers.retrieve': { id: 'cus_1', object: 'customer', deleted: true } });
    await expect(methods(gone.client).listPaymentMethods('cus_1')).resolves.toEqual({
      methods: [],
      defaultPaymentMethodId: null,
    });
    expect(gone.calls.map((c) => c.method)).toEqual(['customers.retrieve']);
  });

  it('when setting defaults, then the customer invoice default and the subscription default are updated with our keys', async () => {
    const { client, calls } = fakeStripe({ 'customers.update': {}, 'subscriptions.update': {} });
    await methods(client).setDefaultPaymentMethod('cus_1', 'pm_2', 'default:1');
    await methods(client).setSubscriptionPaymentMethod('sub_1', 'pm_2', 'sub-default:1');
    expect(calls).toEqual([
      {
        method: 'customers.update',
        args: ['cus_1', { invoice_settings: { default_payment_method: 'pm_2' } }, { idempotencyKey: 'default:1' }],
      },
      {
        method: 'subscriptions.update',
        args: ['sub_1', { default_payment_method: 'pm_2' }, { idempotencyKey: 'sub-default:1' }],
      },
    ]);
  });

  it('when detaching, then a card already off its customer or unknown is already_gone; other failures stay errors', async () => {
    const detach = (answer: unknown) =>
      methods(fakeStripe({ 'paymentMethods.detach': answer }).client).detachPaymentMethod('pm_1', 'detach:pm_1');
    expect(await detach(card({ customer: null }))).toBe('detached');
    expect(
      await detach(
        stripeError(400, {
          type: 'invalid_request_error',
          code: 'payment_method_unexpected_state',
          message: 'The payment method you provided is not attached to a customer so detachment is impossible.',
        }),
      ),
    ).toBe('already_gone');
    expect(
      await detach(
        stripeError(404, {
          type: 'invalid_request_error',
          code: 'resource_missing',
          message: "No such PaymentMethod: 'pm_1'",
        }),
      ),
    ).toBe('already_gone');
    await expect(detach(stripeError(500, { type: 'api_error', message: 'boom' }))).rejects.toMatchObject({
      kind: 'unavailable',
    });
    await expect(
      detach(stripeError(400, { type: 'invalid_request_error', message: 'Something else is wrong' })),
    ).rejects.toMatchObject({ kind: 'invalid_request' });
    const { client, calls } = fakeStripe({ 'paymentMethods.detach': card({ customer: null }) });
    await methods(client).detachPaymentMethod('pm_1', 'detach:pm_1');
    expect(calls[0].args).toEqual(['pm_1', {}, { idempotencyKey: 'detach:pm_1' }]);
  });
});
