import Stripe from 'stripe';
import { Sandbox } from '../src';
import { control, expectSameShape, fixture, startTestSandbox, stripeClient } from './helpers';

let sandbox: Sandbox;
let stripe: Stripe;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  stripe = stripeClient(sandbox);
});
afterAll(async () => {
  await sandbox.close();
});

const REATTACH =
  'This PaymentMethod was previously used without being attached to a Customer or was detached from a Customer, and may not be used again.';

/** Every event about one object, oldest first, as `GET /v1/events` lists them (creation order). */
async function eventsAbout(id: string): Promise<Stripe.Event[]> {
  const all = await stripe.events.list({ limit: 100 }).autoPagingToArray({ limit: 10_000 });
  return all.filter((e) => (e.data.object as { id?: string }).id === id).reverse();
}

async function customer(email = 'saver@example.com'): Promise<Stripe.Customer> {
  return stripe.customers.create({ email, name: 'Sam Saver' });
}

function setupSession(customerId: string | undefined, extra: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
  return stripe.checkout.sessions.create({
    mode: 'setup',
    ...(customerId ? { customer: customerId } : {}),
    allowed_payment_method_types: ['card'],
    success_url: 'http://localhost:3000/methods?setup=1&session_id={CHECKOUT_SESSION_ID}',
    cancel_url: 'http://localhost:3000/methods',
    metadata: { setup_id: 'setup_1' },
    setup_intent_data: { metadata: { setup_id: 'setup_1' } },
    ...extra,
  });
}

function pay(sessionId: string, body: Record<string, unknown>) {
  return control<{ outcome: string; error?: Record<string, unknown>; redirect_url?: string }>(
    sandbox.stripe.url,
    `/checkout/sessions/${sessionId}/pay`,
    body,
  );
}

/** A card saved in setup mode on `customerId`; returns its PaymentMethod id. */
async function saveCard(customerId: string, card = '4242424242424242'): Promise<string> {
  const session = await setupSession(customerId);
  expect((await pay(session.id, { card })).body.outcome).toBe('succeeded');
  const si = await stripe.setupIntents.retrieve(
    (await stripe.checkout.sessions.retrieve(session.id)).setup_intent as string,
  );
  return si.payment_method as string;
}

/** A card saved in setup mode on no customer (not attached, still attachable). */
async function looseCard(card = '4242424242424242'): Promise<string> {
  const session = await setupSession(undefined);
  await pay(session.id, { card });
  const si = await stripe.setupIntents.retrieve(
    (await stripe.checkout.sessions.retrieve(session.id)).setup_intent as string,
  );
  return si.payment_method as string;
}

