import Stripe from 'stripe';
import { Sandbox } from '../src';
import { Receiver, control, expectSameShape, fixture, startTestSandbox, stripeClient, waitFor } from './helpers';

let sandbox: Sandbox;
let stripe: Stripe;
let hooks: Receiver;

beforeAll(async () => {
  hooks = new Receiver();
  sandbox = await startTestSandbox({ stripeWebhookUrl: await hooks.start() });
  stripe = stripeClient(sandbox);
});
afterAll(async () => {
  await sandbox.close();
  await hooks.close();
});
beforeEach(async () => {
  await sandbox.idle();
  hooks.received.length = 0;
});

async function waitTypes(types: string[]): Promise<Stripe.Event[]> {
  await waitFor(() => types.every((t) => hooks.types().includes(t)), 5000, types.join(', '));
  return hooks.events<Stripe.Event>();
}

async function subscribe(card = '4242424242424242') {
  const customer = await stripe.customers.create({ email: 'sub@example.com' });
  const session = await stripe.checkout.sessions.create({
    mode: 'subscription',
    customer: customer.id,
    line_items: [
      {
        price_data: {
          currency: 'eur',
          unit_amount: 1900,
          recurring: { interval: 'month' },
          product_data: { name: 'Pro plan' },
        },
        quantity: 1,
      },
    ],
    subscription_data: { metadata: { plan_id: 'pro' } },
    success_url: 'http://localhost:3000/ok',
  });
  const paid = await control<{ outcome: string }>(sandbox.stripe.url, `/checkout/sessions/${session.id}/pay`, { card });
  // Let this purchase's webhooks land so a test only sees the events of the step it checks.
  await sandbox.idle();
  return { customer, session, paid };
}

describe('Stripe Checkout, subscription mode', () => {
  it('when paid, then a subscription with its first paid invoice exists and the basil+ events are sent', async () => {
    const { session, paid } = await subscribe();
    expect(paid.body.outcome).toBe('succeeded');
    // `shipping` and `shipping_rate` were removed from the API after that 2022 recording.
    const legacy = { ignore: ['shipping', 'shipping_rate'] };
    expectSameShape(
      await stripe.checkout.sessions.retrieve(session.id),
      fixture('stripe/object.checkout.session.subscription-mode.json'),
      legacy,
    );
    const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ['subscription', 'invoice'] });
    expect(done).toMatchObject({ status: 'complete', payment_status: 'paid' });
    const sub = done.subscription as Stripe.Subscription;
    expect(sub.id).toMatch(/^sub_/);
    expectSameShape(sub, fixture('stripe/object.subscription.json'));
    expect(sub).toMatchObject({ status: 'active', metadata: { plan_id: 'pro' }, cancel_at_period_end: false });
    const item = sub.items.data[0];
    expectSameShape(item, fixture('stripe/object.subscription_item.json'));
    expect(item.current_period_end).toBeGreaterThan(item.current_period_start);
    const invoice = done.invoice as Stripe.Invoice;
    // The generated fixture still lists top-level `subscription`; basil removed it (stripe-node 23 types have no such
    // field) and the link lives in parent.subscription_details, checked below.
    expectSameShape(invoice, fixture('stripe/object.invoice.json'), { ignore: ['subscription'] });
    expect(invoice).not.toHaveProperty('subscription');
    expect(invoice).toMatchObject({
      status: 'paid',
      amount_paid: 1900,
      billing_reason: 'subscription_create',
      parent: { subscription_details: { subscription: sub.id, metadata: { plan_id: 'pro' } } },
    });
    expect(invoice.lines.data[0]).toMatchObject({
      amount: 1900,
      pricing: { type: 'price_details' },
      parent: { type: 'subscription_item_details' },
    });
    const withPayments = await stripe.invoices.retrieve(invoice.id as string, { expand: ['payments'] });
    expect(withPayments.payments?.data[0]).toMatchObject({
      object: 'invoice_payment',
      status: 'paid',
      payment: { type: 'payment_intent' },
    });

    const events = await waitTypes([
      'checkout.session.completed',
      'customer.subscription.created',
      'invoice.paid',
      'customer.subscription.updated',
    ]);
    const invoicePaid = events.find((e) => e.type === 'invoice.paid') as Stripe.Event;
    expect(invoicePaid.data.object).toMatchObject({ id: invoice.id, status: 'paid' });
    const created = events.find((e) => e.type === 'customer.subscription.created') as Stripe.Event;
    expectSameShape(created, fixture('stripe/event.customer.subscription.created.api-2020-08-27.json'));
  });

  it('when renewed, then a subscription_cycle invoice is paid and periods advance', async () => {
    const { session } = await subscribe();
    const subId = (await stripe.checkout.sessions.retrieve(session.id)).subscription as string;
    const before = await stripe.subscriptions.retrieve(subId);
    hooks.received.length = 0;
    const res = await control<{ invoice: Stripe.Invoice }>(sandbox.stripe.url, `/subscriptions/${subId}/renew`);
    expect(res.body.invoice).toMatchObject({ billing_reason: 'subscription_cycle', status: 'paid' });
    const after = await stripe.subscriptions.retrieve(subId);
    expect(after.items.data[0].current_period_start).toBe(before.items.data[0].current_period_end);
    expect(after.latest_invoice).toBe(res.body.invoice.id);
    await waitTypes(['invoice.paid', 'invoice.payment_succeeded', 'customer.subscription.updated']);
  });

  it('when the next payment is set to fail, then invoice.payment_failed and the subscription goes past_due', async () => {
    const { session } = await subscribe();
    const subId = (await stripe.checkout.sessions.retrieve(session.id)).subscription as string;
    await control(sandbox.stripe.url, `/subscriptions/${subId}/fail_next_payment`);
    hooks.received.length = 0;
    const res = await control<{ invoice: Stripe.Invoice }>(sandbox.stripe.url, `/subscriptions/${subId}/renew`);
    expect(res.body.invoice).toMatchObject({ status: 'open', attempt_count: 1 });
    expect((await stripe.subscriptions.retrieve(subId)).status).toBe('past_due');
    const events = await waitTypes(['invoice.payment_failed', 'customer.subscription.updated']);
    expectSameShape(
      events.find((e) => e.type === 'invoice.payment_failed') as Stripe.Event,
      fixture('stripe/event.invoice.payment_failed.api-2020-08-27.json'),
    );
    expect(events.find((e) => e.type === 'customer.subscription.updated')?.data.previous_attributes).toMatchObject({
      status: 'active',
    });
  });

  it('when cancel_at_period_end is set and cleared, then updated events carry previous_attributes; DELETE cancels now', async () => {
    const { session } = await subscribe();
    const subId = (await stripe.checkout.sessions.retrieve(session.id)).subscription as string;
    const atEnd = await stripe.subscriptions.update(subId, { cancel_at_period_end: true });
    expect(atEnd).toMatchObject({ cancel_at_period_end: true, status: 'active' });
    expect(atEnd.cancel_at).toBe(atEnd.items.data[0].current_period_end);
    const resumed = await stripe.subscriptions.update(subId, { cancel_at_period_end: false });
    expect(resumed).toMatchObject({ cancel_at_period_end: false, cancel_at: null });
    const canceled = await stripe.subscriptions.cancel(subId);
    expect(canceled.status).toBe('canceled');
    const events = await waitTypes(['customer.subscription.updated', 'customer.subscription.deleted']);
    const updates = events.filter(
      (e) => e.type === 'customer.subscription.updated' && (e.data.object as Stripe.Subscription).id === subId,
    );
    expect(
      updates.some((e) => (e.data.previous_attributes as Record<string, unknown>)?.cancel_at_period_end === false),
    ).toBe(true);
    await expect(stripe.subscriptions.cancel(subId)).rejects.toMatchObject({ statusCode: 404 });
  });

  it('when a subscription ends at period end, then renewal deletes it instead of billing', async () => {
    const { session } = await subscribe();
    const subId = (await stripe.checkout.sessions.retrieve(session.id)).subscription as string;
    await stripe.subscriptions.update(subId, { cancel_at_period_end: true });
    hooks.received.length = 0;
    await control(sandbox.stripe.url, `/subscriptions/${subId}/renew`);
    expect((await stripe.subscriptions.retrieve(subId)).status).toBe('canceled');
    const events = await waitTypes(['customer.subscription.deleted']);
    expect(events.some((e) => e.type === 'invoice.paid')).toBe(false);
  });
});

