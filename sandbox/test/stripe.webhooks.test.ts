import Stripe from 'stripe';
import { Sandbox, parseChaos, stripeSignatureHeader } from '../src';
import { Receiver, control, fixture, startTestSandbox, stripeClient, waitFor } from './helpers';

const SECRET = 'whsec_test_secret_for_the_sandbox_suite';
let sandbox: Sandbox;
let stripe: Stripe;
let hooks: Receiver;

beforeAll(async () => {
  hooks = new Receiver();
  sandbox = await startTestSandbox({ stripeWebhookUrl: await hooks.start(), stripeWebhookSecret: SECRET });
  stripe = stripeClient(sandbox);
});
afterAll(async () => {
  await sandbox.close();
  await hooks.close();
});
beforeEach(async () => {
  await sandbox.idle();
  sandbox.setChaos(null);
  hooks.status = () => 200;
  hooks.received.length = 0;
});

async function paidSession(): Promise<string> {
  const s = await stripe.checkout.sessions.create({
    mode: 'payment',
    line_items: [{ price_data: { currency: 'usd', unit_amount: 1000, product_data: { name: 'Course' } }, quantity: 1 }],
  });
  await control(sandbox.stripe.url, `/checkout/sessions/${s.id}/pay`, { card: '4242424242424242' });
  return s.id;
}

