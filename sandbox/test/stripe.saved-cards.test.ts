import Stripe from 'stripe';
import { Sandbox } from '../src';
import { control, startTestSandbox, stripeClient } from './helpers';

let sandbox: Sandbox;
let stripe: Stripe;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  stripe = stripeClient(sandbox);
});
afterAll(async () => {
  await sandbox.close();
});

const ALL_FILTERS: Stripe.Checkout.SessionCreateParams.SavedPaymentMethodOptions.AllowRedisplayFilter[] = [
  'always',
  'limited',
  'unspecified',
];

async function eventsAbout(id: string): Promise<Stripe.Event[]> {
  const all = await stripe.events.list({ limit: 100 }).autoPagingToArray({ limit: 10_000 });
  return all.filter((e) => (e.data.object as { id?: string }).id === id).reverse();
}

function pay(sessionId: string, body: Record<string, unknown>) {
  return control<{ outcome: string; error?: Record<string, unknown>; payment_intent: Stripe.PaymentIntent | null }>(
    sandbox.stripe.url,
    `/checkout/sessions/${sessionId}/pay`,
    body,
  );
}

async function saveCard(customer: string, card = '4242424242424242'): Promise<string> {
  const session = await stripe.checkout.sessions.create({ mode: 'setup', customer, currency: 'usd' });
  // 3-D Secure cards are saved through their challenge, completed.
  expect((await pay(session.id, { card, authenticate: 'complete' })).body.outcome).toBe('succeeded');
  const si = await stripe.setupIntents.retrieve(
    (await stripe.checkout.sessions.retrieve(session.id)).setup_intent as string,
  );
  return si.payment_method as string;
}

function courseSession(extra: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
  return stripe.checkout.sessions.create({
    mode: 'payment',
    line_items: [
      { price_data: { currency: 'usd', unit_amount: 4900, product_data: { name: 'TypeScript course' } }, quantity: 1 },
    ],
    success_url: 'http://localhost:3000/return?session_id={CHECKOUT_SESSION_ID}',
    payment_intent_data: { metadata: { payment_id: 'pay_saved' } },
    ...extra,
  });
}

async function pageOf(session: Stripe.Checkout.Session): Promise<string> {
  const res = await fetch(session.url!.replace('localhost', '127.0.0.1'));
  expect(res.status).toBe(200);
  return res.text();
}