describe('Stripe Checkout in setup mode', () => {
  it('when a card is saved on the page, then the SetupIntent succeeds, the card is on the customer (always) and the events come in order', async () => {
    const cus = await customer();
    const session = await setupSession(cus.id);
    expect(session).toMatchObject({ mode: 'setup', status: 'open', payment_status: 'no_payment_required' });
    const form = await fetch(session.url!.replace('localhost', '127.0.0.1'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ card: '4242 4242 4242 4242', postal_code: '94107' }).toString(),
      redirect: 'manual',
    });
    expect(form.status).toBe(303);
    expect(form.headers.get('location')).toBe(`http://localhost:3000/methods?setup=1&session_id=${session.id}`);

    const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ['setup_intent.payment_method'] });
    expect(done).toMatchObject({ status: 'complete', payment_status: 'no_payment_required', mode: 'setup' });
    const si = done.setup_intent as Stripe.SetupIntent;
    expect(si).toMatchObject({ status: 'succeeded', customer: cus.id, metadata: { setup_id: 'setup_1' } });
    const pm = si.payment_method as Stripe.PaymentMethod;
    expectSameShape(pm, fixture('stripe/object.payment_method.card.json'));
    expect(pm).toMatchObject({
      customer: cus.id,
      allow_redisplay: 'always',
      type: 'card',
      card: { brand: 'visa', last4: '4242', exp_month: 12 },
      billing_details: { address: { postal_code: '94107', country: 'US' } },
    });

    // This test's events, in creation order.
    const mine = new Set([pm.id, si.id, session.id]);
    const all = (await stripe.events.list({ limit: 20 })).data
      .reverse()
      .filter((e) => mine.has((e.data.object as { id: string }).id))
      .map((e) => e.type);
    expect(all).toEqual(['payment_method.attached', 'setup_intent.succeeded', 'checkout.session.completed']);
    const completed = (await eventsAbout(session.id)).find((e) => e.type === 'checkout.session.completed');
    expect(completed?.data.object).toMatchObject({ mode: 'setup', payment_status: 'no_payment_required' });
  });

  it('when a setup session names neither a currency nor allowed_payment_method_types, then Stripe asks for the currency', async () => {
    const cus = await customer();
    await expect(stripe.checkout.sessions.create({ mode: 'setup', customer: cus.id })).rejects.toMatchObject({
      statusCode: 400,
      param: 'currency',
    });
    const typed = await setupSession(cus.id);
    expect(typed.allowed_payment_method_types).toEqual(['card']);
    expect(typed.payment_method_types).toEqual(['card']);
    await expect(
      setupSession(cus.id, {
        allowed_payment_method_types: ['sepa_debit'],
      }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'allowed_payment_method_types[0]' });
  });

  it('when the card needs 3-D Secure, then the SetupIntent waits (requires_action) and completing the challenge saves it', async () => {
    const cus = await customer();
    const session = await setupSession(cus.id);
    const started = await pay(session.id, { card: '4000002760003184' });
    expect(started.body).toMatchObject({
      outcome: 'requires_action',
      redirect_url: expect.stringContaining('/c/3ds/'),
    });
    const waiting = await stripe.setupIntents.retrieve(session.setup_intent as string);
    expect(waiting).toMatchObject({ status: 'requires_action', next_action: { type: 'redirect_to_url' } });
    expect(waiting.payment_method).toMatch(/^pm_/);
    expect((await stripe.customers.listPaymentMethods(cus.id)).data).toEqual([]);

    const done = await control<{ outcome: string }>(
      sandbox.stripe.url,
      `/checkout/sessions/${session.id}/authenticate`,
      { outcome: 'complete' },
    );
    expect(done.body.outcome).toBe('succeeded');
    const si = await stripe.setupIntents.retrieve(session.setup_intent as string);
    expect(si).toMatchObject({ status: 'succeeded', payment_method: waiting.payment_method, next_action: null });
    const methods = await stripe.customers.listPaymentMethods(cus.id);
    expect(methods.data.map((m) => m.id)).toEqual([waiting.payment_method]);
    expect((await eventsAbout(si.id)).map((e) => e.type)).toEqual([
      'setup_intent.requires_action',
      'setup_intent.succeeded',
    ]);
  });

  it('when the 3-D Secure challenge fails, then setup_intent.setup_failed, nothing is saved and the session stays open', async () => {
    const cus = await customer();
    const session = await setupSession(cus.id);
    await pay(session.id, { card: '4000002500003155' });
    const failed = await control<{ outcome: string; error: { code: string } }>(
      sandbox.stripe.url,
      `/checkout/sessions/${session.id}/authenticate`,
      { outcome: 'fail' },
    );
    expect(failed.body).toMatchObject({ outcome: 'declined', error: { code: 'setup_intent_authentication_failure' } });
    const si = await stripe.setupIntents.retrieve(session.setup_intent as string);
    expect(si).toMatchObject({
      status: 'requires_payment_method',
      payment_method: null,
      last_setup_error: { code: 'setup_intent_authentication_failure' },
    });
    expect((await eventsAbout(si.id)).map((e) => e.type)).toEqual([
      'setup_intent.requires_action',
      'setup_intent.setup_failed',
    ]);
    expect((await stripe.customers.listPaymentMethods(cus.id)).data).toEqual([]);
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
  });

  it('when a declined card is tried, then setup_intent.setup_failed and no card is on the customer', async () => {
    const cus = await customer();
    const session = await setupSession(cus.id);
    const res = await pay(session.id, { card: '4000000000000002' });
    expect(res.status).toBe(402);
    expect(res.body.error).toMatchObject({ type: 'card_error', decline_code: 'generic_decline' });
    expect((await stripe.customers.listPaymentMethods(cus.id)).data).toEqual([]);
    expect((await stripe.setupIntents.retrieve(session.setup_intent as string)).status).toBe('requires_payment_method');
  });
});