describe('Stripe Checkout, setup mode and payment methods', () => {
  it('when a card is saved, then the setup intent succeeds, the pm_ is on the customer, and it can be default and detached', async () => {
    const customer = await stripe.customers.create({ email: 'pm@example.com' });
    const session = await stripe.checkout.sessions.create({
      mode: 'setup',
      customer: customer.id,
      currency: 'usd',
      success_url: 'http://localhost:3000/ok',
    });
    // `shipping` and `shipping_rate` were removed from the API after that 2024 recording.
    expectSameShape(session, fixture('stripe/object.checkout.session.setup-mode.json'), {
      ignore: ['shipping', 'shipping_rate'],
    });
    expect(session).toMatchObject({
      payment_status: 'no_payment_required',
      setup_intent: expect.stringMatching(/^seti_/),
    });
    await control(sandbox.stripe.url, `/checkout/sessions/${session.id}/pay`, { card: '5555555555554444' });
    const si = await stripe.setupIntents.retrieve(session.setup_intent as string);
    expectSameShape(si, fixture('stripe/object.setup_intent.json'));
    expect(si.status).toBe('succeeded');
    const methods = await stripe.paymentMethods.list({ customer: customer.id, type: 'card' });
    expect(methods.data).toHaveLength(1);
    const pm = methods.data[0];
    expect(pm.id).toBe(si.payment_method);
    expectSameShape(pm, fixture('stripe/object.payment_method.card.json'));
    expect(pm.card).toMatchObject({ brand: 'mastercard', last4: '4444' });
    const updated = await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    expect(updated.invoice_settings.default_payment_method).toBe(pm.id);
    const detached = await stripe.paymentMethods.detach(pm.id);
    expect(detached.customer).toBeNull();
    expect(
      ((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).invoice_settings.default_payment_method,
    ).toBeNull();
    await expect(stripe.paymentMethods.detach(pm.id)).rejects.toMatchObject({ statusCode: 400 });
    await waitTypes([
      'setup_intent.succeeded',
      'checkout.session.completed',
      'payment_method.attached',
      'payment_method.detached',
    ]);
  });
});

describe('Stripe refunds and disputes', () => {
  async function paidIntent(amount = 5000): Promise<Stripe.PaymentIntent> {
    const session = await stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [
        { price_data: { currency: 'usd', unit_amount: amount, product_data: { name: 'Course' } }, quantity: 1 },
      ],
    });
    await control(sandbox.stripe.url, `/checkout/sessions/${session.id}/pay`, { card: '4242424242424242' });
    const s = await stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent'] });
    return s.payment_intent as Stripe.PaymentIntent;
  }

  it('when refunded partly then fully, then amounts add up, events are sent, and over-refunds fail', async () => {
    const pi = await paidIntent(5000);
    const r1 = await stripe.refunds.create(
      { payment_intent: pi.id, amount: 2000, reason: 'requested_by_customer' },
      { idempotencyKey: 'refund:pay_1:1' },
    );
    expect(r1.id).toMatch(/^re_/);
    expectSameShape(r1, fixture('stripe/object.refund.json'));
    expect(r1).toMatchObject({ amount: 2000, status: 'succeeded', payment_intent: pi.id, charge: pi.latest_charge });
    const replay = await stripe.refunds.create(
      { payment_intent: pi.id, amount: 2000, reason: 'requested_by_customer' },
      { idempotencyKey: 'refund:pay_1:1' },
    );
    expect(replay.id).toBe(r1.id);
    await expect(stripe.refunds.create({ payment_intent: pi.id, amount: 3500 })).rejects.toMatchObject({
      statusCode: 400,
      param: 'amount',
    });
    const r2 = await stripe.refunds.create({ charge: pi.latest_charge as string });
    expect(r2.amount).toBe(3000);
    const charge = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge).toMatchObject({ amount_refunded: 5000, refunded: true });
    await expect(stripe.refunds.create({ payment_intent: pi.id })).rejects.toMatchObject({
      statusCode: 400,
      code: 'charge_already_refunded',
    });
    expect((await stripe.refunds.retrieve(r1.id)).amount).toBe(2000);
    const events = await waitTypes(['charge.refunded', 'refund.created']);
    const refunded = events.filter((e) => e.type === 'charge.refunded');
    expectSameShape(refunded[0], fixture('stripe/event.charge.refunded.api-2020-08-27.json'));
    expect(refunded[0].data.previous_attributes).toMatchObject({ amount_refunded: 0, refunded: false });
  });

  it('when a refund is made from the dashboard as pending and then fails, then refund.updated and refund.failed follow', async () => {
    const pi = await paidIntent(1000);
    const made = await control<Stripe.Refund>(sandbox.stripe.url, '/refunds', {
      payment_intent: pi.id,
      amount: 400,
      status: 'pending',
    });
    expect(made.body).toMatchObject({ status: 'pending', amount: 400 });
    await control(sandbox.stripe.url, `/refunds/${made.body.id}/settle`, { outcome: 'failed' });
    await waitTypes(['refund.created', 'refund.updated', 'refund.failed']);
    expect((await stripe.charges.retrieve(pi.latest_charge as string)).amount_refunded).toBe(0);
  });

  it('when a charge is disputed, then charge.dispute.created like the fixture, refunds are refused, and closing sends dispute.closed', async () => {
    const pi = await paidIntent(1000);
    const d = await control<Stripe.Dispute>(sandbox.stripe.url, '/disputes', { payment_intent: pi.id });
    expect(d.body.id).toMatch(/^dp_/);
    expectSameShape(d.body, fixture('stripe/object.dispute.json'));
    const events = await waitTypes(['charge.dispute.created']);
    const created = events.find((e) => e.type === 'charge.dispute.created') as Stripe.Event;
    expectSameShape(created, fixture('stripe/event.charge.dispute.created.json'));
    expect(created.data.object).toMatchObject({ charge: pi.latest_charge, status: 'needs_response' });
    await expect(stripe.refunds.create({ payment_intent: pi.id })).rejects.toMatchObject({ code: 'charge_disputed' });
    await control(sandbox.stripe.url, `/disputes/${d.body.id}/close`, { outcome: 'lost' });
    await waitTypes(['charge.dispute.closed']);
  });

  it('when the payment intent or charge is unknown, then 400 resource_missing with the param', async () => {
    await expect(stripe.refunds.create({ payment_intent: 'pi_nope' })).rejects.toMatchObject({
      statusCode: 400,
      code: 'resource_missing',
      param: 'payment_intent',
    });
    await expect(stripe.charges.retrieve('ch_nope')).rejects.toMatchObject({ statusCode: 404 });
    await expect(stripe.paymentIntents.retrieve('pi_nope')).rejects.toMatchObject({ statusCode: 404 });
    await expect(stripe.invoices.retrieve('in_nope')).rejects.toMatchObject({ statusCode: 404 });
    await expect(stripe.subscriptions.retrieve('sub_nope')).rejects.toMatchObject({ statusCode: 404 });
    await expect(stripe.setupIntents.retrieve('seti_nope')).rejects.toMatchObject({ statusCode: 404 });
  });
});