async function submit(session: Stripe.Checkout.Session, fields: Record<string, string>) {
  const res = await fetch(session.url!.replace('localhost', '127.0.0.1'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  return { status: res.status, location: res.headers.get('location'), html: await res.text() };
}

async function paidIntent(sessionId: string): Promise<Stripe.PaymentIntent> {
  const s = await stripe.checkout.sessions.retrieve(sessionId, { expand: ['payment_intent.latest_charge'] });
  return s.payment_intent as Stripe.PaymentIntent;
}

function radios(html: string): Array<{ value: string; checked: boolean }> {
  return [...html.matchAll(/<input type="radio" name="saved_payment_method" value="([^"]+)"( checked)?>/g)].map(
    (m) => ({ value: m[1], checked: m[2] !== undefined }),
  );
}

describe('Checkout sessions: saved_payment_method_options and setup_future_usage parameters', () => {
  it('when a session has a customer, then it shows the default options; given options come back as given; without a customer, null', async () => {
    const cus = await stripe.customers.create({ email: 'opts@example.com' });
    expect((await courseSession({ customer: cus.id })).saved_payment_method_options).toEqual({
      allow_redisplay_filters: ['always'],
      payment_method_remove: null,
      payment_method_save: null,
    });
    const given = await courseSession({
      customer: cus.id,
      saved_payment_method_options: { allow_redisplay_filters: ALL_FILTERS, payment_method_save: 'enabled' },
    });
    expect(given.saved_payment_method_options).toEqual({
      allow_redisplay_filters: ALL_FILTERS,
      payment_method_remove: null,
      payment_method_save: 'enabled',
    });
    expect((await courseSession()).saved_payment_method_options).toBeNull();
  });

  it('when the options or setup_future_usage are not Stripe values, then 400 naming the parameter', async () => {
    await expect(
      courseSession({
        saved_payment_method_options: {
          allow_redisplay_filters: [
            'sometimes' as Stripe.Checkout.SessionCreateParams.SavedPaymentMethodOptions.AllowRedisplayFilter,
          ],
        },
      }),
    ).rejects.toMatchObject({
      statusCode: 400,
      param: 'saved_payment_method_options[allow_redisplay_filters][0]',
      message:
        'Invalid saved_payment_method_options[allow_redisplay_filters][0]: must be one of always, limited, or unspecified',
    });
    await expect(
      courseSession({
        saved_payment_method_options: {
          payment_method_save: 'yes' as Stripe.Checkout.SessionCreateParams.SavedPaymentMethodOptions.PaymentMethodSave,
        },
      }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'saved_payment_method_options[payment_method_save]' });
    await expect(
      courseSession({
        saved_payment_method_options: {
          redisplay: 'all',
        } as Stripe.Checkout.SessionCreateParams.SavedPaymentMethodOptions,
      }),
    ).rejects.toMatchObject({
      statusCode: 400,
      message: 'Received unknown parameter: saved_payment_method_options[redisplay]',
    });
    await expect(
      courseSession({
        payment_intent_data: {
          setup_future_usage: 'forever' as Stripe.Checkout.SessionCreateParams.PaymentIntentData.SetupFutureUsage,
        },
      }),
    ).rejects.toMatchObject({
      statusCode: 400,
      param: 'payment_intent_data[setup_future_usage]',
      message: 'Invalid payment_intent_data[setup_future_usage]: must be one of off_session or on_session',
    });
  });
});

describe('Checkout page offering saved cards', () => {
  it('when the customer has saved cards, then the page lists the redisplayable ones (default first) with a new-card choice, the first preselected and the card fields hidden', async () => {
    const cus = await stripe.customers.create({ email: 'cards@example.com' });
    const visa = await saveCard(cus.id);
    const mastercard = await saveCard(cus.id, '5555555555554444');
    await stripe.customers.update(cus.id, { invoice_settings: { default_payment_method: visa } });
    // A card attached by the API stays `unspecified`: not offered by default.
    const loose = await stripe.checkout.sessions.create({ mode: 'setup', currency: 'usd' });
    await pay(loose.id, { card: '378282246310005' });
    const amex = (await stripe.setupIntents.retrieve(loose.setup_intent as string)).payment_method as string;
    await stripe.paymentMethods.attach(amex, { customer: cus.id });

    const html = await pageOf(await courseSession({ customer: cus.id }));
    expect(radios(html)).toEqual([
      { value: visa, checked: true },
      { value: mastercard, checked: false },
      { value: 'new', checked: false },
    ]);
    const year = new Date().getUTCFullYear() + 3;
    expect(html).toContain(`Visa •••• 4242 · expires 12/${year}`);
    expect(html).toContain(`Mastercard •••• 4444 · expires 12/${year}`);
    expect(html).toContain('Use a new card');
    expect(html).toMatch(/<fieldset id="new-card"[^>]* disabled hidden>/);
    expect(html).not.toContain('name="save_payment_method"');
    // The page's radio script is valid JavaScript.
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    expect(script).toContain("getElementById('new-card')");
    expect(() => new Function(script)).not.toThrow();

    const everything = await pageOf(
      await courseSession({ customer: cus.id, saved_payment_method_options: { allow_redisplay_filters: ALL_FILTERS } }),
    );
    expect(radios(everything).map((r) => r.value)).toEqual([visa, amex, mastercard, 'new']);
  });

  it('when the customer has no saved card, or the session no customer, then the page is the plain card form', async () => {
    const cus = await stripe.customers.create({ email: 'nocards@example.com' });
    for (const session of [await courseSession({ customer: cus.id }), await courseSession()]) {
      const html = await pageOf(session);
      expect(radios(html)).toEqual([]);
      expect(html).toMatch(/<fieldset id="new-card"[^>]*>/);
      expect(html).not.toMatch(/<fieldset id="new-card"[^>]*disabled/);
    }
  });

  it('when the buyer pays with a saved card on the page, then that card is charged and no new card is made', async () => {
    const cus = await stripe.customers.create({ email: 'reuse@example.com' });
    const pm = await saveCard(cus.id, '5555555555554444');
    const cardsBefore = (await stripe.paymentMethods.list({ limit: 100 })).data.length;
    const session = await courseSession({ customer: cus.id });
    // The new-card fields are disabled on the page, so the browser sends only the radio.
    const res = await submit(session, { email: 'reuse@example.com', saved_payment_method: pm });
    expect(res.status).toBe(303);
    expect(res.location).toBe(`http://localhost:3000/return?session_id=${session.id}`);
    const pi = await paidIntent(session.id);
    expect(pi).toMatchObject({ status: 'succeeded', payment_method: pm, customer: cus.id });
    expect(pi.latest_charge).toMatchObject({ payment_method: pm, payment_method_details: { card: { last4: '4444' } } });
    expect((await stripe.paymentMethods.list({ limit: 100 })).data).toHaveLength(cardsBefore);
    const done = await stripe.checkout.sessions.retrieve(session.id);
    expect(done).toMatchObject({ status: 'complete', payment_status: 'paid' });
    expect(done.customer_details?.address).toMatchObject({ country: 'US' });
  });

  it('when a saved card declines (0341) or always asks for 3-D Secure (3184), then it behaves as that test card', async () => {
    const cus = await stripe.customers.create({ email: 'behaviour@example.com' });
    const declining = await saveCard(cus.id, '4000000000000341');
    const strict = await saveCard(cus.id, '4000002760003184');
    const relaxed = await saveCard(cus.id, '4000002500003155');

    const first = await courseSession({ customer: cus.id });
    const declined = await pay(first.id, { payment_method: declining });
    expect(declined.status).toBe(402);
    expect(declined.body.error).toMatchObject({ type: 'card_error', decline_code: 'generic_decline' });
    expect(declined.body.payment_intent).toMatchObject({ status: 'requires_payment_method' });
    // Still the customer's: a decline does not take a saved card away.
    expect((await stripe.paymentMethods.retrieve(declining)).customer).toBe(cus.id);

    const challenged = await pay(first.id, { payment_method: strict });
    expect(challenged.body).toMatchObject({ outcome: 'requires_action' });
    const done = await control<{ outcome: string }>(sandbox.stripe.url, `/checkout/sessions/${first.id}/authenticate`, {
      outcome: 'complete',
    });
    expect(done.body.outcome).toBe('succeeded');
    expect((await paidIntent(first.id)).payment_method).toBe(strict);

    // 3155 only asks until it is set up, and a saved card is.
    const second = await courseSession({ customer: cus.id });
    expect((await pay(second.id, { payment_method: relaxed })).body.outcome).toBe('succeeded');
  });

  it('when the pay control names a card that is not the session customer’s, detached, or filtered out, then it is refused as Stripe would', async () => {
    const cus = await stripe.customers.create({ email: 'mine@example.com' });
    const other = await stripe.customers.create({ email: 'theirs@example.com' });
    const theirs = await saveCard(other.id);
    const detached = await saveCard(cus.id);
    await stripe.paymentMethods.detach(detached);
    const session = await courseSession({ customer: cus.id });

    const foreign = await pay(session.id, { payment_method: theirs });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error).toMatchObject({
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'payment_method',
      message: `The customer does not have a payment method with the ID ${theirs}. The payment method must be attached to the customer.`,
    });
    const gone = await pay(session.id, { payment_method: detached });
    expect(gone.status).toBe(400);
    expect(gone.body.error).toMatchObject({
      type: 'invalid_request_error',
      message: expect.stringContaining('was detached from a Customer. It may not be used again.'),
    });
    expect((await pay(session.id, { payment_method: 'pm_nope' })).body.error).toMatchObject({
      code: 'resource_missing',
    });

    // A subscription's card is `limited`: this session only offers `always` ones.
    const limited = await stripe.customers.create({ email: 'limited@example.com' });
    const sub = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: limited.id,
      line_items: [
        {
          price_data: {
            currency: 'usd',
            unit_amount: 900,
            recurring: { interval: 'month' },
            product_data: { name: 'Plan' },
          },
          quantity: 1,
        },
      ],
    });
    await pay(sub.id, { card: '4242424242424242' });
    const subPm = (
      await stripe.subscriptions.retrieve((await stripe.checkout.sessions.retrieve(sub.id)).subscription as string)
    ).default_payment_method as string;
    const filtered = await pay((await courseSession({ customer: limited.id })).id, { payment_method: subPm });
    expect(filtered.status).toBe(400);
    const offered = await courseSession({
      customer: limited.id,
      saved_payment_method_options: { allow_redisplay_filters: ALL_FILTERS },
    });
    expect((await pay(offered.id, { payment_method: subPm })).body.outcome).toBe('succeeded');
    // Nothing was charged or created by the refusals: the session is still open and unpaid.
    expect(await stripe.checkout.sessions.retrieve(session.id)).toMatchObject({ status: 'open', payment_intent: null });
  });

  it('when a subscription checkout is paid with a saved card, then it becomes the subscription’s default and no card is attached anew', async () => {
    const cus = await stripe.customers.create({ email: 'subsaved@example.com' });
    const pm = await saveCard(cus.id);
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: cus.id,
      line_items: [
        {
          price_data: {
            currency: 'usd',
            unit_amount: 1200,
            recurring: { interval: 'month' },
            product_data: { name: 'Plan' },
          },
          quantity: 1,
        },
      ],
      success_url: 'http://localhost:3000/plans/return?session_id={CHECKOUT_SESSION_ID}',
    });
    const html = await pageOf(session);
    expect(radios(html)[0]).toEqual({ value: pm, checked: true });
    const res = await submit(session, { saved_payment_method: pm });
    expect(res.status).toBe(303);
    const sub = await stripe.subscriptions.retrieve(
      (await stripe.checkout.sessions.retrieve(session.id)).subscription as string,
    );
    expect(sub).toMatchObject({ status: 'active', default_payment_method: pm });
    expect((await stripe.customers.listPaymentMethods(cus.id)).data.map((m) => m.id)).toEqual([pm]);
  });
});

