import paypal from '@paypal/checkout-server-sdk';
import { Sandbox } from '../src';
import { Receiver, control, expectSameShape, fixture, paypalClient, ppRequest, startTestSandbox } from './helpers';

let sandbox: Sandbox;
let client: paypal.core.PayPalHttpClient;
let hooks: Receiver;

type Json = Record<string, unknown>;
type Money = { currency_code: string; value: string };
type Dispute = Json & {
  dispute_id: string;
  status: string;
  dispute_life_cycle_stage: string;
  dispute_amount: Money;
  dispute_outcome?: { outcome_code: string; amount_refunded?: Money };
  disputed_transactions: Array<Json & { seller_transaction_id: string; custom?: string; transaction_status: string }>;
  money_movements: Array<{ type: string; amount: Money }>;
  links: Array<{ rel: string; href: string; method: string }>;
};
type Resource = Json & { id: string; status: string; links: Array<{ rel: string; href: string }> };
type PayPalEvent = Json & { event_type: string; resource_type: string; resource: Json };

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

async function failure(p: Promise<unknown>): Promise<{ status: number; issue?: string }> {
  const err = await p.then(
    () => null,
    (e: { statusCode: number; message: string }) => e,
  );
  if (!err) throw new Error('expected the request to fail');
  const body = JSON.parse(err.message) as { details?: Array<{ issue: string }> };
  return { status: err.statusCode, issue: body.details?.[0]?.issue };
}

async function captured(value = '40.00'): Promise<string> {
  const order = (
    await client.execute<Resource>(
      new paypal.orders.OrdersCreateRequest().requestBody({
        intent: 'CAPTURE',
        purchase_units: [{ custom_id: 'pay_d', amount: { currency_code: 'USD', value } }],
      }),
    )
  ).result;
  await control(sandbox.paypal.url, `/orders/${order.id}/approve`);
  const res = await client.execute<{ purchase_units: Array<{ payments: { captures: Resource[] } }> }>(
    new paypal.orders.OrdersCaptureRequest(order.id),
  );
  await quiet();
  return res.result.purchase_units[0].payments.captures[0].id;
}

async function open(captureId: string, body: Json = {}): Promise<Dispute> {
  const res = await control<Dispute>(sandbox.paypal.url, '/disputes', { capture_id: captureId, ...body });
  expect(res.status).toBe(200);
  return res.body;
}

async function getDispute(id: string): Promise<Dispute> {
  return (await client.execute<Dispute>(ppRequest('GET', `/v1/customer/disputes/${id}`))).result;
}

function refund(captureId: string, value?: string) {
  return client.execute<Resource>(
    new paypal.payments.CapturesRefundRequest(captureId).requestBody(
      value ? { amount: { currency_code: 'USD', value } } : {},
    ),
  );
}

/** Forgets the deliveries so far, once they have arrived. */
async function quiet(): Promise<void> {
  await sandbox.idle();
  hooks.received.length = 0;
}

async function events(): Promise<PayPalEvent[]> {
  await sandbox.idle();
  return hooks.events<PayPalEvent>();
}

