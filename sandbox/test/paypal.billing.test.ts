import paypal from '@paypal/checkout-server-sdk';
import { Sandbox } from '../src';
import { Receiver, control, expectSameShape, fixture, paypalClient, ppRequest, startTestSandbox } from './helpers';

let sandbox: Sandbox;
let client: paypal.core.PayPalHttpClient;
let hooks: Receiver;

type Obj = Record<string, unknown> & { id: string; status: string; links: Array<{ rel: string; href: string }> };

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

async function failure(
  p: Promise<unknown>,
): Promise<{ status: number; body: { details?: Array<{ issue: string; field?: string }> } }> {
  const err = (await p.then(
    () => null,
    (e: { statusCode: number; message: string }) => e,
  )) as { statusCode: number; message: string } | null;
  if (!err) throw new Error('expected the request to fail');
  return { status: err.statusCode, body: JSON.parse(err.message) };
}

async function plan(threshold = 0): Promise<Obj> {
  const product = await client.execute<Obj>(
    ppRequest('POST', '/v1/catalogs/products', { name: 'Pro plan', type: 'SERVICE' }),
  );
  expect(product.statusCode).toBe(201);
  expect(product.result.id).toMatch(/^PROD-/);
  const created = await client.execute<Obj>(
    ppRequest(
      'POST',
      '/v1/billing/plans',
      {
        product_id: product.result.id,
        name: 'Pro monthly',
        description: 'Pro plan billed monthly',
        billing_cycles: [
          {
            frequency: { interval_unit: 'MONTH', interval_count: 1 },
            tenure_type: 'REGULAR',
            sequence: 1,
            total_cycles: 0,
            pricing_scheme: { fixed_price: { value: '19.00', currency_code: 'EUR' } },
          },
        ],
        payment_preferences: { payment_failure_threshold: threshold },
      },
      { Prefer: 'return=representation' },
    ),
  );
  expect(created.statusCode).toBe(201);
  return created.result;
}

async function subscription(planId: string): Promise<Obj> {
  const res = await client.execute<Obj>(
    ppRequest('POST', '/v1/billing/subscriptions', {
      plan_id: planId,
      custom_id: 'sub_local_1',
      application_context: {
        return_url: 'http://localhost:3000/pp/sub/return',
        cancel_url: 'http://localhost:3000/pp/sub/cancel',
      },
    }),
  );
  expect(res.statusCode).toBe(201);
  return res.result;
}

