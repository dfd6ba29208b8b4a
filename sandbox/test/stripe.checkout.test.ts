import Stripe from 'stripe';
import { Sandbox } from '../src';
import { Receiver, control, expectSameShape, fixture, startTestSandbox, stripeClient, waitFor } from './helpers';

let sandbox: Sandbox;
let stripe: Stripe;
let hooks: Receiver;

beforeAll(async () => {
  hooks = new Receiver();
  const url = await hooks.start();
  sandbox = await startTestSandbox({ stripeWebhookUrl: url });
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

function paymentSession(extra: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
  return stripe.checkout.sessions.create({
    mode: 'payment',
    line_items: [
      { price_data: { currency: 'usd', unit_amount: 4900, product_data: { name: 'TypeScript course' } }, quantity: 1 },
    ],
    success_url: 'http://localhost:3000/success?session_id={CHECKOUT_SESSION_ID}',
    cancel_url: 'http://localhost:3000/cancel',
    client_reference_id: 'order_1',
    metadata: { payment_id: 'pay_1' },
    payment_intent_data: { metadata: { payment_id: 'pay_1' } },
    ...extra,
  });
}

/** Submits the hosted page's form like a browser does (no redirect following). */
async function submitPage(url: string, fields: Record<string, string>) {
  const res = await fetch(url.replace('localhost', '127.0.0.1'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  return { status: res.status, location: res.headers.get('location'), html: await res.text() };
}

async function eventsFor(types: string[]): Promise<Stripe.Event[]> {
  await waitFor(() => types.every((t) => hooks.types().includes(t)), 5000, types.join(', '));
  return hooks.events<Stripe.Event>();
}

describe('Stripe Checkout, payment mode', () => {
  it('when created, then the session has the fixture’s shape, the sandbox page URL and no payment yet', async () => {
    const session = await paymentSession();
    expect(session.id).toMatch(/^cs_test_[A-Za-z0-9]{58}$/);
    expectSameShape(session, fixture('stripe/object.checkout.session.payment-mode.json'));
    expect(session).toMatchObject({
      object: 'checkout.session',
      mode: 'payment',
      status: 'open',
      payment_status: 'unpaid',
      amount_total: 4900,
      currency: 'usd',
      client_reference_id: 'order_1',
      metadata: { payment_id: 'pay_1' },
      success_url: 'http://localhost:3000/success?session_id={CHECKOUT_SESSION_ID}',
      url: `${sandbox.stripe.url}/c/pay/${session.id}`,
    });
    const items = await stripe.checkout.sessions.listLineItems(session.id);
    expect(items.data[0]).toMatchObject({
      object: 'item',
      amount_total: 4900,
      quantity: 1,
      description: 'TypeScript course',
    });
  });

  it('when paid with 4242 on the hosted page, then it redirects to success_url and the session, intent, charge and events agree', async () => {
    const session = await paymentSession();
    const page = await submitPage(session.url as string, { card: '4242 4242 4242 4242', email: 'student@example.com' });
    expect(page.status).toBe(303);
    expect(page.location).toBe(`http://localhost:3000/success?session_id=${session.id}`);

    const done = await stripe.checkout.sessions.retrieve(session.id, {
      expand: ['payment_intent', 'payment_intent.latest_charge'],
    });
    expect(done).toMatchObject({
      status: 'complete',
      payment_status: 'paid',
      url: null,
      customer_details: { email: 'student@example.com' },
    });
    const pi = done.payment_intent as Stripe.PaymentIntent;
    expect(pi.id).toMatch(/^pi_/);
    expectSameShape(pi, fixture('stripe/object.payment_intent.json'));
    expect(pi).toMatchObject({
      status: 'succeeded',
      amount: 4900,
      amount_received: 4900,
      currency: 'usd',
      metadata: { payment_id: 'pay_1' },
    });
    const charge = pi.latest_charge as Stripe.Charge;
    expect(charge.id.slice(3)).toBe(pi.id.slice(3));
    // The generated fixture lists every field; `refunds` is only sent when expanded (API 2022-11-15+).
    expectSameShape(charge, fixture('stripe/object.charge.json'), { ignore: ['refunds'] });
    expect(charge).not.toHaveProperty('refunds');
    expect(charge).toMatchObject({
      status: 'succeeded',
      paid: true,
      captured: true,
      payment_intent: pi.id,
      payment_method_details: { card: { last4: '4242' } },
    });

    const events = await eventsFor(['checkout.session.completed', 'payment_intent.succeeded', 'charge.succeeded']);
    const completed = events.find((e) => e.type === 'checkout.session.completed') as Stripe.Event;
    expectSameShape(completed, fixture('stripe/event.checkout.session.completed.api-2020-08-27.json'));
    expect(completed.id).toMatch(/^evt_/);
    expect(completed).toMatchObject({
      object: 'event',
      livemode: false,
      api_version: expect.any(String),
      pending_webhooks: 1,
    });
    expect(completed.data.object).toMatchObject({
      id: session.id,
      payment_status: 'paid',
      client_reference_id: 'order_1',
      metadata: { payment_id: 'pay_1' },
    });
    const succeeded = events.find((e) => e.type === 'payment_intent.succeeded') as Stripe.Event;
    expectSameShape(
      succeeded.data.object,
      (fixture('stripe/event.payment_intent.succeeded.json') as { data: { object: Record<string, unknown> } }).data
        .object,
    );
  });

  it('when paid with a declining card, then the page shows the decline, the session stays open and payment_failed is sent', async () => {
    const session = await paymentSession();
    const page = await submitPage(session.url as string, { card: '4000000000009995' });
    expect(page.status).toBe(402);
    expect(page.html).toContain('Your card has insufficient funds.');
    const after = await stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent'] });
    expect(after.status).toBe('open');
    const pi = after.payment_intent as Stripe.PaymentIntent;
    expect(pi.status).toBe('requires_payment_method');
    expect(pi.last_payment_error).toMatchObject({
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'insufficient_funds',
    });
    const events = await eventsFor(['payment_intent.payment_failed', 'charge.failed']);
    const failed = events.find((e) => e.type === 'payment_intent.payment_failed') as Stripe.Event;
    expectSameShape(failed, fixture('stripe/event.payment_intent.payment_failed.json'));

    // Stripe lets the buyer try again on the same session.
    const retry = await control(sandbox.stripe.url, `/checkout/sessions/${session.id}/pay`, {
      card: '4242424242424242',
    });
    expect(retry.status).toBe(200);
    const paid = await stripe.paymentIntents.retrieve(pi.id);
    expect(paid.status).toBe('succeeded');
    expect(paid.latest_charge).not.toBe(pi.latest_charge);
  });

  it('when 4000 0000 0000 0002 is used via the control, then 402 with a generic_decline card error shaped like the fixture', async () => {
    const session = await paymentSession();
    const res = await control<{ outcome: string; error: Record<string, unknown> }>(
      sandbox.stripe.url,
      `/checkout/sessions/${session.id}/pay`,
      { card: '4000000000000002' },
    );
    expect(res.status).toBe(402);
    expect(res.body.outcome).toBe('declined');
    const expected = fixture<{ error: Record<string, unknown> }>('stripe/error.card_declined.json').error;
    expectSameShape(res.body.error, expected, { ignore: ['payment_intent', 'request_log_url'] });
    expect(res.body.error).toMatchObject({
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'generic_decline',
      message: 'Your card was declined.',
    });
  });

  it('when 3184 is used, then an authentication page comes first; completing it pays, failing it declines', async () => {
    const ok = await paymentSession();
    const step = await submitPage(ok.url as string, { card: '4000002760003184' });
    expect(step.status).toBe(303);
    expect(step.location).toBe(`${sandbox.stripe.url}/c/3ds/${ok.id}`);
    const authHtml = await (await fetch((step.location as string).replace('localhost', '127.0.0.1'))).text();
    expect(authHtml).toContain('Complete authentication');
    expect(
      (await stripe.checkout.sessions.retrieve(ok.id, { expand: ['payment_intent'] })).payment_intent,
    ).toMatchObject({ status: 'requires_action' });
    const passed = await submitPage(step.location as string, { outcome: 'complete' });
    expect(passed.location).toBe(`http://localhost:3000/success?session_id=${ok.id}`);
    expect((await stripe.checkout.sessions.retrieve(ok.id)).payment_status).toBe('paid');

    const ko = await paymentSession();
    await submitPage(ko.url as string, { card: '4000002760003184' });
    const failed = await submitPage(`${sandbox.stripe.url}/c/3ds/${ko.id}`, { outcome: 'fail' });
    expect(failed.status).toBe(402);
    const after = await stripe.checkout.sessions.retrieve(ko.id, { expand: ['payment_intent'] });
    expect(after.status).toBe('open');
    expect((after.payment_intent as Stripe.PaymentIntent).last_payment_error).toMatchObject({
      code: 'payment_intent_authentication_failure',
    });
  });

  it('when paid asynchronously, then completed+unpaid first, and async_payment_succeeded/failed after settling', async () => {
    const a = await paymentSession();
    const pay = await control<{ outcome: string; session: Stripe.Checkout.Session }>(
      sandbox.stripe.url,
      `/checkout/sessions/${a.id}/pay`,
      { card: '4242424242424242', async: true },
    );
    expect(pay.body.outcome).toBe('processing');
    expect(pay.body.session).toMatchObject({ status: 'complete', payment_status: 'unpaid' });
    await control(sandbox.stripe.url, `/checkout/sessions/${a.id}/settle`, { outcome: 'succeeded' });
    let events = await eventsFor(['checkout.session.completed', 'checkout.session.async_payment_succeeded']);
    expect(events.find((e) => e.type === 'checkout.session.completed')?.data.object).toMatchObject({
      payment_status: 'unpaid',
    });
    expect(events.find((e) => e.type === 'checkout.session.async_payment_succeeded')?.data.object).toMatchObject({
      id: a.id,
      payment_status: 'paid',
    });

    await sandbox.idle();
    hooks.received.length = 0;
    const b = await paymentSession();
    await control(sandbox.stripe.url, `/checkout/sessions/${b.id}/pay`, { card: '4242424242424242', async: true });
    await control(sandbox.stripe.url, `/checkout/sessions/${b.id}/settle`, { outcome: 'failed' });
    events = await eventsFor(['checkout.session.async_payment_failed', 'payment_intent.payment_failed']);
    expect(events.find((e) => e.type === 'checkout.session.async_payment_failed')?.data.object).toMatchObject({
      id: b.id,
      payment_status: 'unpaid',
    });
  });

  it('when expired through the API, then status expired and checkout.session.expired; expiring again is an error', async () => {
    const session = await paymentSession();
    const expired = await stripe.checkout.sessions.expire(session.id);
    expect(expired).toMatchObject({ status: 'expired', url: null });
    const events = await eventsFor(['checkout.session.expired']);
    expect(events.find((e) => e.type === 'checkout.session.expired')?.data.object).toMatchObject({ id: session.id });
    await expect(stripe.checkout.sessions.expire(session.id)).rejects.toMatchObject({
      statusCode: 400,
      type: 'StripeInvalidRequestError',
      message:
        'Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of `expired`.',
    });
    const page = await fetch((session.url as string).replace('localhost', '127.0.0.1'));
    expect(page.status).toBe(410);
  });

  it('when a paid session is expired, then Stripe refuses with its message naming `complete` and no error code, and nothing changes', async () => {
    const session = await paymentSession();
    await control(sandbox.stripe.url, `/checkout/sessions/${session.id}/pay`, { card: '4242424242424242' });
    const err = await stripe.checkout.sessions.expire(session.id).catch((e: Stripe.errors.StripeError) => e);
    expect(err).toMatchObject({
      statusCode: 400,
      message:
        'Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of `complete`.',
    });
    expect((err as Stripe.errors.StripeError).code).toBeUndefined();
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('complete');
  });

  it('when parameters are missing or wrong, then 400 with the param named', async () => {
    await expect(stripe.checkout.sessions.create({} as Stripe.Checkout.SessionCreateParams)).rejects.toMatchObject({
      statusCode: 400,
      param: 'mode',
    });
    await expect(stripe.checkout.sessions.create({ mode: 'payment', success_url: 'http://x' })).rejects.toMatchObject({
      param: 'line_items',
    });
    await expect(
      stripe.checkout.sessions.create({ mode: 'payment', line_items: [{ price: 'price_nope', quantity: 1 }] }),
    ).rejects.toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'line_items[0][price]' });
    await expect(
      stripe.checkout.sessions.create({
        mode: 'payment',
        customer: 'cus_nope',
        line_items: [{ price_data: { currency: 'usd', unit_amount: 100, product_data: { name: 'x' } }, quantity: 1 }],
      }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'customer' });
    await expect(
      stripe.checkout.sessions.create({
        mode: 'payment',
        expires_at: Math.floor(Date.now() / 1000) + 48 * 3600,
        line_items: [{ price_data: { currency: 'usd', unit_amount: 100, product_data: { name: 'x' } }, quantity: 1 }],
      }),
    ).rejects.toMatchObject({ param: 'expires_at' });
    // A nested enum: Stripe spells the whole path in the message as well as in param.
    await expect(
      stripe.checkout.sessions.create({
        mode: 'subscription',
        line_items: [
          {
            price_data: {
              currency: 'usd',
              unit_amount: 100,
              product_data: { name: 'x' },
              recurring: { interval: 'fortnight' as 'week' },
            },
            quantity: 1,
          },
        ],
      }),
    ).rejects.toMatchObject({
      param: 'line_items[0][price_data][recurring][interval]',
      message: 'Invalid line_items[0][price_data][recurring][interval]: must be one of day, week, month, or year',
    });
    await expect(stripe.checkout.sessions.retrieve('cs_test_missing')).rejects.toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
    });
  });
});

