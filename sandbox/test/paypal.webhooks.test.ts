import { X509Certificate, createVerify } from 'node:crypto';
import paypal from '@paypal/checkout-server-sdk';
import { Sandbox } from '../src';
import {
  Received,
  Receiver,
  expectSameShape,
  fixture,
  paypalClient,
  ppRequest,
  startTestSandbox,
  waitFor,
} from './helpers';

/** CRC-32 (zlib), written here independently of the sandbox so the test checks PayPal's algorithm, not the code under test. */
function crc32(text: string): number {
  let crc = ~0;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return ~crc >>> 0;
}

/** PayPal's published verification: RSA-SHA256 over `id|time|webhookId|crc32(body)` with the cert's public key. */
function verifyPayPal(
  headers: Record<string, string | string[] | undefined>,
  rawBody: string,
  webhookId: string,
  certPem: string,
): boolean {
  const h = (name: string) => String(headers[name] ?? '');
  if (h('paypal-auth-algo') !== 'SHA256withRSA') return false;
  const message = `${h('paypal-transmission-id')}|${h('paypal-transmission-time')}|${webhookId}|${crc32(rawBody)}`;
  const verifier = createVerify('RSA-SHA256');
  verifier.update(message);
  return verifier.verify(new X509Certificate(certPem).publicKey, h('paypal-transmission-sig'), 'base64');
}

let sandbox: Sandbox;
let client: paypal.core.PayPalHttpClient;
let hooks: Receiver;
const WEBHOOK_ID = '1JE4291016473214C';

