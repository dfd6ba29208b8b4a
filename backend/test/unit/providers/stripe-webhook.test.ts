import { createHmac } from 'node:crypto';
import Stripe from 'stripe';
import { WebhookVerificationError } from '../../../src/providers/payment-provider';
import { StripeAdapter } from '../../../src/providers/stripe/stripe.adapter';
import { verifyStripeWebhook } from '../../../src/providers/stripe/stripe-webhooks';
import { fixture } from './fixtures';

interface SignedExample {
  headers: { 'Stripe-Signature': string };
  signing_secret: string;
  timestamp: number;
  raw_body: string;
}

const stripe = new Stripe('sk_test_unit');
const example = fixture<SignedExample>('stripe/webhook-delivery.signed-example.checkout.session.completed.json');
const secret = 'whsec_unit_test_secret';
const body = JSON.stringify(
  {
    id: 'evt_unit_1',
    object: 'event',
    created: 1_700_000_000,
    type: 'checkout.session.completed',
    data: {
      object: {
        id: 'cs_test_1',
        object: 'checkout.session',
        payment_status: 'paid',
        amount_total: 4900,
        currency: 'eur',
        metadata: { payment_id: 'pay_1' },
      },
    },
  },
  null,
  2,
);

function sign(payload: string, options: { secret?: string; timestamp?: number } = {}): string {
  return stripe.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? secret,
    timestamp: options.timestamp ?? Math.floor(Date.now() / 1000),
  });
}

function adapter(now?: () => Date): StripeAdapter {
  return new StripeAdapter(
    { secretKey: 'sk_test_unit', publishableKey: 'pk_test_unit', webhookSecret: secret },
    undefined,
    { client: stripe, now },
  );
}

