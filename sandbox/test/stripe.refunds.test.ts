import Stripe from 'stripe';
import { Sandbox } from '../src';
import { ASYNC_REFUND_FAILURE_SECONDS } from '../src/stripe/flows/refund';
import {
  Receiver,
  control,
  expectSameShape,
  fixture,
  startTestSandbox,
  stripeClient,
  waitFor,
  paidIntent as paidIntentOn,
} from './helpers';

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
beforeEach(async () => {
  await sandbox.idle();
  hooks.received.length = 0;
});

const CARD_OK = '4242424242424242';
const CARD_REFUND_PENDING = '4000000000007726';
const CARD_REFUND_FAILS_LATER = '4000000000005126';

/** A paid PaymentIntent, its events already delivered and cleared. */
async function paidIntent(card = CARD_OK, amount = 5000): Promise<Stripe.PaymentIntent> {
  const pi = await paidIntentOn(sandbox, stripe, { card, amount, paymentId: 'pay_r' });
  await sandbox.idle();
  hooks.received.length = 0;
  return pi;
}

/** The delivered events about one object, in delivery order. */
function eventsAbout(id: string): Stripe.Event[] {
  return hooks.events<Stripe.Event>().filter((e) => (e.data.object as { id?: string }).id === id);
}

async function waitTypes(id: string, types: string[]): Promise<Stripe.Event[]> {
  await waitFor(() => types.every((t) => eventsAbout(id).some((e) => e.type === t)), 5000, types.join(', '));
  return eventsAbout(id);
}

describe('Stripe charges and their refunds (API 2022-11-15+)', () => {
  it('when a refunded charge is retrieved, then it has no refunds list unless expanded, and charge.refunded lists none', async () => {
    const pi = await paidIntent();
    const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 1000 });
    const plain = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(plain).not.toHaveProperty('refunds');
    expect(plain).toMatchObject({ amount_refunded: 1000, refunded: false });
    const expanded = await stripe.charges.retrieve(pi.latest_charge as string, { expand: ['refunds'] });
    expect(expanded.refunds).toMatchObject({ object: 'list', has_more: false, data: [{ id: refund.id }] });
    await waitTypes(pi.latest_charge as string, ['charge.refunded']);
    const refunded = eventsAbout(pi.latest_charge as string).find((e) => e.type === 'charge.refunded') as Stripe.Event;
    expect(refunded.data.object).not.toHaveProperty('refunds');
    expect(refunded.data.previous_attributes).toEqual({ amount_refunded: 0, refunded: false });
    const created = (await waitTypes(refund.id, ['refund.created']))[0];
    expect(created.data.object).toMatchObject({ id: refund.id, status: 'succeeded', payment_intent: pi.id });
  });

  it('when a charge has more than 10 refunds, then the expanded list shows the 10 newest and has_more', async () => {
    const pi = await paidIntent(CARD_OK, 1100);
    const ids: string[] = [];
    for (let i = 0; i < 11; i++) ids.push((await stripe.refunds.create({ payment_intent: pi.id, amount: 100 })).id);
    const charge = await stripe.charges.retrieve(pi.latest_charge as string, { expand: ['refunds'] });
    expect(charge.refunds?.has_more).toBe(true);
    expect(charge.refunds?.data.map((r) => r.id)).toEqual(ids.slice(1).reverse());
    // Expansion also works inside a list.
    const listed = await stripe.charges.list({ payment_intent: pi.id, expand: ['data.refunds'] });
    expect(listed.data[0].refunds?.data).toHaveLength(10);
  });

  it('when listing refunds by payment intent or charge, then only that payment’s refunds come back, paginated newest first', async () => {
    const pi = await paidIntent();
    const other = await paidIntent();
    await stripe.refunds.create({ payment_intent: other.id, amount: 100 });
    const mine: string[] = [];
    for (let i = 0; i < 3; i++) mine.unshift((await stripe.refunds.create({ payment_intent: pi.id, amount: 500 })).id);
    const page = await stripe.refunds.list({ payment_intent: pi.id, limit: 2 });
    expect(page.data.map((r) => r.id)).toEqual(mine.slice(0, 2));
    expect(page.has_more).toBe(true);
    const next = await stripe.refunds.list({ payment_intent: pi.id, limit: 2, starting_after: page.data[1].id });
    expect(next).toMatchObject({ has_more: false, data: [{ id: mine[2] }] });
    const all = await stripe.refunds.list({ charge: pi.latest_charge as string }).autoPagingToArray({ limit: 100 });
    expect(all.map((r) => r.id)).toEqual(mine);
    expectSameShape(all[0], fixture('stripe/object.refund.json'));
  });

  it('when our refund carries metadata and a dashboard refund does not, then both are listed and metadata can be updated', async () => {
    const pi = await paidIntent();
    const ours = await stripe.refunds.create(
      { payment_intent: pi.id, amount: 1000, metadata: { payment_id: 'pay_r', refund_id: 'rf_1' } },
      { idempotencyKey: 'refund:pay_r:1' },
    );
    const dashboard = await control<Stripe.Refund>(sandbox.stripe.url, '/refunds', {
      payment_intent: pi.id,
      amount: 500,
    });
    expect(dashboard.status).toBe(200);
    expect(dashboard.body).toMatchObject({ status: 'succeeded', metadata: {}, payment_intent: pi.id });
    const listed = await stripe.refunds.list({ payment_intent: pi.id });
    expect(listed.data.map((r) => [r.id, r.metadata])).toEqual([
      [dashboard.body.id, {}],
      [ours.id, { payment_id: 'pay_r', refund_id: 'rf_1' }],
    ]);
    const updated = await stripe.refunds.update(dashboard.body.id, { metadata: { note: 'seen' } });
    expect(updated.metadata).toEqual({ note: 'seen' });
    await waitTypes(dashboard.body.id, ['refund.created', 'refund.updated']);
  });
});

