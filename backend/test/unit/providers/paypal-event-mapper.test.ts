import type { ProviderEvent } from '../../../src/providers/payment-provider';
import {
  disputeUpdated,
  eventsFromOrder,
  normalizePayPalEvent,
  parsePayPalTime,
  payerBuyer,
  payPalDisputeState,
} from '../../../src/providers/paypal/paypal-event-mapper';
import { fixture } from './fixtures';
import { paymentRefOf } from '../../support/event-refs';

type Json = Record<string, unknown>;

function providerEvent(payload: Json, createdAt = new Date('2024-08-02T19:35:04Z')): ProviderEvent {
  return { provider: 'paypal', id: payload.id as string, type: payload.event_type as string, createdAt, payload };
}

function withResource(file: string, patch: Json, eventType?: string): ProviderEvent {
  const event = fixture(file);
  return providerEvent({
    ...event,
    ...(eventType ? { event_type: eventType } : {}),
    resource: { ...(event.resource as Json), ...patch },
  });
}

describe('PayPal event normalization (real fixtures)', () => {
  it('when an order is approved (status APPROVED, nothing captured), then it is PaymentApproved for the order and our custom_id', () => {
    const event = fixture('paypal/event.CHECKOUT.ORDER.APPROVED.json');
    const resource = event.resource as { purchase_units: Json[] };
    const approved = (unit: Json) => ({
      ...event,
      resource: {
        ...resource,
        status: 'APPROVED',
        purchase_units: [{ ...resource.purchase_units[0], payments: undefined, ...unit }],
      },
    });
    expect(normalizePayPalEvent(providerEvent(approved({})))).toEqual([
      {
        kind: 'PaymentApproved',
        provider: 'paypal',
        occurredAt: new Date('2025-05-27T18:12:02.443Z'),
        ref: { providerSessionId: '6WL92139PJ904505J' },
      },
    ]);
    expect(normalizePayPalEvent(providerEvent(approved({ custom_id: 'pay_42' })))[0].ref).toEqual({
      paymentId: 'pay_42',
      providerSessionId: '6WL92139PJ904505J',
    });
  });

  it('when CHECKOUT.ORDER.APPROVED arrives for an order already COMPLETED (the recorded sandbox delivery), then its capture is reported (unconfirmed), not an approval to capture again', () => {
    expect(normalizePayPalEvent(providerEvent(fixture('paypal/event.CHECKOUT.ORDER.APPROVED.json')))).toEqual([
      {
        kind: 'PaymentSucceeded',
        unconfirmed: true,
        provider: 'paypal',
        occurredAt: new Date('2025-05-27T18:12:02.443Z'),
        ref: { providerSessionId: '6WL92139PJ904505J', providerPaymentId: '6XC459040S826315S' },
        amount: { amount: 1000, currency: 'BRL' },
        // The order's payer; its payment_source tax_info (BR_CPF) is not a tax ID we read.
        buyer: {
          name: 'John Doe',
          email: 'sb-ujls540857522@personal.example.com',
          address: { country: 'BR' },
          taxIds: [],
        },
      },
    ]);
  });

  it('when a capture completes, then it is PaymentSucceeded with capture id, order id and amount, unconfirmed until PayPal is asked', () => {
    expect(normalizePayPalEvent(providerEvent(fixture('paypal/event.PAYMENT.CAPTURE.COMPLETED.json')))).toEqual([
      {
        kind: 'PaymentSucceeded',
        unconfirmed: true,
        provider: 'paypal',
        occurredAt: new Date('2019-02-14T21:50:07.940Z'),
        ref: { providerSessionId: '1AB234567A1234567', providerPaymentId: '12A34567BC123456S' },
        amount: { amount: 3000, currency: 'USD' },
      },
    ]);
    const [mine] = normalizePayPalEvent(
      withResource('paypal/event.PAYMENT.CAPTURE.COMPLETED.json', { custom_id: 'pay_7' }),
    );
    expect(paymentRefOf(mine).paymentId).toBe('pay_7');
  });

  it('when the capture has no supplementary order id, then the order id comes from its "up" link', () => {
    const [event] = normalizePayPalEvent(
      withResource('paypal/event.PAYMENT.CAPTURE.COMPLETED.json', { supplementary_data: undefined }),
    );
    expect(paymentRefOf(event).providerSessionId).toBe('1AB234567A1234567');
  });

  it('when a capture is pending, then it is PaymentProcessing', () => {
    const events = normalizePayPalEvent(
      withResource(
        'paypal/event.PAYMENT.CAPTURE.COMPLETED.json',
        { status: 'PENDING', status_details: { reason: 'PENDING_REVIEW' } },
        'PAYMENT.CAPTURE.PENDING',
      ),
    );
    expect(events).toEqual([
      expect.objectContaining({
        kind: 'PaymentProcessing',
        ref: expect.objectContaining({ providerPaymentId: '12A34567BC123456S' }),
      }),
    ]);
  });

  it('when a capture is denied, then it is PaymentFailed on that capture and order', () => {
    expect(normalizePayPalEvent(providerEvent(fixture('paypal/event.PAYMENT.CAPTURE.DENIED.json')))).toEqual([
      {
        kind: 'PaymentFailed',
        provider: 'paypal',
        occurredAt: new Date('2022-04-05T10:37:05Z'),
        ref: { providerSessionId: '1BV95196WW992540E', providerPaymentId: '56U00550J8319094C' },
        failureCode: 'capture_declined',
        failureReason: expect.any(String),
      },
    ]);
  });

  it('when a capture is declined by the processor (PAYMENT.CAPTURE.DECLINED), then it is PaymentFailed like a denial', () => {
    const events = normalizePayPalEvent(
      withResource('paypal/event.PAYMENT.CAPTURE.DENIED.json', {}, 'PAYMENT.CAPTURE.DECLINED'),
    );
    expect(events).toEqual([
      expect.objectContaining({
        kind: 'PaymentFailed',
        failureCode: 'capture_declined',
        ref: { providerSessionId: '1BV95196WW992540E', providerPaymentId: '56U00550J8319094C' },
      }),
    ]);
  });

  it('when a dashboard refund arrives (recorded simulator event), then it is RefundUpdated on the capture from the "up" link, with no refund id of ours', () => {
    expect(normalizePayPalEvent(providerEvent(fixture('paypal/event.PAYMENT.CAPTURE.REFUNDED.json')))).toEqual([
      {
        kind: 'RefundUpdated',
        provider: 'paypal',
        occurredAt: new Date('2018-08-15T19:14:04.543Z'),
        ref: { providerPaymentId: '0JF852973C016714D' },
        providerRefundId: '1Y107995YT783435V',
        amount: { amount: 99, currency: 'USD' },
        status: 'succeeded',
      },
    ]);
  });

  it('when our refund is announced, then custom_id is our payment id and invoice_id our refund id', () => {
    const [event] = normalizePayPalEvent(
      withResource('paypal/event.PAYMENT.CAPTURE.REFUNDED.json', { custom_id: 'pay_7', invoice_id: 'ref_7_1' }),
    );
    expect(event).toMatchObject({
      kind: 'RefundUpdated',
      refundId: 'ref_7_1',
      ref: { paymentId: 'pay_7', providerPaymentId: '0JF852973C016714D' },
    });
  });

  it('when a dashboard refund carries an invoice number the merchant typed (no custom_id), then it is not taken for our refund id', () => {
    const [event] = normalizePayPalEvent(
      withResource('paypal/event.PAYMENT.CAPTURE.REFUNDED.json', { invoice_id: 'INVOICE-123' }),
    );
    expect(event).toMatchObject({ kind: 'RefundUpdated', providerRefundId: '1Y107995YT783435V' });
    expect(event).not.toHaveProperty('refundId');
  });

  it('when a refund is PENDING, then later COMPLETED or FAILED (all as PAYMENT.CAPTURE.REFUNDED), then the resource status decides each time', () => {
    const at = (status: string, extra: Json = {}) =>
      normalizePayPalEvent(
        withResource('paypal/event.PAYMENT.CAPTURE.REFUNDED.json', {
          status,
          custom_id: 'pay_7',
          invoice_id: 'ref_7_1',
          ...extra,
        }),
      )[0];
    expect(at('PENDING', { status_details: { reason: 'ECHECK' } })).toMatchObject({
      status: 'pending',
      refundId: 'ref_7_1',
    });
    expect(at('PENDING')).not.toHaveProperty('failureReason');
    expect(at('COMPLETED')).toMatchObject({ status: 'succeeded' });
    expect(at('FAILED', { status_details: { reason: 'ECHECK' } })).toMatchObject({
      status: 'failed',
      failureReason: 'echeck',
    });
    expect(at('FAILED')).toMatchObject({ status: 'failed', failureReason: 'refund_failed' });
    expect(at('CANCELLED')).toMatchObject({ status: 'canceled' });
  });

  it('when PAYMENT.CAPTURE.REFUNDED carries the capture instead of the refund, then it is RefundsChanged for that capture (the refunds are fetched)', () => {
    const completed = fixture('paypal/event.PAYMENT.CAPTURE.COMPLETED.json');
    const events = normalizePayPalEvent(
      providerEvent({
        ...completed,
        event_type: 'PAYMENT.CAPTURE.REFUNDED',
        resource: { ...(completed.resource as Json), status: 'REFUNDED' },
      }),
    );
    expect(events).toEqual([
      {
        kind: 'RefundsChanged',
        provider: 'paypal',
        occurredAt: new Date('2019-02-14T21:50:07.940Z'),
        ref: { providerSessionId: '1AB234567A1234567', providerPaymentId: '12A34567BC123456S' },
      },
    ]);
  });

  it('when PayPal reverses a capture (recorded PAYMENT.CAPTURE.REVERSED), then it is PaymentReversed with the reversal id, not a refund', () => {
    expect(normalizePayPalEvent(providerEvent(fixture('paypal/event.PAYMENT.CAPTURE.REVERSED.json')))).toEqual([
      {
        kind: 'PaymentReversed',
        provider: 'paypal',
        occurredAt: new Date('2018-08-15T21:30:35.780Z'),
        ref: { providerPaymentId: '4L335234718889942' },
        providerReversalId: '09E71677NS257044M',
        amount: { amount: 251, currency: 'USD' },
      },
    ]);
  });

  it('when an order is voided, then it is PaymentCanceled', () => {
    const events = normalizePayPalEvent(
      withResource('paypal/event.CHECKOUT.ORDER.APPROVED.json', { status: 'VOIDED' }, 'CHECKOUT.ORDER.VOIDED'),
    );
    expect(events).toEqual([
      expect.objectContaining({
        kind: 'PaymentCanceled',
        reason: 'voided',
        ref: { providerSessionId: '6WL92139PJ904505J' },
      }),
    ]);
  });

  it('when the recorded simulator deliveries are normalized, then impossible dates fall back to the event time and each type maps to its events', () => {
    const { deliveries } = fixture<{ deliveries: Array<{ event_type: string; raw_body: string }> }>(
      'paypal/webhook-deliveries.simulator-signed-2024.json',
    );
    const fallback = new Date('2024-07-30T17:17:31Z');
    for (const d of deliveries) {
      const events = normalizePayPalEvent(providerEvent(JSON.parse(d.raw_body) as Json, fallback));
      const kinds: Record<string, string[]> = {
        'PAYMENT.CAPTURE.COMPLETED': ['PaymentSucceeded'],
        'PAYMENT.CAPTURE.REFUNDED': ['RefundUpdated'],
        'BILLING.SUBSCRIPTION.CREATED': ['SubscriptionChanged'],
        'BILLING.SUBSCRIPTION.CANCELLED': ['SubscriptionChanged'],
        'BILLING.SUBSCRIPTION.PAYMENT.FAILED': ['SubscriptionChanged', 'SubscriptionPaymentFailed'],
        // A one-off v1 sale (no billing_agreement_id): no subscription's payment.
        'PAYMENT.SALE.COMPLETED': [],
      };
      expect([d.event_type, events.map((e) => e.kind)]).toEqual([d.event_type, kinds[d.event_type]]);
      for (const e of events) expect(Number.isNaN(e.occurredAt.getTime())).toBe(false);
    }
  });

  it('when parsing PayPal times, then valid instants parse and simulator nonsense does not', () => {
    expect(parsePayPalTime('2018-08-15T12:13:29-07:00')).toEqual(new Date('2018-08-15T19:13:29Z'));
    expect(parsePayPalTime('2018-19-12T22:20:32.000Z')).toBeUndefined();
    expect(parsePayPalTime('yesterday')).toBeUndefined();
    expect(parsePayPalTime(undefined)).toBeUndefined();
  });

  it('when an order is read (capture response or GET), then its status and capture imply the events', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    const captured = fixture('paypal/order.capture.response.json');
    expect(eventsFromOrder(captured, at)).toEqual([
      {
        kind: 'PaymentSucceeded',
        provider: 'paypal',
        occurredAt: at,
        ref: { providerSessionId: '5O190127TN364715T', providerPaymentId: '3C679366HH908993F' },
        amount: { amount: 10000, currency: 'USD' },
        buyer: { name: 'John Doe', email: 'customer@example.com', taxIds: [] },
      },
    ]);
    expect(eventsFromOrder({ id: 'O1', status: 'APPROVED', purchase_units: [{ custom_id: 'pay_1' }] }, at)).toEqual([
      {
        kind: 'PaymentApproved',
        provider: 'paypal',
        occurredAt: at,
        ref: { paymentId: 'pay_1', providerSessionId: 'O1' },
      },
    ]);
    expect(eventsFromOrder({ ...fixture('paypal/order.create.response.json') }, at)).toEqual([]);
    expect(eventsFromOrder({ id: 'O1', status: 'VOIDED' }, at)).toEqual([
      expect.objectContaining({ kind: 'PaymentCanceled' }),
    ]);
  });
});

