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

type Cycle = {
  tenure_type: 'TRIAL' | 'REGULAR';
  unit?: 'DAY' | 'WEEK' | 'MONTH' | 'YEAR';
  count?: number;
  total: number;
  price: string;
};

type Sub = Obj & {
  custom_id?: string;
  status_update_time: string;
  billing_info: {
    next_billing_time?: string;
    failed_payments_count: number;
    outstanding_balance: { value: string; currency_code: string };
    last_payment?: { amount: { value: string }; time: string };
    last_failed_payment?: { amount: { value: string }; time: string; next_payment_retry_date: string };
    cycle_executions: Array<{ tenure_type: string; cycles_completed: number; cycles_remaining: number }>;
  };
};

type Sale = {
  id: string;
  state: string;
  amount: { total: string; currency: string; details?: { subtotal: string } };
  billing_agreement_id: string;
  custom?: string;
  create_time: string;
  links: Array<{ rel: string; href: string; method: string }>;
};

type PPEvent = {
  id: string;
  event_type: string;
  create_time: string;
  resource_type: string;
  resource: Record<string, unknown>;
};

async function planWith(cycles: Cycle[], currency = 'EUR', threshold = 0): Promise<Obj> {
  const product = await client.execute<Obj>(
    ppRequest('POST', '/v1/catalogs/products', { name: 'Courses', type: 'SERVICE' }),
  );
  const created = await client.execute<Obj>(
    ppRequest('POST', '/v1/billing/plans', {
      product_id: product.result.id,
      name: 'All access',
      billing_cycles: cycles.map((c, i) => ({
        frequency: { interval_unit: c.unit ?? 'MONTH', interval_count: c.count ?? 1 },
        tenure_type: c.tenure_type,
        sequence: i + 1,
        total_cycles: c.total,
        pricing_scheme: { fixed_price: { value: c.price, currency_code: currency } },
      })),
      payment_preferences: { payment_failure_threshold: threshold },
    }),
  );
  return created.result;
}

/** A subscription to `planId`, approved by the buyer. */
async function activeSubscription(planId: string, customId = 'sub_local_9'): Promise<Sub> {
  const created = await client.execute<Obj>(
    ppRequest('POST', '/v1/billing/subscriptions', { plan_id: planId, custom_id: customId }),
  );
  await control(sandbox.paypal.url, `/subscriptions/${created.result.id}/approve`);
  return (await client.execute<Sub>(ppRequest('GET', `/v1/billing/subscriptions/${created.result.id}`))).result;
}

async function getSub(id: string): Promise<Sub> {
  return (await client.execute<Sub>(ppRequest('GET', `/v1/billing/subscriptions/${id}`))).result;
}

function ppAdvance(id: string) {
  return control<{ subscription: Sub; sale: Sale | null }>(sandbox.paypal.url, `/subscriptions/${id}/advance`);
}

/** PayPal events the sandbox recorded, oldest first. */
async function ppEvents(): Promise<PPEvent[]> {
  const res = await fetch(`${sandbox.paypal.url.replace('localhost', '127.0.0.1')}/_sandbox/events`);
  return ((await res.json()) as { data: PPEvent[] }).data.reverse();
}

async function ppEventsOf(action: () => Promise<unknown>): Promise<PPEvent[]> {
  const before = (await ppEvents()).length;
  await action();
  return (await ppEvents()).slice(before);
}

const MONTHLY: Cycle[] = [{ tenure_type: 'REGULAR', total: 0, price: '19.00' }];

