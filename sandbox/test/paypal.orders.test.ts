import paypal from '@paypal/checkout-server-sdk';
import { Sandbox } from '../src';
import { Receiver, control, expectSameShape, fixture, paypalClient, startTestSandbox } from './helpers';

let sandbox: Sandbox;
let client: paypal.core.PayPalHttpClient;
let hooks: Receiver;

type Obj = Record<string, unknown> & {
  id: string;
  status: string;
  links: Array<{ rel: string; href: string; method: string }>;
};
interface HttpError {
  statusCode: number;
  message: string;
}

beforeAll(async () => {
  hooks = new Receiver();
  sandbox = await startTestSandbox({ paypalWebhookUrl: await hooks.start() });
  client = paypalClient(sandbox);
});
afterAll(async () => {
  await sandbox.close();
  await hooks.close();
});
beforeEach(async () => {
  await sandbox.idle();
  hooks.received.length = 0;
});

function createRequest(body: unknown, prefer?: string): paypal.orders.OrdersCreateRequest {
  const req = new paypal.orders.OrdersCreateRequest();
  if (prefer) req.prefer(prefer);
  return req.requestBody(body);
}

const ORDER = {
  intent: 'CAPTURE',
  purchase_units: [
    {
      reference_id: 'course-1',
      custom_id: 'pay_1',
      invoice_id: 'INV-1',
      amount: { currency_code: 'USD', value: '49.00' },
    },
  ],
  application_context: {
    return_url: 'http://localhost:3000/paypal/return',
    cancel_url: 'http://localhost:3000/paypal/cancel',
  },
};

async function failure(
  p: Promise<unknown>,
): Promise<{ status: number; body: Record<string, unknown> & { details?: Array<{ issue: string }> } }> {
  const err = (await p.then(
    () => null,
    (e: HttpError) => e,
  )) as HttpError | null;
  if (!err) throw new Error('expected the request to fail');
  return { status: err.statusCode, body: JSON.parse(err.message) };
}

async function createOrder(body: unknown = ORDER): Promise<Obj> {
  return (await client.execute<Obj>(createRequest(body))).result;
}

describe('PayPal OAuth', () => {
  it('when asked for a token with client credentials, then the answer has the fixture’s shape', async () => {
    const res = await fetch(`http://127.0.0.1:${sandbox.paypal.port}/v1/oauth2/token`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from('id:secret').toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expectSameShape(body, fixture('paypal/oauth2-token.response.json'));
    expect(body.token_type).toBe('Bearer');
    const bad = await fetch(`http://127.0.0.1:${sandbox.paypal.port}/v1/oauth2/token`, {
      method: 'POST',
      body: 'grant_type=client_credentials',
    });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ error: 'invalid_client', error_description: 'Client Authentication failed' });
  });

  it('when a call has no or an unknown token, then 401', async () => {
    const none = await fetch(`http://127.0.0.1:${sandbox.paypal.port}/v2/checkout/orders/X`);
    expect(none.status).toBe(401);
    const bad = await fetch(`http://127.0.0.1:${sandbox.paypal.port}/v2/checkout/orders/X`, {
      headers: { Authorization: 'Bearer nope' },
    });
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as { error: string }).error).toBe('invalid_token');
  });
});

