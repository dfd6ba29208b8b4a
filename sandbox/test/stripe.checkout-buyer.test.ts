import Stripe from 'stripe';
import { Sandbox } from '../src';
import { Receiver, control, startTestSandbox, stripeClient, waitFor } from './helpers';

/** Billing address and tax ID collection on Checkout Sessions, and what the buyer enters for them. */

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

const LINE = { price_data: { currency: 'eur', unit_amount: 4900, product_data: { name: 'Course' } }, quantity: 1 };
const ADDRESS = { line1: 'Hauptstraße 1', city: 'Berlin', postal_code: '10115', country: 'DE' };

function session(extra: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
  return stripe.checkout.sessions.create({
    mode: 'payment',
    line_items: [LINE],
    success_url: 'http://localhost:3000/ok?session_id={CHECKOUT_SESSION_ID}',
    ...extra,
  });
}

/** The session the product creates: full address, tax IDs, an existing customer it may update. */
async function productSession(customerName = 'Ada') {
  const customer = await stripe.customers.create({ email: 'ada@example.com', name: customerName });
  const s = await session({
    customer: customer.id,
    billing_address_collection: 'required',
    tax_id_collection: { enabled: true },
    customer_update: { name: 'auto', address: 'auto' },
  });
  return { customer, session: s };
}

async function refusal(params: Record<string, unknown>): Promise<Stripe.errors.StripeError> {
  const err = await session(params as Partial<Stripe.Checkout.SessionCreateParams>).catch(
    (e: Stripe.errors.StripeError) => e,
  );
  expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  return err as Stripe.errors.StripeError;
}

function pay(id: string, body: Record<string, unknown>) {
  return control<{ outcome: string; session: Stripe.Checkout.Session; error?: { message: string; type: string } }>(
    sandbox.stripe.url,
    `/checkout/sessions/${id}/pay`,
    { card: '4242424242424242', ...body },
  );
}

async function submitPage(url: string, fields: Record<string, string>) {
  const res = await fetch(url.replace('localhost', '127.0.0.1'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  return { status: res.status, html: await res.text() };
}

describe('Checkout Session collection parameters', () => {
  it('when billing address and tax ID collection are asked for, then the session stores them as Stripe returns them', async () => {
    const { session: s } = await productSession();
    expect(s).toMatchObject({
      billing_address_collection: 'required',
      tax_id_collection: { enabled: true, required: 'never' },
      customer_details: null,
    });
    expect(s).not.toHaveProperty('customer_update');
    const plain = await session();
    expect(plain).toMatchObject({ billing_address_collection: null, tax_id_collection: { enabled: false } });
    const auto = await session({
      billing_address_collection: 'auto',
      tax_id_collection: { enabled: true, required: 'if_supported' },
    });
    expect(auto).toMatchObject({
      billing_address_collection: 'auto',
      tax_id_collection: { enabled: true, required: 'if_supported' },
    });
    // Stored, not just echoed: a fetch says the same.
    expect(await stripe.checkout.sessions.retrieve(s.id)).toMatchObject({
      billing_address_collection: 'required',
      tax_id_collection: { enabled: true, required: 'never' },
    });
  });

  it('when a value is not one Stripe knows, then 400 invalid_request_error names the parameter in param and message', async () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ billing_address_collection: 'always' }, 'billing_address_collection', 'must be one of auto or required'],
      [
        { tax_id_collection: { enabled: true, required: 'always' } },
        'tax_id_collection[required]',
        'if_supported or never',
      ],
      [{ tax_id_collection: { enabled: 'yes' } }, 'tax_id_collection[enabled]', 'Invalid boolean: yes'],
      [
        { tax_id_collection: { enabled: true, country: 'DE' } },
        'tax_id_collection[country]',
        'Received unknown parameter',
      ],
    ];
    for (const [params, param, message] of cases) {
      const err = await refusal(params);
      expect(err).toMatchObject({ statusCode: 400, rawType: 'invalid_request_error', param });
      expect(err.message).toContain(message);
    }
    expect((await refusal({ billing_address_collection: 'always' })).message).toBe(
      'Invalid billing_address_collection: must be one of auto or required',
    );
    const missing = await refusal({ tax_id_collection: { required: 'never' } });
    expect(missing).toMatchObject({ code: 'parameter_missing', param: 'tax_id_collection[enabled]' });
  });

  it('when customer_update is given, then it needs a customer and auto/never values for address, name and shipping', async () => {
    const without = await refusal({ customer_update: { name: 'auto' } });
    expect(without).toMatchObject({ param: 'customer_update' });
    expect(without.message).toBe('`customer_update` can only be used with `customer`.');
    const customer = await stripe.customers.create({ email: 'x@example.com' });
    const bad = await refusal({ customer: customer.id, customer_update: { name: 'always' } });
    expect(bad).toMatchObject({ param: 'customer_update[name]' });
    expect(bad.message).toBe('Invalid customer_update[name]: must be one of auto or never');
    const unknown = await refusal({ customer: customer.id, customer_update: { email: 'auto' } });
    expect(unknown).toMatchObject({ param: 'customer_update[email]' });
    await expect(
      session({ customer: customer.id, customer_update: { name: 'never', address: 'auto', shipping: 'never' } }),
    ).resolves.toMatchObject({ customer: customer.id });
  });

  it('when tax IDs are collected for an existing customer, then Stripe wants customer_update[name] and [address] set to auto', async () => {
    const customer = await stripe.customers.create({ email: 'y@example.com', name: 'Yves' });
    const base = { customer: customer.id, tax_id_collection: { enabled: true } };
    const noName = await refusal(base);
    expect(noName.message).toBe(
      'Tax ID collection requires updating business name on the customer. To enable tax ID collection for an existing customer, please set `customer_update[name]` to `auto`.',
    );
    // As recorded: no param, no code, only the message tells.
    expect(noName.param).toBeUndefined();
    expect(noName.code).toBeUndefined();
    const noAddress = await refusal({ ...base, customer_update: { name: 'auto' } });
    expect(noAddress.message).toMatch(/valid address on the provided customer.*customer_update\[address\] to auto/);
    await expect(session({ ...base, customer_update: { name: 'auto', address: 'auto' } })).resolves.toMatchObject({
      tax_id_collection: { enabled: true },
    });
    // A customer who already has an address only needs the name rule.
    const housed = await stripe.customers.create({
      email: 'h@example.com',
      address: { country: 'DE', city: 'Berlin' },
    });
    await expect(
      session({ customer: housed.id, tax_id_collection: { enabled: true }, customer_update: { name: 'auto' } }),
    ).resolves.toMatchObject({ customer: housed.id });
    // Without a customer nothing needs updating.
    await expect(session({ tax_id_collection: { enabled: true } })).resolves.toMatchObject({ customer: null });
  });

  it('when a refused create is retried with the same idempotency key and fixed parameters, then it succeeds (failed validation is not stored)', async () => {
    const customer = await stripe.customers.create({ email: 'z@example.com' });
    const key = `buyer-${Date.now()}`;
    const params = {
      mode: 'payment' as const,
      line_items: [LINE],
      customer: customer.id,
      tax_id_collection: { enabled: true },
    };
    await expect(stripe.checkout.sessions.create(params, { idempotencyKey: key })).rejects.toMatchObject({
      statusCode: 400,
    });
    await expect(
      stripe.checkout.sessions.create(
        { ...params, customer_update: { name: 'auto', address: 'auto' } },
        { idempotencyKey: key },
      ),
    ).resolves.toMatchObject({ object: 'checkout.session' });
  });
});

