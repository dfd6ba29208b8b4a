import paypal from '@paypal/checkout-server-sdk';
import { Sandbox } from '../src';
import { Receiver, control, expectSameShape, fixture, paypalClient, startTestSandbox } from './helpers';

let sandbox: Sandbox;
let client: paypal.core.PayPalHttpClient;
let hooks: Receiver;

type Json = Record<string, unknown>;
type Refund = Json & {
  id: string;
  status: string;
  amount: { currency_code: string; value: string };
  links: Array<{ rel: string; href: string }>;
};
type Order = Json & { id: string; purchase_units: Array<{ payments: { captures: Refund[]; refunds?: Refund[] } }> };
type PayPalEvent = { id: string; event_type: string; resource: Refund };

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

async function failure(p: Promise<unknown>): Promise<{ status: number; issue?: string; body: Json }> {
  const err = await p.then(
    () => null,
    (e: { statusCode: number; message: string }) => e,
  );
  if (!err) throw new Error('expected the request to fail');
  const body = JSON.parse(err.message) as Json & { details?: Array<{ issue: string }> };
  return { status: err.statusCode, issue: body.details?.[0]?.issue, body };
}

/** A COMPLETED capture of `value` USD for our payment `pay_r`; returns the capture and order ids. */
async function captured(value = '30.00'): Promise<{ captureId: string; orderId: string }> {
  const order = (
    await client.execute<Refund>(
      new paypal.orders.OrdersCreateRequest().requestBody({
        intent: 'CAPTURE',
        purchase_units: [
          { custom_id: 'pay_r', invoice_id: `pay_r_${Math.random()}`, amount: { currency_code: 'USD', value } },
        ],
      }),
    )
  ).result;
  await control(sandbox.paypal.url, `/orders/${order.id}/approve`);
  const res = await client.execute<Order>(new paypal.orders.OrdersCaptureRequest(order.id));
  return { captureId: res.result.purchase_units[0].payments.captures[0].id, orderId: order.id };
}

function refund(captureId: string, body: Json, requestId?: string) {
  const req = new paypal.payments.CapturesRefundRequest(captureId).prefer('return=representation').requestBody(body);
  if (requestId) req.payPalRequestId(requestId);
  return client.execute<Refund>(req);
}

async function getRefund(id: string): Promise<Refund> {
  return (await client.execute<Refund>(new paypal.payments.RefundsGetRequest(id))).result;
}
async function captureStatus(id: string): Promise<string> {
  return (await client.execute<Refund>(new paypal.payments.CapturesGetRequest(id))).result.status;
}
async function order(id: string): Promise<Order> {
  return (await client.execute<Order>(new paypal.orders.OrdersGetRequest(id))).result;
}

async function refundEvents(): Promise<PayPalEvent[]> {
  await sandbox.idle();
  return hooks.events<PayPalEvent>().filter((e) => e.event_type === 'PAYMENT.CAPTURE.REFUNDED');
}

