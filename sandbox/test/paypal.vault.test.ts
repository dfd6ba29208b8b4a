import paypal from '@paypal/checkout-server-sdk';
import { Sandbox } from '../src';
import { Receiver, control, paypalClient, ppRequest, startTestSandbox } from './helpers';

/** Vault v3 (saved PayPal wallets) through the real SDK client's generic request execution. */

let sandbox: Sandbox;
let client: paypal.core.PayPalHttpClient;
let hooks: Receiver;
let seq = 0;

type Link = { rel: string; href: string; method: string; encType?: string };
type Obj = Record<string, unknown> & { id: string; links: Link[] };
type SetupToken = Obj & {
  status: string;
  customer: { id: string };
  payment_source: { paypal: Record<string, unknown> };
};
type PaymentToken = Obj & {
  customer: { id: string };
  payment_source: { paypal: { email_address: string; payer_id: string } & Record<string, unknown> };
};
type Event = { id: string; event_type: string; resource_type: string; resource_version: string; resource: Obj };
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

const RETURN_URL = 'http://localhost:3000/account/payment-methods/return?setupId=set_1&provider=paypal';
const CANCEL_URL = 'http://localhost:3000/account/payment-methods?canceled=1';

function setupBody(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    payment_source: {
      paypal: {
        usage_type: 'MERCHANT',
        experience_context: {
          return_url: RETURN_URL,
          cancel_url: CANCEL_URL,
          brand_name: 'LMS Academy',
          shipping_preference: 'NO_SHIPPING',
        },
      },
    },
    ...extra,
  };
}

function requestId(): string {
  seq += 1;
  return `vault-test-${Date.now()}-${seq}`;
}

async function call<T = Obj>(verb: string, path: string, body?: unknown, id?: string): Promise<paypal.HttpResponse<T>> {
  return client.execute<T>(ppRequest(verb, path, body, id ? { 'PayPal-Request-Id': id } : {}));
}

async function failure(
  p: Promise<unknown>,
): Promise<{ status: number; body: { name?: string; details?: Array<Record<string, string>> } }> {
  const err = (await p.then(
    () => null,
    (e: HttpError) => e,
  )) as HttpError | null;
  if (!err) throw new Error('expected the request to fail');
  return { status: err.statusCode, body: JSON.parse(err.message) };
}

async function createSetup(extra: Record<string, unknown> = {}): Promise<SetupToken> {
  return (await call<SetupToken>('POST', '/v3/vault/setup-tokens', setupBody(extra), requestId())).result;
}

async function approve(id: string, body: Record<string, unknown> = {}) {
  const res = await control<{ setup_token: SetupToken; redirect_url: string }>(
    sandbox.paypal.url,
    `/vault/setup-tokens/${id}/approve`,
    body,
  );
  expect(res.status).toBe(200);
  return res.body;
}

/** A saved wallet: setup token approved by `email` and turned into a payment token. */
async function savedWallet(email = 'ada@example.com', customerId?: string): Promise<PaymentToken> {
  const setup = await createSetup(customerId ? { customer: { id: customerId } } : {});
  await approve(setup.id, { email });
  const body = { payment_source: { token: { id: setup.id, type: 'SETUP_TOKEN' } } };
  return (await call<PaymentToken>('POST', '/v3/vault/payment-tokens', body, requestId())).result;
}

async function events(): Promise<Event[]> {
  await sandbox.idle();
  return hooks.events<Event>();
}

function vaultOrder(vaultId: string, paymentId = 'pay_vault_1'): Record<string, unknown> {
  return {
    intent: 'CAPTURE',
    purchase_units: [
      { reference_id: paymentId, custom_id: paymentId, amount: { currency_code: 'USD', value: '100.00' } },
    ],
    payment_source: { paypal: { vault_id: vaultId } },
  };
}

type PaidOrder = Obj & {
  status: string;
  payer: { email_address: string; payer_id: string };
  payment_source: { paypal: { email_address: string; account_id: string } };
  purchase_units: Array<{ payments?: { captures: Array<Obj & { status: string; amount: unknown }> } }>;
};

