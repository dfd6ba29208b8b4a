import Stripe from 'stripe';
import { Sandbox } from '../src';
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
const CARD_INQUIRY = '4000000000001976';
const CARD_FRAUD_DISPUTE = '4000000000000259';

function paidIntent(card = CARD_OK, amount = 5000): Promise<Stripe.PaymentIntent> {
  return paidIntentOn(sandbox, stripe, { card, amount, paymentId: 'pay_d' });
}

async function onlyDispute(pi: Stripe.PaymentIntent): Promise<Stripe.Dispute> {
  const list = await stripe.disputes.list({ payment_intent: pi.id });
  expect(list.data).toHaveLength(1);
  return list.data[0];
}

function disputeEvents(id: string): Stripe.Event[] {
  return hooks
    .events<Stripe.Event>()
    .filter((e) => e.type.startsWith('charge.dispute.') && (e.data.object as { id: string }).id === id);
}

async function waitTypes(id: string, types: string[]): Promise<Stripe.Event[]> {
  await waitFor(() => types.every((t) => disputeEvents(id).some((e) => e.type === t)), 5000, types.join(', '));
  return disputeEvents(id);
}

async function chargeback(pi: Stripe.PaymentIntent): Promise<Stripe.Dispute> {
  const d = await control<Stripe.Dispute>(sandbox.stripe.url, '/disputes', { payment_intent: pi.id });
  expect(d.status).toBe(200);
  return d.body;
}

describe('Stripe dispute test cards', () => {
  it('when paid with 1976, then an inquiry opens: warning_needs_response, refundable, no funds withdrawn', async () => {
    const pi = await paidIntent(CARD_INQUIRY);
    const dispute = await onlyDispute(pi);
    expectSameShape(dispute, fixture('stripe/object.dispute.json'));
    expect(dispute).toMatchObject({
      status: 'warning_needs_response',
      is_charge_refundable: true,
      balance_transactions: [],
      charge: pi.latest_charge,
      payment_intent: pi.id,
      payment_method_details: { card: { case_type: 'inquiry' } },
    });
    await waitTypes(dispute.id, ['charge.dispute.created']);
    await sandbox.idle();
    expect(disputeEvents(dispute.id).map((e) => e.type)).toEqual(['charge.dispute.created']);
    expect((await stripe.charges.retrieve(pi.latest_charge as string)).disputed).toBe(true);
  });

  it('when paid with 0259, then a fraudulent chargeback opens and its funds are withdrawn at once', async () => {
    const pi = await paidIntent(CARD_FRAUD_DISPUTE, 3000);
    const dispute = await onlyDispute(pi);
    expect(dispute).toMatchObject({
      status: 'needs_response',
      reason: 'fraudulent',
      amount: 3000,
      is_charge_refundable: false,
      balance_transactions: [{ object: 'balance_transaction', amount: -3000, reporting_category: 'dispute' }],
    });
    const events = await waitTypes(dispute.id, ['charge.dispute.created', 'charge.dispute.funds_withdrawn']);
    const created = events.find((e) => e.type === 'charge.dispute.created') as Stripe.Event;
    expectSameShape(created, fixture('stripe/event.charge.dispute.created.json'));
    // The created snapshot is taken before the money moves; the funds event shows the withdrawal.
    expect(created.data.object).toMatchObject({ balance_transactions: [] });
    expect(events.find((e) => e.type === 'charge.dispute.funds_withdrawn')?.data.object).toMatchObject({
      balance_transactions: [{ amount: -3000 }],
    });
  });
});