beforeAll(async () => {
  hooks = new Receiver();
  sandbox = await startTestSandbox({ paypalWebhookUrl: await hooks.start(), paypalWebhookId: WEBHOOK_ID });
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

type Obj = Record<string, unknown> & { id: string; links: Array<{ rel: string; href: string }> };

async function approvedAndCaptured(): Promise<string> {
  const create = new paypal.orders.OrdersCreateRequest().requestBody({
    intent: 'CAPTURE',
    purchase_units: [{ custom_id: 'pay_9', amount: { currency_code: 'JPY', value: '1500' } }],
    application_context: { return_url: 'http://localhost:3000/ret', cancel_url: 'http://localhost:3000/can' },
  });
  const order = (await client.execute<Obj>(create)).result;
  const approve = order.links.find((l) => l.rel === 'approve')?.href as string;
  const html = await (await fetch(approve.replace('localhost', '127.0.0.1'))).text();
  expect(html).toContain('¥1,500');
  expect(html).toContain('Approve');
  const res = await fetch(`http://127.0.0.1:${sandbox.paypal.port}/checkoutnow/order/${order.id}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'action=approve&instrument=balance',
    redirect: 'manual',
  });
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toMatch(
    new RegExp(`^http://localhost:3000/ret\\?token=${order.id}&PayerID=[A-Z0-9]+$`),
  );
  await client.execute(new paypal.orders.OrdersCaptureRequest(order.id));
  return order.id;
}

function delivery(type: string): Received {
  const d = hooks.received.find((r) => (JSON.parse(r.rawBody) as { event_type: string }).event_type === type);
  if (!d) throw new Error(`no ${type} delivery`);
  return d;
}

describe('PayPal webhook signatures', () => {
  it('when checking the verifier on real PayPal simulator deliveries, then all recorded signatures verify', () => {
    const recorded = fixture<{
      webhook_id_for_simulator_events: string;
      cert_pem: string;
      deliveries: Array<{ headers: Record<string, string>; raw_body: string }>;
    }>('paypal/webhook-deliveries.simulator-signed-2024.json');
    for (const d of recorded.deliveries)
      expect(verifyPayPal(d.headers, d.raw_body, recorded.webhook_id_for_simulator_events, recorded.cert_pem)).toBe(
        true,
      );
    const d0 = recorded.deliveries[0];
    expect(
      verifyPayPal(
        d0.headers,
        d0.raw_body.replace('0.99', '9.99'),
        recorded.webhook_id_for_simulator_events,
        recorded.cert_pem,
      ),
    ).toBe(false);
  });

  it('when events are delivered, then they verify with the cert fetched from PAYPAL-CERT-URL; a changed body fails', async () => {
    const orderId = await approvedAndCaptured();
    await waitFor(
      () => hooks.types().includes('PAYMENT.CAPTURE.COMPLETED') && hooks.types().includes('CHECKOUT.ORDER.APPROVED'),
    );
    const d = delivery('PAYMENT.CAPTURE.COMPLETED');
    expect(d.headers['paypal-transmission-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(d.headers['paypal-transmission-time']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(d.headers['paypal-auth-version']).toBe('v2');
    const certUrl = String(d.headers['paypal-cert-url']);
    expect(certUrl).toBe(sandbox.paypal.certUrl);
    expect(certUrl).toMatch(/^http:\/\/localhost:\d+\/v1\/notifications\/certs\/CERT-/);
    const certPem = await (await fetch(certUrl.replace('localhost', '127.0.0.1'))).text();
    expect(certPem).toBe(sandbox.paypal.certPem);
    expect(new X509Certificate(certPem).subject).toContain('CN=messageverificationcerts.paypal.com');

    expect(verifyPayPal(d.headers, d.rawBody, WEBHOOK_ID, certPem)).toBe(true);
    expect(verifyPayPal(d.headers, d.rawBody.replace('"COMPLETED"', '"COMPLETEd"'), WEBHOOK_ID, certPem)).toBe(false);
    expect(verifyPayPal(d.headers, d.rawBody, 'OTHERWEBHOOKID00', certPem)).toBe(false);

    const event = JSON.parse(d.rawBody) as Record<string, unknown> & { resource: Record<string, unknown> };
    expectSameShape(event, fixture('paypal/event.PAYMENT.CAPTURE.COMPLETED.json'));
    expectSameShape(
      event.resource,
      (fixture('paypal/event.PAYMENT.CAPTURE.COMPLETED.json') as { resource: Record<string, unknown> }).resource,
      { ignore: ['invoice_id'] },
    );
    expect(event.resource).toMatchObject({
      custom_id: 'pay_9',
      amount: { currency_code: 'JPY', value: '1500' },
      supplementary_data: { related_ids: { order_id: orderId } },
    });
    const approved = JSON.parse(delivery('CHECKOUT.ORDER.APPROVED').rawBody) as Record<string, unknown>;
    expectSameShape(approved, fixture('paypal/event.CHECKOUT.ORDER.APPROVED.json'));
  });

  it('when asked to verify through /v1/notifications/verify-webhook-signature, then SUCCESS for the real one and FAILURE otherwise', async () => {
    await approvedAndCaptured();
    await waitFor(() => hooks.types().includes('PAYMENT.CAPTURE.COMPLETED'));
    const d = delivery('PAYMENT.CAPTURE.COMPLETED');
    const body = {
      auth_algo: d.headers['paypal-auth-algo'],
      cert_url: d.headers['paypal-cert-url'],
      transmission_id: d.headers['paypal-transmission-id'],
      transmission_sig: d.headers['paypal-transmission-sig'],
      transmission_time: d.headers['paypal-transmission-time'],
      webhook_id: WEBHOOK_ID,
      webhook_event: JSON.parse(d.rawBody),
    };
    const ok = await client.execute<{ verification_status: string }>(
      ppRequest('POST', '/v1/notifications/verify-webhook-signature', body),
    );
    expect(ok.result).toEqual(fixture('paypal/verify-webhook-signature.response.json'));
    const changed = { ...body, webhook_event: { ...body.webhook_event, summary: 'changed' } };
    expect(
      (
        await client.execute<{ verification_status: string }>(
          ppRequest('POST', '/v1/notifications/verify-webhook-signature', changed),
        )
      ).result.verification_status,
    ).toBe('FAILURE');
    const wrongId = { ...body, webhook_id: 'SOMEOTHERID000000' };
    expect(
      (
        await client.execute<{ verification_status: string }>(
          ppRequest('POST', '/v1/notifications/verify-webhook-signature', wrongId),
        )
      ).result.verification_status,
    ).toBe('FAILURE');
  });

  it('when the endpoint fails, then the delivery is retried and each attempt carries a fresh valid signature', async () => {
    hooks.status = (n) => (n === 1 ? 503 : 200);
    try {
      await client.execute(ppRequest('POST', '/v1/catalogs/products', { name: 'retry', type: 'SERVICE' }));
      await waitFor(() => hooks.received.length >= 2);
      const [first, second] = hooks.received;
      expect(first.rawBody).toBe(second.rawBody);
      expect(first.headers['paypal-transmission-id']).not.toBe(second.headers['paypal-transmission-id']);
      expect(verifyPayPal(second.headers, second.rawBody, WEBHOOK_ID, sandbox.paypal.certPem)).toBe(true);
    } finally {
      hooks.status = () => 200;
    }
  });
});

describe('PayPal transmissions for replay tests', () => {
  const control = (path: string, body: unknown = {}) =>
    fetch(`http://127.0.0.1:${sandbox.paypal.port}/_sandbox${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  const config = async () =>
    (await (await fetch(`http://127.0.0.1:${sandbox.paypal.port}/_sandbox/config`)).json()) as {
      cert_downloads: number;
    };

  it('when a transmission of an event is asked for, then it is signed like a delivery, with a new id each time and the time given', async () => {
    await client.execute(ppRequest('POST', '/v1/catalogs/products', { name: 'replayed', type: 'SERVICE' }));
    await waitFor(() => hooks.received.length >= 1);
    const delivered = hooks.received[0];
    const eventId = (JSON.parse(delivered.rawBody) as { id: string }).id;

    type Transmission = { body: string; headers: Record<string, string> };
    const first = (await (await control(`/events/${eventId}/transmission`)).json()) as Transmission;
    const late = (await (
      await control(`/events/${eventId}/transmission`, { transmission_time: '2024-08-02T19:35:04Z' })
    ).json()) as Transmission;
    expect(first.body).toBe(delivered.rawBody);
    const lower = (h: Record<string, string>) =>
      Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
    for (const t of [lower(first.headers), lower(late.headers)]) {
      expect(verifyPayPal(t, first.body, WEBHOOK_ID, sandbox.paypal.certPem)).toBe(true);
      expect(t['paypal-transmission-id']).not.toBe(delivered.headers['paypal-transmission-id']);
      expect(t['paypal-cert-url']).toBe(sandbox.paypal.certUrl);
    }
    expect(lower(late.headers)['paypal-transmission-time']).toBe('2024-08-02T19:35:04Z');
    expect(lower(first.headers)['paypal-transmission-id']).not.toBe(lower(late.headers)['paypal-transmission-id']);
    // Handed back, not sent.
    await sandbox.idle();
    expect(hooks.received).toHaveLength(1);

    expect((await control(`/events/${eventId}/transmission`, { transmission_time: 'yesterday' })).status).toBe(400);
    expect((await control('/events/WH-NOPE/transmission')).status).toBe(404);
  });

  it('when the signing certificate is downloaded, then config counts it and reset zeroes the count', async () => {
    const before = (await config()).cert_downloads;
    await fetch(sandbox.paypal.certUrl.replace('localhost', '127.0.0.1'));
    await fetch(sandbox.paypal.certUrl.replace('localhost', '127.0.0.1'));
    expect((await config()).cert_downloads).toBe(before + 2);
    await control('/reset');
    expect((await config()).cert_downloads).toBe(0);
  });
});

describe('PayPal approval page', () => {
  it('when the buyer cancels, then they return to cancel_url with the token and the order stays CREATED', async () => {
    const order = (
      await client.execute<Obj>(
        new paypal.orders.OrdersCreateRequest().requestBody({
          intent: 'CAPTURE',
          purchase_units: [{ amount: { currency_code: 'USD', value: '10.00' } }],
          application_context: { return_url: 'http://localhost:3000/ret', cancel_url: 'http://localhost:3000/can?x=1' },
        }),
      )
    ).result;
    const res = await fetch(`http://127.0.0.1:${sandbox.paypal.port}/checkoutnow/order/${order.id}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'action=cancel',
      redirect: 'manual',
    });
    expect(res.headers.get('location')).toBe(`http://localhost:3000/can?x=1&token=${order.id}`);
    expect((await client.execute<Obj>(new paypal.orders.OrdersGetRequest(order.id))).result.status).toBe('CREATED');
    const missing = await fetch(`http://127.0.0.1:${sandbox.paypal.port}/checkoutnow?token=NOPE`);
    expect(missing.status).toBe(404);
  });
});