describe('PayPal orders', () => {
  it('when created (minimal by default), then id/status/links match the fixture and approve points at the sandbox page', async () => {
    const res = await client.execute<Obj>(createRequest(ORDER));
    expect(res.statusCode).toBe(201);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.result.id).toMatch(/^[A-Z0-9]{17}$/);
    expectSameShape(res.result, fixture('paypal/order.create.response.json'));
    expect(Object.keys(res.result).sort()).toEqual(['id', 'links', 'status']);
    expect(res.result.status).toBe('CREATED');
    expect(res.result.links.map((l) => l.rel)).toEqual(['self', 'approve', 'update', 'capture']);
    expect(res.result.links.find((l) => l.rel === 'approve')?.href).toBe(
      `${sandbox.paypal.url}/checkoutnow?token=${res.result.id}`,
    );

    const full = await client.execute<Obj>(createRequest(ORDER, 'return=representation'));
    expect(full.result).toMatchObject({
      intent: 'CAPTURE',
      purchase_units: [
        {
          reference_id: 'course-1',
          custom_id: 'pay_1',
          invoice_id: 'INV-1',
          amount: { currency_code: 'USD', value: '49.00' },
        },
      ],
    });
    const got = await client.execute<Obj>(new paypal.orders.OrdersGetRequest(res.result.id));
    expect(got.result).toMatchObject({ id: res.result.id, status: 'CREATED', intent: 'CAPTURE' });
  });

  it('when created with payment_source.paypal, then status PAYER_ACTION_REQUIRED with a payer-action link', async () => {
    const body = { ...fixture('paypal/order.create.request.json') };
    const res = await client.execute<Obj>(createRequest(body));
    expectSameShape(res.result, fixture('paypal/order.create.response.eps-payer-action-required.json'), {
      ignore: ['payment_source'],
    });
    expect(res.result.status).toBe('PAYER_ACTION_REQUIRED');
    expect(res.result.links.map((l) => l.rel)).toContain('payer-action');
  });

  it('when the request is invalid, then PayPal’s error shape with details', async () => {
    const missing = await failure(client.execute(createRequest({ purchase_units: ORDER.purchase_units })));
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({
      name: 'INVALID_REQUEST',
      details: [{ field: '/intent', issue: 'MISSING_REQUIRED_PARAMETER' }],
    });
    expect(missing.body.debug_id).toMatch(/^[0-9a-f]{13}$/);
    const jpy = await failure(
      client.execute(
        createRequest({ intent: 'CAPTURE', purchase_units: [{ amount: { currency_code: 'JPY', value: '1500.50' } }] }),
      ),
    );
    expect(jpy.status).toBe(422);
    expect(jpy.body.details?.[0].issue).toBe('DECIMALS_NOT_SUPPORTED');
    const notFound = await failure(client.execute(new paypal.orders.OrdersGetRequest('NOTANORDER0000000')));
    expect(notFound.status).toBe(404);
    expect(notFound.body).toMatchObject({ name: 'RESOURCE_NOT_FOUND', details: [{ issue: 'INVALID_RESOURCE_ID' }] });
  });

  it('when captured before approval, then 422 ORDER_NOT_APPROVED; after approval COMPLETED; again ORDER_ALREADY_CAPTURED', async () => {
    const order = await createOrder();
    const early = await failure(client.execute(new paypal.orders.OrdersCaptureRequest(order.id)));
    expect(early.status).toBe(422);
    expect(early.body.details?.[0].issue).toBe('ORDER_NOT_APPROVED');

    const approved = await control<{ redirect_url: string }>(sandbox.paypal.url, `/orders/${order.id}/approve`);
    expect(approved.body.redirect_url).toMatch(
      new RegExp(`^http://localhost:3000/paypal/return\\?token=${order.id}&PayerID=[A-Z0-9]+$`),
    );
    const captured = await client.execute<Obj & { purchase_units: Array<{ payments: { captures: Obj[] } }> }>(
      new paypal.orders.OrdersCaptureRequest(order.id),
    );
    expect(captured.statusCode).toBe(201);
    expectSameShape(captured.result, fixture('paypal/order.capture.response.json'), { ignore: ['purchase_units'] });
    const capture = captured.result.purchase_units[0].payments.captures[0];
    expectSameShape(
      capture,
      (
        fixture('paypal/order.capture.response.json') as {
          purchase_units: Array<{ payments: { captures: Array<Record<string, unknown>> } }>;
        }
      ).purchase_units[0].payments.captures[0],
    );
    expect(capture).toMatchObject({ status: 'COMPLETED', amount: { currency_code: 'USD', value: '49.00' } });

    const again = await failure(client.execute(new paypal.orders.OrdersCaptureRequest(order.id)));
    expect(again.body.details?.[0].issue).toBe('ORDER_ALREADY_CAPTURED');
    const got = await client.execute<Obj>(new paypal.payments.CapturesGetRequest(capture.id));
    expect(got.result).toMatchObject({
      id: capture.id,
      status: 'COMPLETED',
      custom_id: 'pay_1',
      invoice_id: 'INV-1',
      supplementary_data: { related_ids: { order_id: order.id } },
    });
  });

  it('when the buyer approves without details, then the default payer comes back with only a country in capture and order answers', async () => {
    const order = await createOrder();
    await control(sandbox.paypal.url, `/orders/${order.id}/approve`);
    const captured = await client.execute<Obj>(new paypal.orders.OrdersCaptureRequest(order.id));
    const fixturePayer = fixture<{ payer: Record<string, unknown> }>('paypal/order.capture.response.json').payer;
    expectSameShape(captured.result.payer, fixturePayer);
    expect(captured.result.payer).toEqual({
      name: { given_name: 'John', surname: 'Doe' },
      email_address: 'buyer@lms-sandbox.example',
      payer_id: expect.stringMatching(/^[A-Z0-9]{13}$/),
      address: { country_code: 'US' },
    });
    const got = await client.execute<Obj>(new paypal.orders.OrdersGetRequest(order.id));
    expect(got.result.payer).toEqual(captured.result.payer);
  });

  it('when the buyer approves with a name, email and address, then payer and payment_source carry them (PayPal’s field names, absent parts left out)', async () => {
    const order = await createOrder();
    const address = {
      address_line_1: 'Via Roma 1',
      admin_area_2: 'Torino',
      admin_area_1: 'TO',
      postal_code: '10121',
      country_code: 'IT',
    };
    const approved = await control<{ order: Obj }>(sandbox.paypal.url, `/orders/${order.id}/approve`, {
      name: { given_name: 'Grace', surname: 'Hopper' },
      email_address: 'grace@example.com',
      address,
    });
    expect(approved.status).toBe(200);
    const minimal = await client.execute<Obj>(new paypal.orders.OrdersCaptureRequest(order.id));
    expect(minimal.result.payer).toMatchObject({
      name: { given_name: 'Grace', surname: 'Hopper' },
      email_address: 'grace@example.com',
      address,
    });
    expect((minimal.result.payer as { address: object }).address).not.toHaveProperty('address_line_2');
    const got = await client.execute<Obj>(new paypal.orders.OrdersGetRequest(order.id));
    expect(got.result).toMatchObject({
      payer: { address },
      payment_source: { paypal: { email_address: 'grace@example.com', address } },
    });
    // Only the country: the rest of the default buyer stays.
    const other = await createOrder();
    await control(sandbox.paypal.url, `/orders/${other.id}/approve`, { address: { country_code: 'DE' } });
    const otherGot = await client.execute<Obj>(new paypal.orders.OrdersGetRequest(other.id));
    expect(otherGot.result.payer).toMatchObject({ name: { given_name: 'John' }, address: { country_code: 'DE' } });
  });

  it('when the approval control gets unusable payer fields, then 400 and the order stays unapproved', async () => {
    const order = await createOrder();
    for (const body of [
      { address: { country_code: 'italy' } },
      { address: { street: 'x' } },
      { address: 'Via Roma 1' },
      { name: { full_name: 'Grace Hopper' } },
      { email_address: 'grace' },
    ]) {
      const res = await control<{ error: { message: string } }>(
        sandbox.paypal.url,
        `/orders/${order.id}/approve`,
        body,
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/address|name|email_address/);
    }
    const got = await client.execute<Obj>(new paypal.orders.OrdersGetRequest(order.id));
    expect(got.result.status).toBe('CREATED');
  });

  it('when the buyer picked a declining instrument, then capture is 422 INSTRUMENT_DECLINED like the fixture', async () => {
    const order = await createOrder();
    await control(sandbox.paypal.url, `/orders/${order.id}/approve`, { instrument: 'declined' });
    const err = await failure(client.execute(new paypal.orders.OrdersCaptureRequest(order.id)));
    expect(err.status).toBe(422);
    const expected = fixture('paypal/error.orders.capture.422.INSTRUMENT_DECLINED.json');
    expectSameShape(err.body, expected);
    expect(err.body).toMatchObject({ name: 'UNPROCESSABLE_ENTITY', details: [{ issue: 'INSTRUMENT_DECLINED' }] });
    expect((err.body.links as Array<{ rel: string }>).map((l) => l.rel)).toContain('redirect');
  });

  it('when the capture is denied or pending, then the capture status says so (and pending settles later)', async () => {
    const denied = await createOrder();
    await control(sandbox.paypal.url, `/orders/${denied.id}/approve`, { instrument: 'denied' });
    const d = await client.execute<{ purchase_units: Array<{ payments: { captures: Obj[] } }> }>(
      new paypal.orders.OrdersCaptureRequest(denied.id),
    );
    expect(d.result.purchase_units[0].payments.captures[0].status).toBe('DECLINED');

    const pending = await createOrder();
    await control(sandbox.paypal.url, `/orders/${pending.id}/approve`, { instrument: 'pending' });
    const p = await client.execute<{ purchase_units: Array<{ payments: { captures: Obj[] } }> }>(
      new paypal.orders.OrdersCaptureRequest(pending.id),
    );
    const cap = p.result.purchase_units[0].payments.captures[0];
    expect(cap.status).toBe('PENDING');
    await control(sandbox.paypal.url, `/captures/${cap.id}/settle`, { outcome: 'COMPLETED' });
    expect((await client.execute<Obj>(new paypal.payments.CapturesGetRequest(cap.id))).result.status).toBe('COMPLETED');
  });

  it('when PayPal-Request-Id repeats, then the first result replays; with another body it is refused', async () => {
    const keyed = (body: unknown) => {
      const req = createRequest(body);
      req.headers['PayPal-Request-Id'] = 'order-key-1';
      return req;
    };
    const a = await client.execute<Obj>(keyed(ORDER));
    const b = await client.execute<Obj>(keyed(ORDER));
    expect(b.result.id).toBe(a.result.id);
    const other = { ...ORDER, purchase_units: [{ amount: { currency_code: 'USD', value: '1.00' } }] };
    const c = await failure(client.execute(keyed(other)));
    expect(c.status).toBe(422);
    expect(c.body.details?.[0].issue).toBe('PAYPAL_REQUEST_ID_PREVIOUSLY_USED');
  });
});