describe('Stripe refund test cards', () => {
  it('when a 7726 charge is refunded, then the refund stays pending until settled, then refund.updated and charge.refund.updated say succeeded', async () => {
    const pi = await paidIntent(CARD_REFUND_PENDING);
    const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 2000 });
    expect(refund).toMatchObject({ status: 'pending', pending_reason: 'processing', balance_transaction: null });
    expect((await stripe.refunds.retrieve(refund.id)).status).toBe('pending');
    // The pending amount is no longer refundable.
    await expect(stripe.refunds.create({ payment_intent: pi.id, amount: 3001 })).rejects.toMatchObject({
      param: 'amount',
    });
    const settled = await control<Stripe.Refund>(sandbox.stripe.url, `/refunds/${refund.id}/settle`, {
      outcome: 'succeeded',
    });
    expect(settled.body).toMatchObject({ status: 'succeeded', balance_transaction: expect.stringMatching(/^txn_/) });
    const events = await waitTypes(refund.id, ['refund.created', 'refund.updated', 'charge.refund.updated']);
    expect(events.find((e) => e.type === 'refund.created')?.data.object).toMatchObject({ status: 'pending' });
    for (const type of ['refund.updated', 'charge.refund.updated']) {
      const e = events.find((x) => x.type === type) as Stripe.Event;
      expect(e.data.object).toMatchObject({ object: 'refund', status: 'succeeded' });
      expect(e.data.previous_attributes).toMatchObject({ status: 'pending' });
    }
    expect(events.map((e) => e.type)).not.toContain('refund.failed');
  });

  it('when a pending 7726 refund (even from the dashboard) fails, then refund.failed with failure_reason and the amount is refundable again', async () => {
    const pi = await paidIntent(CARD_REFUND_PENDING, 1000);
    const made = await control<Stripe.Refund>(sandbox.stripe.url, '/refunds', { payment_intent: pi.id });
    expect(made.body).toMatchObject({ status: 'pending', amount: 1000, metadata: {} });
    const failed = await control<Stripe.Refund>(sandbox.stripe.url, `/refunds/${made.body.id}/settle`, {
      outcome: 'failed',
      failure_reason: 'lost_or_stolen_card',
    });
    expect(failed.body).toMatchObject({ status: 'failed', failure_reason: 'lost_or_stolen_card' });
    await waitTypes(made.body.id, ['refund.created', 'refund.updated', 'charge.refund.updated', 'refund.failed']);
    expect(await stripe.charges.retrieve(pi.latest_charge as string)).toMatchObject({
      amount_refunded: 0,
      refunded: false,
    });
    const again = await control(sandbox.stripe.url, `/refunds/${made.body.id}/settle`, { outcome: 'succeeded' });
    expect(again.status).toBe(400);
  });

  it('when a 5126 charge is refunded, then the refund succeeds first and the fail control later sends refund.updated, charge.refund.updated and refund.failed', async () => {
    const pi = await paidIntent(CARD_REFUND_FAILS_LATER, 3000);
    const refund = await stripe.refunds.create({
      payment_intent: pi.id,
      metadata: { payment_id: 'pay_r', refund_id: 'rf_5126' },
    });
    expect(refund).toMatchObject({ status: 'succeeded', amount: 3000 });
    expect((await stripe.charges.retrieve(pi.latest_charge as string)).refunded).toBe(true);
    const failed = await control<Stripe.Refund>(sandbox.stripe.url, `/refunds/${refund.id}/fail`);
    expect(failed.body).toMatchObject({
      status: 'failed',
      failure_reason: 'expired_or_canceled_card',
      failure_balance_transaction: expect.stringMatching(/^txn_/),
      metadata: { refund_id: 'rf_5126' },
    });
    const events = await waitTypes(refund.id, ['refund.updated', 'charge.refund.updated', 'refund.failed']);
    expect(events.find((e) => e.type === 'refund.updated')?.data.previous_attributes).toMatchObject({
      status: 'succeeded',
    });
    expect(events.find((e) => e.type === 'refund.failed')?.data.object).toMatchObject({
      status: 'failed',
      failure_reason: 'expired_or_canceled_card',
    });
    // The money came back to the charge: it can be refunded again.
    expect(await stripe.charges.retrieve(pi.latest_charge as string)).toMatchObject({
      amount_refunded: 0,
      refunded: false,
    });
    expect((await stripe.refunds.create({ payment_intent: pi.id, amount: 100 })).status).toBe('succeeded');
  });

  it('when a 5126 refund is left alone, then it fails by itself once its time has passed and the sandbox is next called', async () => {
    const pi = await paidIntent(CARD_REFUND_FAILS_LATER, 1000);
    const refund = await stripe.refunds.create({ payment_intent: pi.id });
    expect((await stripe.refunds.retrieve(refund.id)).status).toBe('succeeded');
    const realNow = Date.now();
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => realNow + (ASYNC_REFUND_FAILURE_SECONDS + 1) * 1000);
    try {
      expect((await stripe.refunds.retrieve(refund.id)).status).toBe('failed');
    } finally {
      clock.mockRestore();
    }
    await waitTypes(refund.id, ['refund.failed']);
  });

  it('when a 4242 refund is done, then it stays succeeded and cannot be failed twice', async () => {
    const pi = await paidIntent(CARD_OK, 1000);
    const refund = await stripe.refunds.create({ payment_intent: pi.id });
    expect(refund.status).toBe('succeeded');
    expect((await control(sandbox.stripe.url, `/refunds/${refund.id}/fail`)).status).toBe(200);
    expect((await control(sandbox.stripe.url, `/refunds/${refund.id}/fail`)).status).toBe(400);
    expect((await control(sandbox.stripe.url, '/refunds/re_nope/fail')).status).toBe(404);
  });
});