/** Stripe events recorded by the sandbox, oldest first (the same list `GET /_sandbox/events` gives, newest first). */
async function allEvents(): Promise<Stripe.Event[]> {
  const res = await fetch(`${sandbox.stripe.url.replace('localhost', '127.0.0.1')}/_sandbox/events`);
  return ((await res.json()) as { data: Stripe.Event[] }).data.reverse();
}

/** What `action` made happen: the events it caused, in order. */
async function eventsOf(action: () => Promise<unknown>): Promise<Stripe.Event[]> {
  const before = (await allEvents()).length;
  await action();
  return (await allEvents()).slice(before);
}

function objectOf<T>(events: Stripe.Event[], type: string): T {
  const e = events.find((x) => x.type === type);
  if (!e) throw new Error(`no ${type} among ${events.map((x) => x.type).join(', ')}`);
  return e.data.object as T;
}

async function getJson<T>(route: string): Promise<T> {
  const res = await fetch(`${sandbox.stripe.url.replace('localhost', '127.0.0.1')}/_sandbox${route}`);
  return (await res.json()) as T;
}

type Advance = {
  subscription: Stripe.Subscription;
  invoice: Stripe.Invoice | null;
  error: (Stripe.errors.StripeError & { code?: string }) | null;
};

function advance(subId: string) {
  return control<Advance>(sandbox.stripe.url, `/subscriptions/${subId}/advance`);
}

interface SubscribeOptions {
  card?: string;
  trialDays?: number;
  customer?: Stripe.Customer;
  currency?: string;
  metadata?: Record<string, string>;
  authenticate?: 'complete' | 'fail';
}

/** A monthly subscription bought through Checkout (subscription mode) and paid with the control. */
async function checkoutSubscription(opts: SubscribeOptions = {}) {
  const customer =
    opts.customer ?? (await stripe.customers.create({ email: 'student@example.com', name: 'Ada Student' }));
  const session = await stripe.checkout.sessions.create({
    mode: 'subscription',
    customer: customer.id,
    line_items: [
      {
        price_data: {
          currency: opts.currency ?? 'eur',
          unit_amount: 1900,
          recurring: { interval: 'month' },
          product_data: { name: 'All access' },
        },
        quantity: 1,
      },
    ],
    subscription_data: {
      metadata: opts.metadata ?? { plan: 'monthly' },
      ...(opts.trialDays ? { trial_period_days: opts.trialDays } : {}),
    },
    success_url: 'http://localhost:3000/ok',
  });
  const paid = await control<{ outcome: string; session: Stripe.Checkout.Session }>(
    sandbox.stripe.url,
    `/checkout/sessions/${session.id}/pay`,
    { card: opts.card ?? '4242424242424242', ...(opts.authenticate ? { authenticate: opts.authenticate } : {}) },
  );
  const done = await stripe.checkout.sessions.retrieve(session.id);
  const sub = done.subscription ? await stripe.subscriptions.retrieve(done.subscription as string) : null;
  return { customer, session: done, sub: sub as Stripe.Subscription, outcome: paid.body.outcome };
}