describe('PayPal refunds of ours', () => {
  it('when a refund carries custom_id, invoice_id and note_to_payer, then the refund, GET, the order and the event all carry them', async () => {
    const { captureId, orderId } = await captured('30.00');
    const body = {
      amount: { currency_code: 'USD', value: '10.00' },
      custom_id: 'pay_r',
      invoice_id: 'ref_1',
      note_to_payer: 'Course cancelled',
    };
    const created = (await refund(captureId, body, 'refund:pay_r:1')).result;
    const mine = { custom_id: 'pay_r', invoice_id: 'ref_1', note_to_payer: 'Course cancelled', status: 'COMPLETED' };
    expect(created).toMatchObject(mine);
    const got = await getRefund(created.id);
    expect(got).toMatchObject(mine);
    expectSameShape(got, fixture('paypal/refund.get.response.json'));
    const refunds = (await order(orderId)).purchase_units[0].payments.refunds;
    expect(refunds?.map((r) => [r.id, r.invoice_id, r.status])).toEqual([[created.id, 'ref_1', 'COMPLETED']]);
    const [event] = await refundEvents();
    expect(event.resource).toMatchObject({ id: created.id, ...mine });
    expect(event.resource.links.find((l) => l.rel === 'up')?.href).toMatch(
      new RegExp(`/v2/payments/captures/${captureId}$`),
    );
    expectSameShape(
      event.resource,
      (fixture('paypal/event.PAYMENT.CAPTURE.REFUNDED.json') as { resource: Json }).resource,
    );
    expect(await captureStatus(captureId)).toBe('PARTIALLY_REFUNDED');
  });

  it('when the same PayPal-Request-Id is sent twice, then the first refund is replayed and only one exists', async () => {
    const { captureId, orderId } = await captured('30.00');
    const body = { amount: { currency_code: 'USD', value: '5.00' }, custom_id: 'pay_r', invoice_id: 'ref_twice' };
    const first = (await refund(captureId, body, 'refund:pay_r:twice')).result;
    const second = (await refund(captureId, body, 'refund:pay_r:twice')).result;
    expect(second.id).toBe(first.id);
    expect((await order(orderId)).purchase_units[0].payments.refunds).toHaveLength(1);
    expect((await refundEvents()).map((e) => e.resource.id)).toEqual([first.id]);
    const other = await failure(
      refund(captureId, { ...body, amount: { currency_code: 'USD', value: '6.00' } }, 'refund:pay_r:twice'),
    );
    expect(other).toMatchObject({ status: 422, issue: 'PAYPAL_REQUEST_ID_PREVIOUSLY_USED' });
  });

  it('when an invoice_id was already used by a refund, then a new request with it is 422 DUPLICATE_INVOICE_ID', async () => {
    const { captureId } = await captured('30.00');
    await refund(captureId, { amount: { currency_code: 'USD', value: '1.00' }, invoice_id: 'ref_dup' }, 'k-dup-1');
    const again = await failure(
      refund(captureId, { amount: { currency_code: 'USD', value: '1.00' }, invoice_id: 'ref_dup' }, 'k-dup-2'),
    );
    expect(again).toMatchObject({ status: 422, issue: 'DUPLICATE_INVOICE_ID' });
    expect((await failure(refund(captureId, { amount: { currency_code: 'USD', value: '0.00' } })))?.issue).toBe(
      'CANNOT_BE_ZERO_OR_NEGATIVE',
    );
  });

  it('when refunds exceed what is left, then 422 REFUND_AMOUNT_EXCEEDED in PayPal’s error shape; a full refund makes the capture REFUNDED', async () => {
    const { captureId } = await captured('20.00');
    await refund(captureId, { amount: { currency_code: 'USD', value: '15.00' } });
    const tooMuch = await failure(refund(captureId, { amount: { currency_code: 'USD', value: '5.01' } }));
    expect(tooMuch).toMatchObject({ status: 422, issue: 'REFUND_AMOUNT_EXCEEDED' });
    expect(tooMuch.body).toMatchObject({
      name: 'UNPROCESSABLE_ENTITY',
      debug_id: expect.stringMatching(/^[0-9a-f]{13}$/),
    });
    expect((await refund(captureId, {})).result.amount).toEqual({ currency_code: 'USD', value: '5.00' });
    expect(await captureStatus(captureId)).toBe('REFUNDED');
    expect((await failure(refund(captureId, {}))).issue).toBe('CAPTURE_FULLY_REFUNDED');
  });
});

