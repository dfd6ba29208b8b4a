import type { ProviderEvent } from '../../../src/providers/payment-provider';
import { eventsFromSession, normalizeStripeEvent } from '../../../src/providers/stripe/stripe-event-mapper';
import {
  invoiceLinePeriod,
  stripeSubscriptionState,
  subscriptionChanged,
} from '../../../src/providers/stripe/stripe-subscription-mapper';
import { fixture } from './fixtures';

type Json = Record<string, unknown>;

const CREATED = 1767225600; // 2026-01-01T00:00:00Z
const at = (seconds: number) => new Date(seconds * 1000);
const DAY = 86400;
const PERIOD_START = CREATED;
const PERIOD_END = CREATED + 31 * DAY;

function providerEvent(payload: Json): ProviderEvent {
  return {
    provider: 'stripe',
    id: payload.id as string,
    type: payload.type as string,
    createdAt: new Date((payload.created as number) * 1000),
    payload,
  };
}

/** An event of API basil or later around `object`, as an endpoint of that version receives it. */
function basilEvent(type: string, object: Json): ProviderEvent {
  return providerEvent({
    id: `evt_${type.replaceAll('.', '_')}`,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: CREATED + 60,
    type,
    data: { object },
    livemode: false,
  });
}

/** The recorded (openapi) subscription, made ours: one item whose period is the one running, our metadata. */
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
    items: {
      ...items,
      data: [{ ...items.data[0], current_period_start: PERIOD_START, current_period_end: PERIOD_END }],
    },
    ...patch,
  };
}

/** A paid subscription invoice in the basil+ shape: linked through `parent`, no payment_intent, no `paid`. */
function subscriptionInvoice(patch: Json = {}): Json {
  const invoice = fixture('stripe/object.invoice.json');
  const line = (invoice.lines as { data: Json[] }).data[0];
  return {
    ...invoice,
    id: 'in_1',
    status: 'paid',
    billing_reason: 'subscription_cycle',
    currency: 'eur',
    amount_due: 1900,
    amount_paid: 1900,
    amount_remaining: 0,
    attempted: true,
    subscription: undefined,
    parent: {
      quote_details: null,
      subscription_details: { metadata: { subscription_id: 'subs_42', user_id: 'usr_9' }, subscription: 'sub_1' },
      type: 'subscription_details',
    },
    // The invoice's own period: the window before the billed one (here: the previous month).
    period_start: PERIOD_START - 31 * DAY,
    period_end: PERIOD_START,
    customer_name: 'ACME GmbH',
    customer_email: 'finance@acme.example',
    customer_address: {
      line1: 'Hauptstraße 1',
      line2: null,
      city: 'Berlin',
      postal_code: '10115',
      state: '',
      country: 'de',
    },
    customer_tax_ids: [{ type: 'eu_vat', value: 'DE123456789' }],
    hosted_invoice_url: 'https://invoice.stripe.com/i/acct_1/test_1',
    next_payment_attempt: null,
    last_finalization_error: null,
    lines: {
      object: 'list',
      has_more: false,
      data: [
        {
          ...line,
          id: 'il_1',
          amount: 1900,
          currency: 'eur',
          parent: {
            invoice_item_details: null,
            subscription_item_details: {
              invoice_item: null,
              proration: false,
              proration_details: { credited_items: null },
              subscription: 'sub_1',
              subscription_item: 'si_1',
            },
            type: 'subscription_item_details',
          },
          period: { start: PERIOD_START, end: PERIOD_END },
        },
      ],
    },
    ...patch,
  };
}

const RECORDED_SUBSCRIPTION_SESSION = 'stripe/object.checkout.session.subscription-mode.json';