const DAY = 86400;

describe('Stripe subscriptions on a test clock', () => {
  it('when a Checkout trial is bought, then it is trialing with a paid $0 invoice, the card saved, and completed last', async () => {
    let bought!: Awaited<ReturnType<typeof checkoutSubscription>>;
    const events = await eventsOf(async () => {
      bought = await checkoutSubscription({ trialDays: 14 });
    });
    const { sub, session } = bought;
    expect(session).toMatchObject({ status: 'complete', payment_status: 'no_payment_required', amount_total: 0 });
    expect(session.invoice).toBe(sub.latest_invoice);
    expect(sub.status).toBe('trialing');
    expect(sub.trial_end).toBe((sub.trial_start as number) + 14 * DAY);
    expect(sub.items.data[0].current_period_end).toBe(sub.trial_end);
    expect(sub.default_payment_method).toMatch(/^pm_/);
    const invoice = await stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(invoice).toMatchObject({ status: 'paid', total: 0, amount_due: 0, billing_reason: 'subscription_create' });
    expect(invoice.lines.data[0]).toMatchObject({ amount: 0, period: { start: sub.trial_start, end: sub.trial_end } });
    expect((await stripe.invoicePayments.list({ invoice: invoice.id })).data).toEqual([]);
    const types = events.map((e) => e.type);
    expect(types).toContain('customer.subscription.created');
    expect(types).not.toContain('customer.subscription.updated');
    expect(types).not.toContain('charge.succeeded');
    expect(types.indexOf('invoice.paid')).toBeLessThan(types.indexOf('checkout.session.completed'));
    expect(types[types.length - 1]).toBe('checkout.session.completed');
    expect(objectOf<Stripe.Subscription>(events, 'customer.subscription.created').status).toBe('trialing');
  });

  it('when the clock reaches the trial end, then a subscription_cycle invoice is charged on the clock and the subscription is active', async () => {
    const { sub } = await checkoutSubscription({ trialDays: 7, metadata: { plan: 'yearly', user: 'u_1' } });
    const trialEnd = sub.trial_end as number;
    const started = Math.floor(Date.now() / 1000);
    const events = await eventsOf(async () => {
      const res = await advance(sub.id);
      expect(res.status).toBe(200);
      expect(res.body.error).toBeNull();
      expect(res.body.subscription.status).toBe('active');
    });
    const after = await stripe.subscriptions.retrieve(sub.id);
    expect(after.items.data[0]).toMatchObject({ current_period_start: trialEnd });
    expect(after.items.data[0].current_period_end).toBeGreaterThan(trialEnd + 27 * DAY);
    const invoice = await stripe.invoices.retrieve(after.latest_invoice as string);
    expect(invoice).toMatchObject({
      billing_reason: 'subscription_cycle',
      status: 'paid',
      amount_paid: 1900,
      amount_remaining: 0,
      attempt_count: 1,
      next_payment_attempt: null,
      created: trialEnd,
      period_start: sub.trial_start,
      period_end: trialEnd,
      status_transitions: { paid_at: trialEnd, finalized_at: trialEnd },
      parent: { subscription_details: { subscription: sub.id, metadata: { plan: 'yearly', user: 'u_1' } } },
    });
    expect(invoice.lines.data[0].period).toEqual({
      start: trialEnd,
      end: after.items.data[0].current_period_end,
    });
    const updated = objectOf<Stripe.Subscription>(events, 'customer.subscription.updated');
    expect(updated.status).toBe('active');
    const update = events.find((e) => e.type === 'customer.subscription.updated') as Stripe.Event;
    expect(update.data.previous_attributes).toMatchObject({ status: 'trialing' });
    // Events are made (and delivered) now; the objects in them carry the clock's time.
    for (const e of events) expect(e.created).toBeGreaterThanOrEqual(started);
    expect(update.created).toBeLessThan(trialEnd);
    const types = events.map((e) => e.type);
    expect(types.indexOf('invoice_payment.paid')).toBeGreaterThan(types.indexOf('invoice.paid'));
  });

  it('when an active subscription reaches its period end, then it renews on the clock; a second advance renews again', async () => {
    const { sub } = await checkoutSubscription();
    const end1 = sub.items.data[0].current_period_end;
    const first = await advance(sub.id);
    expect(first.body.invoice).toMatchObject({
      billing_reason: 'subscription_cycle',
      status: 'paid',
      period_start: sub.items.data[0].current_period_start,
      period_end: end1,
      status_transitions: { paid_at: end1 },
    });
    const end2 = first.body.subscription.items.data[0].current_period_end;
    const second = await advance(sub.id);
    expect(second.body.invoice).toMatchObject({
      period_start: end1,
      period_end: end2,
      status_transitions: { paid_at: end2 },
    });
    expect(second.body.subscription.items.data[0].current_period_start).toBe(end2);
    // `renew` is the same move.
    const third = await control<Advance>(sandbox.stripe.url, `/subscriptions/${sub.id}/renew`);
    expect(third.body.invoice?.period_start).toBe(end2);
  });

  it('when cancel_at_period_end is set, then the clock ends it at the period end; resuming before that keeps it', async () => {
    const { sub } = await checkoutSubscription();
    await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    await stripe.subscriptions.update(sub.id, { cancel_at_period_end: false });
    const renewed = await advance(sub.id);
    expect(renewed.body.subscription.status).toBe('active');
    const end = renewed.body.subscription.items.data[0].current_period_end;
    await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    const events = await eventsOf(async () => {
      const res = await advance(sub.id);
      expect(res.body).toMatchObject({
        invoice: null,
        error: null,
        subscription: { status: 'canceled', ended_at: end },
      });
    });
    expect(events.map((e) => e.type)).toEqual(['customer.subscription.deleted']);
    expect((await advance(sub.id)).status).toBe(400);
  });

  it('when cancel_at is set inside the period, then the clock stops there instead of renewing', async () => {
    const { sub } = await checkoutSubscription();
    const at = sub.items.data[0].current_period_start + 10 * DAY;
    const set = await stripe.subscriptions.update(sub.id, { cancel_at: at });
    expect(set).toMatchObject({ cancel_at: at, cancel_at_period_end: false });
    const res = await advance(sub.id);
    expect(res.body.subscription).toMatchObject({ status: 'canceled', ended_at: at });
  });
});