describe('PayPal vault: setup tokens', () => {
  it('when created without a customer, then PayPal makes one and the token awaits the payer behind an approve link', async () => {
    const id = requestId();
    const res = await call<SetupToken>('POST', '/v3/vault/setup-tokens', setupBody(), id);
    expect(res.statusCode).toBe(201);
    const token = res.result;
    expect(token.id).toMatch(/^[A-Z0-9]{17}$/);
    expect(token.customer.id).toMatch(/^[A-Za-z0-9]{10}$/);
    expect(token.status).toBe('PAYER_ACTION_REQUIRED');
    expect(token.payment_source.paypal).toEqual({
      usage_type: 'MERCHANT',
      customer_type: 'CONSUMER',
      permit_multiple_payment_tokens: false,
    });
    expect(token.links).toEqual([
      {
        href: `${sandbox.paypal.url}/v3/vault/setup-tokens/${token.id}`,
        rel: 'self',
        method: 'GET',
        encType: 'application/json',
      },
      {
        href: `${sandbox.paypal.url}/agreements/approve?approval_session_id=${token.id}`,
        rel: 'approve',
        method: 'GET',
        encType: 'application/json',
      },
    ]);
    // A replay under the same PayPal-Request-Id is the same token, answered 200 as vault v3 documents.
    const replay = await call<SetupToken>('POST', '/v3/vault/setup-tokens', setupBody(), id);
    expect(replay.statusCode).toBe(200);
    expect(replay.result).toEqual(token);
    const got = await call<SetupToken>('GET', `/v3/vault/setup-tokens/${token.id}`);
    expect(got.result).toEqual(token);
  });

  it('when created for a known customer, then the token belongs to that customer', async () => {
    const first = await createSetup();
    const second = await createSetup({ customer: { id: first.customer.id } });
    expect(second.customer.id).toBe(first.customer.id);
    expect(second.id).not.toBe(first.id);
  });

  it('when the request is invalid, then PayPal’s 400 with the field and issue', async () => {
    const cases: Array<[unknown, string, string]> = [
      [{}, '/payment_source', 'MISSING_REQUIRED_PARAMETER'],
      [{ payment_source: { paypal: {} } }, '/payment_source/paypal/usage_type', 'MISSING_REQUIRED_PARAMETER'],
      [
        { payment_source: { paypal: { usage_type: 'ANYONE' } } },
        '/payment_source/paypal/usage_type',
        'INVALID_PARAMETER_VALUE',
      ],
      [
        { payment_source: { paypal: { usage_type: 'MERCHANT', experience_context: { cancel_url: CANCEL_URL } } } },
        '/payment_source/paypal/experience_context/return_url',
        'MISSING_REQUIRED_PARAMETER',
      ],
      [
        {
          payment_source: {
            paypal: { usage_type: 'MERCHANT', experience_context: { return_url: 'not a url', cancel_url: CANCEL_URL } },
          },
        },
        '/payment_source/paypal/experience_context/return_url',
        'INVALID_PARAMETER_SYNTAX',
      ],
      [setupBody({ customer: { id: 'not valid!' } }), '/customer/id', 'INVALID_PARAMETER_SYNTAX'],
      [{ payment_source: { card: { number: '4111111111111111' } } }, '/payment_source/card', 'NOT_SUPPORTED'],
    ];
    for (const [body, field, issue] of cases) {
      const err = await failure(call('POST', '/v3/vault/setup-tokens', body, requestId()));
      expect([field, err.status, err.body.name, err.body.details?.[0]]).toEqual([
        field,
        400,
        'INVALID_REQUEST',
        expect.objectContaining({ field, issue }),
      ]);
    }
    const noId = await failure(call('POST', '/v3/vault/setup-tokens', setupBody()));
    expect(noId.status).toBe(400);
    expect(noId.body.details?.[0].issue).toBe('PAYPAL_REQUEST_ID_REQUIRED');
    const unknown = await failure(call('GET', '/v3/vault/setup-tokens/NOSUCHTOKEN000000'));
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ name: 'RESOURCE_NOT_FOUND', details: [{ issue: 'INVALID_RESOURCE_ID' }] });
  });

  it('when the payer approves on the page, then the token is APPROVED and the browser returns with approval ids', async () => {
    const token = await createSetup();
    const approveLink = token.links.find((l) => l.rel === 'approve')!.href.replace('localhost', '127.0.0.1');
    const page = await fetch(approveLink);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Save PayPal for future purchases');
    expect(html).toContain('LMS Academy');
    expect(html).toMatch(/<input[^>]+name="email"/);
    expect(html).toMatch(/<button[^>]+id="approve"[^>]*>Save PayPal<\/button>/);

    const post = await fetch(`${sandbox.paypal.url.replace('localhost', '127.0.0.1')}/agreements/approve/${token.id}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ action: 'approve', email: 'grace@example.com' }).toString(),
      redirect: 'manual',
    });
    expect(post.status).toBe(303);
    const target = new URL(post.headers.get('location') ?? '');
    expect(`${target.origin}${target.pathname}`).toBe('http://localhost:3000/account/payment-methods/return');
    expect(Object.fromEntries(target.searchParams)).toEqual({
      setupId: 'set_1',
      provider: 'paypal',
      approval_token_id: token.id,
      approval_session_id: token.id,
    });
    const got = (await call<SetupToken>('GET', `/v3/vault/setup-tokens/${token.id}`)).result;
    expect(got.status).toBe('APPROVED');
    expect(got.payment_source.paypal).toMatchObject({
      email_address: 'grace@example.com',
      payer_id: expect.stringMatching(/^[A-Z0-9]{13}$/),
      name: { given_name: 'John', surname: 'Doe' },
    });
    expect(got.links.map((l) => [l.rel, l.method])).toEqual([
      ['self', 'GET'],
      ['confirm', 'POST'],
    ]);
    const again = await fetch(approveLink);
    expect(await again.text()).toContain('already saved PayPal');
  });

  it('when the payer cancels, then the browser goes to the cancel URL and the token still waits', async () => {
    const token = await createSetup();
    const post = await fetch(`${sandbox.paypal.url.replace('localhost', '127.0.0.1')}/agreements/approve/${token.id}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'action=cancel',
      redirect: 'manual',
    });
    expect(post.status).toBe(303);
    expect(post.headers.get('location')).toMatch(/^http:\/\/localhost:3000\/account\/payment-methods\?canceled=1&/);
    const viaControl = await control<{ redirect_url: string }>(
      sandbox.paypal.url,
      `/vault/setup-tokens/${token.id}/cancel`,
    );
    expect(viaControl.body.redirect_url).toContain(`approval_token_id=${token.id}`);
    expect((await call<SetupToken>('GET', `/v3/vault/setup-tokens/${token.id}`)).result.status).toBe(
      'PAYER_ACTION_REQUIRED',
    );
  });

  it('when a setup token expires, then PayPal has forgotten it everywhere', async () => {
    const token = await createSetup();
    expect((await control(sandbox.paypal.url, `/vault/setup-tokens/${token.id}/expire`)).body).toEqual({
      setup_token: token.id,
      expired: true,
    });
    expect((await failure(call('GET', `/v3/vault/setup-tokens/${token.id}`))).status).toBe(404);
    const page = await fetch(
      `${sandbox.paypal.url.replace('localhost', '127.0.0.1')}/agreements/approve?approval_session_id=${token.id}`,
    );
    expect(page.status).toBe(404);
    const tokenize = await failure(
      call(
        'POST',
        '/v3/vault/payment-tokens',
        { payment_source: { token: { id: token.id, type: 'SETUP_TOKEN' } } },
        requestId(),
      ),
    );
    expect(tokenize.status).toBe(404);
    expect(tokenize.body.details?.[0]).toMatchObject({ field: '/payment_source/token/id', location: 'body' });
    expect((await control(sandbox.paypal.url, `/vault/setup-tokens/${token.id}/approve`)).status).toBe(404);
  });
});

