import type { ProviderEvent } from '../../../src/providers/payment-provider';
import { normalizePayPalEvent } from '../../../src/providers/paypal/paypal-event-mapper';
import { paymentTokenMethod } from '../../../src/providers/paypal/paypal-vault-mapper';

type Json = Record<string, unknown>;

/**
 * A VAULT.PAYMENT-TOKEN.CREATED delivery shaped like the sample in PayPal's "Save PayPal" guide (our own
 * ids; `time_created` in PayPal's local-time format, not ISO, as there).
 */
const CREATED: Json = {
  id: 'WH-5KD20384LM195823X-3HX41857PA276014D',
  event_version: '1.0',
  create_time: '2026-03-04T09:15:41.218Z',
  resource_type: 'payment_token',
  resource_version: '3.0',
  event_type: 'VAULT.PAYMENT-TOKEN.CREATED',
  summary: 'A payment token has been created.',
  resource: {
    time_created: '2026-03-04T01:15:41.204PST',
    links: [
      { href: 'https://api-m.sandbox.paypal.com/v3/vault/payment-tokens/q8zr2vkt', rel: 'self', method: 'GET' },
      { href: 'https://api-m.sandbox.paypal.com/v3/vault/payment-tokens/q8zr2vkt', rel: 'delete', method: 'DELETE' },
    ],
    id: 'q8zr2vkt',
    payment_source: {
      paypal: {
        permit_multiple_payment_tokens: false,
        usage_type: 'MERCHANT',
        customer_type: 'CONSUMER',
        email_address: 'student@example.com',
        payer_id: 'QX7M2KD9LPR4E',
      },
    },
    customer: { id: 'Vq3Xb8KdRt' },
  },
};

function providerEvent(payload: Json): ProviderEvent {
  return {
    provider: 'paypal',
    id: String(payload.id),
    type: String(payload.event_type),
    createdAt: new Date('2026-03-04T09:16:00Z'),
    payload,
  };
}

function deletion(type: string, resource: Json): ProviderEvent {
  return providerEvent({ ...CREATED, id: `WH-${type}`, event_type: type, resource });
}

describe('PayPal vault events', () => {
  it('when VAULT.PAYMENT-TOKEN.CREATED arrives, then the wallet is attached to its PayPal customer, showing the payer email', () => {
    expect(normalizePayPalEvent(providerEvent(CREATED))).toEqual([
      {
        kind: 'PaymentMethodAttached',
        provider: 'paypal',
        occurredAt: new Date('2026-03-04T09:15:41.218Z'),
        ref: { providerCustomerId: 'Vq3Xb8KdRt' },
        method: { providerPaymentMethodId: 'q8zr2vkt', type: 'paypal', email: 'student@example.com' },
      },
    ]);
  });

  it('when a created token names no customer or no id, then nothing is attached', () => {
    const resource = CREATED.resource as Json;
    const noCustomer = { ...resource };
    delete noCustomer.customer;
    expect(normalizePayPalEvent(providerEvent({ ...CREATED, resource: noCustomer }))).toEqual([]);
    expect(normalizePayPalEvent(providerEvent({ ...CREATED, resource: { ...resource, id: '' } }))).toEqual([]);
  });

  it('when VAULT.PAYMENT-TOKEN.DELETED names the customer, then the method is detached with its owner; without it, by id alone', () => {
    expect(
      normalizePayPalEvent(deletion('VAULT.PAYMENT-TOKEN.DELETED', { id: 'q8zr2vkt', customer: { id: 'Vq3Xb8KdRt' } })),
    ).toEqual([
      {
        kind: 'PaymentMethodDetached',
        provider: 'paypal',
        occurredAt: new Date('2026-03-04T09:15:41.218Z'),
        ref: { providerCustomerId: 'Vq3Xb8KdRt' },
        providerPaymentMethodId: 'q8zr2vkt',
      },
    ]);
    const [byId] = normalizePayPalEvent(deletion('VAULT.PAYMENT-TOKEN.DELETED', { id: 'q8zr2vkt' }));
    expect(byId).toEqual({
      kind: 'PaymentMethodDetached',
      provider: 'paypal',
      occurredAt: new Date('2026-03-04T09:15:41.218Z'),
      providerPaymentMethodId: 'q8zr2vkt',
    });
    expect('ref' in byId).toBe(false);
    expect(normalizePayPalEvent(deletion('VAULT.PAYMENT-TOKEN.DELETED', {}))).toEqual([]);
  });

  it('when a PayPal wallet’s deletion is initiated, then it is already detached (the same event DELETED gives)', () => {
    const initiated = normalizePayPalEvent(deletion('VAULT.PAYMENT-TOKEN.DELETION-INITIATED', { id: 'abc1234' }));
    expect(initiated).toEqual(normalizePayPalEvent(deletion('VAULT.PAYMENT-TOKEN.DELETED', { id: 'abc1234' })));
    expect(initiated.map((e) => e.kind)).toEqual(['PaymentMethodDetached']);
  });
});

describe('PayPal payment token as a saved method', () => {
  it('when the token is a card, then brand, last four and expiry; a Venmo token is not a method we show', () => {
    expect(
      paymentTokenMethod({
        id: 'm3d9x2pq',
        customer: { id: 'Vq3Xb8KdRt' },
        payment_source: { card: { last_digits: '4242', expiry: '2029-11', brand: 'VISA', name: 'Ada Lovelace' } },
      }),
    ).toEqual({
      providerPaymentMethodId: 'm3d9x2pq',
      providerCustomerId: 'Vq3Xb8KdRt',
      type: 'card',
      brand: 'visa',
      last4: '4242',
      expMonth: 11,
      expYear: 2029,
    });
    expect(
      paymentTokenMethod({ id: 'v7n1c4ws', customer: { id: 'c1' }, payment_source: { venmo: { user_name: 'x' } } }),
    ).toBeUndefined();
  });

  it('when the token names no customer, then the one the caller knows is used; with neither, no method', () => {
    const token = { id: 'k2p8w5r', payment_source: { paypal: { email_address: 'student@example.com' } } };
    expect(paymentTokenMethod(token, 'customer_1')).toEqual({
      providerPaymentMethodId: 'k2p8w5r',
      providerCustomerId: 'customer_1',
      type: 'paypal',
      email: 'student@example.com',
    });
    expect(paymentTokenMethod(token)).toBeUndefined();
    // The token's own customer wins over the caller's guess.
    expect(paymentTokenMethod({ ...token, customer: { id: 'customer_2' } }, 'customer_1')?.providerCustomerId).toBe(
      'customer_2',
    );
  });
});