describe('Stripe Disputes API', () => {
  it('when disputes are retrieved and listed, then filters by charge and payment intent work and unknown ids are 404', async () => {
    const a = await paidIntent();
    const b = await paidIntent();
    const da = await chargeback(a);
    const db = await chargeback(b);
    expect((await stripe.disputes.retrieve(da.id)).id).toBe(da.id);
    expect((await stripe.disputes.list({ charge: b.latest_charge as string })).data.map((d) => d.id)).toEqual([db.id]);
    const page = await stripe.disputes.list({ limit: 1 });
    expect(page).toMatchObject({ has_more: true, data: [{ id: db.id }] });
    await expect(stripe.disputes.retrieve('dp_nope')).rejects.toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
    });
  });

  it('when evidence is submitted, then the dispute is under_review with charge.dispute.updated, and evidence cannot change again', async () => {
    const pi = await paidIntent();
    const dispute = await chargeback(pi);
    const updated = await stripe.disputes.update(dispute.id, {
      evidence: { customer_email_address: 'student@example.com', uncategorized_text: 'Course fully watched' },
      metadata: { case: 'c1' },
    });
    expect(updated).toMatchObject({
      status: 'under_review',
      metadata: { case: 'c1' },
      evidence: { customer_email_address: 'student@example.com', uncategorized_text: 'Course fully watched' },
      evidence_details: { has_evidence: true, submission_count: 1 },
    });
    const events = await waitTypes(dispute.id, ['charge.dispute.updated']);
    const event = events.find((e) => e.type === 'charge.dispute.updated') as Stripe.Event;
    expect(event.data.object).toMatchObject({ status: 'under_review' });
    expect(event.data.previous_attributes).toMatchObject({ status: 'needs_response' });
    await expect(
      stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: 'more' } }),
    ).rejects.toMatchObject({
      statusCode: 400,
    });
    // Accepting after answering is too late.
    await expect(stripe.disputes.close(dispute.id)).rejects.toMatchObject({ statusCode: 400 });
  });

  it('when evidence is only staged (submit=false), then the status stays needs_response and nothing is submitted', async () => {
    const pi = await paidIntent();
    const dispute = await chargeback(pi);
    const staged = await stripe.disputes.update(dispute.id, {
      evidence: { uncategorized_text: 'draft' },
      submit: false,
    });
    expect(staged).toMatchObject({
      status: 'needs_response',
      evidence_details: { has_evidence: true, submission_count: 0 },
    });
    await expect(
      stripe.disputes.update(dispute.id, { evidence: { not_a_field: 'x' } as Stripe.DisputeUpdateParams.Evidence }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'evidence[not_a_field]' });
  });

  it('when the test evidence winning_evidence is submitted, then the chargeback is won and the funds are reinstated', async () => {
    const pi = await paidIntent();
    const dispute = await chargeback(pi);
    const answered = await stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: 'winning_evidence' } });
    expect(answered.status).toBe('won');
    const events = await waitTypes(dispute.id, [
      'charge.dispute.updated',
      'charge.dispute.closed',
      'charge.dispute.funds_reinstated',
    ]);
    const closed = events.find((e) => e.type === 'charge.dispute.closed') as Stripe.Event;
    expect(closed.data.previous_attributes).toEqual({ status: 'under_review' });
    // The decision and the money move together: the closed snapshot already shows the reinstatement.
    expect((closed.data.object as Stripe.Dispute).balance_transactions.map((t) => t.amount)).toEqual([-5000, 5000]);
    expect((await stripe.disputes.retrieve(dispute.id)).balance_transactions.map((t) => t.amount)).toEqual([
      -5000, 5000,
    ]);
  });

  it('when the test evidence losing_evidence is submitted, then the chargeback is lost and the funds stay withdrawn', async () => {
    const pi = await paidIntent();
    const dispute = await chargeback(pi);
    expect(
      (await stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: 'losing_evidence' } })).status,
    ).toBe('lost');
    await waitTypes(dispute.id, ['charge.dispute.closed']);
    await sandbox.idle();
    expect(disputeEvents(dispute.id).map((e) => e.type)).not.toContain('charge.dispute.funds_reinstated');
  });

  it('when a chargeback is accepted (close), then it is lost with charge.dispute.closed; closing again is refused', async () => {
    const pi = await paidIntent();
    const dispute = await chargeback(pi);
    const closed = await stripe.disputes.close(dispute.id);
    expect(closed.status).toBe('lost');
    const events = await waitTypes(dispute.id, ['charge.dispute.closed']);
    expect(events.find((e) => e.type === 'charge.dispute.closed')?.data.previous_attributes).toEqual({
      status: 'needs_response',
    });
    await expect(stripe.disputes.close(dispute.id)).rejects.toMatchObject({ statusCode: 400 });
  });

  it('when an inquiry is accepted, then it closes as warning_closed and no money moves', async () => {
    const pi = await paidIntent(CARD_INQUIRY);
    const inquiry = await onlyDispute(pi);
    expect((await stripe.disputes.close(inquiry.id)).status).toBe('warning_closed');
    await waitTypes(inquiry.id, ['charge.dispute.closed']);
    expect((await stripe.disputes.retrieve(inquiry.id)).balance_transactions).toEqual([]);
  });
});