/** Saves another card for a customer (Checkout in setup mode), e.g. to pay an open invoice with. */
async function saveCard(customer: string, card = '4242424242424242'): Promise<string> {
  const session = await stripe.checkout.sessions.create({ mode: 'setup', customer, currency: 'eur' });
  await control(sandbox.stripe.url, `/checkout/sessions/${session.id}/pay`, { card });
  const si = await stripe.setupIntents.retrieve(
    (await stripe.checkout.sessions.retrieve(session.id)).setup_intent as string,
  );
  return si.payment_method as string;
}

function settings(body: Record<string, unknown>) {
  return control<Record<string, unknown>>(sandbox.stripe.url, '/billing/settings', body);
}

describe('Stripe dunning', () => {
  afterEach(async () => {
    await settings({ dunningEndState: 'canceled', attempts: 4, invoiceEndState: 'open' });
  });

  it('when renewals keep failing, then each advance retries (attempt_count + 1) and after the 4th the subscription is canceled', async () => {
    // 0341 attaches (a trial only saves it) but every charge fails.
    const { sub } = await checkoutSubscription({ trialDays: 3, card: '4000000000000341' });
    const trialEnd = sub.trial_end as number;
    const first = await advance(sub.id);
    expect(first.body.subscription.status).toBe('past_due');
    expect(first.body.error).toMatchObject({ type: 'card_error', code: 'card_declined' });
    const invoiceId = first.body.invoice?.id as string;
    expect(first.body.invoice).toMatchObject({
      status: 'open',
      attempt_count: 1,
      next_payment_attempt: trialEnd + 3 * DAY,
    });
    const second = await advance(sub.id);
    expect(second.body.invoice).toMatchObject({
      id: invoiceId,
      attempt_count: 2,
      next_payment_attempt: trialEnd + 8 * DAY,
    });
    const third = await advance(sub.id);
    expect(third.body.invoice).toMatchObject({ attempt_count: 3, next_payment_attempt: trialEnd + 15 * DAY });
    const events = await eventsOf(async () => {
      const last = await advance(sub.id);
      expect(last.body.subscription).toMatchObject({
        status: 'canceled',
        ended_at: trialEnd + 15 * DAY,
        cancellation_details: { reason: 'payment_failed' },
      });
    });
    expect(events.map((e) => e.type)).toEqual([
      'charge.failed',
      'payment_intent.payment_failed',
      'invoice.payment_failed',
      'invoice.updated',
      'customer.subscription.deleted',
    ]);
    expect(objectOf<Stripe.Invoice>(events, 'invoice.payment_failed')).toMatchObject({
      attempt_count: 4,
      next_payment_attempt: null,
    });
    // Canceling stops automatic collection; the invoice stays open (past due), as Stripe's default leaves it.
    expect(await stripe.invoices.retrieve(invoiceId)).toMatchObject({ status: 'open', auto_advance: false });
    // All retries charged the invoice's one PaymentIntent.
    const payments = await stripe.invoicePayments.list({ invoice: invoiceId });
    expect(payments.data).toHaveLength(1);
    const charges = await stripe.charges.list({ payment_intent: payments.data[0].payment.payment_intent as string });
    expect(charges.data.map((c) => c.status)).toEqual(['failed', 'failed', 'failed', 'failed']);
  });

  it('when the dunning end state is unpaid (2 attempts, invoice uncollectible), then the subscription is unpaid and paying the invoice reactivates it', async () => {
    expect((await settings({ dunningEndState: 'unpaid', attempts: 2, invoiceEndState: 'uncollectible' })).body).toEqual(
      { dunningEndState: 'unpaid', attempts: 2, invoiceEndState: 'uncollectible' },
    );
    expect(await getJson('/billing/settings')).toMatchObject({ dunningEndState: 'unpaid', attempts: 2 });
    const { sub, customer } = await checkoutSubscription({ trialDays: 3, card: '4000000000000341' });
    await advance(sub.id);
    const events = await eventsOf(async () => {
      const res = await advance(sub.id);
      expect(res.body.subscription.status).toBe('unpaid');
    });
    expect(events.map((e) => e.type).slice(-2)).toEqual([
      'invoice.marked_uncollectible',
      'customer.subscription.updated',
    ]);
    const invoiceId = (await stripe.subscriptions.retrieve(sub.id)).latest_invoice as string;
    const invoice = await stripe.invoices.retrieve(invoiceId);
    expect(invoice).toMatchObject({ status: 'uncollectible', attempt_count: 2, next_payment_attempt: null });
    expect(invoice.status_details).toEqual({ uncollectible: { reason: 'max_payment_attempts' } });
    // An unpaid subscription keeps cycling, but its invoices stay drafts.
    const next = await advance(sub.id);
    expect(next.body.invoice).toMatchObject({
      status: 'draft',
      auto_advance: false,
      billing_reason: 'subscription_cycle',
    });
    expect(next.body.subscription.status).toBe('unpaid');
    // The student adds a working card; the product pays the last finalized invoice with it.
    const pm = await saveCard(customer.id);
    const paid = await stripe.invoices.pay(invoiceId, { payment_method: pm });
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 1900 });
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('unpaid');
    const draftPaid = await stripe.invoices.pay(next.body.invoice?.id as string, { payment_method: pm });
    expect(draftPaid.status).toBe('paid');
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
  });

  it('when a retry succeeds, then the invoice is paid and the subscription back to active', async () => {
    const { sub } = await checkoutSubscription();
    await control(sandbox.stripe.url, `/subscriptions/${sub.id}/fail_next_payment`);
    const failed = await advance(sub.id);
    expect(failed.body.subscription.status).toBe('past_due');
    const retryAt = failed.body.invoice?.next_payment_attempt as number;
    const events = await eventsOf(async () => {
      const res = await advance(sub.id);
      expect(res.body.invoice).toMatchObject({
        status: 'paid',
        attempt_count: 2,
        status_transitions: { paid_at: retryAt },
      });
      expect(res.body.subscription.status).toBe('active');
    });
    expect(events.map((e) => e.type)).toEqual([
      'charge.succeeded',
      'payment_intent.succeeded',
      'invoice.paid',
      'invoice.payment_succeeded',
      'invoice_payment.paid',
      'customer.subscription.updated',
    ]);
    expect(events[events.length - 1].data.previous_attributes).toEqual({ status: 'past_due' });
  });

  it('when settings are wrong, then 400; reset restores the defaults and the clocks', async () => {
    expect((await settings({ dunningEndState: 'paused' })).status).toBe(400);
    expect((await settings({ attempts: 0 })).status).toBe(400);
    expect((await settings({ retries: 2 })).status).toBe(400);
    await settings({ dunningEndState: 'unpaid', attempts: 3 });
    const { sub } = await checkoutSubscription();
    await advance(sub.id);
    await control(sandbox.stripe.url, '/reset');
    await expect(stripe.subscriptions.retrieve(sub.id)).rejects.toMatchObject({ statusCode: 404 });
    expect(await getJson('/billing/settings')).toEqual({
      dunningEndState: 'canceled',
      attempts: 4,
      invoiceEndState: 'open',
    });
  });
});