describe('PayPal subscriptions on a test clock', () => {
  it('when advanced, then the next cycle bills at next_billing_time: the sale and billing times follow the clock, events carry real time', async () => {
    const p = await planWith(MONTHLY);
    const sub = await activeSubscription(p.id);
    const due = sub.billing_info.next_billing_time as string;
    const started = Date.now();
    let res!: Awaited<ReturnType<typeof ppAdvance>>;
    const events = await ppEventsOf(async () => {
      res = await ppAdvance(sub.id);
    });
    expect(res.status).toBe(200);
    const sale = res.body.sale as Sale;
    expect(sale).toMatchObject({
      state: 'completed',
      billing_agreement_id: sub.id,
      custom: 'sub_local_9',
      amount: { total: '19.00', currency: 'EUR', details: { subtotal: '19.00' } },
      create_time: due,
    });
    expect(sale.links.map((l) => l.rel)).toEqual(['self', 'refund']);
    const after = res.body.subscription;
    expect(after.billing_info.last_payment).toMatchObject({ amount: { value: '19.00' }, time: due });
    const next = new Date(due);
    next.setUTCMonth(next.getUTCMonth() + 1);
    expect(after.billing_info.next_billing_time).toBe(next.toISOString().replace(/\.\d{3}Z$/, 'Z'));
    expect(after.billing_info.cycle_executions[0].cycles_completed).toBe(2);
    expect(events.map((e) => e.event_type)).toEqual(['PAYMENT.SALE.COMPLETED']);
    expect(Date.parse(events[0].create_time)).toBeGreaterThanOrEqual(started - 1000);
    // The clock is a month ahead; the event was made now.
    expect(Date.parse(events[0].create_time)).toBeLessThan(Date.parse(due));
    expectSameShape(events[0], fixture('paypal/event.PAYMENT.SALE.COMPLETED.json'));
    expect(events[0].resource_type).toBe('sale');
    // `renew` is the same move.
    const renewed = await control<{ sale: Sale }>(sandbox.paypal.url, `/subscriptions/${sub.id}/renew`);
    expect(renewed.body.sale.create_time).toBe(after.billing_info.next_billing_time);
  });

  it('when the plan starts with a free trial, then approval bills nothing, the trial cycle counts, and the regular cycles follow until EXPIRED', async () => {
    const p = await planWith([
      { tenure_type: 'TRIAL', unit: 'DAY', count: 14, total: 1, price: '0' },
      { tenure_type: 'REGULAR', total: 2, price: '9.50' },
    ]);
    let sub!: Sub;
    const approval = await ppEventsOf(async () => {
      sub = await activeSubscription(p.id);
    });
    expect(approval.map((e) => e.event_type)).toEqual([
      'BILLING.SUBSCRIPTION.CREATED',
      'BILLING.SUBSCRIPTION.ACTIVATED',
    ]);
    expect(sub.status).toBe('ACTIVE');
    expect(sub.billing_info).not.toHaveProperty('last_payment');
    expect(sub.billing_info.cycle_executions).toMatchObject([
      { tenure_type: 'TRIAL', cycles_completed: 1, cycles_remaining: 0 },
      { tenure_type: 'REGULAR', cycles_completed: 0, cycles_remaining: 2 },
    ]);
    const trialEnd = sub.billing_info.next_billing_time as string;
    expect(Date.parse(trialEnd) - Date.parse(sub.status_update_time)).toBe(14 * 86400 * 1000);
    const first = await ppAdvance(sub.id);
    expect(first.body.sale).toMatchObject({ amount: { total: '9.50' }, create_time: trialEnd });
    const second = await ppAdvance(sub.id);
    expect(second.body.subscription.billing_info.cycle_executions[1]).toMatchObject({
      cycles_completed: 2,
      cycles_remaining: 0,
    });
    const end = second.body.subscription.billing_info.next_billing_time;
    const events = await ppEventsOf(async () => {
      const last = await ppAdvance(sub.id);
      expect(last.body).toMatchObject({ sale: null, subscription: { status: 'EXPIRED', status_update_time: end } });
    });
    expect(events.map((e) => e.event_type)).toEqual(['BILLING.SUBSCRIPTION.EXPIRED']);
    expect(events[0].resource).toMatchObject({ id: sub.id, status: 'EXPIRED' });
    const again = await ppAdvance(sub.id);
    expect(again.body.sale).toBeNull();
  });

  it('when a payment fails, then PAYMENT.FAILED carries the balance, and the next advance retries it: paid, the balance is cleared', async () => {
    const p = await planWith(MONTHLY);
    const sub = await activeSubscription(p.id);
    await control(sandbox.paypal.url, `/subscriptions/${sub.id}/fail_next_payment`);
    const due = sub.billing_info.next_billing_time as string;
    const failedEvents = await ppEventsOf(async () => {
      const res = await ppAdvance(sub.id);
      expect(res.body.sale).toBeNull();
    });
    expect(failedEvents.map((e) => e.event_type)).toEqual(['BILLING.SUBSCRIPTION.PAYMENT.FAILED']);
    const failed = failedEvents[0].resource as unknown as Sub;
    expect(failed.billing_info).toMatchObject({
      failed_payments_count: 1,
      outstanding_balance: { value: '19.00', currency_code: 'EUR' },
      last_failed_payment: { amount: { value: '19.00' }, time: due },
    });
    const retryAt = failed.billing_info.last_failed_payment?.next_payment_retry_date as string;
    expect(Date.parse(retryAt)).toBe(Date.parse(due) + 5 * 86400 * 1000);
    const retried = await ppAdvance(sub.id);
    expect(retried.body.sale).toMatchObject({ state: 'completed', amount: { total: '19.00' }, create_time: retryAt });
    expect(retried.body.subscription.billing_info).toMatchObject({
      failed_payments_count: 0,
      outstanding_balance: { value: '0.00' },
      last_payment: { time: retryAt },
    });
  });

  it('when the next payment is denied, then PAYMENT.SALE.DENIED (a denied sale, no completed one) and the balance is outstanding', async () => {
    const p = await planWith(MONTHLY);
    const sub = await activeSubscription(p.id);
    const set = await control(sandbox.paypal.url, `/subscriptions/${sub.id}/fail_next_payment`, { as: 'denied' });
    expect(set.body).toEqual({ subscription: sub.id, fail_next_payment: 'denied' });
    expect((await control(sandbox.paypal.url, `/subscriptions/${sub.id}/fail_next_payment`, { as: 'x' })).status).toBe(
      400,
    );
    await control(sandbox.paypal.url, `/subscriptions/${sub.id}/fail_next_payment`, { as: 'denied' });
    let res!: Awaited<ReturnType<typeof ppAdvance>>;
    const events = await ppEventsOf(async () => {
      res = await ppAdvance(sub.id);
    });
    expect(events.map((e) => e.event_type)).toEqual(['PAYMENT.SALE.DENIED', 'BILLING.SUBSCRIPTION.PAYMENT.FAILED']);
    expect(res.body.sale).toMatchObject({ state: 'denied', billing_agreement_id: sub.id });
    expect(res.body.subscription.billing_info.outstanding_balance.value).toBe('19.00');
    const refused = await failure(
      client.execute(ppRequest('POST', `/v1/payments/sale/${res.body.sale?.id}/refund`, {})),
    );
    expect(refused).toMatchObject({ status: 400, body: { name: 'TRANSACTION_REFUSED' } });
  });

  it('when the failure threshold is reached, then SUSPENDED; suspended and cancelled subscriptions do not bill', async () => {
    const p = await planWith(MONTHLY, 'EUR', 1);
    const sub = await activeSubscription(p.id);
    await control(sandbox.paypal.url, `/subscriptions/${sub.id}/fail_next_payment`);
    await ppAdvance(sub.id);
    expect((await getSub(sub.id)).status).toBe('SUSPENDED');
    const quiet = await ppEventsOf(async () => {
      const res = await ppAdvance(sub.id);
      expect(res.body).toMatchObject({ sale: null, subscription: { status: 'SUSPENDED' } });
    });
    expect(quiet).toEqual([]);
    await client.execute(ppRequest('POST', `/v1/billing/subscriptions/${sub.id}/cancel`, { reason: 'done' }));
    expect((await ppAdvance(sub.id)).body).toMatchObject({ sale: null, subscription: { status: 'CANCELLED' } });
  });

  it('when the sandbox is reset, then clocks and subscriptions are gone', async () => {
    const p = await planWith(MONTHLY);
    const sub = await activeSubscription(p.id);
    await ppAdvance(sub.id);
    await control(sandbox.paypal.url, '/reset');
    const res = await ppAdvance(sub.id);
    expect(res.status).toBe(404);
  });

  it('when the plan is in JPY, then sales have no decimals', async () => {
    const p = await planWith([{ tenure_type: 'REGULAR', total: 0, price: '1900' }], 'JPY');
    const sub = await activeSubscription(p.id);
    const res = await ppAdvance(sub.id);
    expect(res.body.sale?.amount).toEqual({ total: '1900', currency: 'JPY', details: { subtotal: '1900' } });
  });
});