describe('PayPal inquiries', () => {
  it('when an inquiry is opened, then CUSTOMER.DISPUTE.CREATED carries a real-shaped dispute pointing at our capture, and no money moves', async () => {
    const captureId = await captured();
    const dispute = await open(captureId, { stage: 'INQUIRY', reason: 'MERCHANDISE_OR_SERVICE_NOT_AS_DESCRIBED' });
    expect(dispute.dispute_id).toMatch(/^PP-D-\d+$/);
    expect(dispute).toMatchObject({
      status: 'OPEN',
      dispute_life_cycle_stage: 'INQUIRY',
      dispute_channel: 'INTERNAL',
      reason: 'MERCHANDISE_OR_SERVICE_NOT_AS_DESCRIBED',
      dispute_amount: { currency_code: 'USD', value: '40.00' },
      disputed_transactions: [{ seller_transaction_id: captureId, custom: 'pay_d', transaction_status: 'COMPLETED' }],
      money_movements: [],
    });
    const [created, ...rest] = await events();
    expect(rest).toEqual([]);
    expect(created.event_type).toBe('CUSTOMER.DISPUTE.CREATED');
    const sample = fixture<PayPalEvent>('paypal/event.CUSTOMER.DISPUTE.CREATED.json');
    expectSameShape(created, sample, { ignore: ['resource_version'] });
    expectSameShape(created.resource, sample.resource);
    expect(created.resource).toEqual(dispute);
    expectSameShape(await getDispute(dispute.dispute_id), fixture('paypal/dispute.get.response.json'), {
      ignore: ['dispute_outcome', 'extensions', 'offer'],
    });
    expect(dispute.links.map((l) => l.rel)).toEqual(['self', 'accept_claim', 'send_message']);
  });

  it('when an inquiry is open, then a partial refund is refused TRANSACTION_DISPUTED but a full refund goes through', async () => {
    const captureId = await captured('20.00');
    await open(captureId, { stage: 'INQUIRY' });
    expect(await failure(refund(captureId, '5.00'))).toEqual({ status: 422, issue: 'TRANSACTION_DISPUTED' });
    expect((await refund(captureId)).result.status).toBe('COMPLETED');
  });

  it('when an inquiry is escalated, then it becomes a chargeback waiting for us and PayPal reverses the capture', async () => {
    const captureId = await captured('40.00');
    const inquiry = await open(captureId, { stage: 'INQUIRY', amount: '15.00' });
    await quiet();
    const escalated = await control<Dispute>(sandbox.paypal.url, `/disputes/${inquiry.dispute_id}/escalate`);
    expect(escalated.body).toMatchObject({
      dispute_life_cycle_stage: 'CHARGEBACK',
      status: 'WAITING_FOR_SELLER_RESPONSE',
      money_movements: [{ type: 'DEBIT', amount: { value: '15.00' } }],
      disputed_transactions: [{ transaction_status: 'REVERSED' }],
    });
    expect(escalated.body.seller_response_due_date).toEqual(expect.any(String));
    const list = await events();
    expect(list.map((e) => e.event_type)).toEqual(['CUSTOMER.DISPUTE.UPDATED', 'PAYMENT.CAPTURE.REVERSED']);
    expect(list[1].resource).toMatchObject({ amount: { value: '15.00' }, status: 'COMPLETED' });
    expect((await control(sandbox.paypal.url, `/disputes/${inquiry.dispute_id}/escalate`)).status).toBe(422);
  });

  it('when we accept the claim of an inquiry, then it resolves in the buyer’s favour and the disputed money is reversed', async () => {
    const captureId = await captured('40.00');
    const inquiry = await open(captureId, { stage: 'INQUIRY' });
    await quiet();
    const answer = await client.execute<Json>(
      ppRequest('POST', `/v1/customer/disputes/${inquiry.dispute_id}/accept-claim`, {
        note: 'Refunding you in full.',
        accept_claim_type: 'REFUND',
      }),
    );
    expect(answer.statusCode).toBe(200);
    expectSameShape(answer.result, fixture('paypal/dispute.accept-claim.response.json'));
    const resolved = await getDispute(inquiry.dispute_id);
    expect(resolved).toMatchObject({
      status: 'RESOLVED',
      dispute_outcome: { outcome_code: 'RESOLVED_BUYER_FAVOUR', amount_refunded: { value: '40.00' } },
      money_movements: [{ type: 'DEBIT' }],
    });
    expect(resolved.links.map((l) => l.rel)).toEqual(['self']);
    expect((await events()).map((e) => e.event_type)).toEqual([
      'CUSTOMER.DISPUTE.RESOLVED',
      'PAYMENT.CAPTURE.REVERSED',
    ]);
    const again = await failure(
      client.execute(ppRequest('POST', `/v1/customer/disputes/${inquiry.dispute_id}/accept-claim`, {})),
    );
    expect(again).toEqual({ status: 422, issue: 'ACTION_NOT_ALLOWED' });
  });

  it('when an inquiry is resolved for us or canceled by the buyer, then it closes with no money moved', async () => {
    const captureId = await captured('40.00');
    const won = await open(captureId, { stage: 'INQUIRY', amount: '10.00' });
    const resolved = await control<Dispute>(sandbox.paypal.url, `/disputes/${won.dispute_id}/resolve`, {
      outcome: 'won',
    });
    expect(resolved.body).toMatchObject({
      status: 'RESOLVED',
      dispute_outcome: { outcome_code: 'RESOLVED_SELLER_FAVOUR' },
    });
    expect(resolved.body.money_movements).toEqual([]);
    const canceled = await open(captureId, { stage: 'INQUIRY', amount: '10.00' });
    await control(sandbox.paypal.url, `/disputes/${canceled.dispute_id}/resolve`, { outcome: 'canceled' });
    expect((await getDispute(canceled.dispute_id)).dispute_outcome).toEqual({ outcome_code: 'CANCELED_BY_BUYER' });
    expect((await events()).filter((e) => e.event_type === 'PAYMENT.CAPTURE.REVERSED')).toEqual([]);
  });
});

