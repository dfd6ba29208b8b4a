import {
  eventsFromPaymentIntent,
  eventsFromSession,
  normalizeStripeEvent,
  sessionBuyer,
} from '../../../src/providers/stripe/stripe-event-mapper';
import type { ProviderEvent } from '../../../src/providers/payment-provider';
import { fixture } from './fixtures';
import { paymentRefOf } from '../../support/event-refs';

type Json = Record<string, unknown>;

function providerEvent(payload: Json): ProviderEvent {
  return {
    provider: 'stripe',
    id: payload.id as string,
    type: payload.type as string,
    createdAt: new Date((payload.created as number) * 1000),
    payload,
  };
}

/** A fixture event with its data.object changed, as another delivery of the same type would be. */
function withObject(file: string, patch: Json, type?: string): ProviderEvent {
  const event = fixture(file);
  const data = event.data as { object: Json };
  return providerEvent({
    ...event,
    ...(type ? { type } : {}),
    data: { ...data, object: { ...data.object, ...patch } },
  });
}

/** A charge as API versions since 2022-11-15 send it in events: no `refunds` list. */
function withoutRefunds(charge: Json): Json {
  const copy = { ...charge };
  delete copy.refunds;
  return copy;
}

describe('Stripe event normalization (real fixtures)', () => {
  it('when checkout.session.completed is paid, then it is a PaymentSucceeded for amount_total in the session currency', () => {
    const events = normalizeStripeEvent(
      providerEvent(fixture('stripe/event.checkout.session.completed.api-2020-08-27.json')),
    );
    expect(events).toEqual([
      {
        kind: 'PaymentSucceeded',
        provider: 'stripe',
        occurredAt: new Date(1648319959 * 1000),
        ref: {
          providerSessionId: 'cs_test_0000000000000000000000000000000000000000000000000000000000',
          providerPaymentId: 'pi_000000000000000000000000',
        },
        amount: { amount: 3000, currency: 'USD' },
        // 2020 payload: customer_details has an email, no address or name yet, no tax IDs.
        buyer: { email: 'stripe@example.com', taxIds: [] },
      },
    ]);
  });

  it('when the session carries our metadata, then the ref points at our payment (metadata before client_reference_id)', () => {
    const [event] = normalizeStripeEvent(
      withObject('stripe/event.checkout.session.completed.api-2020-08-27.json', {
        metadata: { payment_id: 'pay_meta' },
        client_reference_id: 'pay_ref',
      }),
    );
    expect(paymentRefOf(event).paymentId).toBe('pay_meta');
    const [fallback] = normalizeStripeEvent(
      withObject('stripe/event.checkout.session.completed.api-2020-08-27.json', { client_reference_id: 'pay_ref' }),
    );
    expect(paymentRefOf(fallback).paymentId).toBe('pay_ref');
  });

  it('when the session payment_intent is expanded, then its id is used', () => {
    const [event] = normalizeStripeEvent(
      withObject('stripe/event.checkout.session.completed.api-2020-08-27.json', {
        payment_intent: { id: 'pi_expanded', object: 'payment_intent' },
      }),
    );
    expect(paymentRefOf(event).providerPaymentId).toBe('pi_expanded');
  });

  it('when checkout.session.completed is unpaid (async method), then it is PaymentProcessing', () => {
    const events = normalizeStripeEvent(
      withObject('stripe/event.checkout.session.completed.api-2020-08-27.json', { payment_status: 'unpaid' }),
    );
    expect(events.map((e) => e.kind)).toEqual(['PaymentProcessing']);
  });

  it('when no payment was required, then it is a PaymentSucceeded for the (zero) total', () => {
    const [event] = normalizeStripeEvent(
      withObject('stripe/event.checkout.session.completed.api-2020-08-27.json', {
        payment_status: 'no_payment_required',
        amount_total: 0,
      }),
    );
    expect(event).toMatchObject({ kind: 'PaymentSucceeded', amount: { amount: 0, currency: 'USD' } });
  });

  it('when a legacy completed session has neither payment_status nor amount (signed 2019 example), then it is only PaymentProcessing', () => {
    const delivery = fixture<{ raw_body: string }>(
      'stripe/webhook-delivery.signed-example.checkout.session.completed.json',
    );
    const events = normalizeStripeEvent(providerEvent(JSON.parse(delivery.raw_body) as Json));
    expect(events).toEqual([
      expect.objectContaining({
        kind: 'PaymentProcessing',
        ref: {
          providerSessionId: 'cs_test_SI8yz61JCZ4gxd7Z5oGfQSn9ZbubC6SZF3bJTxvy2PVqSd3dzbDV1kyd',
          providerPaymentId: 'pi_1GqFpCAlCFm536g8HsBSvSEt',
        },
      }),
    ]);
  });

  it('when the async payment succeeds or fails, then it is PaymentSucceeded or PaymentFailed for the same session', () => {
    const ok = normalizeStripeEvent(
      withObject(
        'stripe/event.checkout.session.completed.api-2020-08-27.json',
        {},
        'checkout.session.async_payment_succeeded',
      ),
    );
    expect(ok).toEqual([
      expect.objectContaining({ kind: 'PaymentSucceeded', amount: { amount: 3000, currency: 'USD' } }),
    ]);
    const failed = normalizeStripeEvent(
      withObject(
        'stripe/event.checkout.session.completed.api-2020-08-27.json',
        { payment_status: 'unpaid' },
        'checkout.session.async_payment_failed',
      ),
    );
    expect(failed).toEqual([
      expect.objectContaining({
        kind: 'PaymentFailed',
        failureCode: 'async_payment_failed',
        ref: expect.objectContaining({ providerSessionId: expect.stringMatching(/^cs_test_/) }),
      }),
    ]);
  });

  it('when the session expires, then it is PaymentCanceled with reason expired', () => {
    const events = normalizeStripeEvent(
      withObject(
        'stripe/event.checkout.session.completed.api-2020-08-27.json',
        { status: 'expired', payment_status: 'unpaid' },
        'checkout.session.expired',
      ),
    );
    expect(events).toEqual([expect.objectContaining({ kind: 'PaymentCanceled', reason: 'expired' })]);
  });

  it("when payment_intent.payment_failed arrives, then failureCode is the decline_code and the reason Stripe's message", () => {
    const events = normalizeStripeEvent(providerEvent(fixture('stripe/event.payment_intent.payment_failed.json')));
    expect(events).toEqual([
      {
        kind: 'PaymentFailed',
        provider: 'stripe',
        occurredAt: new Date(1763737745 * 1000),
        ref: { providerPaymentId: 'pi_3SVvxMQ8iJWBZFaM1Lao8ehu' },
        failureCode: 'authentication_not_handled',
        failureReason: expect.stringContaining('This payment required an authentication action'),
      },
    ]);
  });

  it('when the last payment error has no decline_code, then failureCode falls back to its code', () => {
    const event = fixture('stripe/event.payment_intent.payment_failed.json');
    const object = (event.data as { object: Json }).object;
    const error = { ...(object.last_payment_error as Json), decline_code: undefined, code: 'expired_card' };
    const [failed] = normalizeStripeEvent(
      withObject('stripe/event.payment_intent.payment_failed.json', {
        last_payment_error: error,
        metadata: { payment_id: 'pay_1' },
      }),
    );
    expect(failed).toMatchObject({ failureCode: 'expired_card', ref: { paymentId: 'pay_1' } });
  });

  it('when payment_intent.succeeded arrives, then it is PaymentSucceeded for amount_received', () => {
    expect(normalizeStripeEvent(providerEvent(fixture('stripe/event.payment_intent.succeeded.json')))).toEqual([
      {
        kind: 'PaymentSucceeded',
        provider: 'stripe',
        occurredAt: new Date(1748441984 * 1000),
        ref: { providerPaymentId: 'pi_3RTkpYQ8iJWBZFaM1LBHNo0J' },
        amount: { amount: 4620, currency: 'EUR' },
      },
    ]);
    const [old] = normalizeStripeEvent(
      providerEvent(fixture('stripe/event.payment_intent.succeeded.api-2020-08-27.json')),
    );
    expect(old).toMatchObject({ kind: 'PaymentSucceeded', amount: { amount: 2000, currency: 'USD' } });
  });

  it('when charge.refunded embeds its refunds (API before 2022-11-15), then each is a RefundUpdated and nothing needs fetching', () => {
    expect(normalizeStripeEvent(providerEvent(fixture('stripe/event.charge.refunded.api-2020-08-27.json')))).toEqual([
      {
        kind: 'RefundUpdated',
        provider: 'stripe',
        occurredAt: new Date(1648319949 * 1000),
        ref: {},
        providerRefundId: 're_000000000000000000000000',
        amount: { amount: 100, currency: 'USD' },
        status: 'succeeded',
      },
    ]);
  });

  it('when charge.refunded comes without refunds (current API versions), then it is RefundsChanged for the charge’s payment', () => {
    const event = fixture('stripe/event.charge.refunded.api-2020-08-27.json');
    const charge = withoutRefunds((event.data as { object: Json }).object);
    const current = providerEvent({
      ...event,
      api_version: '2026-10-28.endive',
      data: { object: { ...charge, payment_intent: 'pi_3X', metadata: { payment_id: 'pay_1', user_id: 'usr_1' } } },
    });
    expect(normalizeStripeEvent(current)).toEqual([
      {
        kind: 'RefundsChanged',
        provider: 'stripe',
        occurredAt: new Date(1648319949 * 1000),
        ref: { paymentId: 'pay_1', providerPaymentId: 'pi_3X' },
      },
    ]);
  });

  it('when charge.refunded embeds only the newest refunds (has_more), then they are applied and the rest is fetched', () => {
    const event = fixture('stripe/event.charge.refunded.api-2020-08-27.json');
    const charge = (event.data as { object: Json }).object;
    const events = normalizeStripeEvent(
      withObject('stripe/event.charge.refunded.api-2020-08-27.json', {
        payment_intent: 'pi_3X',
        refunds: { ...(charge.refunds as Json), has_more: true },
      }),
    );
    expect(events.map((e) => e.kind)).toEqual(['RefundUpdated', 'RefundsChanged']);
    expect(events[0]).toMatchObject({
      ref: { providerPaymentId: 'pi_3X' },
      providerRefundId: 're_000000000000000000000000',
    });
    expect(events[1]).toMatchObject({ ref: { providerPaymentId: 'pi_3X' } });
  });

  it('when charge.refunded names neither a payment intent nor our payment, then nothing can be fetched and it maps to nothing', () => {
    const event = fixture('stripe/event.charge.refunded.api-2020-08-27.json');
    const charge = withoutRefunds((event.data as { object: Json }).object);
    expect(normalizeStripeEvent(providerEvent({ ...event, data: { object: charge } }))).toEqual([]);
  });

  const ourRefund = (patch: Json = {}): Json => ({
    ...fixture<Json>('stripe/object.refund.json'),
    payment_intent: 'pi_1',
    metadata: { payment_id: 'pay_1', refund_id: 'rf_1' },
    status: 'pending',
    ...patch,
  });
  const refundDelivery = (type: string, refund: Json): ProviderEvent =>
    providerEvent({ id: 'evt_1', object: 'event', type, created: 1700000000, data: { object: refund } });

  it('when any refund event arrives for our refund, then it is RefundUpdated with our payment and refund ids and the refund’s status', () => {
    for (const type of ['refund.created', 'refund.updated', 'refund.failed', 'charge.refund.updated']) {
      expect(normalizeStripeEvent(refundDelivery(type, ourRefund()))).toEqual([
        {
          kind: 'RefundUpdated',
          provider: 'stripe',
          occurredAt: new Date(1700000000 * 1000),
          ref: { paymentId: 'pay_1', providerPaymentId: 'pi_1' },
          providerRefundId: 're_1Pgc72B7WZ01zgkWqPvrRrPE',
          refundId: 'rf_1',
          amount: { amount: 100, currency: 'USD' },
          status: 'pending',
        },
      ]);
    }
  });

  it('when a refund fails after succeeding (card 5126), then refund.failed carries failure_reason as failureReason', () => {
    const [failed] = normalizeStripeEvent(
      refundDelivery('refund.failed', ourRefund({ status: 'failed', failure_reason: 'expired_or_canceled_card' })),
    );
    expect(failed).toMatchObject({ status: 'failed', failureReason: 'expired_or_canceled_card', refundId: 'rf_1' });
    const [canceled] = normalizeStripeEvent(
      refundDelivery('refund.updated', ourRefund({ status: 'canceled', failure_reason: 'merchant_request' })),
    );
    expect(canceled).toMatchObject({ status: 'canceled', failureReason: 'merchant_request' });
    // A reason on a refund that did not fail explains nothing.
    const [ok] = normalizeStripeEvent(
      refundDelivery('refund.updated', ourRefund({ status: 'succeeded', failure_reason: 'unknown' })),
    );
    expect(ok).not.toHaveProperty('failureReason');
  });

  it('when Stripe reports requires_action or a status we do not know, then it is requires_action or still pending', () => {
    const status = (s: string) => normalizeStripeEvent(refundDelivery('refund.updated', ourRefund({ status: s })))[0];
    expect(status('requires_action')).toMatchObject({ status: 'requires_action' });
    expect(status('succeeded')).toMatchObject({ status: 'succeeded' });
    expect(status('something_new')).toMatchObject({ status: 'pending' });
  });

  it('when the refund was made in the dashboard, then it has no refundId and links by payment intent, or by its expanded charge', () => {
    const [dashboard] = normalizeStripeEvent(refundDelivery('refund.created', ourRefund({ metadata: {} })));
    expect(dashboard).toMatchObject({ ref: { providerPaymentId: 'pi_1' }, status: 'pending' });
    expect(dashboard).not.toHaveProperty('refundId');
    expect(dashboard.ref).not.toHaveProperty('paymentId');
    const [viaCharge] = normalizeStripeEvent(
      refundDelivery(
        'refund.created',
        ourRefund({
          metadata: {},
          payment_intent: null,
          charge: {
            ...fixture<Json>('stripe/object.charge.json'),
            payment_intent: 'pi_2',
            metadata: { payment_id: 'pay_2' },
          },
        }),
      ),
    );
    expect(viaCharge.ref).toEqual({ paymentId: 'pay_2', providerPaymentId: 'pi_2' });
  });

  it('when refund events carry a non-refund object, then they map to nothing', () => {
    expect(normalizeStripeEvent(refundDelivery('refund.updated', fixture('stripe/object.charge.json')))).toEqual([]);
  });

  /** A balance transaction of a dispute, as `balance_transactions` lists them (expanded objects). */
  const disputeTxn = (amount: number): Json => ({
    id: `txn_${amount < 0 ? 'w' : 'r'}`,
    object: 'balance_transaction',
    amount,
    currency: 'usd',
    reporting_category: amount < 0 ? 'dispute' : 'dispute_reversal',
    type: 'adjustment',
  });
  const dispute = (type: string, patch: Json = {}) =>
    normalizeStripeEvent(withObject('stripe/event.charge.dispute.created.json', patch, type));

  it('when a chargeback is created, then it is DisputeUpdated needs_response on the payment intent, funds not yet reported', () => {
    expect(normalizeStripeEvent(providerEvent(fixture('stripe/event.charge.dispute.created.json')))).toEqual([
      {
        kind: 'DisputeUpdated',
        provider: 'stripe',
        occurredAt: new Date(1749106569 * 1000),
        ref: { providerPaymentId: 'pi_3RWXidQ8iJWBZFaM0hwfe7LL' },
        providerDisputeId: 'dp_1RWXieQ8iJWBZFaM572opwWo',
        amount: { amount: 100, currency: 'USD' },
        reason: 'fraudulent',
        status: 'needs_response',
      },
    ]);
  });

  it('when the funds events arrive, then fundsWithdrawn is true for funds_withdrawn and false for funds_reinstated', () => {
    expect(dispute('charge.dispute.funds_withdrawn', { balance_transactions: [disputeTxn(-100)] })[0]).toMatchObject({
      status: 'needs_response',
      fundsWithdrawn: true,
    });
    // The event type wins over a snapshot that does not list the transaction yet.
    expect(dispute('charge.dispute.funds_withdrawn')[0]).toMatchObject({ fundsWithdrawn: true });
    expect(
      dispute('charge.dispute.funds_reinstated', {
        status: 'won',
        balance_transactions: [disputeTxn(-100), disputeTxn(100)],
      })[0],
    ).toMatchObject({ status: 'won', fundsWithdrawn: false });
  });

  it('when another dispute event lists balance transactions, then fundsWithdrawn follows them (sums when expanded, counts ids)', () => {
    const funds = (balance_transactions: unknown[]) =>
      dispute('charge.dispute.updated', { status: 'under_review', balance_transactions })[0];
    expect(funds([disputeTxn(-100)])).toMatchObject({ status: 'under_review', fundsWithdrawn: true });
    expect(funds([disputeTxn(-100), disputeTxn(100)])).toMatchObject({ fundsWithdrawn: false });
    expect(funds(['txn_w'])).toMatchObject({ fundsWithdrawn: true });
    expect(funds(['txn_w', 'txn_r'])).toMatchObject({ fundsWithdrawn: false });
    expect(funds([])).not.toHaveProperty('fundsWithdrawn');
  });

  it('when the dispute is an inquiry (warning_*), then it is inquiry and warning_closed is inquiry_closed', () => {
    const inquiry = fixture('stripe/object.dispute.json');
    const delivery = (type: string, status: string) =>
      normalizeStripeEvent(
        providerEvent({
          id: 'evt_i',
          object: 'event',
          type,
          created: 1700000000,
          data: { object: { ...inquiry, status, payment_intent: 'pi_inq' } },
        }),
      )[0];
    expect(delivery('charge.dispute.created', 'warning_needs_response')).toMatchObject({
      kind: 'DisputeUpdated',
      status: 'inquiry',
      reason: 'general',
      providerDisputeId: 'dp_1Pgc71B7WZ01zgkWMevJiAUx',
      ref: { providerPaymentId: 'pi_inq' },
    });
    expect(delivery('charge.dispute.updated', 'warning_under_review')).toMatchObject({ status: 'inquiry' });
    expect(delivery('charge.dispute.closed', 'warning_closed')).toMatchObject({ status: 'inquiry_closed' });
  });

  it('when a dispute closes, then won is won, and lost, prevented and the appeal states are lost', () => {
    const closed = (status: string) => dispute('charge.dispute.closed', { status })[0];
    expect(closed('won')).toMatchObject({ kind: 'DisputeUpdated', status: 'won' });
    expect(closed('lost')).toMatchObject({ status: 'lost' });
    expect(closed('prevented')).toMatchObject({ status: 'lost' });
    expect(dispute('charge.dispute.updated', { status: 'appeal_needs_response' })[0]).toMatchObject({ status: 'lost' });
    expect(dispute('charge.dispute.updated', { status: 'appeal_under_review' })[0]).toMatchObject({ status: 'lost' });
  });

  it('when the dispute status is one we do not know, then it maps to nothing rather than a guess', () => {
    expect(dispute('charge.dispute.updated', { status: 'something_new' })).toEqual([]);
  });

  it('when the dispute names only its charge, then the ref is empty unless the charge is expanded', () => {
    const inquiry = fixture('stripe/object.dispute.json');
    const delivery = (object: Json) =>
      normalizeStripeEvent(
        providerEvent({ id: 'evt_c', object: 'event', type: 'charge.dispute.created', created: 1, data: { object } }),
      )[0];
    expect(delivery(inquiry)).toMatchObject({ ref: {}, providerDisputeId: 'dp_1Pgc71B7WZ01zgkWMevJiAUx' });
    expect(
      delivery({
        ...inquiry,
        charge: {
          ...fixture<Json>('stripe/object.charge.json'),
          payment_intent: 'pi_c',
          metadata: { payment_id: 'pay_c' },
        },
      }),
    ).toMatchObject({ ref: { paymentId: 'pay_c', providerPaymentId: 'pi_c' } });
  });

  it("when the event type is not one we act on, or the invoice is no subscription's, then it maps to nothing", () => {
    // The recorded invoice.paid is a one-off invoice (`subscription: null`, billing_reason manual).
    expect(normalizeStripeEvent(providerEvent(fixture('stripe/event.invoice.paid.api-2020-08-27.json')))).toEqual([]);
    expect(
      normalizeStripeEvent(withObject('stripe/event.invoice.paid.api-2020-08-27.json', {}, 'invoice.finalized')),
    ).toEqual([]);
  });

  it('when a session object is fetched, then its state implies the events (complete+paid, expired, open with a failed intent, open)', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const session = fixture('stripe/object.checkout.session.payment-mode.json');
    expect(eventsFromSession({ ...session, status: 'open' }, now)).toEqual([]);
    expect(
      eventsFromSession(
        { ...session, status: 'complete', payment_status: 'paid', amount_total: 1999, currency: 'eur' },
        now,
      ),
    ).toEqual([
      expect.objectContaining({ kind: 'PaymentSucceeded', occurredAt: now, amount: { amount: 1999, currency: 'EUR' } }),
    ]);
    expect(eventsFromSession({ ...session, status: 'expired' }, now)).toEqual([
      expect.objectContaining({ kind: 'PaymentCanceled' }),
    ]);
    const failedIntent = {
      id: 'pi_1',
      status: 'requires_payment_method',
      last_payment_error: {
        code: 'card_declined',
        decline_code: 'generic_decline',
        message: 'Your card was declined.',
      },
    };
    expect(eventsFromSession({ ...session, status: 'open', payment_intent: failedIntent }, now)).toEqual([
      expect.objectContaining({
        kind: 'PaymentFailed',
        failureCode: 'generic_decline',
        failureReason: 'Your card was declined.',
        ref: expect.objectContaining({ providerPaymentId: 'pi_1' }),
      }),
    ]);
  });
});