describe('Stripe subscription events', () => {
  it('when customer.subscription.created is recorded in the pre-basil shape, then it is SubscriptionChanged with the top-level period', () => {
    const event = providerEvent(fixture('stripe/event.customer.subscription.created.api-2020-08-27.json'));
    expect(normalizeStripeEvent(event)).toEqual([
      {
        kind: 'SubscriptionChanged',
        provider: 'stripe',
        occurredAt: at(1648320110),
        ref: { providerSubscriptionId: 'sub_000000000000000000000000' },
        status: 'active',
        currentPeriodStart: at(1648320110),
        currentPeriodEnd: at(1650998510),
        cancelAtPeriodEnd: false,
      },
    ]);
  });

  it('when a basil subscription is updated, then the period comes from its items (not the legacy top-level fields) and the ref from our metadata', () => {
    const sub = subscription({ current_period_start: 1, current_period_end: 2 });
    expect(normalizeStripeEvent(basilEvent('customer.subscription.updated', sub))).toEqual([
      {
        kind: 'SubscriptionChanged',
        provider: 'stripe',
        occurredAt: at(CREATED + 60),
        ref: { subscriptionId: 'subs_42', providerSubscriptionId: 'sub_1' },
        status: 'active',
        currentPeriodStart: at(PERIOD_START),
        currentPeriodEnd: at(PERIOD_END),
        cancelAtPeriodEnd: false,
      },
    ]);
  });

  it('when items renew at different times, then the period is the one that runs out first', () => {
    const items = subscription().items as { data: Json[] };
    const sub = subscription({
      items: {
        ...items,
        data: [
          { ...items.data[0], current_period_start: PERIOD_START, current_period_end: PERIOD_START + 365 * DAY },
          { ...items.data[0], id: 'si_2', current_period_start: PERIOD_START + DAY, current_period_end: PERIOD_END },
        ],
      },
    });
    expect(subscriptionChanged(sub, at(CREATED))).toMatchObject({
      currentPeriodStart: at(PERIOD_START + DAY),
      currentPeriodEnd: at(PERIOD_END),
    });
  });

  it("when Stripe's statuses arrive, then each maps to ours: unpaid and paused are suspended, incomplete_expired is expired, an unknown one is no event", () => {
    const table: Array<[string, string | undefined]> = [
      ['incomplete', 'incomplete'],
      ['incomplete_expired', 'expired'],
      ['trialing', 'trialing'],
      ['active', 'active'],
      ['past_due', 'past_due'],
      ['canceled', 'canceled'],
      ['unpaid', 'suspended'],
      ['paused', 'suspended'],
      ['on_hold_2030', undefined],
    ];
    for (const [stripe, ours] of table) expect([stripe, stripeSubscriptionState(stripe)]).toEqual([stripe, ours]);
    expect(
      normalizeStripeEvent(basilEvent('customer.subscription.updated', subscription({ status: 'on_hold' }))),
    ).toEqual([]);
  });

  it('when every subscription event type arrives, then each is a SubscriptionChanged; trial_will_end is none (nothing changed)', () => {
    for (const type of ['created', 'updated', 'deleted', 'paused', 'resumed']) {
      expect(
        normalizeStripeEvent(basilEvent(`customer.subscription.${type}`, subscription())).map((e) => e.kind),
      ).toEqual(['SubscriptionChanged']);
    }
    expect(normalizeStripeEvent(basilEvent('customer.subscription.trial_will_end', subscription()))).toEqual([]);
  });

  it('when the cancellation is set as cancel_at_period_end, or (newer style) as a cancel_at equal to the period end, then cancelAtPeriodEnd is true; a cancel_at at another date is not', () => {
    const flagged = subscriptionChanged(
      subscription({ cancel_at_period_end: true, canceled_at: CREATED + 5 }),
      at(CREATED),
    );
    expect(flagged).toMatchObject({ status: 'active', cancelAtPeriodEnd: true, canceledAt: at(CREATED + 5) });
    expect(subscriptionChanged(subscription({ cancel_at: PERIOD_END }), at(CREATED))?.cancelAtPeriodEnd).toBe(true);
    expect(subscriptionChanged(subscription({ cancel_at: PERIOD_END + DAY }), at(CREATED))?.cancelAtPeriodEnd).toBe(
      false,
    );
  });

  it('when the subscription is deleted (recorded), then it is canceled with canceledAt', () => {
    const event = providerEvent(fixture('stripe/event.customer.subscription.deleted.api-2020-08-27.json'));
    expect(normalizeStripeEvent(event)).toEqual([
      expect.objectContaining({ kind: 'SubscriptionChanged', status: 'canceled', canceledAt: at(1648320097) }),
    ]);
  });

  it('when the subscription is in its trial, then it is trialing with trialEnd', () => {
    const trialEnd = CREATED + 14 * DAY;
    expect(subscriptionChanged(subscription({ status: 'trialing', trial_end: trialEnd }), at(CREATED))).toMatchObject({
      status: 'trialing',
      trialEnd: at(trialEnd),
    });
  });

  it('when nothing points at a subscription (no id, no metadata), then there is no event', () => {
    expect(subscriptionChanged(subscription({ id: undefined, metadata: {} }), at(CREATED))).toBeUndefined();
  });
});