describe('Stripe refund cancel', () => {
  it('when a pending refund is canceled, then it is canceled (merchant_request), refund.updated is sent and the amount is refundable again', async () => {
    const pi = await paidIntent(CARD_REFUND_PENDING, 2000);
    const refund = await stripe.refunds.create({ payment_intent: pi.id });
    const canceled = await stripe.refunds.cancel(refund.id);
    expect(canceled).toMatchObject({ status: 'canceled', failure_reason: 'merchant_request' });
    const events = await waitTypes(refund.id, ['refund.updated', 'charge.refund.updated']);
    expect(events.find((e) => e.type === 'refund.updated')?.data.object).toMatchObject({ status: 'canceled' });
    expect((await stripe.charges.retrieve(pi.latest_charge as string)).amount_refunded).toBe(0);
  });

  it('when a refund that is not pending is canceled, then Stripe refuses with 400 naming its status', async () => {
    const pi = await paidIntent();
    const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 100 });
    await expect(stripe.refunds.cancel(refund.id)).rejects.toMatchObject({
      statusCode: 400,
      type: 'StripeInvalidRequestError',
      message: expect.stringContaining('has a status of `succeeded`'),
    });
    await expect(stripe.refunds.cancel('re_nope')).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });
});

describe('Stripe refunds of disputed charges', () => {
  async function dispute(pi: Stripe.PaymentIntent, kind: 'inquiry' | 'chargeback') {
    const d = await control<Stripe.Dispute>(sandbox.stripe.url, '/disputes', { payment_intent: pi.id, kind });
    expect(d.status).toBe(200);
    return d.body;
  }

  it('when the charge is under an inquiry, then it can still be refunded (is_charge_refundable)', async () => {
    const pi = await paidIntent();
    expect((await dispute(pi, 'inquiry')).is_charge_refundable).toBe(true);
    await expect(stripe.refunds.create({ payment_intent: pi.id, amount: 1000 })).resolves.toMatchObject({
      status: 'succeeded',
    });
  });

  it('when the charge is charged back, then refunds are refused with charge_disputed', async () => {
    const pi = await paidIntent();
    expect((await dispute(pi, 'chargeback')).is_charge_refundable).toBe(false);
    await expect(stripe.refunds.create({ payment_intent: pi.id, amount: 1000 })).rejects.toMatchObject({
      statusCode: 400,
      code: 'charge_disputed',
    });
  });

  it('when a chargeback opens while a refund is pending, then the refund fails with charge_for_pending_refund_disputed', async () => {
    const pi = await paidIntent(CARD_REFUND_PENDING);
    const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 1000 });
    await dispute(pi, 'chargeback');
    expect(await stripe.refunds.retrieve(refund.id)).toMatchObject({
      status: 'failed',
      failure_reason: 'charge_for_pending_refund_disputed',
    });
    await waitTypes(refund.id, ['refund.failed']);
  });
});