describe('Stripe hosted page rendering', () => {
  async function pageFor(currency: string, amount: number): Promise<string> {
    const s = await stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [
        { price_data: { currency, unit_amount: amount, product_data: { name: 'Course <b>One</b>' } }, quantity: 1 },
      ],
      success_url: 'http://localhost:3000/ok',
      cancel_url: 'http://localhost:3000/back',
    });
    return (await fetch((s.url as string).replace('localhost', '127.0.0.1'))).text();
  }

  it('when the currency is JPY, then the amount shows without decimals (¥1,500)', async () => {
    const html = await pageFor('jpy', 1500);
    expect(html).toContain('¥1,500');
    expect(html).not.toContain('¥15.00');
    expect(html).not.toContain('1,500.00');
  });

  it('when the currency has 2 or 3 decimals, then minor units are placed correctly', async () => {
    expect(await pageFor('usd', 4900)).toContain('$49.00');
    expect(await pageFor('bhd', 12340)).toMatch(/BHD\s12\.340/);
  });

  it('when showing the page, then names are escaped and the cancel link goes to cancel_url', async () => {
    const html = await pageFor('eur', 1000);
    expect(html).toContain('Course &lt;b&gt;One&lt;/b&gt;');
    expect(html).toContain('href="http://localhost:3000/back"');
    expect(html).toContain('name="card"');
  });
});