describe('Stripe buyer details (customer_details of a Checkout Session)', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  /** The current-API fixture session, paid, with customer_details as given. */
  const paidSession = (customerDetails: unknown): Json => ({
    ...fixture('stripe/object.checkout.session.payment-mode.json'),
    status: 'complete',
    payment_status: 'paid',
    amount_total: 4900,
    currency: 'eur',
    customer_details: customerDetails,
  });
  const VAT_BUYER = {
    address: {
      city: 'Berlin',
      country: 'DE',
      line1: 'Hauptstraße 1',
      line2: null,
      postal_code: '10115',
      state: 'BE',
    },
    business_name: null,
    email: 'finance@acme.example',
    individual_name: null,
    name: 'Ada Lovelace',
    phone: null,
    tax_exempt: 'none',
    tax_ids: [{ type: 'eu_vat', value: 'DE123456789' }],
  };

  it('when the session has a full billing address and a VAT number, then the buyer has them, state as region, null parts left out', () => {
    expect(sessionBuyer(paidSession(VAT_BUYER))).toEqual({
      name: 'Ada Lovelace',
      email: 'finance@acme.example',
      address: { line1: 'Hauptstraße 1', city: 'Berlin', postalCode: '10115', region: 'BE', country: 'DE' },
      taxIds: [{ type: 'eu_vat', value: 'DE123456789' }],
    });
  });

  it('when customer_details is the generated fixture (all nulls but the email), then only the email is kept and no field reads "null"', () => {
    const buyer = sessionBuyer(fixture('stripe/object.checkout.session.payment-mode.json'));
    expect(buyer).toEqual({ email: 'example@example.com', taxIds: [] });
    expect(JSON.stringify(buyer)).not.toContain('null');
  });

  it('when customer_details is the recorded subscription session (country and postal code only), then the address has just those', () => {
    expect(sessionBuyer(fixture('stripe/object.checkout.session.subscription-mode.json'))).toEqual({
      name: 'Chris Oliver',
      email: 'chris@gorails.com',
      address: { postalCode: '42424', country: 'US' },
      taxIds: [],
    });
  });

  it('when customer_details is missing, null or says nothing, then there is no buyer', () => {
    expect(sessionBuyer({ id: 'cs_1' })).toBeUndefined();
    expect(sessionBuyer({ customer_details: null })).toBeUndefined();
    // The recorded setup-mode session minus its email: address null, tax_ids null.
    const setup = fixture('stripe/object.checkout.session.setup-mode.json');
    expect(sessionBuyer({ ...setup, customer_details: { ...(setup.customer_details as Json), email: null } })).toBe(
      undefined,
    );
    const [event] = eventsFromSession(paidSession(null), now);
    expect(event.kind).toBe('PaymentSucceeded');
    expect(event).not.toHaveProperty('buyer');
  });

  it('when fields are blank, whitespace, of the wrong type or a tax ID lacks its value, then they are left out; the country is upper-cased', () => {
    expect(
      sessionBuyer({
        customer_details: {
          name: '  ',
          email: '',
          address: { line1: ' Via Roma 1 ', line2: '', city: 42, postal_code: null, state: null, country: 'it' },
          tax_ids: [
            { type: 'eu_vat', value: null },
            { type: '', value: 'X' },
            'eu_vat',
            { type: 'it_cf', value: 'RSSMRA80A01H501U' },
          ],
        },
      }),
    ).toEqual({
      address: { line1: 'Via Roma 1', country: 'IT' },
      taxIds: [{ type: 'it_cf', value: 'RSSMRA80A01H501U' }],
    });
  });

  it('when the buyer bought as a business, then the business name (the tax ID holder) is the name, before the cardholder', () => {
    expect(sessionBuyer({ customer_details: { ...VAT_BUYER, business_name: 'ACME GmbH' } })?.name).toBe('ACME GmbH');
    expect(sessionBuyer({ customer_details: { ...VAT_BUYER, name: null, individual_name: 'Ada L.' } })?.name).toBe(
      'Ada L.',
    );
  });

  it('when checkout.session.completed or async_payment_succeeded is paid, or a fetched session is complete, then PaymentSucceeded carries the buyer', () => {
    const expected = expect.objectContaining({ taxIds: [{ type: 'eu_vat', value: 'DE123456789' }] });
    for (const type of ['checkout.session.completed', 'checkout.session.async_payment_succeeded']) {
      const [event] = normalizeStripeEvent(
        withObject(
          'stripe/event.checkout.session.completed.api-2020-08-27.json',
          { customer_details: VAT_BUYER },
          type,
        ),
      );
      expect(event).toMatchObject({ kind: 'PaymentSucceeded', buyer: expected });
    }
    expect(eventsFromSession(paidSession(VAT_BUYER), now)).toEqual([
      expect.objectContaining({ kind: 'PaymentSucceeded', buyer: expected }),
    ]);
  });

  it('when the payment is only processing, or comes from a PaymentIntent, then there is no buyer', () => {
    const [processing] = normalizeStripeEvent(
      withObject('stripe/event.checkout.session.completed.api-2020-08-27.json', {
        payment_status: 'unpaid',
        customer_details: VAT_BUYER,
      }),
    );
    expect(processing.kind).toBe('PaymentProcessing');
    expect(processing).not.toHaveProperty('buyer');
    const intent = fixture<{ data: { object: Json } }>('stripe/event.payment_intent.succeeded.json').data.object;
    const [fromIntent] = eventsFromPaymentIntent({ ...intent, status: 'succeeded' }, now);
    expect(fromIntent.kind).toBe('PaymentSucceeded');
    expect(fromIntent).not.toHaveProperty('buyer');
  });
});