describe('PayPal chargebacks', () => {
  it('when a chargeback is opened, then CREATED and PAYMENT.CAPTURE.REVERSED (refund-shaped, up to the capture) are sent and refunds are refused', async () => {
    const captureId = await captured('40.00');
    const dispute = await open(captureId, { stage: 'CHARGEBACK', reason: 'UNAUTHORISED' });
    expect(dispute).toMatchObject({
      status: 'WAITING_FOR_SELLER_RESPONSE',
      dispute_channel: 'EXTERNAL',
      disputed_transactions: [{ transaction_status: 'REVERSED' }],
    });
    expect(dispute.links.map((l) => l.rel)).toEqual(['self', 'provide_evidence', 'accept_claim', 'send_message']);
    const [created, reversed] = await events();
    expect([created.event_type, reversed.event_type]).toEqual(['CUSTOMER.DISPUTE.CREATED', 'PAYMENT.CAPTURE.REVERSED']);
    const sample = fixture<PayPalEvent>('paypal/event.PAYMENT.CAPTURE.REVERSED.json');
    expectSameShape(reversed, sample);
    expect(reversed.resource_type).toBe('refund');
    expectSameShape(reversed.resource, sample.resource);
    const reversal = reversed.resource as Resource;
    expect(reversal.links.find((l) => l.rel === 'up')?.href).toMatch(new RegExp(`/v2/payments/captures/${captureId}$`));
    expect(reversal).toMatchObject({ note_to_payer: 'Payment reversed', amount: { value: '40.00' } });
    // Readable at its `self` link like a refund, but not listed as a refund of the order.
    const got = await client.execute<Resource>(new paypal.payments.RefundsGetRequest(reversal.id));
    expect(got.result.id).toBe(reversal.id);
    const capture = (
      await client.execute<Json & { supplementary_data: { related_ids: { order_id: string } } }>(
        new paypal.payments.CapturesGetRequest(captureId),
      )
    ).result;
    const order = (
      await client.execute<{ purchase_units: Array<{ payments: Json }> }>(
        new paypal.orders.OrdersGetRequest(capture.supplementary_data.related_ids.order_id),
      )
    ).result;
    expect(order.purchase_units[0].payments.refunds).toBeUndefined();
    expect(await failure(refund(captureId, '1.00'))).toEqual({
      status: 422,
      issue: 'REFUND_NOT_PERMITTED_DUE_TO_CHARGEBACK',
    });
  });

  it('when we provide evidence (JSON or multipart), then the chargeback goes UNDER_REVIEW; won gives the money back and refunds work again', async () => {
    const captureId = await captured('40.00');
    const dispute = await open(captureId, { stage: 'CHARGEBACK' });
    const early = await open(await captured('5.00'), { stage: 'INQUIRY' });
    expect(
      await failure(
        client.execute(ppRequest('POST', `/v1/customer/disputes/${early.dispute_id}/provide-evidence`, {})),
      ),
    ).toEqual({ status: 422, issue: 'ACTION_NOT_ALLOWED' });
    await quiet();

    const form = new FormData();
    form.append(
      'input',
      JSON.stringify({ evidences: [{ evidence_type: 'PROOF_OF_FULFILLMENT', notes: 'Course accessed 12 times' }] }),
    );
    form.append('file1', new Blob(['access log'], { type: 'text/plain' }), 'access-log.txt');
    const token = (await (
      await fetch(`http://127.0.0.1:${sandbox.paypal.port}/v1/oauth2/token`, {
        method: 'POST',
        headers: { Authorization: `Basic ${Buffer.from('id:secret').toString('base64')}` },
        body: 'grant_type=client_credentials',
      })
    ).json()) as { access_token: string };
    const res = await fetch(
      `http://127.0.0.1:${sandbox.paypal.port}/v1/customer/disputes/${dispute.dispute_id}/provide-evidence`,
      { method: 'POST', headers: { Authorization: `Bearer ${token.access_token}` }, body: form },
    );
    expect(res.status).toBe(200);
    const review = await getDispute(dispute.dispute_id);
    expect(review).toMatchObject({
      status: 'UNDER_REVIEW',
      evidences: [
        {
          evidence_type: 'PROOF_OF_FULFILLMENT',
          notes: 'Course accessed 12 times',
          source: 'SUBMITTED_BY_SELLER',
          documents: [{ name: 'access-log.txt' }],
        },
      ],
    });
    expect(review.links.map((l) => l.rel)).toEqual(['self', 'accept_claim', 'send_message']);
    expect((await events()).map((e) => e.event_type)).toEqual(['CUSTOMER.DISPUTE.UPDATED']);

    const won = await control<Dispute>(sandbox.paypal.url, `/disputes/${dispute.dispute_id}/resolve`, {
      outcome: 'won',
    });
    expect(won.body).toMatchObject({
      status: 'RESOLVED',
      dispute_outcome: { outcome_code: 'RESOLVED_SELLER_FAVOUR' },
      money_movements: [{ type: 'DEBIT' }, { type: 'CREDIT', amount: { value: '40.00' } }],
      disputed_transactions: [{ transaction_status: 'COMPLETED' }],
    });
    expect((await refund(captureId, '1.00')).result.status).toBe('COMPLETED');
    expect(
      (await control(sandbox.paypal.url, `/disputes/${dispute.dispute_id}/resolve`, { outcome: 'lost' })).status,
    ).toBe(422);
  });

  it('when a chargeback is lost, then it resolves in the buyer’s favour, the money stays reversed and no second reversal is sent', async () => {
    const captureId = await captured('40.00');
    const dispute = await open(captureId, { stage: 'CHARGEBACK' });
    await quiet();
    await client.execute(
      ppRequest('POST', `/v1/customer/disputes/${dispute.dispute_id}/provide-evidence`, {
        evidences: [{ evidence_type: 'OTHER', notes: 'n/a' }],
      }),
    );
    const lost = await control<Dispute>(sandbox.paypal.url, `/disputes/${dispute.dispute_id}/resolve`, {
      outcome: 'lost',
    });
    expect(lost.body).toMatchObject({
      dispute_outcome: { outcome_code: 'RESOLVED_BUYER_FAVOUR' },
      money_movements: [{ type: 'DEBIT' }],
    });
    expect((await events()).map((e) => e.event_type)).toEqual([
      'CUSTOMER.DISPUTE.UPDATED',
      'CUSTOMER.DISPUTE.RESOLVED',
    ]);
    expect((await failure(refund(captureId))).issue).toBe('REFUND_NOT_PERMITTED_DUE_TO_CHARGEBACK');
  });
});