describe('Stripe 3-D Secure on renewals (card 4000 0027 6000 3184)', () => {
  it('when bought in Checkout, then the page’s 3-D Secure step pays the first invoice', async () => {
    const { sub, outcome } = await checkoutSubscription({ card: '4000002760003184', authenticate: 'complete' });
    expect(outcome).toBe('succeeded');
    expect(sub.status).toBe('active');
    expect((await stripe.invoices.retrieve(sub.latest_invoice as string)).status).toBe('paid');
  });

  it('when an off-session renewal needs authentication, then the invoice waits (requires_action, past_due) until the student confirms it', async () => {
    const { sub } = await checkoutSubscription({ card: '4000002760003184', authenticate: 'complete' });
    let res!: Awaited<ReturnType<typeof advance>>;
    const events = await eventsOf(async () => {
      res = await advance(sub.id);
    });
    expect(res.body.subscription.status).toBe('past_due');
    expect(res.body.error).toMatchObject({ code: 'invoice_payment_intent_requires_action' });
    const invoice = res.body.invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({ status: 'open', attempt_count: 1 });
    expect(invoice.hosted_invoice_url).toMatch(/^https:\/\/invoice\.stripe\.com\//);
    const types = events.map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'payment_intent.requires_action',
        'invoice.payment_failed',
        'invoice.payment_action_required',
      ]),
    );
    expect(types.indexOf('invoice.payment_action_required')).toBeGreaterThan(types.indexOf('invoice.payment_failed'));
    expect(types).not.toContain('charge.failed');
    const [payment] = (await stripe.invoicePayments.list({ invoice: invoice.id })).data;
    expect(payment.status).toBe('open');
    const pi = await stripe.paymentIntents.retrieve(payment.payment.payment_intent as string);
    expect(pi.status).toBe('requires_action');

    const confirmed = await eventsOf(async () => {
      const auth = await control<{ invoice: Stripe.Invoice; subscription: Stripe.Subscription }>(
        sandbox.stripe.url,
        `/invoices/${invoice.id}/authenticate`,
        { outcome: 'complete' },
      );
      expect(auth.body.invoice.status).toBe('paid');
      expect(auth.body.subscription.status).toBe('active');
    });
    expect(confirmed.map((e) => e.type)).toEqual([
      'charge.succeeded',
      'payment_intent.succeeded',
      'invoice.paid',
      'invoice.payment_succeeded',
      'invoice_payment.paid',
      'customer.subscription.updated',
    ]);
    expect((await stripe.invoicePayments.retrieve(payment.id)).status).toBe('paid');
    const again = await control(sandbox.stripe.url, `/invoices/${invoice.id}/authenticate`, { outcome: 'complete' });
    expect(again.status).toBe(400);
  });

  it('when the student fails authentication, then the payment fails and the invoice stays open', async () => {
    const { sub } = await checkoutSubscription({ card: '4000002760003184', authenticate: 'complete' });
    const invoice = (await advance(sub.id)).body.invoice as Stripe.Invoice;
    const events = await eventsOf(async () => {
      const res = await control<{ error: { code: string } }>(
        sandbox.stripe.url,
        `/invoices/${invoice.id}/authenticate`,
        {
          outcome: 'fail',
        },
      );
      expect(res.body.error.code).toBe('payment_intent_authentication_failure');
    });
    expect(events.map((e) => e.type)).toEqual(['payment_intent.payment_failed', 'invoice.payment_failed']);
    expect((await stripe.invoices.retrieve(invoice.id)).status).toBe('open');
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('past_due');
  });

  it('when the product pays such an invoice with the API, then Stripe’s 402 requires-action card error', async () => {
    const { sub } = await checkoutSubscription({ card: '4000002760003184', authenticate: 'complete' });
    const invoice = (await advance(sub.id)).body.invoice as Stripe.Invoice;
    const err = await stripe.invoices.pay(invoice.id, { off_session: true }).catch((e: Stripe.errors.StripeError) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(err).toMatchObject({ statusCode: 402, code: 'invoice_payment_intent_requires_action' });
    expect((await stripe.invoices.retrieve(invoice.id)).status).toBe('open');
  });

  it('when 3155 (set up for later) renews off-session, then no authentication is asked', async () => {
    const { sub } = await checkoutSubscription({ card: '4000002500003155', authenticate: 'complete' });
    expect((await advance(sub.id)).body.invoice?.status).toBe('paid');
  });
});