describe('Stripe dispute controls', () => {
  it('when a chargeback is moved to under_review and closed won, then updated, closed and funds_reinstated are sent', async () => {
    const pi = await paidIntent();
    const dispute = await chargeback(pi);
    const review = await control<Stripe.Dispute>(sandbox.stripe.url, `/disputes/${dispute.id}/under_review`);
    expect(review.body.status).toBe('under_review');
    const won = await control<Stripe.Dispute>(sandbox.stripe.url, `/disputes/${dispute.id}/close`, { outcome: 'won' });
    expect(won.body.status).toBe('won');
    const types = (
      await waitTypes(dispute.id, [
        'charge.dispute.updated',
        'charge.dispute.closed',
        'charge.dispute.funds_reinstated',
      ])
    ).map((e) => e.type);
    expect(types.filter((t) => t === 'charge.dispute.funds_withdrawn')).toHaveLength(1);
  });

  it('when a chargeback is closed prevented, then it is over without reinstatement; an inquiry closed prevented loses its money', async () => {
    const a = await paidIntent();
    const da = await chargeback(a);
    const prevented = await control<Stripe.Dispute>(sandbox.stripe.url, `/disputes/${da.id}/close`, {
      outcome: 'prevented',
    });
    expect(prevented.body).toMatchObject({ status: 'prevented', balance_transactions: [{ amount: -5000 }] });
    const b = await paidIntent(CARD_INQUIRY);
    const inquiry = await onlyDispute(b);
    const closed = await control<Stripe.Dispute>(sandbox.stripe.url, `/disputes/${inquiry.id}/close`, {
      outcome: 'prevented',
    });
    expect(closed.body).toMatchObject({ status: 'prevented', balance_transactions: [{ amount: -5000 }] });
    await waitTypes(inquiry.id, ['charge.dispute.closed', 'charge.dispute.funds_withdrawn']);
  });

  it('when an inquiry is opened by control, reviewed and closed, then it goes warning_under_review, warning_closed; won is not an inquiry outcome', async () => {
    const pi = await paidIntent();
    const opened = await control<Stripe.Dispute>(sandbox.stripe.url, '/disputes', {
      payment_intent: pi.id,
      kind: 'inquiry',
      reason: 'product_not_received',
    });
    expect(opened.body).toMatchObject({ status: 'warning_needs_response', reason: 'product_not_received' });
    const id = opened.body.id;
    expect((await control<Stripe.Dispute>(sandbox.stripe.url, `/disputes/${id}/under_review`)).body.status).toBe(
      'warning_under_review',
    );
    expect((await control(sandbox.stripe.url, `/disputes/${id}/close`, { outcome: 'won' })).status).toBe(400);
    expect((await control<Stripe.Dispute>(sandbox.stripe.url, `/disputes/${id}/close`)).body.status).toBe(
      'warning_closed',
    );
    await waitTypes(id, ['charge.dispute.created', 'charge.dispute.updated', 'charge.dispute.closed']);
  });

  it('when an inquiry closed and the cardholder escalates, then a chargeback can be opened on the same charge; a second open one cannot', async () => {
    const pi = await paidIntent(CARD_INQUIRY);
    const inquiry = await onlyDispute(pi);
    expect((await chargebackAttempt(pi)).status).toBe(400);
    await control(sandbox.stripe.url, `/disputes/${inquiry.id}/close`, { outcome: 'warning_closed' });
    expect((await chargebackAttempt(pi)).status).toBe(200);
    expect((await stripe.disputes.list({ payment_intent: pi.id })).data.map((d) => d.status)).toEqual([
      'needs_response',
      'warning_closed',
    ]);
  });

  it('when the charge was fully refunded, then it cannot be disputed', async () => {
    const pi = await paidIntent();
    await stripe.refunds.create({ payment_intent: pi.id });
    expect((await chargebackAttempt(pi)).status).toBe(400);
    expect((await control(sandbox.stripe.url, '/disputes', { payment_intent: pi.id, kind: 'nope' })).status).toBe(400);
  });
});

function chargebackAttempt(pi: Stripe.PaymentIntent) {
  return control(sandbox.stripe.url, '/disputes', { payment_intent: pi.id });
}