describe('Stripe PaymentMethods: attach, detach, update', () => {
  it('when a card is detached, then payment_method.detached names the customer, its default is cleared without customer.updated, and it can never be attached again', async () => {
    const cus = await customer();
    const pm = await saveCard(cus.id);
    await stripe.customers.update(cus.id, { invoice_settings: { default_payment_method: pm } });
    const updatesBefore = (await eventsAbout(cus.id)).filter((e) => e.type === 'customer.updated').length;

    const detached = await stripe.paymentMethods.detach(pm);
    expect(detached.customer).toBeNull();
    const event = (await eventsAbout(pm)).find((e) => e.type === 'payment_method.detached');
    expect(event?.data.previous_attributes).toEqual({ customer: cus.id });
    const after = (await stripe.customers.retrieve(cus.id)) as Stripe.Customer;
    expect(after.invoice_settings.default_payment_method).toBeNull();
    // Stripe does not announce the default it cleared (see flows/detach.ts).
    expect((await eventsAbout(cus.id)).filter((e) => e.type === 'customer.updated')).toHaveLength(updatesBefore);

    await expect(stripe.paymentMethods.attach(pm, { customer: cus.id })).rejects.toMatchObject({
      statusCode: 400,
      type: 'StripeInvalidRequestError',
      message: REATTACH,
    });
    await expect(stripe.paymentMethods.detach(pm)).rejects.toMatchObject({
      statusCode: 400,
      code: 'payment_method_unexpected_state',
    });
    await expect(
      stripe.customers.update(cus.id, { invoice_settings: { default_payment_method: pm } }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'invoice_settings[default_payment_method]' });
  });

  it('when a card saved on no customer is attached by the API, then it is on the customer with allow_redisplay unspecified', async () => {
    const cus = await customer();
    const pm = await looseCard('5555555555554444');
    const attached = await stripe.paymentMethods.attach(pm, { customer: cus.id });
    expect(attached).toMatchObject({ customer: cus.id, allow_redisplay: 'unspecified' });
    expect((await eventsAbout(pm)).map((e) => e.type)).toEqual(['payment_method.attached']);
  });

  it('when a card was used for a payment on no customer, then attaching it is refused as Stripe does', async () => {
    const session = await stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [{ price_data: { currency: 'usd', unit_amount: 900, product_data: { name: 'Book' } }, quantity: 1 }],
    });
    expect((await pay(session.id, { card: '4242424242424242' })).body.outcome).toBe('succeeded');
    const pi = await stripe.paymentIntents.retrieve(
      (await stripe.checkout.sessions.retrieve(session.id)).payment_intent as string,
    );
    const cus = await customer();
    await expect(stripe.paymentMethods.attach(pi.payment_method as string, { customer: cus.id })).rejects.toMatchObject(
      { statusCode: 400, message: REATTACH },
    );
  });

  it('when a saved card is updated, then payment_method.updated carries what changed in previous_attributes', async () => {
    const cus = await customer();
    const pm = await saveCard(cus.id);
    const before = await stripe.paymentMethods.retrieve(pm);
    const year = new Date().getUTCFullYear() + 5;
    const updated = await stripe.paymentMethods.update(pm, {
      billing_details: { name: 'Samantha Saver', address: { line1: '1 Main St' } },
      card: { exp_month: 4, exp_year: year },
      metadata: { nickname: 'work' },
      allow_redisplay: 'limited',
    });
    expect(updated).toMatchObject({
      allow_redisplay: 'limited',
      metadata: { nickname: 'work' },
      card: { exp_month: 4, exp_year: year, last4: '4242' },
      billing_details: { name: 'Samantha Saver', address: { line1: '1 Main St', country: 'US' } },
    });
    const event = (await eventsAbout(pm)).find((e) => e.type === 'payment_method.updated');
    expect(event?.data.previous_attributes).toEqual({
      card: { exp_month: before.card!.exp_month, exp_year: before.card!.exp_year },
      billing_details: before.billing_details,
      metadata: {},
      allow_redisplay: 'always',
    });
    // Nothing changes, no event.
    await stripe.paymentMethods.update(pm, { metadata: { nickname: 'work' } });
    expect((await eventsAbout(pm)).filter((e) => e.type === 'payment_method.updated')).toHaveLength(1);
  });

  it('when a card on no customer is updated, or given an impossible expiry, then Stripe refuses', async () => {
    const loose = await looseCard();
    await expect(stripe.paymentMethods.update(loose, { metadata: { a: 'b' } })).rejects.toMatchObject({
      statusCode: 400,
      message: 'You must save this PaymentMethod to a customer before you can update it.',
    });
    const pm = await saveCard((await customer()).id);
    await expect(stripe.paymentMethods.update(pm, { card: { exp_month: 13 } })).rejects.toMatchObject({
      statusCode: 400,
      code: 'invalid_expiry_month',
      param: 'card[exp_month]',
    });
    await expect(stripe.paymentMethods.update(pm, { card: { exp_year: 2001 } })).rejects.toMatchObject({
      statusCode: 400,
      code: 'invalid_expiry_year',
    });
    await expect(
      stripe.paymentMethods.update(pm, {
        allow_redisplay: 'sometimes' as Stripe.PaymentMethodUpdateParams.AllowRedisplay,
      }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'allow_redisplay' });
  });

  it('when the card updater gives a new expiry, then payment_method.updated and payment_method.automatically_updated are sent', async () => {
    const pm = await saveCard((await customer()).id);
    const before = await stripe.paymentMethods.retrieve(pm);
    const year = new Date().getUTCFullYear() + 6;
    const res = await control<Stripe.PaymentMethod>(sandbox.stripe.url, `/payment_methods/${pm}/update_card`, {
      exp_month: 7,
      exp_year: year,
    });
    expect(res.status).toBe(200);
    expect(res.body.card).toMatchObject({ exp_month: 7, exp_year: year });
    const events = await eventsAbout(pm);
    const tail = events.slice(-2);
    expect(tail.map((e) => e.type)).toEqual(['payment_method.updated', 'payment_method.automatically_updated']);
    for (const e of tail) {
      expect(e.data.previous_attributes).toEqual({
        card: { exp_month: before.card!.exp_month, exp_year: before.card!.exp_year },
      });
    }
    const loose = await looseCard();
    expect(
      (await control(sandbox.stripe.url, `/payment_methods/${loose}/update_card`, { exp_month: 1, exp_year: year }))
        .status,
    ).toBe(400);
  });

  it('when a card is detached silently, then no event is sent, the customer no longer lists it and it cannot come back', async () => {
    const cus = await customer();
    const keep = await saveCard(cus.id, '5555555555554444');
    const lose = await saveCard(cus.id);
    await stripe.customers.update(cus.id, { invoice_settings: { default_payment_method: lose } });
    const res = await control<Stripe.PaymentMethod>(sandbox.stripe.url, `/payment_methods/${lose}/detach_silently`);
    expect(res.body.customer).toBeNull();
    expect((await eventsAbout(lose)).map((e) => e.type)).toEqual(['payment_method.attached']);
    const listed = await stripe.customers.listPaymentMethods(cus.id, { type: 'card' });
    expect(listed.data.map((m) => m.id)).toEqual([keep]);
    const c = (await stripe.customers.retrieve(cus.id)) as Stripe.Customer;
    expect(c.invoice_settings.default_payment_method).toBeNull();
    await expect(stripe.paymentMethods.attach(lose, { customer: cus.id })).rejects.toMatchObject({ message: REATTACH });
    expect((await control(sandbox.stripe.url, `/payment_methods/${lose}/detach_silently`)).status).toBe(400);
  });

  it('when listing a customer’s cards, then type and allow_redisplay filter them and pages follow starting_after', async () => {
    const cus = await customer();
    const a = await saveCard(cus.id);
    const b = await saveCard(cus.id, '5555555555554444');
    const c = await looseCard('378282246310005');
    await stripe.paymentMethods.attach(c, { customer: cus.id });
    const always = await stripe.customers.listPaymentMethods(cus.id, { allow_redisplay: 'always' });
    expect(always.data.map((m) => m.id)).toEqual([b, a]);
    const all = await stripe.customers
      .listPaymentMethods(cus.id, { type: 'card', limit: 2 })
      .autoPagingToArray({ limit: 10 });
    expect(all.map((m) => m.id)).toEqual([c, b, a]);
  });
});