describe('Stripe invoices: pay, InvoicePayment, basil+ shape', () => {
  it('when an open invoice is paid with the API, then a decline is a 402 card error and the invoice stays open; paying a paid one is a 400', async () => {
    const { sub, customer } = await checkoutSubscription();
    await control(sandbox.stripe.url, `/subscriptions/${sub.id}/fail_next_payment`);
    const invoice = (await advance(sub.id)).body.invoice as Stripe.Invoice;
    // 0341 can be saved (set up) but every charge of it is declined.
    const declining = await saveCard(customer.id, '4000000000000341');
    const err = await stripe.invoices
      .pay(invoice.id, { payment_method: declining })
      .catch((e: Stripe.errors.StripeError) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(err).toMatchObject({ statusCode: 402, code: 'card_declined', decline_code: 'generic_decline' });
    const still = await stripe.invoices.retrieve(invoice.id);
    // A manual attempt after the first does not move the retry schedule.
    expect(still).toMatchObject({
      status: 'open',
      attempt_count: 1,
      next_payment_attempt: invoice.next_payment_attempt,
    });
    await expect(stripe.invoices.pay(invoice.id, { payment_method: 'pm_nope' })).rejects.toMatchObject({
      statusCode: 400,
      code: 'resource_missing',
      param: 'payment_method',
    });
    // The default card works again (the forced decline was a one-off).
    const paid = await stripe.invoices.pay(invoice.id, { off_session: true });
    expect(paid).toMatchObject({ status: 'paid', amount_remaining: 0 });
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
    const again = await stripe.invoices.pay(invoice.id).catch((e: Stripe.errors.StripeError) => e);
    expect(again).toMatchObject({
      statusCode: 400,
      type: 'StripeInvalidRequestError',
      message: 'Invoice is already paid',
    });
  });

  it('when an invoice is paid, then its InvoicePayment lists, retrieves, filters by PaymentIntent and is sent as invoice_payment.paid', async () => {
    let bought!: Awaited<ReturnType<typeof checkoutSubscription>>;
    const events = await eventsOf(async () => {
      bought = await checkoutSubscription();
    });
    const invoiceId = bought.sub.latest_invoice as string;
    const list = await stripe.invoicePayments.list({ invoice: invoiceId });
    expect(list.data).toHaveLength(1);
    const payment = list.data[0];
    expect(payment).toEqual({
      id: expect.stringMatching(/^inpay_/),
      object: 'invoice_payment',
      amount_paid: 1900,
      amount_requested: 1900,
      created: expect.any(Number),
      currency: 'eur',
      invoice: invoiceId,
      is_default: true,
      livemode: false,
      payment: { payment_intent: expect.stringMatching(/^pi_/), type: 'payment_intent' },
      status: 'paid',
      status_transitions: { canceled_at: null, paid_at: expect.any(Number) },
    });
    expect(await stripe.invoicePayments.retrieve(payment.id)).toEqual(payment);
    const byIntent = await stripe.invoicePayments.list({
      payment: { type: 'payment_intent', payment_intent: payment.payment.payment_intent as string },
    });
    expect(byIntent.data.map((p) => p.id)).toEqual([payment.id]);
    expect((await stripe.invoicePayments.list({ invoice: invoiceId, status: 'open' })).data).toEqual([]);
    await expect(stripe.invoicePayments.retrieve('inpay_nope')).rejects.toMatchObject({ statusCode: 404 });
    const types = events.map((e) => e.type);
    expect(types.indexOf('invoice_payment.paid')).toBeGreaterThan(types.indexOf('invoice.paid'));
    expect(objectOf<Stripe.InvoicePayment>(events, 'invoice_payment.paid')).toMatchObject({
      id: payment.id,
      status: 'paid',
    });
    const expanded = await stripe.invoices.retrieve(invoiceId, { expand: ['payments.data.payment.payment_intent'] });
    expect((expanded.payments?.data[0].payment.payment_intent as Stripe.PaymentIntent).status).toBe('succeeded');
  });

  it('when an invoice is made, then it has the basil+ shape and copies the customer’s name, email, address and tax IDs', async () => {
    const customer = await stripe.customers.create({ email: 'bill@example.com', name: 'Old Name' });
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: customer.id,
      line_items: [
        {
          price_data: {
            currency: 'eur',
            unit_amount: 990,
            recurring: { interval: 'year' },
            product_data: { name: 'Yearly' },
          },
          quantity: 1,
        },
      ],
      tax_id_collection: { enabled: true },
      customer_update: { name: 'auto', address: 'auto' },
      subscription_data: { metadata: { plan: 'yearly' } },
    });
    await control(sandbox.stripe.url, `/checkout/sessions/${session.id}/pay`, {
      card: '4242424242424242',
      name: 'Ada Lovelace GmbH',
      address: { country: 'DE', postal_code: '10115' },
      tax_id: { type: 'eu_vat', value: 'DE123456789' },
    });
    const subId = (await stripe.checkout.sessions.retrieve(session.id)).subscription as string;
    const invoice = (await advance(subId)).body.invoice as Stripe.Invoice;
    for (const gone of ['subscription', 'charge', 'payment_intent', 'paid']) expect(invoice).not.toHaveProperty(gone);
    expectSameShape(invoice, fixture('stripe/object.invoice.json'), { ignore: ['subscription'] });
    expect(invoice).toMatchObject({
      customer_name: 'Ada Lovelace GmbH',
      customer_email: 'bill@example.com',
      customer_address: { country: 'DE', postal_code: '10115', line1: null, city: null },
      customer_tax_ids: [{ type: 'eu_vat', value: 'DE123456789' }],
      parent: {
        type: 'subscription_details',
        quote_details: null,
        subscription_details: { subscription: subId, metadata: { plan: 'yearly' } },
      },
      amount_due: 990,
      amount_paid: 990,
      amount_remaining: 0,
      total: 990,
      billing_reason: 'subscription_cycle',
      number: expect.stringMatching(/-0002$/),
    });
    expect(invoice.lines.data[0]).toMatchObject({
      parent: { type: 'subscription_item_details', subscription_item_details: { subscription: subId } },
      pricing: { type: 'price_details', price_details: { product: expect.stringMatching(/^prod_/) } },
    });
    // The metadata is a copy made at finalization: later changes do not reach finalized invoices.
    await stripe.subscriptions.update(subId, { metadata: { plan: 'changed' } });
    const kept = await stripe.invoices.retrieve(invoice.id);
    expect(kept.parent?.subscription_details?.metadata).toEqual({ plan: 'yearly' });
    const listed = await stripe.invoices.list({ subscription: subId });
    expect(listed.data.map((i) => i.billing_reason)).toEqual(['subscription_cycle', 'subscription_create']);
  });
});