describe('Stripe webhook signatures', () => {
  it('when signing the recorded example, then the v1 value equals Stripe’s', () => {
    const vector = fixture<{ raw_body: string; signing_secret: string; timestamp: number; expected_v1: string }>(
      'stripe/webhook-delivery.signed-example.checkout.session.completed.json',
    );
    expect(stripeSignatureHeader(vector.raw_body, vector.signing_secret, vector.timestamp)).toBe(
      `t=${vector.timestamp},v1=${vector.expected_v1}`,
    );
  });

  it('when an event arrives, then stripe.webhooks.constructEvent accepts it; a changed byte or an old timestamp is rejected', async () => {
    const sessionId = await paidSession();
    await waitFor(() => hooks.types().includes('checkout.session.completed'));
    const delivery = hooks.received.find((r) => r.rawBody.includes('"checkout.session.completed"'));
    if (!delivery) throw new Error('no delivery');
    const header = String(delivery.headers['stripe-signature']);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(delivery.headers['content-type']).toMatch(/^application\/json/);
    expect(delivery.rawBody).toMatch(/^\{\n {2}"id": "evt_/);

    const event = stripe.webhooks.constructEvent(delivery.rawBody, header, SECRET);
    expect(event.type).toBe('checkout.session.completed');
    expect((event.data.object as Stripe.Checkout.Session).id).toBe(sessionId);
    expect(event.request).toEqual({ id: null, idempotency_key: null });

    const tampered = delivery.rawBody.replace('"paid"', '"paiD"');
    expect(() => stripe.webhooks.constructEvent(tampered, header, SECRET)).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    expect(() => stripe.webhooks.constructEvent(delivery.rawBody, header, 'whsec_other')).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );

    const old = Math.floor(Date.now() / 1000) - 301;
    const oldHeader = stripeSignatureHeader(delivery.rawBody, SECRET, old);
    expect(() => stripe.webhooks.constructEvent(delivery.rawBody, oldHeader, SECRET)).toThrow(
      /Timestamp outside the tolerance zone/,
    );
    expect(
      stripe.webhooks.constructEvent(delivery.rawBody, stripeSignatureHeader(delivery.rawBody, SECRET, old + 5), SECRET)
        .id,
    ).toBe(event.id);
  });

  it('when caused by an API request, then event.request carries its id and idempotency key', async () => {
    const c = await stripe.customers.create({ email: 'r@example.com' }, { idempotencyKey: 'customer:r' });
    await waitFor(() => hooks.types().includes('customer.created'));
    const e = hooks
      .events<Stripe.Event>()
      .find((x) => x.type === 'customer.created' && (x.data.object as Stripe.Customer).id === c.id);
    expect(e?.request).toEqual({ id: c.lastResponse.requestId, idempotency_key: 'customer:r' });
    expect((await stripe.events.retrieve(e?.id as string)).type).toBe('customer.created');
  });
});

describe('Stripe webhook delivery', () => {
  it('when the endpoint answers non-2xx, then the event is retried with backoff until it is accepted', async () => {
    hooks.status = (n) => (n <= 2 ? 500 : 200);
    await stripe.products.create({ name: 'retry me' });
    await waitFor(() => hooks.received.length >= 3);
    await sandbox.idle();
    const ids = hooks.events().map((e) => e.id);
    expect(new Set(ids).size).toBe(1);
    const attempts = sandbox.deliveries().stripe.filter((a) => a.eventId === ids[0]);
    expect(attempts.map((a) => a.outcome)).toEqual(['http_error', 'http_error', 'delivered']);
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    // Backoff doubles: base 20 ms, so the second retry waits about 40 ms.
    expect(hooks.received[2].at - hooks.received[1].at).toBeGreaterThanOrEqual(35);
  });

  it('when an event is resent from the controls, then the same event id arrives again', async () => {
    await stripe.products.create({ name: 'resend me' });
    await waitFor(() => hooks.received.length >= 1);
    const id = hooks.events()[0].id;
    const res = await control(sandbox.stripe.url, `/events/${id}/resend`);
    expect(res.status).toBe(200);
    await waitFor(() => hooks.received.length >= 2);
    expect(hooks.events()[1].id).toBe(id);
    expect((await control(sandbox.stripe.url, '/events/evt_nope/resend')).status).toBe(404);
  });

  it('when chaos duplicates and fakes timeouts, then every event arrives at least once and some more than once', async () => {
    sandbox.setChaos({ duplicateRate: 1, timeoutRate: 0.5, reorderRate: 0.5, delayMs: [0, 30], seed: 7 });
    const created = await Promise.all([1, 2, 3, 4].map((i) => stripe.products.create({ name: `chaos ${i}` })));
    await sandbox.idle();
    const seen = hooks.events<Stripe.Event>().map((e) => (e.data.object as Stripe.Product).id);
    for (const p of created) expect(seen).toContain(p.id);
    expect(seen.length).toBeGreaterThan(created.length);
    for (const r of hooks.received)
      expect(() =>
        stripe.webhooks.constructEvent(r.rawBody, String(r.headers['stripe-signature']), SECRET),
      ).not.toThrow();
    expect(sandbox.deliveries().stripe.some((a) => a.outcome === 'chaos_timeout')).toBe(true);
  });

  it('when chaos is set through /_sandbox/chaos, then it is reported back and can be switched off', async () => {
    const on = await control<{ chaos: Record<string, unknown> }>(sandbox.stripe.url, '/chaos', {
      duplicateRate: 0.5,
      delayMs: [0, 10],
    });
    expect(on.body.chaos).toEqual({ duplicateRate: 0.5, delayMs: [0, 10] });
    const bad = await control(sandbox.stripe.url, '/chaos', { duplicateRate: 3 });
    expect(bad.status).toBe(400);
    const off = await control<{ chaos: unknown }>(sandbox.stripe.url, '/chaos', { chaos: null });
    expect(off.body.chaos).toBeNull();
  });

  it('when SANDBOX_CHAOS is parsed, then the documented format works and mistakes are named', () => {
    expect(parseChaos('duplicate=0.3,reorder=0.5,delay=0-2000,timeout=0.2,seed=42')).toEqual({
      duplicateRate: 0.3,
      reorderRate: 0.5,
      delayMs: [0, 2000],
      timeoutRate: 0.2,
      seed: 42,
    });
    expect(parseChaos('off')).toBeNull();
    expect(parseChaos('')).toBeNull();
    expect(parseChaos('on')).toMatchObject({ duplicateRate: expect.any(Number) });
    expect(() => parseChaos('duplicate=2')).toThrow(/duplicate must be between 0 and 1/);
    expect(() => parseChaos('bogus=1')).toThrow(/unknown key "bogus"/);
  });

  it('when the controls list events and deliveries, then they reflect what happened; reset empties them', async () => {
    await paidSession();
    await sandbox.idle();
    const base = sandbox.stripe.url.replace('localhost', '127.0.0.1');
    const events = (await (await fetch(`${base}/_sandbox/events?type=checkout.session.completed`)).json()) as {
      data: Array<{ type: string }>;
    };
    expect(events.data.length).toBeGreaterThan(0);
    expect(events.data.every((e) => e.type === 'checkout.session.completed')).toBe(true);
    const deliveries = (await (await fetch(`${base}/_sandbox/deliveries`)).json()) as { data: unknown[] };
    expect(deliveries.data.length).toBeGreaterThan(0);
    await control(sandbox.stripe.url, '/reset');
    const after = (await (await fetch(`${base}/_sandbox/events`)).json()) as { data: unknown[] };
    expect(after.data).toEqual([]);
  });
});
