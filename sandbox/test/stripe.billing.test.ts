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