describe('PayPal disputes (real fixtures)', () => {
  const created = () => fixture('paypal/event.CUSTOMER.DISPUTE.CREATED.json');
  const withDispute = (patch: Json, eventType = 'CUSTOMER.DISPUTE.UPDATED') => {
    const event = created();
    return providerEvent({ ...event, event_type: eventType, resource: { ...(event.resource as Json), ...patch } });
  };

  it('when an inquiry is opened (recorded CUSTOMER.DISPUTE.CREATED), then it is DisputeUpdated inquiry on our capture, money not moved', () => {
    expect(normalizePayPalEvent(providerEvent(created()))).toEqual([
      {
        kind: 'DisputeUpdated',
        provider: 'paypal',
        occurredAt: new Date('2018-06-21T13:36:33.000Z'),
        ref: { providerPaymentId: '9TS07843BJ4720137' },
        providerDisputeId: 'PP-000-042-663-135',
        amount: { amount: 300, currency: 'USD' },
        reason: 'merchandise_or_service_not_received',
        status: 'inquiry',
      },
    ]);
  });

  it('when the disputed transaction carries `custom`, then it is our payment id', () => {
    const resource = created().resource as Json & { disputed_transactions: Json[] };
    const [event] = normalizePayPalEvent(
      withDispute({ disputed_transactions: [{ ...resource.disputed_transactions[0], custom: 'pay_42' }] }),
    );
    expect(event.ref).toEqual({ paymentId: 'pay_42', providerPaymentId: '9TS07843BJ4720137' });
  });

  it('when a resolved chargeback is fetched (recorded GET dispute), then it is lost with the money withdrawn (transaction REVERSED)', () => {
    const at = new Date('2026-03-01T00:00:00Z');
    expect(disputeUpdated(fixture('paypal/dispute.get.response.json'), at)).toEqual({
      kind: 'DisputeUpdated',
      provider: 'paypal',
      occurredAt: at,
      ref: { providerPaymentId: '3BC38643YC807283D' },
      providerDisputeId: 'PP-D-4012',
      amount: { amount: 9600, currency: 'USD' },
      reason: 'merchandise_or_service_not_as_described',
      status: 'lost',
      fundsWithdrawn: true,
    });
  });

  it('when money_movements show the debit and its credit, then fundsWithdrawn follows the balance (debit only = withdrawn, both = reinstated)', () => {
    const usd = (value: string) => ({ currency_code: 'USD', value });
    const debit = { affected_party: 'SELLER', type: 'DEBIT', amount: usd('3.00'), reason: 'DISPUTE_SETTLEMENT' };
    const credit = { ...debit, type: 'CREDIT' };
    const stage = { dispute_life_cycle_stage: 'CHARGEBACK', status: 'WAITING_FOR_SELLER_RESPONSE' };
    expect(normalizePayPalEvent(withDispute({ ...stage, money_movements: [debit] }))[0]).toMatchObject({
      status: 'needs_response',
      fundsWithdrawn: true,
    });
    const won = { status: 'RESOLVED', dispute_outcome: { outcome_code: 'RESOLVED_SELLER_FAVOUR' } };
    expect(normalizePayPalEvent(withDispute({ ...stage, ...won, money_movements: [debit, credit] }))[0]).toMatchObject({
      status: 'won',
      fundsWithdrawn: false,
    });
    expect(normalizePayPalEvent(providerEvent(created()))[0]).not.toHaveProperty('fundsWithdrawn');
  });

  it('when CUSTOMER.DISPUTE.RESOLVED arrives while the resource still says OPEN, then the event type settles it by the outcome', () => {
    const event = withDispute(
      {
        dispute_life_cycle_stage: 'CHARGEBACK',
        status: 'OPEN',
        dispute_outcome: { outcome_code: 'RESOLVED_SELLER_FAVOUR' },
      },
      'CUSTOMER.DISPUTE.RESOLVED',
    );
    expect(normalizePayPalEvent(event)[0]).toMatchObject({ status: 'won' });
  });

  it('when a dispute has no dispute_amount, then the disputed transaction’s gross amount is used; with neither, nothing is emitted', () => {
    const resource = created().resource as Json & { disputed_transactions: Json[] };
    const tx = { ...resource.disputed_transactions[0], gross_amount: { currency_code: 'EUR', value: '12.00' } };
    expect(
      normalizePayPalEvent(withDispute({ dispute_amount: undefined, disputed_transactions: [tx] }))[0],
    ).toMatchObject({
      amount: { amount: 1200, currency: 'EUR' },
    });
    expect(normalizePayPalEvent(withDispute({ dispute_amount: undefined }))).toEqual([]);
  });

  describe('state table (stage, status, outcome)', () => {
    const cases: Array<[string, Json, string]> = [
      ['an open inquiry', { dispute_life_cycle_stage: 'INQUIRY', status: 'OPEN' }, 'inquiry'],
      [
        'an inquiry waiting for us',
        { dispute_life_cycle_stage: 'INQUIRY', status: 'WAITING_FOR_SELLER_RESPONSE' },
        'inquiry',
      ],
      [
        'an inquiry resolved for us',
        {
          dispute_life_cycle_stage: 'INQUIRY',
          status: 'RESOLVED',
          dispute_outcome: { outcome_code: 'RESOLVED_SELLER_FAVOUR' },
        },
        'inquiry_closed',
      ],
      [
        'an inquiry canceled by the buyer',
        {
          dispute_life_cycle_stage: 'INQUIRY',
          status: 'RESOLVED',
          dispute_outcome: { outcome_code: 'CANCELED_BY_BUYER' },
        },
        'inquiry_closed',
      ],
      [
        'an inquiry whose claim we accepted',
        { dispute_life_cycle_stage: 'INQUIRY', status: 'RESOLVED', dispute_outcome: { outcome_code: 'ACCEPTED' } },
        'lost',
      ],
      [
        'an inquiry resolved with no outcome',
        { dispute_life_cycle_stage: 'INQUIRY', status: 'RESOLVED' },
        'inquiry_closed',
      ],
      [
        'a chargeback waiting for us',
        { dispute_life_cycle_stage: 'CHARGEBACK', status: 'WAITING_FOR_SELLER_RESPONSE' },
        'needs_response',
      ],
      ['a fresh claim', { dispute_life_cycle_stage: 'CHARGEBACK', status: 'OPEN' }, 'needs_response'],
      [
        'a chargeback under PayPal review',
        { dispute_life_cycle_stage: 'CHARGEBACK', status: 'UNDER_REVIEW' },
        'under_review',
      ],
      [
        'a claim waiting for the buyer',
        { dispute_life_cycle_stage: 'CHARGEBACK', status: 'WAITING_FOR_BUYER_RESPONSE' },
        'under_review',
      ],
      [
        'a pre-arbitration waiting for us',
        { dispute_life_cycle_stage: 'PRE_ARBITRATION', status: 'WAITING_FOR_SELLER_RESPONSE' },
        'needs_response',
      ],
      ['an arbitration in review', { dispute_life_cycle_stage: 'ARBITRATION', status: 'UNDER_REVIEW' }, 'under_review'],
      [
        'a chargeback won',
        {
          dispute_life_cycle_stage: 'CHARGEBACK',
          status: 'RESOLVED',
          dispute_outcome: { outcome_code: 'RESOLVED_SELLER_FAVOUR' },
        },
        'won',
      ],
      [
        'a claim canceled by the buyer',
        {
          dispute_life_cycle_stage: 'CHARGEBACK',
          status: 'RESOLVED',
          dispute_outcome: { outcome_code: 'CANCELED_BY_BUYER' },
        },
        'won',
      ],
      [
        'a claim denied',
        { dispute_life_cycle_stage: 'CHARGEBACK', status: 'RESOLVED', dispute_outcome: { outcome_code: 'DENIED' } },
        'won',
      ],
      [
        'a chargeback lost',
        {
          dispute_life_cycle_stage: 'CHARGEBACK',
          status: 'RESOLVED',
          dispute_outcome: { outcome_code: 'RESOLVED_BUYER_FAVOUR' },
        },
        'lost',
      ],
      [
        'a claim we accepted',
        { dispute_life_cycle_stage: 'CHARGEBACK', status: 'RESOLVED', dispute_outcome: { outcome_code: 'ACCEPTED' } },
        'lost',
      ],
      [
        'a claim PayPal paid out',
        {
          dispute_life_cycle_stage: 'ARBITRATION',
          status: 'RESOLVED',
          dispute_outcome: { outcome_code: 'RESOLVED_WITH_PAYOUT' },
        },
        'lost',
      ],
      [
        'a chargeback resolved with outcome NONE',
        { dispute_life_cycle_stage: 'CHARGEBACK', status: 'RESOLVED', dispute_outcome: { outcome_code: 'NONE' } },
        'under_review',
      ],
      ['a dispute without a stage, waiting for us', { status: 'WAITING_FOR_SELLER_RESPONSE' }, 'needs_response'],
    ];
    it.each(cases.map(([what, dispute, expected]) => [what, expected, dispute] as const))(
      'when the dispute is %s, then it is %s',
      (_what, expected, dispute) => {
        expect(payPalDisputeState(dispute)).toBe(expected);
      },
    );
  });
});

