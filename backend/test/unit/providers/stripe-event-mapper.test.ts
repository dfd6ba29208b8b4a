import { normalizeStripeEvent, eventsFromSession } from '../../../src/providers/stripe/stripe-event-mapper';
import type { ProviderEvent } from '../../../src/providers/payment-provider';
import { fixture } from './fixtures';

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
    expect(event.ref.paymentId).toBe('pay_meta');
    const [fallback] = normalizeStripeEvent(
      withObject('stripe/event.checkout.session.completed.api-2020-08-27.json', { client_reference_id: 'pay_ref' }),
    );
    expect(fallback.ref.paymentId).toBe('pay_ref');
  });

  it('when the session payment_intent is expanded, then its id is used', () => {
    const [event] = normalizeStripeEvent(
      withObject('stripe/event.checkout.session.completed.api-2020-08-27.json', {
        payment_intent: { id: 'pi_expanded', object: 'payment_intent' },
      }),
    );
    expect(event.ref.providerPaymentId).toBe('pi_expanded');
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

  it('when charge.refunded embeds its refunds, then each is a RefundUpdated', () => {
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

  it("when refund.created / refund.updated arrive, then they are RefundUpdated with the refund's status and our payment id", () => {
    const refund = {
      ...fixture('stripe/object.refund.json'),
      payment_intent: 'pi_1',
      metadata: { payment_id: 'pay_1' },
      status: 'pending',
    };
    for (const type of ['refund.created', 'refund.updated']) {
      const events = normalizeStripeEvent(
        providerEvent({ id: 'evt_1', object: 'event', type, created: 1700000000, data: { object: refund } }),
      );
      expect(events).toEqual([
        expect.objectContaining({
          kind: 'RefundUpdated',
          ref: { paymentId: 'pay_1', providerPaymentId: 'pi_1' },
          providerRefundId: 're_1Pgc72B7WZ01zgkWqPvrRrPE',
          amount: { amount: 100, currency: 'USD' },
          status: 'pending',
        }),
      ]);
    }
  });

  it('when a dispute is created, then it is DisputeOpened on the payment intent with amount and reason', () => {
    expect(normalizeStripeEvent(providerEvent(fixture('stripe/event.charge.dispute.created.json')))).toEqual([
      {
        kind: 'DisputeOpened',
        provider: 'stripe',
        occurredAt: new Date(1749106569 * 1000),
        ref: { providerPaymentId: 'pi_3RWXidQ8iJWBZFaM0hwfe7LL' },
        providerDisputeId: 'dp_1RWXieQ8iJWBZFaM572opwWo',
        amount: { amount: 100, currency: 'USD' },
        reason: 'fraudulent',
      },
    ]);
  });

  it('when a dispute closes, then won/warning_closed are won and lost is lost', () => {
    const closed = (status: string) =>
      normalizeStripeEvent(withObject('stripe/event.charge.dispute.created.json', { status }, 'charge.dispute.closed'));
    expect(closed('won')).toEqual([
      expect.objectContaining({
        kind: 'DisputeClosed',
        outcome: 'won',
        providerDisputeId: 'dp_1RWXieQ8iJWBZFaM572opwWo',
      }),
    ]);
    expect(closed('warning_closed')[0]).toMatchObject({ outcome: 'won' });
    expect(closed('lost')[0]).toMatchObject({ outcome: 'lost' });
  });

  it('when the event type is not one we act on, then it maps to nothing', () => {
    for (const file of [
      'stripe/event.invoice.paid.api-2020-08-27.json',
      'stripe/event.customer.subscription.created.api-2020-08-27.json',
    ]) {
      expect(normalizeStripeEvent(providerEvent(fixture(file)))).toEqual([]);
    }
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