describe('PayPal billing plans and subscriptions', () => {
  it('when a plan is created and fetched, then it matches the fixtures', async () => {
    const p = await plan();
    expect(p.id).toMatch(/^P-[A-Z0-9]{24}$/);
    expectSameShape(p, fixture('paypal/plan.create.response.json'), { ignore: ['taxes'] });
    const got = await client.execute<Obj>(ppRequest('GET', `/v1/billing/plans/${p.id}`));
    expectSameShape(got.result, fixture('paypal/plan.get.response.json'), { ignore: ['taxes'] });
    const bad = await failure(
      client.execute(
        ppRequest('POST', '/v1/billing/plans', { product_id: 'PROD-NOPE', name: 'x', billing_cycles: [] }),
      ),
    );
    expect(bad.status).toBe(400);
  });

  it('when a subscription is created, approved on the page, renewed and cancelled, then statuses and events follow', async () => {
    const p = await plan();
    const sub = await subscription(p.id);
    expect(sub.id).toMatch(/^I-[A-Z0-9]{12}$/);
    expectSameShape(sub, fixture('paypal/subscription.create.response.json'), {
      ignore: ['shipping_amount', 'subscriber'],
    });
    expect(sub.status).toBe('APPROVAL_PENDING');
    const approve = sub.links.find((l) => l.rel === 'approve')?.href as string;
    expect(approve).toMatch(new RegExp(`^${sandbox.paypal.url}/webapps/billing/subscriptions\\?ba_token=BA-`));
    const html = await (await fetch(approve.replace('localhost', '127.0.0.1'))).text();
    expect(html).toContain('€19.00');
    const ba = new URL(approve).searchParams.get('ba_token') as string;
    const submit = await fetch(`http://127.0.0.1:${sandbox.paypal.port}/checkoutnow/subscription/${ba}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'action=approve',
      redirect: 'manual',
    });
    expect(submit.status).toBe(303);
    expect(submit.headers.get('location')).toBe(
      `http://localhost:3000/pp/sub/return?subscription_id=${sub.id}&ba_token=${ba}&token=${ba}`,
    );

    const active = await client.execute<Obj>(ppRequest('GET', `/v1/billing/subscriptions/${sub.id}`));
    expectSameShape(active.result, fixture('paypal/subscription.get.response.json'), { ignore: ['shipping_amount'] });
    expect(active.result).toMatchObject({
      status: 'ACTIVE',
      custom_id: 'sub_local_1',
      billing_info: { failed_payments_count: 0, last_payment: { amount: { value: '19.00', currency_code: 'EUR' } } },
    });

    await control(sandbox.paypal.url, `/subscriptions/${sub.id}/renew`);
    await sandbox.idle();
    const sales = hooks
      .events<{ event_type: string; resource: { billing_agreement_id: string; custom?: string } }>()
      .filter((e) => e.event_type === 'PAYMENT.SALE.COMPLETED');
    expect(sales).toHaveLength(2);
    expect(sales[0].resource).toMatchObject({ billing_agreement_id: sub.id, custom: 'sub_local_1' });
    expectSameShape(sales[0], fixture('paypal/event.PAYMENT.SALE.COMPLETED.json'));

    const missingReason = await failure(
      client.execute(ppRequest('POST', `/v1/billing/subscriptions/${sub.id}/cancel`, {})),
    );
    expect(missingReason.status).toBe(400);
    const suspended = await client.execute(
      ppRequest('POST', `/v1/billing/subscriptions/${sub.id}/suspend`, { reason: 'pause' }),
    );
    expect(suspended.statusCode).toBe(204);
    const activated = await client.execute(
      ppRequest('POST', `/v1/billing/subscriptions/${sub.id}/activate`, { reason: 'back' }),
    );
    expect(activated.statusCode).toBe(204);
    const cancelled = await client.execute(
      ppRequest('POST', `/v1/billing/subscriptions/${sub.id}/cancel`, { reason: 'Not needed' }),
    );
    expect(cancelled.statusCode).toBe(204);
    const again = await failure(
      client.execute(ppRequest('POST', `/v1/billing/subscriptions/${sub.id}/cancel`, { reason: 'again' })),
    );
    expect(again.status).toBe(422);
    expect(again.body.details?.[0].issue).toBe('SUBSCRIPTION_STATUS_INVALID');
    await sandbox.idle();
    const types = hooks.types();
    for (const t of [
      'BILLING.SUBSCRIPTION.CREATED',
      'BILLING.SUBSCRIPTION.ACTIVATED',
      'BILLING.SUBSCRIPTION.SUSPENDED',
      'BILLING.SUBSCRIPTION.CANCELLED',
    ])
      expect(types).toContain(t);
    const cancelledEvent = hooks
      .events<Record<string, unknown> & { event_type: string }>()
      .find((e) => e.event_type === 'BILLING.SUBSCRIPTION.CANCELLED') as Record<string, unknown>;
    expectSameShape(cancelledEvent, fixture('paypal/event.BILLING.SUBSCRIPTION.CANCELLED.json'));
  });

  it('when the next payment fails past the threshold, then PAYMENT.FAILED and SUSPENDED', async () => {
    const p = await plan(1);
    const sub = await subscription(p.id);
    await control(sandbox.paypal.url, `/subscriptions/${sub.id}/approve`);
    await control(sandbox.paypal.url, `/subscriptions/${sub.id}/fail_next_payment`);
    await control(sandbox.paypal.url, `/subscriptions/${sub.id}/renew`);
    await sandbox.idle();
    const failed = hooks
      .events<Record<string, unknown> & { event_type: string; resource: { billing_info: Record<string, unknown> } }>()
      .find((e) => e.event_type === 'BILLING.SUBSCRIPTION.PAYMENT.FAILED');
    if (!failed) throw new Error('no PAYMENT.FAILED event');
    expectSameShape(failed, fixture('paypal/event.BILLING.SUBSCRIPTION.PAYMENT.FAILED.json'));
    expect(failed.resource.billing_info).toMatchObject({
      failed_payments_count: 1,
      last_failed_payment: { reason_code: 'PAYMENT_DENIED' },
    });
    expect((await client.execute<Obj>(ppRequest('GET', `/v1/billing/subscriptions/${sub.id}`))).result.status).toBe(
      'SUSPENDED',
    );
  });

  it('when the subscription or plan is unknown, then 404 / 400 in PayPal’s shape', async () => {
    const nf = await failure(client.execute(ppRequest('GET', '/v1/billing/subscriptions/I-NOPE00000000')));
    expect(nf.status).toBe(404);
    const np = await failure(client.execute(ppRequest('POST', '/v1/billing/subscriptions', { plan_id: 'P-NOPE' })));
    expect(np.status).toBe(400);
    expect(np.body.details?.[0].field).toBe('/plan_id');
  });
});