describe('PayPal refunds', () => {
  async function capturedOrder(value = '30.00'): Promise<string> {
    const order = await createOrder({ ...ORDER, purchase_units: [{ amount: { currency_code: 'USD', value } }] });
    await control(sandbox.paypal.url, `/orders/${order.id}/approve`);
    const res = await client.execute<{ purchase_units: Array<{ payments: { captures: Obj[] } }> }>(
      new paypal.orders.OrdersCaptureRequest(order.id),
    );
    return res.result.purchase_units[0].payments.captures[0].id;
  }

  it('when refunded partly then in full, then statuses follow and exceeding the rest is 422', async () => {
    const captureId = await capturedOrder('30.00');
    const partial = new paypal.payments.CapturesRefundRequest(captureId).requestBody({
      amount: { currency_code: 'USD', value: '10.00' },
      note_to_payer: 'sorry',
    });
    const r1 = await client.execute<Obj>(partial);
    expect(r1.statusCode).toBe(201);
    expectSameShape(r1.result, fixture('paypal/capture.refund.response.minimal.json'));
    expect(r1.result.links.find((l) => l.rel === 'up')?.href).toMatch(
      new RegExp(`/v2/payments/captures/${captureId}$`),
    );
    expect((await client.execute<Obj>(new paypal.payments.CapturesGetRequest(captureId))).result.status).toBe(
      'PARTIALLY_REFUNDED',
    );
    const full = await client.execute<Obj>(new paypal.payments.RefundsGetRequest(r1.result.id));
    expectSameShape(full.result, fixture('paypal/refund.get.response.json'), { ignore: ['invoice_id'] });

    const tooMuch = await failure(
      client.execute(
        new paypal.payments.CapturesRefundRequest(captureId).requestBody({
          amount: { currency_code: 'USD', value: '25.00' },
        }),
      ),
    );
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.details?.[0].issue).toBe('REFUND_AMOUNT_EXCEEDED');
    const rest = await client.execute<Obj>(
      new paypal.payments.CapturesRefundRequest(captureId).prefer('return=representation').requestBody({}),
    );
    expect(rest.result).toMatchObject({ amount: { value: '20.00', currency_code: 'USD' }, status: 'COMPLETED' });
    expect((await client.execute<Obj>(new paypal.payments.CapturesGetRequest(captureId))).result.status).toBe(
      'REFUNDED',
    );
    const again = await failure(client.execute(new paypal.payments.CapturesRefundRequest(captureId).requestBody({})));
    expect(again.body.details?.[0].issue).toBe('CAPTURE_FULLY_REFUNDED');
  });

  it('when a refund is made outside the product, then PAYMENT.CAPTURE.REFUNDED is delivered', async () => {
    const captureId = await capturedOrder('5.00');
    await sandbox.idle();
    hooks.received.length = 0;
    const res = await control(sandbox.paypal.url, '/refunds', { capture_id: captureId, amount: '2.00' });
    expect(res.status).toBe(200);
    await sandbox.idle();
    const e = hooks
      .events<{ event_type: string; resource: { amount: { value: string } } }>()
      .find((x) => x.event_type === 'PAYMENT.CAPTURE.REFUNDED');
    expect(e?.resource.amount.value).toBe('2.00');
  });
});
