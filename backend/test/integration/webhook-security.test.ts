import { api, createSandboxTestContext, type SandboxTestContext } from '../support/test-app';
import {
  courseIds,
  loseWebhooks,
  payStripe,
  paymentRow,
  sandboxEvents,
  startCheckout,
  stripeSignature,
} from '../support/purchase';

describe('webhook verification', () => {
  let ctx: SandboxTestContext;
  let body: string;
  let paymentId: string;

  beforeAll(async () => {
    ctx = await createSandboxTestContext();
    loseWebhooks(ctx);
    const student = await ctx.createUser();
    const [courseId] = await courseIds(ctx);
    const checkout = await startCheckout(ctx, student.token, courseId, 'stripe');
    paymentId = checkout.paymentId;
    await payStripe(ctx, checkout.providerSessionId);
    const events = await sandboxEvents(ctx.sandbox.stripe.url);
    const completed = events.find((e) => e.type === 'checkout.session.completed');
    if (!completed) throw new Error('sandbox produced no checkout.session.completed');
    body = JSON.stringify(completed.payload, null, 2);
  });
  afterAll(() => ctx.close());

  async function storedEvents(): Promise<number> {
    const rows = await ctx.db.dataSource.query(`SELECT count(*)::int AS n FROM webhook_events`);
    return rows[0].n;
  }

  const post = (payload: string, signature?: string) => {
    const req = api(ctx.app).post('/api/payments/webhook').set('Content-Type', 'application/json');
    return (signature ? req.set('Stripe-Signature', signature) : req).send(payload);
  };

  it('when the signature is missing, forged, over a changed body or stale, then 400 and nothing changes', async () => {
    const secret = ctx.sandbox.stripe.webhookSecret;
    const attempts = [
      post(body),
      post(body, stripeSignature(body, 'whsec_not_the_right_secret')),
      post(body.replace('"paid"', '"unpaid"'), stripeSignature(body, secret)),
      post(`${body} `, stripeSignature(body, secret)),
      post(body, stripeSignature(body, secret, Math.floor(Date.now() / 1000) - 301)),
      post(body, 't=abc,v1=def'),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_signature');
    }
    expect(await storedEvents()).toBe(0);
    expect((await paymentRow(ctx, paymentId)).status).toBe('pending');
  });

  it('when a PayPal webhook has a forged signature or an untrusted certificate URL, then 400', async () => {
    const payload = JSON.stringify({ id: 'WH-FAKE-1', event_type: 'PAYMENT.CAPTURE.COMPLETED', resource: {} });
    const headers = {
      'paypal-transmission-id': '5d2b9b60-0000-11ef-0000-000000000000',
      'paypal-transmission-time': new Date().toISOString(),
      'paypal-transmission-sig': Buffer.from('forged').toString('base64'),
      'paypal-auth-algo': 'SHA256withRSA',
    };
    for (const certUrl of [
      ctx.sandbox.paypal.certUrl,
      'https://evil.example/cert.pem',
      'https://api.paypal.com.evil.example/cert',
    ]) {
      const res = await api(ctx.app)
        .post('/api/payments/webhook/paypal')
        .set({ ...headers, 'paypal-cert-url': certUrl, 'Content-Type': 'application/json' })
        .send(payload);
      expect(res.status).toBe(400);
    }
    expect(await storedEvents()).toBe(0);
  });

  it('when a correctly signed event arrives, then it is accepted and applied; a body over the limit is refused', async () => {
    const res = await post(body, stripeSignature(body, ctx.sandbox.stripe.webhookSecret));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: true, duplicate: false });
    await ctx.background.dispatcher.idle();
    expect((await paymentRow(ctx, paymentId)).status).toBe('completed');

    const huge = JSON.stringify({ pad: 'x'.repeat(600 * 1024) });
    const tooBig = await post(huge, stripeSignature(huge, ctx.sandbox.stripe.webhookSecret));
    expect(tooBig.status).toBe(413);
  });
});