describe('Checkout saving the card paid with', () => {
  it('when payment_method_save is enabled and the buyer ticks the box, then the card is attached (always) and offered next time', async () => {
    const cus = await stripe.customers.create({ email: 'tick@example.com' });
    const options = { saved_payment_method_options: { payment_method_save: 'enabled' as const } };
    const session = await courseSession({ customer: cus.id, ...options });
    const html = await pageOf(session);
    expect(html).toContain(
      '<input type="checkbox" name="save_payment_method" value="true"> Save this card for future purchases',
    );
    const res = await submit(session, { card: '4242 4242 4242 4242', save_payment_method: 'true' });
    expect(res.status).toBe(303);
    const pi = await paidIntent(session.id);
    const pm = await stripe.paymentMethods.retrieve(pi.payment_method as string);
    expect(pm).toMatchObject({ customer: cus.id, allow_redisplay: 'always' });
    expect((await eventsAbout(pm.id)).map((e) => e.type)).toEqual(['payment_method.attached']);
    expect(radios(await pageOf(await courseSession({ customer: cus.id })))[0]).toEqual({ value: pm.id, checked: true });
  });

  it('when the box is left unticked, then the card is not kept and cannot be attached later; the control refuses save where it is not offered', async () => {
    const cus = await stripe.customers.create({ email: 'notick@example.com' });
    const session = await courseSession({
      customer: cus.id,
      saved_payment_method_options: { payment_method_save: 'enabled' },
    });
    expect((await pay(session.id, { card: '4242424242424242' })).body.outcome).toBe('succeeded');
    const pi = await paidIntent(session.id);
    expect((await stripe.paymentMethods.retrieve(pi.payment_method as string)).customer).toBeNull();
    await expect(stripe.paymentMethods.attach(pi.payment_method as string, { customer: cus.id })).rejects.toMatchObject(
      {
        statusCode: 400,
      },
    );
    const plain = await courseSession({ customer: cus.id });
    expect(await pageOf(plain)).not.toContain('save_payment_method');
    const refused = await pay(plain.id, { card: '4242424242424242', save_payment_method: true });
    expect(refused.status).toBe(400);
    const anonymous = await courseSession({ saved_payment_method_options: { payment_method_save: 'enabled' } });
    expect(await pageOf(anonymous)).not.toContain('save_payment_method');
  });

  it('when setup_future_usage is off_session, then the PaymentIntent carries it and the card is kept on the customer (limited)', async () => {
    const cus = await stripe.customers.create({ email: 'sfu@example.com' });
    const session = await courseSession({
      customer: cus.id,
      payment_intent_data: { setup_future_usage: 'off_session', metadata: { payment_id: 'pay_sfu' } },
    });
    expect((await pay(session.id, { card: '5555555555554444' })).body.outcome).toBe('succeeded');
    const pi = await paidIntent(session.id);
    expect(pi).toMatchObject({ setup_future_usage: 'off_session', metadata: { payment_id: 'pay_sfu' } });
    const pm = await stripe.paymentMethods.retrieve(pi.payment_method as string);
    expect(pm).toMatchObject({ customer: cus.id, allow_redisplay: 'limited' });
    // `limited` is not offered by default, only when the session asks for it.
    expect(radios(await pageOf(await courseSession({ customer: cus.id })))).toEqual([]);
    const all = await courseSession({
      customer: cus.id,
      saved_payment_method_options: { allow_redisplay_filters: ALL_FILTERS },
    });
    expect(radios(await pageOf(all)).map((r) => r.value)).toEqual([pm.id, 'new']);
  });

  it('when setup_future_usage is on_session without a customer, then the PaymentIntent carries it and nothing is attached', async () => {
    const session = await courseSession({ payment_intent_data: { setup_future_usage: 'on_session' } });
    expect((await pay(session.id, { card: '4242424242424242' })).body.outcome).toBe('succeeded');
    const pi = await paidIntent(session.id);
    expect(pi.setup_future_usage).toBe('on_session');
    expect((await stripe.paymentMethods.retrieve(pi.payment_method as string)).customer).toBeNull();
  });
});