describe('PayPal vault: payment tokens', () => {
  it('when an approved setup token is confirmed, then a payment token of the wallet, VAULTED, and VAULT.PAYMENT-TOKEN.CREATED', async () => {
    const setup = await createSetup();
    const body = { payment_source: { token: { id: setup.id, type: 'SETUP_TOKEN' } } };
    const early = await failure(call('POST', '/v3/vault/payment-tokens', body, requestId()));
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({ name: 'UNPROCESSABLE_ENTITY', details: [{ issue: 'PAYER_ACTION_REQUIRED' }] });

    await approve(setup.id, { email: 'ada@example.com', name: { given_name: 'Ada', surname: 'Lovelace' } });
    const key = requestId();
    const res = await call<PaymentToken>('POST', '/v3/vault/payment-tokens', body, key);
    expect(res.statusCode).toBe(201);
    const token = res.result;
    expect(token.id).toMatch(/^[a-z0-9]{17}$/);
    expect(token).toEqual({
      id: token.id,
      customer: { id: setup.customer.id },
      payment_source: {
        paypal: {
          usage_type: 'MERCHANT',
          customer_type: 'CONSUMER',
          permit_multiple_payment_tokens: false,
          email_address: 'ada@example.com',
          payer_id: expect.stringMatching(/^[A-Z0-9]{13}$/),
          name: { given_name: 'Ada', surname: 'Lovelace' },
        },
      },
      links: [
        {
          href: `${sandbox.paypal.url}/v3/vault/payment-tokens/${token.id}`,
          rel: 'self',
          method: 'GET',
          encType: 'application/json',
        },
        {
          href: `${sandbox.paypal.url}/v3/vault/payment-tokens/${token.id}`,
          rel: 'delete',
          method: 'DELETE',
          encType: 'application/json',
        },
      ],
    });
    expect((await call<SetupToken>('GET', `/v3/vault/setup-tokens/${setup.id}`)).result.status).toBe('VAULTED');

    const replay = await call<PaymentToken>('POST', '/v3/vault/payment-tokens', body, key);
    expect(replay.statusCode).toBe(200);
    expect(replay.result).toEqual(token);
    const reused = await failure(call('POST', '/v3/vault/payment-tokens', body, requestId()));
    expect(reused.status).toBe(422);
    expect(reused.body.details?.[0].issue).toBe('SETUP_TOKEN_ALREADY_TOKENIZED');

    const created = (await events()).filter((e) => e.event_type === 'VAULT.PAYMENT-TOKEN.CREATED');
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ resource_type: 'payment_token', resource_version: '3.0' });
    expect(created[0].resource).toEqual({ ...token, time_created: expect.any(String) });
    expect((await call<PaymentToken>('GET', `/v3/vault/payment-tokens/${token.id}`)).result).toEqual(token);
  });

  it('when the token reference is wrong, then PayPal’s errors', async () => {
    const unknown = await failure(
      call(
        'POST',
        '/v3/vault/payment-tokens',
        { payment_source: { token: { id: 'NOSUCHTOKEN000000', type: 'SETUP_TOKEN' } } },
        requestId(),
      ),
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.details?.[0]).toMatchObject({ issue: 'INVALID_RESOURCE_ID', value: 'NOSUCHTOKEN000000' });
    const ba = await failure(
      call(
        'POST',
        '/v3/vault/payment-tokens',
        { payment_source: { token: { id: 'B-1', type: 'BILLING_AGREEMENT' } } },
        requestId(),
      ),
    );
    expect(ba.body.details?.[0].issue).toBe('NOT_SUPPORTED');
    const bad = await failure(
      call('POST', '/v3/vault/payment-tokens', { payment_source: { token: { id: 'X', type: 'NONCE' } } }, requestId()),
    );
    expect(bad.body.details?.[0]).toMatchObject({
      field: '/payment_source/token/type',
      issue: 'INVALID_PARAMETER_VALUE',
    });
    const missing = await failure(call('POST', '/v3/vault/payment-tokens', { payment_source: {} }, requestId()));
    expect(missing.body.details?.[0]).toMatchObject({
      field: '/payment_source/token',
      issue: 'MISSING_REQUIRED_PARAMETER',
    });
    expect((await failure(call('GET', '/v3/vault/payment-tokens/nosuchtoken'))).status).toBe(404);
  });

  it('when a customer’s tokens are listed, then PayPal’s list shape, paged, totals only on request', async () => {
    const first = await savedWallet('one@example.com');
    const customer = first.customer.id;
    const second = await savedWallet('two@example.com', customer);
    const all = (await call<Record<string, unknown>>('GET', `/v3/vault/payment-tokens?customer_id=${customer}`)).result;
    expect(all).toEqual({
      customer: { id: customer },
      payment_tokens: [first, second],
      links: [
        expect.objectContaining({
          rel: 'self',
          href: expect.stringContaining('page=1&page_size=5&total_required=false'),
        }),
        expect.objectContaining({ rel: 'first' }),
        expect.objectContaining({ rel: 'last' }),
      ],
    });
    const page1 = (
      await call<{ total_items: number; total_pages: number; payment_tokens: Obj[]; links: Link[] }>(
        'GET',
        `/v3/vault/payment-tokens?customer_id=${customer}&page_size=1&total_required=true`,
      )
    ).result;
    expect([page1.total_items, page1.total_pages, page1.payment_tokens.map((t) => t.id)]).toEqual([2, 2, [first.id]]);
    expect(page1.links.find((l) => l.rel === 'next')?.href).toContain('page=2&page_size=1');
    const page2 = (
      await call<{ payment_tokens: Obj[]; links: Link[] }>(
        'GET',
        `/v3/vault/payment-tokens?customer_id=${customer}&page=2&page_size=1&total_required=true`,
      )
    ).result;
    expect(page2.payment_tokens.map((t) => t.id)).toEqual([second.id]);
    expect(page2.links.map((l) => l.rel)).toEqual(['self', 'first', 'last', 'prev']);

    const nobody = (await call<Record<string, unknown>>('GET', '/v3/vault/payment-tokens?customer_id=nobody123'))
      .result;
    expect(nobody.payment_tokens).toEqual([]);
    const noCustomer = await failure(call('GET', '/v3/vault/payment-tokens'));
    expect(noCustomer.body.details?.[0]).toMatchObject({ field: 'customer_id', location: 'query' });
    const badPage = await failure(call('GET', `/v3/vault/payment-tokens?customer_id=${customer}&page=0`));
    expect(badPage.body.details?.[0].issue).toBe('INVALID_PARAMETER_VALUE');
  });

  it('when a payment token is deleted, then 204, DELETION-INITIATED and DELETED naming it and its customer, and it is gone', async () => {
    const token = await savedWallet();
    await sandbox.idle();
    hooks.received.length = 0;
    const res = await call('DELETE', `/v3/vault/payment-tokens/${token.id}`);
    expect(res.statusCode).toBe(204);
    const sent = await events();
    expect(sent.map((e) => e.event_type)).toEqual([
      'VAULT.PAYMENT-TOKEN.DELETION-INITIATED',
      'VAULT.PAYMENT-TOKEN.DELETED',
    ]);
    for (const e of sent) expect(e.resource).toMatchObject({ id: token.id, customer: { id: token.customer.id } });
    expect((await failure(call('GET', `/v3/vault/payment-tokens/${token.id}`))).status).toBe(404);
    const again = await failure(call('DELETE', `/v3/vault/payment-tokens/${token.id}`));
    expect(again.status).toBe(404);
    expect(again.body.name).toBe('RESOURCE_NOT_FOUND');
    const list = (
      await call<{ payment_tokens: Obj[] }>('GET', `/v3/vault/payment-tokens?customer_id=${token.customer.id}`)
    ).result;
    expect(list.payment_tokens).toEqual([]);
  });

  it('when PayPal loses a token silently, then no webhook, and only reading it shows it is gone', async () => {
    const token = await savedWallet();
    await sandbox.idle();
    hooks.received.length = 0;
    const res = await control(sandbox.paypal.url, `/vault/payment-tokens/${token.id}/delete_silently`);
    expect(res.body).toEqual({ payment_token: token.id, deleted: true });
    expect(await events()).toEqual([]);
    expect((await failure(call('GET', `/v3/vault/payment-tokens/${token.id}`))).status).toBe(404);
    expect((await control(sandbox.paypal.url, `/vault/payment-tokens/${token.id}/delete_silently`)).status).toBe(404);
  });
});