describe('PayPal buyer details (the order payer)', () => {
  const at = new Date('2026-01-01T00:00:00Z');
  const captured = () => fixture('paypal/order.capture.response.json');
  const ADDRESS = {
    address_line_1: '2211 N First Street',
    address_line_2: 'Building 17',
    admin_area_2: 'San Jose',
    admin_area_1: 'CA',
    postal_code: '95131',
    country_code: 'US',
  };

  it('when the payer has an address, then every part maps: admin_area_2 is the city, admin_area_1 the region; no tax IDs', () => {
    const order = { ...captured(), payer: { ...(captured().payer as Json), address: ADDRESS } };
    expect(payerBuyer(order)).toEqual({
      name: 'John Doe',
      email: 'customer@example.com',
      address: {
        line1: '2211 N First Street',
        line2: 'Building 17',
        city: 'San Jose',
        region: 'CA',
        postalCode: '95131',
        country: 'US',
      },
      taxIds: [],
    });
    expect(eventsFromOrder(order, at)).toEqual([
      expect.objectContaining({ kind: 'PaymentSucceeded', buyer: payerBuyer(order) }),
    ]);
  });

  it('when the payer has no address (recorded capture answer), then there is none: the shipping address is not the billing one', () => {
    const order = captured();
    // The recorded answer ships to an address; the buyer's is not given.
    expect(JSON.stringify(order.purchase_units)).toContain('San Jose');
    expect(payerBuyer(order)).toEqual({ name: 'John Doe', email: 'customer@example.com', taxIds: [] });
  });

  it('when parts of the payer are missing or blank, then they are left out, and a payer with nothing left is no buyer', () => {
    expect(
      payerBuyer({
        payer: { name: { given_name: 'Grace', surname: ' ' }, address: { country_code: 'it', postal_code: '' } },
      }),
    ).toEqual({ name: 'Grace', address: { country: 'IT' }, taxIds: [] });
    expect(payerBuyer({ payer: { name: { full_name: 'Grace Hopper' } } })).toEqual({
      name: 'Grace Hopper',
      taxIds: [],
    });
    expect(payerBuyer({ payer: { payer_id: 'QYR5Z8XDVJNXQ', name: {}, address: {} } })).toBeUndefined();
    expect(payerBuyer({ id: 'O1' })).toBeUndefined();
    const [event] = eventsFromOrder({ ...captured(), payer: null }, at);
    expect(event.kind).toBe('PaymentSucceeded');
    expect(event).not.toHaveProperty('buyer');
  });

  it('when a capture webhook or a capture fetched by id is read, then there is no payer and so no buyer', () => {
    const [fromWebhook] = normalizePayPalEvent(providerEvent(fixture('paypal/event.PAYMENT.CAPTURE.COMPLETED.json')));
    expect(fromWebhook.kind).toBe('PaymentSucceeded');
    expect(fromWebhook).not.toHaveProperty('buyer');
  });

  it('when the order is COMPLETED but its capture is only PENDING, then it is PaymentProcessing without a buyer', () => {
    const order = captured();
    const unit = (order.purchase_units as Json[])[0];
    const payments = unit.payments as { captures: Json[] };
    const pending = {
      ...order,
      purchase_units: [{ ...unit, payments: { captures: [{ ...payments.captures[0], status: 'PENDING' }] } }],
    };
    const [event] = eventsFromOrder(pending, at);
    expect(event.kind).toBe('PaymentProcessing');
    expect(event).not.toHaveProperty('buyer');
  });
});