describe('PayPal pending refunds', () => {
  it('when refunds of a capture are held, then the refund is PENDING (ECHECK), holds its amount, and settling completes it with a second PAYMENT.CAPTURE.REFUNDED', async () => {
    const { captureId, orderId } = await captured('30.00');
    expect((await control(sandbox.paypal.url, `/captures/${captureId}/hold_refunds`)).body).toEqual({
      capture: captureId,
      hold_refunds: true,
    });
    const pending = (await refund(captureId, { amount: { currency_code: 'USD', value: '25.00' }, invoice_id: 'ref_p' }))
      .result;
    expect(pending).toMatchObject({ status: 'PENDING', status_details: { reason: 'ECHECK' } });
    expect(await captureStatus(captureId)).toBe('COMPLETED');
    // The pending 25.00 is spoken for: only 5.00 is left.
    expect((await failure(refund(captureId, { amount: { currency_code: 'USD', value: '5.01' } }))).issue).toBe(
      'REFUND_AMOUNT_EXCEEDED',
    );
    expect((await refundEvents()).map((e) => [e.resource.id, e.resource.status])).toEqual([[pending.id, 'PENDING']]);
    hooks.received.length = 0;

    const settled = await control<Refund>(sandbox.paypal.url, `/refunds/${pending.id}/settle`, {
      outcome: 'COMPLETED',
    });
    expect(settled.body).toMatchObject({ id: pending.id, status: 'COMPLETED' });
    expect(settled.body.status_details).toBeUndefined();
    expect((await refundEvents()).map((e) => [e.resource.id, e.resource.status, e.resource.invoice_id])).toEqual([
      [pending.id, 'COMPLETED', 'ref_p'],
    ]);
    expect(await getRefund(pending.id)).toMatchObject({
      status: 'COMPLETED',
      seller_payable_breakdown: { total_refunded_amount: { value: '25.00' } },
    });
    expect(await captureStatus(captureId)).toBe('PARTIALLY_REFUNDED');
    expect((await order(orderId)).purchase_units[0].payments.refunds?.map((r) => r.status)).toEqual(['COMPLETED']);
    const again = await control(sandbox.paypal.url, `/refunds/${pending.id}/settle`, { outcome: 'FAILED' });
    expect(again.status).toBe(422);
  });

  it('when a pending refund fails, then FAILED is announced and its amount is refundable again', async () => {
    const { captureId } = await captured('30.00');
    const dashboard = await control<Refund>(sandbox.paypal.url, '/refunds', {
      capture_id: captureId,
      status: 'PENDING',
    });
    expect(dashboard.body).toMatchObject({ status: 'PENDING', amount: { value: '30.00' } });
    // A dashboard refund carries none of our ids.
    expect(dashboard.body.invoice_id).toBeUndefined();
    expect(dashboard.body.custom_id).toBeUndefined();
    expect((await failure(refund(captureId, {}))).issue).toBe('REFUND_AMOUNT_EXCEEDED');
    await control(sandbox.paypal.url, `/refunds/${dashboard.body.id}/settle`, { outcome: 'FAILED' });
    expect((await refundEvents()).map((e) => e.resource.status)).toEqual(['PENDING', 'FAILED']);
    expect(await getRefund(dashboard.body.id)).toMatchObject({
      status: 'FAILED',
      status_details: { reason: 'ECHECK' },
    });
    expect(await captureStatus(captureId)).toBe('COMPLETED');
    expect((await refund(captureId, {})).result).toMatchObject({ status: 'COMPLETED', amount: { value: '30.00' } });
  });

  it('when a pending refund settles silently, then no event is sent and GET still tells the new status', async () => {
    const { captureId } = await captured('9.00');
    await control(sandbox.paypal.url, `/captures/${captureId}/hold_refunds`, { hold: true });
    const pending = (await refund(captureId, {})).result;
    await sandbox.idle();
    hooks.received.length = 0;
    await control(sandbox.paypal.url, `/refunds/${pending.id}/settle`, { outcome: 'COMPLETED', silent: true });
    expect(await refundEvents()).toEqual([]);
    expect((await getRefund(pending.id)).status).toBe('COMPLETED');
    expect(await captureStatus(captureId)).toBe('REFUNDED');
    await control(sandbox.paypal.url, `/captures/${captureId}/hold_refunds`, { hold: false });
  });

  it('when a control gets bad input, then 400/404 with the sandbox’s error', async () => {
    expect((await control(sandbox.paypal.url, '/refunds', { capture_id: 'NOPE' })).status).toBe(404);
    const { captureId } = await captured('3.00');
    expect((await control(sandbox.paypal.url, '/refunds', { capture_id: captureId, status: 'FAILED' })).status).toBe(
      400,
    );
    const r = (await refund(captureId, { amount: { currency_code: 'USD', value: '1.00' } })).result;
    expect((await control(sandbox.paypal.url, `/refunds/${r.id}/settle`, { outcome: 'MAYBE' })).status).toBe(400);
  });
});

describe('PayPal captures declined later', () => {
  async function pendingCapture(): Promise<string> {
    const created = (
      await client.execute<Refund>(
        new paypal.orders.OrdersCreateRequest().requestBody({
          intent: 'CAPTURE',
          purchase_units: [{ amount: { currency_code: 'USD', value: '12.00' } }],
        }),
      )
    ).result;
    await control(sandbox.paypal.url, `/orders/${created.id}/approve`, { instrument: 'pending' });
    const res = await client.execute<Order>(new paypal.orders.OrdersCaptureRequest(created.id));
    return res.result.purchase_units[0].payments.captures[0].id;
  }

  it('when a pending capture is declined, then PAYMENT.CAPTURE.DECLINED carries the DECLINED capture and it cannot be refunded', async () => {
    const captureId = await pendingCapture();
    expect((await failure(refund(captureId, {}))).issue).toBe('PENDING_CAPTURE');
    await sandbox.idle();
    hooks.received.length = 0;
    const declined = await control<Refund>(sandbox.paypal.url, `/captures/${captureId}/decline`);
    expect(declined.body.status).toBe('DECLINED');
    await sandbox.idle();
    const events = hooks.events<PayPalEvent>();
    expect(events.map((e) => [e.event_type, e.resource.id, e.resource.status])).toEqual([
      ['PAYMENT.CAPTURE.DECLINED', captureId, 'DECLINED'],
    ]);
    expectSameShape(
      events[0].resource,
      (fixture('paypal/event.PAYMENT.CAPTURE.DENIED.json') as { resource: Json }).resource,
    );
    expect((await failure(refund(captureId, {}))).issue).toBe('REFUND_NOT_ALLOWED');
    expect((await control(sandbox.paypal.url, `/captures/${captureId}/decline`)).status).toBe(422);
  });

  it('when a pending capture is settled as DECLINED, then PayPal’s denial event PAYMENT.CAPTURE.DENIED is sent', async () => {
    const captureId = await pendingCapture();
    await sandbox.idle();
    hooks.received.length = 0;
    await control(sandbox.paypal.url, `/captures/${captureId}/settle`, { outcome: 'DECLINED' });
    await sandbox.idle();
    expect(hooks.types()).toEqual(['PAYMENT.CAPTURE.DENIED']);
  });
});
