import type { ProviderEvent } from '../../../src/providers/payment-provider';
import {
  eventsFromOrder,
  normalizePayPalEvent,
  parsePayPalTime,
} from '../../../src/providers/paypal/paypal-event-mapper';
import { fixture } from './fixtures';

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
  it('when an order is approved, then it is PaymentApproved for the order and our custom_id', () => {
    const event = fixture('paypal/event.CHECKOUT.ORDER.APPROVED.json');
    expect(normalizePayPalEvent(providerEvent(event))).toEqual([
      {
        kind: 'PaymentApproved',
        provider: 'paypal',
        occurredAt: new Date('2025-05-27T18:12:02.443Z'),
        ref: { providerSessionId: '6WL92139PJ904505J' },
      },
    ]);
    const resource = event.resource as { purchase_units: Json[] };
    const withCustom = {
      ...event,
      resource: { ...resource, purchase_units: [{ ...resource.purchase_units[0], custom_id: 'pay_42' }] },
    };
    expect(normalizePayPalEvent(providerEvent(withCustom))[0].ref).toEqual({
      paymentId: 'pay_42',
      providerSessionId: '6WL92139PJ904505J',
    });
  });

  it('when a capture completes, then it is PaymentSucceeded with capture id, order id and amount', () => {
    expect(normalizePayPalEvent(providerEvent(fixture('paypal/event.PAYMENT.CAPTURE.COMPLETED.json')))).toEqual([
      {
        kind: 'PaymentSucceeded',
        provider: 'paypal',
        occurredAt: new Date('2019-02-14T21:50:07.940Z'),
        ref: { providerSessionId: '1AB234567A1234567', providerPaymentId: '12A34567BC123456S' },
        amount: { amount: 3000, currency: 'USD' },
      },
    ]);
    const [mine] = normalizePayPalEvent(
      withResource('paypal/event.PAYMENT.CAPTURE.COMPLETED.json', { custom_id: 'pay_7' }),
    );
    expect(mine.ref.paymentId).toBe('pay_7');
  });

  it('when the capture has no supplementary order id, then the order id comes from its "up" link', () => {
    const [event] = normalizePayPalEvent(
      withResource('paypal/event.PAYMENT.CAPTURE.COMPLETED.json', { supplementary_data: undefined }),
    );
    expect(event.ref.providerSessionId).toBe('1AB234567A1234567');
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

  it('when a capture is refunded or reversed, then it is RefundUpdated on the capture from the "up" link', () => {
    const expected = {
      kind: 'RefundUpdated',
      provider: 'paypal',
      occurredAt: new Date('2018-08-15T19:14:04.543Z'),
      ref: { providerPaymentId: '0JF852973C016714D' },
      providerRefundId: '1Y107995YT783435V',
      amount: { amount: 99, currency: 'USD' },
      status: 'succeeded',
    };
    expect(normalizePayPalEvent(providerEvent(fixture('paypal/event.PAYMENT.CAPTURE.REFUNDED.json')))).toEqual([
      expected,
    ]);
    expect(
      normalizePayPalEvent(withResource('paypal/event.PAYMENT.CAPTURE.REFUNDED.json', {}, 'PAYMENT.CAPTURE.REVERSED')),
    ).toEqual([expected]);
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

  it('when the recorded simulator deliveries are normalized, then impossible dates fall back to the event time and unknown types map to nothing', () => {
    const { deliveries } = fixture<{ deliveries: Array<{ event_type: string; raw_body: string }> }>(
      'paypal/webhook-deliveries.simulator-signed-2024.json',
    );
    const fallback = new Date('2024-07-30T17:17:31Z');
    for (const d of deliveries) {
      const events = normalizePayPalEvent(providerEvent(JSON.parse(d.raw_body) as Json, fallback));
      if (d.event_type === 'PAYMENT.CAPTURE.COMPLETED') expect(events.map((e) => e.kind)).toEqual(['PaymentSucceeded']);
      else if (d.event_type === 'PAYMENT.CAPTURE.REFUNDED')
        expect(events.map((e) => e.kind)).toEqual(['RefundUpdated']);
      else expect(events).toEqual([]); // subscriptions and v1 sales are not course purchases
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