describe('Stripe Checkout subscription-mode rules and the catalog', () => {
  it('when the price is not recurring, then Stripe’s 400; with customer_email a new customer gets the subscription', async () => {
    const price = await stripe.prices.create({
      currency: 'eur',
      unit_amount: 500,
      product_data: { name: 'Single course' },
    });
    const err = await stripe.checkout.sessions
      .create({ mode: 'subscription', line_items: [{ price: price.id, quantity: 1 }] })
      .catch((e: Stripe.errors.StripeError) => e);
    expect(err).toMatchObject({
      statusCode: 400,
      param: 'line_items',
      message: 'You must provide at least one recurring price in `subscription` mode when using prices.',
    });
    const monthly = await stripe.prices.create({
      currency: 'eur',
      unit_amount: 1500,
      recurring: { interval: 'month' },
      product_data: { name: 'Monthly' },
    });
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer_email: 'new@example.com',
      line_items: [{ price: monthly.id, quantity: 1 }],
      subscription_data: { metadata: { plan: 'monthly' } },
    });
    await control(sandbox.stripe.url, `/checkout/sessions/${session.id}/pay`, { card: '4242424242424242' });
    const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ['subscription', 'customer'] });
    expect(done).toMatchObject({ status: 'complete', payment_status: 'paid', invoice: expect.stringMatching(/^in_/) });
    expect(done.customer).toMatchObject({ email: 'new@example.com', currency: 'eur' });
    expect(done.subscription).toMatchObject({ status: 'active', metadata: { plan: 'monthly' } });
  });

  it('when a customer already subscribes in EUR, then a USD subscription session is refused at creation with Stripe’s message', async () => {
    const { customer } = await checkoutSubscription({ currency: 'eur' });
    expect(((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).currency).toBe('eur');
    const err = await stripe.checkout.sessions
      .create({
        mode: 'subscription',
        customer: customer.id,
        line_items: [
          {
            price_data: {
              currency: 'usd',
              unit_amount: 1900,
              recurring: { interval: 'month' },
              product_data: { name: 'US' },
            },
            quantity: 1,
          },
        ],
      })
      .catch((e: Stripe.errors.StripeError) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err).toMatchObject({
      statusCode: 400,
      code: undefined,
      param: undefined,
      message:
        'You cannot combine currencies on a single customer. This customer has an active subscription, subscription schedule, discount, quote, invoice item or active subscription mode checkout session with currency eur.',
    });
    // The same currency is fine, and so is a one-off payment in another one.
    await expect(checkoutSubscription({ customer, currency: 'eur' })).resolves.toMatchObject({ outcome: 'succeeded' });
    await expect(
      stripe.checkout.sessions.create({
        mode: 'payment',
        customer: customer.id,
        line_items: [
          { price_data: { currency: 'usd', unit_amount: 900, product_data: { name: 'Book' } }, quantity: 1 },
        ],
      }),
    ).resolves.toMatchObject({ currency: 'usd' });
  });

  it('when an open subscription session holds a currency, then another currency is refused until it expires', async () => {
    const customer = await stripe.customers.create({ email: 'open@example.com' });
    const line = (currency: string) => ({
      price_data: {
        currency,
        unit_amount: 1900,
        recurring: { interval: 'month' as const },
        product_data: { name: 'Plan' },
      },
      quantity: 1,
    });
    const open = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: customer.id,
      line_items: [line('gbp')],
    });
    await expect(
      stripe.checkout.sessions.create({ mode: 'subscription', customer: customer.id, line_items: [line('usd')] }),
    ).rejects.toMatchObject({ statusCode: 400, message: expect.stringContaining('with currency gbp.') });
    await stripe.checkout.sessions.expire(open.id);
    await expect(
      stripe.checkout.sessions.create({ mode: 'subscription', customer: customer.id, line_items: [line('usd')] }),
    ).resolves.toMatchObject({ currency: 'usd' });
  });

  it('when a product and a recurring price are created with an Idempotency-Key, then a retry replays the same objects', async () => {
    const product = await stripe.products.create({ name: 'Pro plan' }, { idempotencyKey: 'product:pro' });
    const again = await stripe.products.create({ name: 'Pro plan' }, { idempotencyKey: 'product:pro' });
    expect(again.id).toBe(product.id);
    expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
    const params: Stripe.PriceCreateParams = {
      product: product.id,
      currency: 'eur',
      unit_amount: 19000,
      recurring: { interval: 'year' },
    };
    const price = await stripe.prices.create(params, { idempotencyKey: 'price:pro:yearly' });
    expect(price).toMatchObject({ type: 'recurring', recurring: { interval: 'year', interval_count: 1 } });
    expect((await stripe.prices.create(params, { idempotencyKey: 'price:pro:yearly' })).id).toBe(price.id);
    await expect(
      stripe.prices.create({ ...params, unit_amount: 20000 }, { idempotencyKey: 'price:pro:yearly' }),
    ).rejects.toMatchObject({ type: 'StripeIdempotencyError' });
    expect((await stripe.prices.list({ product: product.id })).data).toHaveLength(1);
  });
});