describe('Stripe invoice events', () => {
  it("when a basil subscription invoice is paid, then it is SubscriptionPaymentSucceeded: ref from parent.subscription_details, the line's period, the invoice's buyer, no PaymentIntent", () => {
    expect(normalizeStripeEvent(basilEvent('invoice.paid', subscriptionInvoice()))).toEqual([
      {
        kind: 'SubscriptionPaymentSucceeded',
        provider: 'stripe',
        occurredAt: at(CREATED + 60),
        ref: { subscriptionId: 'subs_42', providerSubscriptionId: 'sub_1' },
        providerInvoiceId: 'in_1',
        amount: { amount: 1900, currency: 'EUR' },
        periodStart: at(PERIOD_START),
        periodEnd: at(PERIOD_END),
        buyer: {
          name: 'ACME GmbH',
          email: 'finance@acme.example',
          address: { line1: 'Hauptstraße 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
          taxIds: [{ type: 'eu_vat', value: 'DE123456789' }],
        },
      },
    ]);
  });

  it("when the invoice's own period_start/end describe the previous period, then they are not taken for the paid period (quirk)", () => {
    const period = invoiceLinePeriod(subscriptionInvoice());
    expect(period).toEqual({ start: at(PERIOD_START), end: at(PERIOD_END) });
    expect(period.start).not.toEqual(at(PERIOD_START - 31 * DAY));
  });

  it('when the invoice has a proration line before the cycle line, then the cycle line gives the period', () => {
    const invoice = subscriptionInvoice();
    const [line] = (invoice.lines as { data: Json[] }).data;
    const proration = {
      ...line,
      id: 'il_0',
      period: { start: PERIOD_START - 10 * DAY, end: PERIOD_START },
      parent: {
        type: 'subscription_item_details',
        subscription_item_details: { proration: true, subscription: 'sub_1', subscription_item: 'si_1' },
      },
    };
    const withProration = { ...invoice, lines: { data: [proration, line] } };
    expect(invoiceLinePeriod(withProration)).toEqual({ start: at(PERIOD_START), end: at(PERIOD_END) });
  });

  it("when the invoice's payments are included (expanded), then the paid one's PaymentIntent is the providerPaymentId", () => {
    const invoice = subscriptionInvoice({
      payments: {
        object: 'list',
        data: [
          {
            id: 'inpay_0',
            object: 'invoice_payment',
            status: 'canceled',
            payment: { type: 'payment_intent', payment_intent: 'pi_old' },
          },
          {
            id: 'inpay_1',
            object: 'invoice_payment',
            status: 'paid',
            payment: { type: 'payment_intent', payment_intent: 'pi_1' },
          },
        ],
      },
    });
    expect(normalizeStripeEvent(basilEvent('invoice.paid', invoice))).toEqual([
      expect.objectContaining({ providerPaymentId: 'pi_1' }),
    ]);
  });

  it('when the invoice is in the pre-basil shape (top-level subscription and payment_intent), then both are read', () => {
    const invoice = subscriptionInvoice({
      parent: undefined,
      subscription: 'sub_legacy',
      subscription_details: { metadata: { subscription_id: 'subs_legacy' } },
      payment_intent: 'pi_legacy',
    });
    expect(normalizeStripeEvent(basilEvent('invoice.paid', invoice))).toEqual([
      expect.objectContaining({
        ref: { subscriptionId: 'subs_legacy', providerSubscriptionId: 'sub_legacy' },
        providerPaymentId: 'pi_legacy',
      }),
    ]);
  });

  it("when a trial's first invoice is paid at $0, then it is no paid cycle: no event (quirk)", () => {
    const trialInvoice = subscriptionInvoice({ amount_due: 0, amount_paid: 0, billing_reason: 'subscription_create' });
    expect(normalizeStripeEvent(basilEvent('invoice.paid', trialInvoice))).toEqual([]);
  });

  it('when invoice.payment_succeeded arrives with invoice.paid, then it adds nothing', () => {
    expect(normalizeStripeEvent(basilEvent('invoice.payment_succeeded', subscriptionInvoice()))).toEqual([]);
  });

  it('when invoice_payment.paid arrives, then it is SubscriptionPaymentSucceeded naming only the invoice and its PaymentIntent', () => {
    const invoicePayment = {
      id: 'inpay_1',
      object: 'invoice_payment',
      amount_paid: 1900,
      amount_requested: 1900,
      currency: 'eur',
      invoice: 'in_1',
      is_default: true,
      livemode: false,
      payment: { type: 'payment_intent', payment_intent: 'pi_1' },
      status: 'paid',
      status_transitions: { canceled_at: null, paid_at: CREATED + 59 },
    };
    expect(normalizeStripeEvent(basilEvent('invoice_payment.paid', invoicePayment))).toEqual([
      {
        kind: 'SubscriptionPaymentSucceeded',
        provider: 'stripe',
        occurredAt: at(CREATED + 60),
        ref: {},
        providerInvoiceId: 'in_1',
        providerPaymentId: 'pi_1',
        amount: { amount: 1900, currency: 'EUR' },
      },
    ]);
  });

  it('when a renewal fails, then it is SubscriptionPaymentFailed with the amount due, the invoice page and the next attempt', () => {
    const invoice = subscriptionInvoice({
      status: 'open',
      amount_paid: 0,
      amount_remaining: 1900,
      next_payment_attempt: CREATED + 3 * DAY,
    });
    expect(normalizeStripeEvent(basilEvent('invoice.payment_failed', invoice))).toEqual([
      {
        kind: 'SubscriptionPaymentFailed',
        provider: 'stripe',
        occurredAt: at(CREATED + 60),
        ref: { subscriptionId: 'subs_42', providerSubscriptionId: 'sub_1' },
        providerInvoiceId: 'in_1',
        amount: { amount: 1900, currency: 'EUR' },
        failureCode: 'payment_failed',
        failureReason: 'The subscription payment failed',
        actionUrl: 'https://invoice.stripe.com/i/acct_1/test_1',
        nextAttemptAt: at(CREATED + 3 * DAY),
      },
    ]);
  });

  it('when the failed invoice carries why (finalization error, expanded charge or payment intent), then that is the failure code', () => {
    const open = { status: 'open', amount_paid: 0 };
    const cases: Array<[Json, string]> = [
      [
        { last_finalization_error: { code: 'customer_tax_location_invalid', message: 'No address' } },
        'customer_tax_location_invalid',
      ],
      [{ charge: { id: 'ch_1', failure_code: 'card_declined', failure_message: 'Declined' } }, 'card_declined'],
      [
        {
          payment_intent: {
            id: 'pi_1',
            last_payment_error: { code: 'card_declined', decline_code: 'insufficient_funds' },
          },
        },
        'insufficient_funds',
      ],
    ];
    for (const [patch, code] of cases) {
      const [event] = normalizeStripeEvent(
        basilEvent('invoice.payment_failed', subscriptionInvoice({ ...open, ...patch })),
      );
      expect(event).toMatchObject({ kind: 'SubscriptionPaymentFailed', failureCode: code });
    }
  });

  it('when a renewal needs 3-D Secure (invoice.payment_action_required), then it is authentication_required with the page to confirm it', () => {
    const invoice = subscriptionInvoice({ status: 'open', amount_paid: 0 });
    expect(normalizeStripeEvent(basilEvent('invoice.payment_action_required', invoice))).toEqual([
      expect.objectContaining({
        kind: 'SubscriptionPaymentFailed',
        failureCode: 'authentication_required',
        failureReason: expect.stringMatching(/confirm/),
        actionUrl: 'https://invoice.stripe.com/i/acct_1/test_1',
      }),
    ]);
  });

  it('when a one-off invoice (recorded, no subscription) fails, then there is no subscription event', () => {
    const event = providerEvent(fixture('stripe/event.invoice.payment_failed.api-2020-08-27.json'));
    expect(normalizeStripeEvent(event)).toEqual([]);
  });
});

describe('Stripe subscription checkouts', () => {
  const session = (patch: Json = {}): Json => ({
    ...fixture(RECORDED_SUBSCRIPTION_SESSION),
    metadata: { subscription_id: 'subs_42', user_id: 'usr_9' },
    client_reference_id: 'subs_42',
    ...patch,
  });

  it('when a subscription-mode session completes (recorded), then it is no payment of ours: no PaymentSucceeded for a subscription id', () => {
    for (const type of [
      'checkout.session.completed',
      'checkout.session.async_payment_succeeded',
      'checkout.session.async_payment_failed',
    ]) {
      expect([type, normalizeStripeEvent(basilEvent(type, session()))]).toEqual([type, []]);
    }
    // The same recorded session in payment mode would be a payment: the guard is the mode.
    expect(
      normalizeStripeEvent(basilEvent('checkout.session.completed', session({ mode: 'payment' }))).map((e) => e.kind),
    ).toEqual(['PaymentSucceeded']);
  });

  it('when a subscription-mode session expires, then the subscription never started: SubscriptionChanged expired for our id', () => {
    const expired = session({ status: 'expired', payment_status: 'unpaid', subscription: null });
    expect(normalizeStripeEvent(basilEvent('checkout.session.expired', expired))).toEqual([
      {
        kind: 'SubscriptionChanged',
        provider: 'stripe',
        occurredAt: at(CREATED + 60),
        ref: { subscriptionId: 'subs_42' },
        status: 'expired',
      },
    ]);
    const byReference = session({ status: 'expired', subscription: null, metadata: {} });
    expect(normalizeStripeEvent(basilEvent('checkout.session.expired', byReference))).toEqual([
      expect.objectContaining({ ref: { subscriptionId: 'subs_42' } }),
    ]);
    const anonymous = session({ status: 'expired', subscription: null, metadata: {}, client_reference_id: null });
    expect(normalizeStripeEvent(basilEvent('checkout.session.expired', anonymous))).toEqual([]);
  });

  it('when a subscription-mode session is fetched, then it implies no payment events whatever its state', () => {
    const now = at(CREATED);
    for (const status of ['complete', 'expired', 'open']) {
      expect([status, eventsFromSession(session({ status }), now)]).toEqual([status, []]);
    }
  });
});