describe('PayPal sale refunds (v1)', () => {
  async function paidSale(currency = 'EUR', price = '19.00'): Promise<Sale> {
    const p = await planWith([{ tenure_type: 'REGULAR', total: 0, price }], currency);
    const sub = await activeSubscription(p.id);
    return (await ppAdvance(sub.id)).body.sale as Sale;
  }

  it('when a sale is refunded in part, then 201 with the v1 refund, the same PayPal-Request-Id replays it, and PAYMENT.SALE.REFUNDED carries it', async () => {
    const sale = await paidSale();
    const body = { amount: { total: '5.00', currency: 'EUR' }, invoice_number: 'CN-2026-0001', reason: 'Partial' };
    let first!: { statusCode: number; result: Record<string, unknown> & { id: string } };
    const events = await ppEventsOf(async () => {
      first = await client.execute(
        ppRequest('POST', `/v1/payments/sale/${sale.id}/refund`, body, { 'PayPal-Request-Id': 'r-1' }),
      );
    });
    expect(first.statusCode).toBe(201);
    expect(first.result).toMatchObject({
      state: 'completed',
      amount: { total: '5.00', currency: 'EUR' },
      sale_id: sale.id,
      invoice_number: 'CN-2026-0001',
      total_refunded_amount: { value: '5.00', currency: 'EUR' },
      create_time: sale.create_time,
    });
    expect(first.result.id).toMatch(/^[A-Z0-9]{17}$/);
    expect((first.result.links as Array<{ rel: string }>).map((l) => l.rel)).toEqual(['self', 'sale']);
    const replay = await client.execute<{ id: string }>(
      ppRequest('POST', `/v1/payments/sale/${sale.id}/refund`, body, { 'PayPal-Request-Id': 'r-1' }),
    );
    expect(replay.result.id).toBe(first.result.id);
    expect(events.map((e) => e.event_type)).toEqual(['PAYMENT.SALE.REFUNDED']);
    expect(events[0]).toMatchObject({ resource_type: 'refund', summary: 'A 5.00 EUR sale payment was refunded' });
    expect(events[0]).not.toHaveProperty('resource_version');
    expect(events[0].resource).toMatchObject({
      id: first.result.id,
      sale_id: sale.id,
      invoice_number: 'CN-2026-0001',
      amount: { total: '5.00', currency: 'EUR' },
      state: 'completed',
    });
    const got = await client.execute<Sale>(ppRequest('GET', `/v1/payments/sale/${sale.id}`));
    expect(got.result.state).toBe('partially_refunded');
    const refund = await client.execute<{ id: string }>(ppRequest('GET', `/v1/payments/refund/${first.result.id}`));
    expect(refund.result).toEqual(first.result);
  });

  it('when a refund is refused, then PayPal’s v1 error: too much, a full refund after a partial, an already refunded sale, bad amounts', async () => {
    const sale = await paidSale();
    const refund = (b: unknown) => failure(client.execute(ppRequest('POST', `/v1/payments/sale/${sale.id}/refund`, b)));
    await client.execute(
      ppRequest('POST', `/v1/payments/sale/${sale.id}/refund`, { amount: { total: '10.00', currency: 'EUR' } }),
    );
    const tooMuch = await refund({ amount: { total: '10.00', currency: 'EUR' } });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body).toEqual({
      name: 'REFUND_EXCEEDED_TRANSACTION_AMOUNT',
      message: 'Refund refused - the requested refund amount would exceed the amount of transaction being refunded.',
      information_link: 'https://developer.paypal.com/docs/api/payments/v1/#error-REFUND_EXCEEDED_TRANSACTION_AMOUNT',
      debug_id: expect.stringMatching(/^[0-9a-f]{13}$/),
    });
    expect((await refund({})).body).toMatchObject({ name: 'FULL_REFUND_NOT_ALLOWED_AFTER_PARTIAL_REFUND' });
    expect((await refund({ amount: { total: '1.00', currency: 'USD' } })).body).toMatchObject({
      name: 'TRANSACTION_REFUSED',
    });
    const bad = await refund({ amount: { total: '1.005', currency: 'EUR' } });
    expect(bad.body).toMatchObject({ name: 'VALIDATION_ERROR', details: [{ field: 'amount.total' }] });
    const rest = await client.execute<{ state: string }>(
      ppRequest('POST', `/v1/payments/sale/${sale.id}/refund`, { amount: { total: '9.00', currency: 'EUR' } }),
    );
    expect(rest.result.state).toBe('completed');
    expect((await client.execute<Sale>(ppRequest('GET', `/v1/payments/sale/${sale.id}`))).result.state).toBe(
      'refunded',
    );
    expect((await refund({ amount: { total: '1.00', currency: 'EUR' } })).body).toMatchObject({
      name: 'TRANSACTION_ALREADY_REFUNDED',
    });
    const unknown = await failure(client.execute(ppRequest('GET', '/v1/payments/sale/NOPE00000000000XX')));
    expect(unknown).toMatchObject({ status: 404, body: { name: 'INVALID_RESOURCE_ID' } });
  });

  it('when the body is empty, then the whole sale is refunded; a JPY amount with decimals is refused', async () => {
    const sale = await paidSale('JPY', '1900');
    const half = await failure(
      client.execute(
        ppRequest('POST', `/v1/payments/sale/${sale.id}/refund`, { amount: { total: '100.5', currency: 'JPY' } }),
      ),
    );
    expect(half.body).toMatchObject({ name: 'VALIDATION_ERROR' });
    const full = await client.execute<{ amount: { total: string } }>(
      ppRequest('POST', `/v1/payments/sale/${sale.id}/refund`),
    );
    expect(full.statusCode).toBe(201);
    expect(full.result.amount).toEqual({ total: '1900', currency: 'JPY' });
  });

  it('when refunded from the dashboard, then the refund has no invoice_number and the event is sent', async () => {
    const sale = await paidSale();
    const events = await ppEventsOf(async () => {
      const res = await control<Record<string, unknown>>(sandbox.paypal.url, `/sales/${sale.id}/refund`, {
        amount: '2.50',
      });
      expect(res.body).toMatchObject({ amount: { total: '2.50', currency: 'EUR' }, sale_id: sale.id });
      expect(res.body).not.toHaveProperty('invoice_number');
    });
    expect(events.map((e) => e.event_type)).toEqual(['PAYMENT.SALE.REFUNDED']);
    const all = await control<{ amount: { total: string } }>(sandbox.paypal.url, `/sales/${sale.id}/refund`, {
      amount: { total: '16.50', currency: 'EUR' },
    });
    expect(all.body.amount.total).toBe('16.50');
    expect((await control(sandbox.paypal.url, `/sales/${sale.id}/refund`)).status).toBe(400);
    expect((await control(sandbox.paypal.url, '/sales/NOPE/refund')).status).toBe(404);
  });
});