describe('What the buyer enters (pay control)', () => {
  it('when the full address and a VAT number are given, then customer_details and the card hold them, and the customer is updated', async () => {
    const { customer, session: s } = await productSession('Ada');
    const paid = await pay(s.id, {
      name: 'Ada Lovelace',
      address: { ...ADDRESS, line2: '3. OG', state: 'BE' },
      tax_id: { type: 'eu_vat', value: 'DE123456789' },
    });
    expect(paid.status).toBe(200);
    const done = await stripe.checkout.sessions.retrieve(s.id, {
      expand: ['payment_intent', 'payment_intent.payment_method'],
    });
    expect(done.customer_details).toEqual({
      address: {
        line1: 'Hauptstraße 1',
        line2: '3. OG',
        city: 'Berlin',
        state: 'BE',
        postal_code: '10115',
        country: 'DE',
      },
      business_name: null,
      email: 'ada@example.com',
      individual_name: null,
      name: 'Ada Lovelace',
      phone: null,
      tax_exempt: 'none',
      tax_ids: [{ type: 'eu_vat', value: 'DE123456789' }],
    });
    const pm = (done.payment_intent as Stripe.PaymentIntent).payment_method as Stripe.PaymentMethod;
    expect(pm.billing_details).toMatchObject({ name: 'Ada Lovelace', address: { city: 'Berlin', country: 'DE' } });
    // customer_update auto: the name and address entered are now the customer's.
    expect(await stripe.customers.retrieve(customer.id)).toMatchObject({
      name: 'Ada Lovelace',
      address: { line1: 'Hauptstraße 1', country: 'DE' },
    });
    await waitFor(() => hooks.types().includes('checkout.session.completed'));
    const events = hooks.events<Stripe.Event>();
    const updated = events.find(
      (e) => e.type === 'customer.updated' && (e.data.object as { id: string }).id === customer.id,
    );
    expect(updated?.data.previous_attributes).toEqual({ name: 'Ada', address: null });
    const completed = events.find(
      (e) => e.type === 'checkout.session.completed' && (e.data.object as { id: string }).id === s.id,
    );
    expect((completed?.data.object as Stripe.Checkout.Session).customer_details?.tax_ids).toEqual([
      { type: 'eu_vat', value: 'DE123456789' },
    ]);
  });

  it('when the address is required but incomplete, then the payment is refused before the card is charged and the session stays open', async () => {
    const { session: s } = await productSession();
    const refused = await pay(s.id, { address: { line1: 'Hauptstraße 1', country: 'DE' } });
    expect(refused.status).toBe(400);
    expect(refused.body.outcome).toBe('rejected');
    expect(refused.body.error?.message).toMatch(/city, postal_code missing/);
    const after = await stripe.checkout.sessions.retrieve(s.id);
    expect(after).toMatchObject({ status: 'open', payment_intent: null, customer_details: null });
    // Nothing entered at all is refused the same way.
    expect((await pay(s.id, {})).status).toBe(400);
    expect((await pay(s.id, { address: ADDRESS })).body.outcome).toBe('succeeded');
  });

  it('when the session does not require an address, then only country and postal code are kept and the defaults fill the rest', async () => {
    const s = await session({ customer_email: 'buyer@example.com' });
    const paid = await pay(s.id, {});
    expect(paid.body.session.customer_details).toMatchObject({
      email: 'buyer@example.com',
      name: 'Jenny Rosen',
      address: { country: 'US', postal_code: null, line1: null, city: null },
      tax_ids: [],
    });
    const withPostal = await session();
    const paid2 = await pay(withPostal.id, { address: { postal_code: '75001', country: 'fr' } });
    expect(paid2.body.session.customer_details?.address).toEqual({
      line1: null,
      line2: null,
      city: null,
      state: null,
      postal_code: '75001',
      country: 'FR',
    });
    // A street address is not something this page asks for.
    const other = await session();
    const refused = await pay(other.id, { address: ADDRESS });
    expect(refused.status).toBe(400);
    expect(refused.body.error?.message).toMatch(/only for country and postal code/);
  });

  it('when a tax ID is given, then it must be collected by the session, of a known type and with a value', async () => {
    const noCollection = await session({ billing_address_collection: 'required' });
    const refused = await pay(noCollection.id, { address: ADDRESS, tax_id: { type: 'eu_vat', value: 'DE1' } });
    expect(refused.body.error?.message).toMatch(/does not collect tax IDs/);
    const { session: s } = await productSession();
    expect((await pay(s.id, { address: ADDRESS, tax_id: { type: 'xx_vat', value: '1' } })).body.error?.message).toMatch(
      /Unknown tax ID type 'xx_vat'/,
    );
    expect((await pay(s.id, { address: ADDRESS, tax_id: { type: 'eu_vat' } })).body.error?.message).toMatch(
      /both its type and its value/,
    );
    expect((await pay(s.id, { address: ADDRESS, tax_id: 'DE1' })).status).toBe(400);
    // Without one the buyer pays as an individual.
    const paid = await pay(s.id, { address: ADDRESS });
    expect(paid.body.session.customer_details?.tax_ids).toEqual([]);
    const required = await session({ tax_id_collection: { enabled: true, required: 'if_supported' } });
    expect((await pay(required.id, {})).body.error?.message).toMatch(/requires one/);
  });

  it('when 3-D Secure comes first, then the billing details entered before it are the ones the session keeps', async () => {
    const { session: s } = await productSession();
    const step = await pay(s.id, { card: '4000002760003184', name: 'Ada L.', address: ADDRESS });
    expect(step.body.outcome).toBe('requires_action');
    const done = await control<{ session: Stripe.Checkout.Session }>(
      sandbox.stripe.url,
      `/checkout/sessions/${s.id}/authenticate`,
      { outcome: 'complete' },
    );
    expect(done.body.session.customer_details).toMatchObject({ name: 'Ada L.', address: { city: 'Berlin' } });
  });
});