describe('PayPal vault: orders paid with a saved wallet', () => {
  it('when an order names a live vault_id, then it is created COMPLETED with the capture, the wallet as payer and PAYMENT.CAPTURE.COMPLETED', async () => {
    const token = await savedWallet('payer@example.com');
    await sandbox.idle();
    hooks.received.length = 0;
    const key = requestId();
    const req = new paypal.orders.OrdersCreateRequest().requestBody(vaultOrder(token.id));
    req.headers['PayPal-Request-Id'] = key;
    const res = await client.execute<PaidOrder>(req);
    expect(res.statusCode).toBe(201);
    const order = res.result;
    expect(order.status).toBe('COMPLETED');
    // Even the default (minimal) answer carries the payer and the capture, as PayPal's sample does.
    const capture = order.purchase_units[0].payments!.captures[0];
    expect(capture).toMatchObject({ status: 'COMPLETED', amount: { currency_code: 'USD', value: '100.00' } });
    expect(order.payment_source.paypal).toMatchObject({
      email_address: 'payer@example.com',
      account_id: token.payment_source.paypal.payer_id,
    });
    expect(order.payer).toMatchObject({
      email_address: 'payer@example.com',
      payer_id: token.payment_source.paypal.payer_id,
    });
    expect(order.links.map((l) => l.rel)).toEqual(['self']);

    const sent = await events();
    expect(sent.map((e) => e.event_type)).toEqual(['PAYMENT.CAPTURE.COMPLETED']);
    expect(sent[0].resource).toMatchObject({
      id: capture.id,
      custom_id: 'pay_vault_1',
      supplementary_data: { related_ids: { order_id: order.id } },
    });
    const got = await client.execute<PaidOrder>(new paypal.orders.OrdersGetRequest(order.id));
    expect(got.result.status).toBe('COMPLETED');
    // The same request id replays the same order: no second charge.
    const replayReq = new paypal.orders.OrdersCreateRequest().requestBody(vaultOrder(token.id));
    replayReq.headers['PayPal-Request-Id'] = key;
    expect((await client.execute<PaidOrder>(replayReq)).result.id).toBe(order.id);
    expect((await events()).length).toBe(1);
  });

  it('when the bank declines the saved wallet, then the order is COMPLETED with a DECLINED capture and PAYMENT.CAPTURE.DECLINED, once', async () => {
    const token = await savedWallet();
    expect((await control(sandbox.paypal.url, `/vault/payment-tokens/${token.id}/decline_next`)).body).toEqual({
      payment_token: token.id,
      next_payment: 'declined',
    });
    await sandbox.idle();
    hooks.received.length = 0;
    const declined = (
      await client.execute<PaidOrder>(new paypal.orders.OrdersCreateRequest().requestBody(vaultOrder(token.id)))
    ).result;
    expect(declined.status).toBe('COMPLETED');
    expect(declined.purchase_units[0].payments!.captures[0].status).toBe('DECLINED');
    expect((await events()).map((e) => e.event_type)).toEqual(['PAYMENT.CAPTURE.DECLINED']);
    const next = (
      await client.execute<PaidOrder>(new paypal.orders.OrdersCreateRequest().requestBody(vaultOrder(token.id)))
    ).result;
    expect(next.purchase_units[0].payments!.captures[0].status).toBe('COMPLETED');
  });

  it('when PayPal needs the payer back, then PAYER_ACTION_REQUIRED with a payer-action link, and approval then capture completes it', async () => {
    const token = await savedWallet();
    await control(sandbox.paypal.url, `/vault/payment-tokens/${token.id}/require_payer_action_next`);
    const order = (
      await client.execute<PaidOrder>(
        new paypal.orders.OrdersCreateRequest().requestBody({
          ...vaultOrder(token.id),
          payment_source: {
            paypal: { vault_id: token.id, experience_context: { return_url: RETURN_URL, cancel_url: CANCEL_URL } },
          },
        }),
      )
    ).result;
    expect(order.status).toBe('PAYER_ACTION_REQUIRED');
    expect(order.links.find((l) => l.rel === 'payer-action')?.href).toBe(
      `${sandbox.paypal.url}/checkoutnow?token=${order.id}`,
    );
    const approved = await control<{ redirect_url: string }>(sandbox.paypal.url, `/orders/${order.id}/approve`);
    expect(approved.body.redirect_url).toContain(`token=${order.id}`);
    const captured = await client.execute<PaidOrder>(new paypal.orders.OrdersCaptureRequest(order.id));
    expect(captured.result.purchase_units[0].payments!.captures[0].status).toBe('COMPLETED');
  });

  it('when the vault_id is unknown or deleted, then 404 on the field and no order', async () => {
    const token = await savedWallet();
    await call('DELETE', `/v3/vault/payment-tokens/${token.id}`);
    await sandbox.idle();
    hooks.received.length = 0;
    const before = sandbox.deliveries().paypal.length;
    for (const id of [token.id, 'neverexisted1234']) {
      const err = await failure(client.execute(new paypal.orders.OrdersCreateRequest().requestBody(vaultOrder(id))));
      expect(err.status).toBe(404);
      expect(err.body).toMatchObject({
        name: 'RESOURCE_NOT_FOUND',
        details: [
          { field: '/payment_source/paypal/vault_id', value: id, location: 'body', issue: 'INVALID_RESOURCE_ID' },
        ],
      });
    }
    await sandbox.idle();
    expect(sandbox.deliveries().paypal.length).toBe(before);
  });
});
