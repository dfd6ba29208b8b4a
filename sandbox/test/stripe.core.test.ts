import Stripe from 'stripe';
import { Sandbox } from '../src';
import { expectSameShape, fixture, startTestSandbox, stripeClient } from './helpers';

let sandbox: Sandbox;
let stripe: Stripe;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  stripe = stripeClient(sandbox);
});
afterAll(() => sandbox.close());

async function raw(
  method: string,
  path: string,
  opts: { key?: string; body?: string; headers?: Record<string, string> } = {},
) {
  const res = await fetch(`http://127.0.0.1:${sandbox.stripe.port}${path}`, {
    method,
    headers: {
      ...(opts.key === '' ? {} : { Authorization: `Bearer ${opts.key ?? 'sk_test_x'}` }),
      'Content-Type': 'application/x-www-form-urlencoded',
      ...opts.headers,
    },
    body: opts.body,
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

describe('Stripe transport', () => {
  it('when the key is missing or not a test secret key, then 401 with Stripe’s error body', async () => {
    const none = await raw('GET', '/v1/customers', { key: '' });
    expect(none.status).toBe(401);
    expect(JSON.parse(none.text).error).toMatchObject({
      type: 'invalid_request_error',
      message: expect.stringContaining('You did not provide an API key'),
    });
    const live = await raw('GET', '/v1/customers', { key: 'sk_live_123456789012' });
    expect(live.status).toBe(401);
    expect(JSON.parse(live.text).error.message).toMatch(/^Invalid API Key provided: sk_live_/);
    await expect(stripeClient(sandbox, 'rk_test_nope').customers.list()).rejects.toMatchObject({
      type: 'StripeAuthenticationError',
      statusCode: 401,
    });
  });

  it('when answering, then JSON is 2-space indented with a trailing newline and a Request-Id header', async () => {
    const res = await raw('POST', '/v1/customers', { body: 'email=a%40b.c&metadata[user_id]=7' });
    expect(res.status).toBe(200);
    expect(res.text.endsWith('}\n')).toBe(true);
    expect(res.text).toContain('\n  "id": "cus_');
    expect(res.headers.get('request-id')).toMatch(/^req_/);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(JSON.parse(res.text).metadata).toEqual({ user_id: '7' });
  });

  it('when the URL is unknown, then 404 "Unrecognized request URL"', async () => {
    const res = await raw('GET', '/v1/nothing_here');
    expect(res.status).toBe(404);
    expect(JSON.parse(res.text).error.message).toMatch(/^Unrecognized request URL \(GET: \/v1\/nothing_here\)/);
  });
});

describe('Stripe customers', () => {
  it('when created, retrieved and updated through the SDK, then the object matches the fixture shape', async () => {
    const created = await stripe.customers.create({
      email: 'ada@example.com',
      name: 'Ada',
      metadata: { user_id: '42' },
    });
    expect(created.id).toMatch(/^cus_/);
    expectSameShape(created, fixture('stripe/object.customer.json'));
    const got = await stripe.customers.retrieve(created.id);
    expect(got).toMatchObject({ id: created.id, email: 'ada@example.com', metadata: { user_id: '42' } });
    const updated = await stripe.customers.update(created.id, {
      name: 'Ada L.',
      metadata: { user_id: '', plan: 'gold' },
    });
    expect(updated.name).toBe('Ada L.');
    expect(updated.metadata).toEqual({ plan: 'gold' });
  });

  it('when the customer does not exist, then 404 resource_missing exactly like the fixture', async () => {
    const expected = fixture<{ error: Record<string, string> }>(
      'stripe/error.invalid_request_error.resource_missing.json',
    ).error;
    const err = await stripe.customers.retrieve('cus_K9Fo2BpabkGWva').catch((e: Stripe.errors.StripeError) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err).toMatchObject({
      statusCode: 404,
      code: expected.code,
      param: expected.param,
      message: expected.message,
      doc_url: expected.doc_url,
    });
  });

  it('when default_payment_method is not attached to the customer, then 400 with the param named', async () => {
    const c = await stripe.customers.create({});
    const err = await stripe.customers
      .update(c.id, { invoice_settings: { default_payment_method: 'pm_nope' } })
      .catch((e: Stripe.errors.StripeError) => e);
    expect(err).toMatchObject({
      statusCode: 400,
      type: 'StripeInvalidRequestError',
      param: 'invoice_settings[default_payment_method]',
    });
  });
});

describe('Stripe idempotency', () => {
  it('when the same key and params are sent again, then the first response is replayed with Idempotent-Replayed', async () => {
    const first = await raw('POST', '/v1/customers', {
      body: 'email=x%40y.z',
      headers: { 'Idempotency-Key': 'k-replay-1' },
    });
    const second = await raw('POST', '/v1/customers', {
      body: 'email=x%40y.z',
      headers: { 'Idempotency-Key': 'k-replay-1' },
    });
    expect(second.status).toBe(200);
    expect(second.text).toBe(first.text);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
  });

  it('when the SDK retries with the same idempotency key, then it gets the same object (no duplicate)', async () => {
    const a = await stripe.customers.create({ email: 'same@example.com' }, { idempotencyKey: 'sdk-key-1' });
    const b = await stripe.customers.create({ email: 'same@example.com' }, { idempotencyKey: 'sdk-key-1' });
    expect(b.id).toBe(a.id);
    expect(b.lastResponse.headers['idempotent-replayed']).toBe('true');
  });

  it('when the same key comes with other params, then 400 idempotency_error like the fixture', async () => {
    await stripe.customers.create({ email: 'one@example.com' }, { idempotencyKey: 'bad-idempotent-key-0' });
    const err = await stripe.customers
      .create({ email: 'two@example.com' }, { idempotencyKey: 'bad-idempotent-key-0' })
      .catch((e: Stripe.errors.StripeError) => e);
    const expected = fixture<{ error: { message: string; type: string } }>('stripe/error.idempotency_error.json').error;
    expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(err).toMatchObject({ statusCode: 400, message: expected.message, rawType: expected.type });
  });

  it('when a request failed validation, then its key is not kept and a corrected retry succeeds', async () => {
    const bad = await raw('POST', '/v1/products', { body: '', headers: { 'Idempotency-Key': 'k-validation' } });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error).toMatchObject({ param: 'name', message: 'Missing required param: name.' });
    const good = await raw('POST', '/v1/products', {
      body: 'name=Course',
      headers: { 'Idempotency-Key': 'k-validation' },
    });
    expect(good.status).toBe(200);
  });
});

describe('Stripe products and prices', () => {
  it('when created and retrieved through the SDK, then they match the fixture shapes', async () => {
    const product = await stripe.products.create({ name: 'TypeScript course', metadata: { course_id: 'c1' } });
    expect(product.id).toMatch(/^prod_/);
    expectSameShape(product, fixture('stripe/object.product.json'));
    const price = await stripe.prices.create({
      product: product.id,
      currency: 'jpy',
      unit_amount: 1500,
      recurring: { interval: 'month' },
    });
    expect(price.id).toMatch(/^price_/);
    expectSameShape(price, fixture('stripe/object.price.json'), { ignore: ['unit_amount_decimal'] });
    expect(price).toMatchObject({
      currency: 'jpy',
      unit_amount: 1500,
      type: 'recurring',
      recurring: { interval: 'month', interval_count: 1 },
    });
    expect((await stripe.prices.retrieve(price.id)).product).toBe(product.id);
    expect((await stripe.products.retrieve(product.id)).name).toBe('TypeScript course');
    const list = await stripe.prices.list({ product: product.id });
    expect(list.data.map((p) => p.id)).toEqual([price.id]);
  });

  it('when a parameter is bad, then 400 invalid_request_error names it', async () => {
    const err = await stripe.prices
      .create({ product: 'prod_missing', currency: 'usd', unit_amount: 100 })
      .catch((e: Stripe.errors.StripeError) => e);
    expect(err).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'product' });
    const product = await stripe.products.create({ name: 'P' });
    const err2 = await stripe.prices
      .create({ product: product.id, currency: 'usd', unit_amount: 'abc' as unknown as number })
      .catch((e: Stripe.errors.StripeError) => e);
    expect(err2).toMatchObject({ statusCode: 400, param: 'unit_amount', message: 'Invalid integer: abc' });
  });
});