describe('PayPal Disputes API list and errors', () => {
  it('when listing disputes, then newest first as dispute_info, filtered by transaction and state, paged by page_size', async () => {
    const a = await captured('10.00');
    const b = await captured('10.00');
    const first = await open(a, { stage: 'INQUIRY' });
    const second = await open(b, { stage: 'CHARGEBACK' });
    const all = (
      await client.execute<{ items: Json[]; links: Json[] }>(ppRequest('GET', '/v1/customer/disputes?page_size=50'))
    ).result;
    const ids = all.items.map((i) => i.dispute_id);
    expect(ids.indexOf(second.dispute_id)).toBeLessThan(ids.indexOf(first.dispute_id));
    const sample = fixture<{ items: Json[] }>('paypal/dispute.list.response.json');
    expectSameShape(all, sample);
    expectSameShape(all.items[0], sample.items[0]);

    const byTx = (
      await client.execute<{ items: Json[] }>(ppRequest('GET', `/v1/customer/disputes?disputed_transaction_id=${b}`))
    ).result;
    expect(byTx.items).toEqual([
      expect.objectContaining({ dispute_id: second.dispute_id, dispute_state: 'REQUIRED_ACTION' }),
    ]);
    const inquiries = (
      await client.execute<{ items: Json[] }>(
        ppRequest('GET', '/v1/customer/disputes?dispute_state=OPEN_INQUIRIES&page_size=50'),
      )
    ).result;
    expect(inquiries.items.map((i) => i.dispute_id)).toContain(first.dispute_id);
    expect(inquiries.items.map((i) => i.dispute_id)).not.toContain(second.dispute_id);
    const one = (
      await client.execute<{ items: Json[]; links: Array<{ rel: string }> }>(
        ppRequest('GET', '/v1/customer/disputes?page_size=1'),
      )
    ).result;
    expect(one.items).toHaveLength(1);
    expect(one.links.map((l) => l.rel)).toContain('next');
    const none = (await client.execute<Json>(ppRequest('GET', '/v1/customer/disputes?disputed_transaction_id=NOTHING')))
      .result;
    expect(none.items).toBeUndefined();
  });

  it('when the dispute or capture is unknown or the control input is bad, then 404 / 400 / 422', async () => {
    const missing = await failure(client.execute(ppRequest('GET', '/v1/customer/disputes/PP-D-0')));
    expect(missing).toEqual({ status: 404, issue: 'INVALID_RESOURCE_ID' });
    expect((await control(sandbox.paypal.url, '/disputes', { capture_id: 'NOPE' })).status).toBe(404);
    const captureId = await captured('10.00');
    expect(
      (await control(sandbox.paypal.url, '/disputes', { capture_id: captureId, stage: 'ARBITRATION' })).status,
    ).toBe(400);
    expect((await control(sandbox.paypal.url, '/disputes', { capture_id: captureId, reason: 'BORED' })).status).toBe(
      400,
    );
    expect((await control(sandbox.paypal.url, '/disputes', { capture_id: captureId, amount: '10.01' })).status).toBe(
      422,
    );
    const d = await open(captureId);
    expect((await control(sandbox.paypal.url, `/disputes/${d.dispute_id}/resolve`, { outcome: 'maybe' })).status).toBe(
      400,
    );
  });
});