describe('What the buyer enters (hosted page)', () => {
  it('when the address is required, then the page asks for it, refuses a card alone, and keeps what was typed', async () => {
    const { session: s } = await productSession();
    const html = await (await fetch((s.url as string).replace('localhost', '127.0.0.1'))).text();
    expect(html).toMatch(/<input type="text" id="line1" name="line1" value="" [^>]*required>/);
    expect(html).toContain('name="city"');
    expect(html).toContain('<select id="tax_id_type" name="tax_id_type">');
    const refused = await submitPage(s.url as string, { card: '4242 4242 4242 4242', city: 'Berlin' });
    expect(refused.status).toBe(402);
    expect(refused.html).toContain('Enter your full billing address');
    expect(refused.html).toContain('value="Berlin"');
    expect((await stripe.checkout.sessions.retrieve(s.id)).status).toBe('open');
    const paid = await submitPage(s.url as string, {
      card: '4242 4242 4242 4242',
      name: 'Ada Lovelace',
      ...ADDRESS,
      tax_id_type: 'eu_vat',
      tax_id_value: 'DE123456789',
    });
    expect(paid.status).toBe(303);
    expect((await stripe.checkout.sessions.retrieve(s.id)).customer_details).toMatchObject({
      name: 'Ada Lovelace',
      address: ADDRESS,
      tax_ids: [{ type: 'eu_vat', value: 'DE123456789' }],
    });
  });

  it('when the session collects neither, then the page shows only country and postal code', async () => {
    const s = await session();
    const html = await (await fetch((s.url as string).replace('localhost', '127.0.0.1'))).text();
    expect(html).toContain('name="postal_code"');
    expect(html).toContain('name="country"');
    expect(html).not.toContain('name="line1"');
    expect(html).not.toContain('name="tax_id_type"');
  });
});
