import type { ProviderEvent } from '../../../src/providers/payment-provider';
import { eventsFromSession, normalizeStripeEvent } from '../../../src/providers/stripe/stripe-event-mapper';
import { savedMethodDetails } from '../../../src/providers/stripe/stripe-payment-method-mapper';
import { fixture } from './fixtures';

type Json = Record<string, unknown>;

const CREATED = 1767225600; // 2026-01-01T00:00:00Z
const occurredAt = new Date((CREATED + 60) * 1000);

/** An event as an endpoint on API endive receives it, around `object` (and `previous_attributes`). */
function event(type: string, object: Json, previous?: Json): ProviderEvent {
  const payload = {
    id: `evt_${type.replaceAll('.', '_')}`,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: CREATED + 60,
    type,
    data: previous ? { object, previous_attributes: previous } : { object },
    livemode: false,
  };
  return { provider: 'stripe', id: payload.id, type, createdAt: new Date(0), payload };
}

/** The recorded card PaymentMethod (on no customer there), put on `customer`. */
function card(patch: Json = {}): Json {
  return { ...fixture('stripe/object.payment_method.card.json'), customer: 'cus_1', ...patch };
}

const VISA_4242 = {
  providerPaymentMethodId: 'pm_1Pgc75B7WZ01zgkWlHVgdEGJ',
  type: 'card',
  brand: 'visa',
  last4: '4242',
  expMonth: 8,
  expYear: 2030,
};

describe('Stripe payment method events', () => {
  it('when payment_method.attached arrives for a card on a customer, then it is PaymentMethodAttached at the event time', () => {
    expect(normalizeStripeEvent(event('payment_method.attached', card()))).toEqual([
      {
        kind: 'PaymentMethodAttached',
        provider: 'stripe',
        occurredAt,
        ref: { providerCustomerId: 'cus_1' },
        method: VISA_4242,
      },
    ]);
  });

  it('when the card is updated (by us or the card updater), then it is the same snapshot with the new details', () => {
    for (const type of ['payment_method.updated', 'payment_method.automatically_updated']) {
      const updated = card({ card: { ...(card().card as Json), exp_month: 3, exp_year: 2033 } });
      expect(normalizeStripeEvent(event(type, updated, { card: { exp_month: 8, exp_year: 2030 } }))).toEqual([
        {
          kind: 'PaymentMethodAttached',
          provider: 'stripe',
          occurredAt,
          ref: { providerCustomerId: 'cus_1' },
          method: { ...VISA_4242, expMonth: 3, expYear: 2033 },
        },
      ]);
    }
  });

  it('when a card on no customer is updated, or the method is not a card, then nothing is said about saved methods', () => {
    expect(normalizeStripeEvent(event('payment_method.updated', card({ customer: null })))).toEqual([]);
    const link = { id: 'pm_link', object: 'payment_method', type: 'link', customer: 'cus_1', link: {} };
    expect(normalizeStripeEvent(event('payment_method.attached', link))).toEqual([]);
    // An expanded customer is read like an id.
    expect(
      normalizeStripeEvent(event('payment_method.attached', card({ customer: { id: 'cus_2' } })))[0],
    ).toMatchObject({ ref: { providerCustomerId: 'cus_2' } });
  });

  it('when payment_method.detached arrives, then it is PaymentMethodDetached, owned by previous_attributes.customer when given', () => {
    const detached = card({ customer: null });
    expect(normalizeStripeEvent(event('payment_method.detached', detached, { customer: 'cus_1' }))).toEqual([
      {
        kind: 'PaymentMethodDetached',
        provider: 'stripe',
        occurredAt,
        ref: { providerCustomerId: 'cus_1' },
        providerPaymentMethodId: VISA_4242.providerPaymentMethodId,
      },
    ]);
    expect(normalizeStripeEvent(event('payment_method.detached', detached))).toEqual([
      {
        kind: 'PaymentMethodDetached',
        provider: 'stripe',
        occurredAt,
        providerPaymentMethodId: VISA_4242.providerPaymentMethodId,
      },
    ]);
  });

  it('when customer.updated changes the invoice default, then it is DefaultPaymentMethodChanged (an id, an expanded object, or null)', () => {
    const customer = fixture('stripe/object.customer.json');
    const withDefault = (value: unknown) => ({
      ...customer,
      invoice_settings: { ...(customer.invoice_settings as Json), default_payment_method: value },
    });
    const changed = (value: unknown, previous: unknown) =>
      normalizeStripeEvent(
        event('customer.updated', withDefault(value), { invoice_settings: { default_payment_method: previous } }),
      );
    const expected = (id: string | null) => [
      {
        kind: 'DefaultPaymentMethodChanged',
        provider: 'stripe',
        occurredAt,
        ref: { providerCustomerId: 'cus_QXg1o8vcGmoR32' },
        providerPaymentMethodId: id,
      },
    ];
    expect(changed('pm_2', null)).toEqual(expected('pm_2'));
    expect(changed({ id: 'pm_3', object: 'payment_method' }, 'pm_2')).toEqual(expected('pm_3'));
    expect(changed(null, 'pm_3')).toEqual(expected(null));
  });

  it('when customer.updated changes something else (Checkout writing the address), then it says nothing about the default', () => {
    const customer = { ...fixture('stripe/object.customer.json'), name: 'Ada' };
    expect(normalizeStripeEvent(event('customer.updated', customer, { name: null }))).toEqual([]);
  });

  it('when setup_intent.succeeded names its customer and card, then it is PaymentMethodSaved', () => {
    const intent = {
      ...fixture('stripe/object.setup_intent.json'),
      status: 'succeeded',
      customer: 'cus_1',
      payment_method: 'pm_9',
      last_setup_error: null,
      next_action: null,
    };
    expect(normalizeStripeEvent(event('setup_intent.succeeded', intent))).toEqual([
      {
        kind: 'PaymentMethodSaved',
        provider: 'stripe',
        occurredAt,
        ref: { providerCustomerId: 'cus_1' },
        providerPaymentMethodId: 'pm_9',
      },
    ]);
    // The recorded SetupIntent has neither: nothing was saved for anyone.
    expect(normalizeStripeEvent(event('setup_intent.succeeded', fixture('stripe/object.setup_intent.json')))).toEqual(
      [],
    );
  });

  it('when a setup-mode session completes or expires, then no payment event comes of it (its setup_id is no payment id)', () => {
    const session = {
      ...fixture('stripe/object.checkout.session.setup-mode.json'),
      status: 'complete',
      metadata: { setup_id: 'setup_1', user_id: 'usr_9' },
    };
    expect(normalizeStripeEvent(event('checkout.session.completed', session))).toEqual([]);
    expect(normalizeStripeEvent(event('checkout.session.expired', { ...session, status: 'expired' }))).toEqual([]);
    expect(eventsFromSession(session, occurredAt)).toEqual([]);
  });
});

describe('Stripe card details', () => {
  it('when the brand comes in another case, then it is lower-cased; missing parts are left out', () => {
    const pm = card({ card: { brand: 'Visa', last4: '1881' } });
    expect(savedMethodDetails(pm)).toEqual({
      providerPaymentMethodId: VISA_4242.providerPaymentMethodId,
      type: 'card',
      brand: 'visa',
      last4: '1881',
    });
    expect(savedMethodDetails({ id: 'pm_x', type: 'card' })).toBeUndefined();
  });
});