describe('Stripe webhook verification', () => {
  it('when the recorded signed example is checked with the SDK and its own secret, then its v1 signature verifies', () => {
    const raw = Buffer.from(example.raw_body, 'utf8');
    const header = example.headers['Stripe-Signature'];
    // The vector is from 2020: check the HMAC by hand and with the SDK's bare verify (tolerance 0 =
    // no age check), then go through our verifier with a wide tolerance.
    const hmac = createHmac('sha256', example.signing_secret).update(`${example.timestamp}.`).update(raw).digest('hex');
    expect(header).toContain(`v1=${hmac}`);
    expect(stripe.webhooks.signature?.verifyHeader(raw, header, example.signing_secret, 0)).toBe(true);
    const event = verifyStripeWebhook(
      stripe,
      raw,
      { 'stripe-signature': header },
      {
        secret: example.signing_secret,
        toleranceSeconds: 100 * 365 * 24 * 3600,
      },
    );
    expect(event).toMatchObject({
      provider: 'stripe',
      id: 'evt_1GqFpHAlCFm536g8NYSLoccF',
      type: 'checkout.session.completed',
      createdAt: new Date(1591264651 * 1000),
    });
  });

  it('when the recorded example is checked with the default 300 s tolerance today, then it is rejected as stale', () => {
    const raw = Buffer.from(example.raw_body, 'utf8');
    expect(() =>
      verifyStripeWebhook(
        stripe,
        raw,
        { 'stripe-signature': example.headers['Stripe-Signature'] },
        { secret: example.signing_secret },
      ),
    ).toThrow(WebhookVerificationError);
  });

  it('when the recorded example arrives within 300 s of its timestamp, then the adapter accepts it', async () => {
    const at = new Date((example.timestamp + 120) * 1000);
    const a = new StripeAdapter(
      { secretKey: 'sk_test_unit', publishableKey: 'pk', webhookSecret: example.signing_secret },
      undefined,
      { client: stripe, now: () => at },
    );
    const event = await a.webhooks.verifyWebhook(Buffer.from(example.raw_body), {
      'stripe-signature': example.headers['Stripe-Signature'],
    });
    expect(event.id).toBe('evt_1GqFpHAlCFm536g8NYSLoccF');
  });

  it('when a fresh delivery is signed with our secret, then the event is returned with its id, type and time', async () => {
    const event = await adapter().webhooks.verifyWebhook(Buffer.from(body), { 'stripe-signature': sign(body) });
    expect(event).toEqual({
      provider: 'stripe',
      id: 'evt_unit_1',
      type: 'checkout.session.completed',
      createdAt: new Date(1_700_000_000 * 1000),
      payload: JSON.parse(body),
    });
  });

  it('when the signature was made with another secret, then it is rejected', async () => {
    await expect(
      adapter().webhooks.verifyWebhook(Buffer.from(body), {
        'stripe-signature': sign(body, { secret: 'whsec_forged' }),
      }),
    ).rejects.toBeInstanceOf(WebhookVerificationError);
  });

  it('when one byte of the body changed after signing, then it is rejected', async () => {
    const header = sign(body);
    const changed = body.replace('"amount_total": 4900', '"amount_total": 1');
    expect(changed).not.toBe(body);
    await expect(
      adapter().webhooks.verifyWebhook(Buffer.from(changed), { 'stripe-signature': header }),
    ).rejects.toBeInstanceOf(WebhookVerificationError);
    // Whitespace matters too: a re-serialized body is not the signed body.
    await expect(
      adapter().webhooks.verifyWebhook(Buffer.from(JSON.stringify(JSON.parse(body))), { 'stripe-signature': header }),
    ).rejects.toBeInstanceOf(WebhookVerificationError);
  });

  it('when the signed timestamp is older than 300 s, then it is rejected; at 299 s it is accepted', async () => {
    const now = new Date('2026-03-01T12:00:00Z');
    const t = Math.floor(now.getTime() / 1000);
    await expect(
      adapter(() => now).webhooks.verifyWebhook(Buffer.from(body), {
        'stripe-signature': sign(body, { timestamp: t - 301 }),
      }),
    ).rejects.toThrow(/tolerance/);
    await expect(
      adapter(() => now).webhooks.verifyWebhook(Buffer.from(body), {
        'stripe-signature': sign(body, { timestamp: t - 299 }),
      }),
    ).resolves.toMatchObject({ id: 'evt_unit_1' });
  });

  it('when the header is missing, empty, or carries only a v0 signature, then it is rejected', async () => {
    const a = adapter();
    await expect(a.webhooks.verifyWebhook(Buffer.from(body), {})).rejects.toBeInstanceOf(WebhookVerificationError);
    await expect(a.webhooks.verifyWebhook(Buffer.from(body), { 'stripe-signature': '' })).rejects.toBeInstanceOf(
      WebhookVerificationError,
    );
    const v1 = sign(body);
    const v0only = v1.replace('v1=', 'v0=');
    await expect(a.webhooks.verifyWebhook(Buffer.from(body), { 'stripe-signature': v0only })).rejects.toBeInstanceOf(
      WebhookVerificationError,
    );
  });

  it('when the header lists several v1 signatures (secret being rolled), then one valid one is enough', async () => {
    const t = Math.floor(Date.now() / 1000);
    const valid = sign(body, { timestamp: t });
    const forged = sign(body, { timestamp: t, secret: 'whsec_old' });
    const v1 = (h: string) => h.split(',').find((p) => p.startsWith('v1='));
    const header = `t=${t},${v1(forged)},${v1(valid)}`;
    await expect(
      adapter().webhooks.verifyWebhook(Buffer.from(body), { 'stripe-signature': header }),
    ).resolves.toMatchObject({
      id: 'evt_unit_1',
    });
  });

  it('when a validly signed body is not an event, then it is rejected rather than parsed further', async () => {
    const notEvent = '{"hello":"world"}';
    await expect(
      adapter().webhooks.verifyWebhook(Buffer.from(notEvent), { 'stripe-signature': sign(notEvent) }),
    ).rejects.toBeInstanceOf(WebhookVerificationError);
  });
});