describe('Stripe subscriptions and saved cards', () => {
  async function subscription(cus: string): Promise<Stripe.Subscription> {
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: cus,
      line_items: [
        {
          price_data: {
            currency: 'usd',
            unit_amount: 1500,
            recurring: { interval: 'month' },
            product_data: { name: 'All access' },
          },
          quantity: 1,
        },
      ],
    });
    expect((await pay(session.id, { card: '4242424242424242' })).body.outcome).toBe('succeeded');
    return stripe.subscriptions.retrieve((await stripe.checkout.sessions.retrieve(session.id)).subscription as string);
  }

  async function renewalCard(subId: string): Promise<string | null> {
    const res = await control<{ invoice: { id: string } }>(sandbox.stripe.url, `/subscriptions/${subId}/advance`);
    expect(res.status).toBe(200);
    const payments = await stripe.invoicePayments.list({ invoice: res.body.invoice.id });
    const pi = await stripe.paymentIntents.retrieve(payments.data[0].payment.payment_intent as string);
    return pi.payment_method as string | null;
  }

  it('when the subscription’s card is kept by Checkout, then it is on the customer with allow_redisplay limited', async () => {
    const cus = await customer();
    const sub = await subscription(cus.id);
    const pm = await stripe.paymentMethods.retrieve(sub.default_payment_method as string);
    expect(pm).toMatchObject({ customer: cus.id, allow_redisplay: 'limited' });
  });

  it('when default_payment_method is set, then renewals charge it, else the customer’s invoice default', async () => {
    const cus = await customer();
    const sub = await subscription(cus.id);
    const second = await saveCard(cus.id, '5555555555554444');
    const updated = await stripe.subscriptions.update(sub.id, { default_payment_method: second });
    expect(updated.default_payment_method).toBe(second);
    const event = (await eventsAbout(sub.id)).filter((e) => e.type === 'customer.subscription.updated').pop();
    expect(event?.data.previous_attributes).toEqual({ default_payment_method: sub.default_payment_method });
    expect(await renewalCard(sub.id)).toBe(second);

    const third = await saveCard(cus.id, '378282246310005');
    await stripe.subscriptions.update(sub.id, { default_payment_method: '' });
    await stripe.customers.update(cus.id, { invoice_settings: { default_payment_method: third } });
    expect(await renewalCard(sub.id)).toBe(third);
  });

  it('when default_payment_method is not the subscription customer’s card, then Stripe refuses it', async () => {
    const cus = await customer();
    const sub = await subscription(cus.id);
    const someoneElses = await saveCard((await customer('other@example.com')).id);
    await expect(stripe.subscriptions.update(sub.id, { default_payment_method: someoneElses })).rejects.toMatchObject({
      statusCode: 400,
      param: 'default_payment_method',
      message: `The customer does not have a payment method with the ID ${someoneElses}. The payment method must be attached to the customer.`,
    });
    await expect(stripe.subscriptions.update(sub.id, { default_payment_method: 'pm_missing' })).rejects.toMatchObject({
      statusCode: 400,
      code: 'resource_missing',
    });
  });

  it('when the subscription’s card is detached, then the subscription has no default and the renewal falls back to the customer’s', async () => {
    const cus = await customer();
    const sub = await subscription(cus.id);
    const fallback = await saveCard(cus.id, '5555555555554444');
    await stripe.customers.update(cus.id, { invoice_settings: { default_payment_method: fallback } });
    await stripe.paymentMethods.detach(sub.default_payment_method as string);
    expect((await stripe.subscriptions.retrieve(sub.id)).default_payment_method).toBeNull();
    expect(await renewalCard(sub.id)).toBe(fallback);
  });
});
