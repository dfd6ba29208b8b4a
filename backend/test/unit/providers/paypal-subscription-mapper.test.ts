import type { ProviderEvent } from '../../../src/providers/payment-provider';
import { normalizePayPalEvent } from '../../../src/providers/paypal/paypal-event-mapper';
import {
  payPalSubscriptionChanged,
  payPalSubscriptionState,
  saleRefundStatus,
} from '../../../src/providers/paypal/paypal-subscription-mapper';
import { fixture } from './fixtures';

type Json = Record<string, unknown>;

/** When the simulator's impossible create_time ("2018-19-12T…") forces the fallback. */
const RECEIVED = new Date('2024-08-02T19:35:04Z');

function providerEvent(payload: Json): ProviderEvent {
  return {
    provider: 'paypal',
    id: payload.id as string,
    type: payload.event_type as string,
    createdAt: RECEIVED,
    payload,
  };
}

function withResource(file: string, patch: Json, eventType?: string): ProviderEvent {
  const event = fixture(file);
  return providerEvent({
    ...event,
    ...(eventType ? { event_type: eventType } : {}),
    resource: { ...(event.resource as Json), ...patch },
  });
}

/** A billing_info with nothing owed and no failure: a paid-up subscription, its first REGULAR cycle billed. */
function paidUp(patch: Json = {}): Json {
  return {
    outstanding_balance: { currency_code: 'EUR', value: '0.00' },
    cycle_executions: [
      { tenure_type: 'REGULAR', sequence: 1, cycles_completed: 1, cycles_remaining: 0, total_cycles: 0 },
    ],
    last_payment: { amount: { currency_code: 'EUR', value: '19.00' }, time: '2026-02-01T10:00:00Z' },
    next_billing_time: '2026-03-01T10:00:00Z',
    failed_payments_count: 0,
    ...patch,
  };
}

const ACTIVATED = 'paypal/event.BILLING.SUBSCRIPTION.ACTIVATED.json';
const SALE = 'paypal/event.PAYMENT.SALE.COMPLETED.json';

describe('PayPal subscription events (recorded simulator deliveries)', () => {
  it('when a subscription is created (recorded), then it is SubscriptionChanged incomplete, timed by the delivery since its create_time is impossible', () => {
    const event = providerEvent(fixture('paypal/event.BILLING.SUBSCRIPTION.CREATED.json'));
    expect(normalizePayPalEvent(event)).toEqual([
      {
        kind: 'SubscriptionChanged',
        provider: 'paypal',
        occurredAt: RECEIVED,
        ref: { providerSubscriptionId: 'I-BW452GLLEP1G' },
        status: 'incomplete',
        currentPeriodStart: new Date('2018-12-01T01:20:49Z'),
        currentPeriodEnd: new Date('2019-01-01T00:20:49Z'),
      },
    ]);
  });

  it('when the recorded ACTIVATED subscription still shows an outstanding balance, then it is past_due, not active (quirk: PayPal keeps it ACTIVE)', () => {
    expect(normalizePayPalEvent(providerEvent(fixture(ACTIVATED)))).toEqual([
      expect.objectContaining({ kind: 'SubscriptionChanged', status: 'past_due' }),
    ]);
    const settled = withResource(ACTIVATED, { custom_id: 'subs_42', billing_info: paidUp() });
    expect(normalizePayPalEvent(settled)).toEqual([
      {
        kind: 'SubscriptionChanged',
        provider: 'paypal',
        occurredAt: RECEIVED,
        ref: { subscriptionId: 'subs_42', providerSubscriptionId: 'I-BW452GLLEP1G' },
        status: 'active',
        currentPeriodStart: new Date('2026-02-01T10:00:00Z'),
        currentPeriodEnd: new Date('2026-03-01T10:00:00Z'),
      },
    ]);
  });

  it('when a failed payment is newer than the last payment, then it is past_due even with nothing outstanding; once a payment succeeds after it, active', () => {
    const failed = {
      amount: { currency_code: 'EUR', value: '19.00' },
      time: '2026-03-01T10:00:00Z',
      reason_code: 'PAYMENT_DENIED',
    };
    const afterFailure = { id: 'I-1', status: 'ACTIVE', billing_info: paidUp({ last_failed_payment: failed }) };
    expect(payPalSubscriptionState(afterFailure)).toBe('past_due');
    const recovered = {
      ...afterFailure,
      billing_info: paidUp({
        last_failed_payment: failed,
        last_payment: { amount: { currency_code: 'EUR', value: '19.00' }, time: '2026-03-02T10:00:00Z' },
      }),
    };
    expect(payPalSubscriptionState(recovered)).toBe('active');
  });

  it('when PAYMENT.FAILED arrives (recorded), then it is the subscription past due and the failed payment with reason, amount and retry date', () => {
    const event = providerEvent(fixture('paypal/event.BILLING.SUBSCRIPTION.PAYMENT.FAILED.json'));
    const occurredAt = new Date('2019-01-01T01:20:54.000Z');
    expect(normalizePayPalEvent(event)).toEqual([
      expect.objectContaining({ kind: 'SubscriptionChanged', occurredAt, status: 'past_due' }),
      {
        kind: 'SubscriptionPaymentFailed',
        provider: 'paypal',
        occurredAt,
        ref: { providerSubscriptionId: 'I-BW452GLLEP1G' },
        amount: { amount: 50000, currency: 'USD' },
        failureCode: 'payment_denied',
        failureReason: 'PayPal declined the subscription payment',
        nextAttemptAt: new Date('2019-01-06T01:20:49Z'),
      },
    ]);
  });

  it('when the subscription is in its free trial (recorded GET, ACTIVE), then it is trialing; once a REGULAR cycle is billed, active', () => {
    const recorded = fixture('paypal/subscription.get.response.json');
    const info = recorded.billing_info as Json;
    // The recorded answer owes 1.0 USD; without it, its two TRIAL cycles (0 of 2 and 0 of 3 done) are running.
    const inTrial = {
      ...recorded,
      billing_info: { ...info, outstanding_balance: { currency_code: 'USD', value: '0.0' } },
    };
    expect(payPalSubscriptionState(inTrial)).toBe('trialing');
    const regularBilled = {
      ...inTrial,
      billing_info: {
        ...(inTrial.billing_info as Json),
        cycle_executions: [
          { tenure_type: 'TRIAL', sequence: 1, cycles_completed: 2, cycles_remaining: 0, total_cycles: 2 },
          { tenure_type: 'TRIAL', sequence: 2, cycles_completed: 3, cycles_remaining: 0, total_cycles: 3 },
          { tenure_type: 'REGULAR', sequence: 3, cycles_completed: 1, cycles_remaining: 11, total_cycles: 12 },
        ],
      },
    };
    expect(payPalSubscriptionState(regularBilled)).toBe('active');
    // Our plans: one free TRIAL cycle, which PayPal may count as completed when it starts.
    const oneCycleTrial = {
      id: 'I-1',
      status: 'ACTIVE',
      billing_info: paidUp({
        cycle_executions: [
          { tenure_type: 'TRIAL', sequence: 1, cycles_completed: 1, cycles_remaining: 0, total_cycles: 1 },
          { tenure_type: 'REGULAR', sequence: 2, cycles_completed: 0, cycles_remaining: 0, total_cycles: 0 },
        ],
      }),
    };
    expect(payPalSubscriptionState(oneCycleTrial)).toBe('trialing');
  });

  it('when the subscription is cancelled (recorded), then it is canceled at its status_update_time', () => {
    expect(normalizePayPalEvent(providerEvent(fixture('paypal/event.BILLING.SUBSCRIPTION.CANCELLED.json')))).toEqual([
      expect.objectContaining({
        kind: 'SubscriptionChanged',
        status: 'canceled',
        canceledAt: new Date('2018-12-10T21:20:49Z'),
      }),
    ]);
  });

  it("when PayPal's statuses arrive, then each maps to ours (APPROVED incomplete, SUSPENDED suspended, EXPIRED expired); an unknown one is no event", () => {
    const cases: Array<[string, string, string | undefined]> = [
      ['BILLING.SUBSCRIPTION.UPDATED', 'APPROVED', 'incomplete'],
      ['BILLING.SUBSCRIPTION.SUSPENDED', 'SUSPENDED', 'suspended'],
      ['BILLING.SUBSCRIPTION.RE-ACTIVATED', 'ACTIVE', 'active'],
      ['BILLING.SUBSCRIPTION.EXPIRED', 'EXPIRED', 'expired'],
      ['BILLING.SUBSCRIPTION.UPDATED', 'PAUSED_IN_2030', undefined],
    ];
    for (const [type, status, ours] of cases) {
      const events = normalizePayPalEvent(withResource(ACTIVATED, { status, billing_info: paidUp() }, type));
      expect([type, status, events.map((e) => (e as { status?: string }).status)]).toEqual([
        type,
        status,
        ours ? [ours] : [],
      ]);
    }
  });

  it('when the subscription has not been paid yet, then its period starts at start_time', () => {
    const changed = payPalSubscriptionChanged(
      {
        id: 'I-1',
        custom_id: 'subs_42',
        status: 'APPROVAL_PENDING',
        start_time: '2026-02-01T10:00:00Z',
      },
      RECEIVED,
    );
    expect(changed).toEqual({
      kind: 'SubscriptionChanged',
      provider: 'paypal',
      occurredAt: RECEIVED,
      ref: { subscriptionId: 'subs_42', providerSubscriptionId: 'I-1' },
      status: 'incomplete',
      currentPeriodStart: new Date('2026-02-01T10:00:00Z'),
    });
  });
});

describe('PayPal v1 sales of subscriptions', () => {
  const ours = { billing_agreement_id: 'I-BW452GLLEP1G', custom: 'subs_42' };

  it('when a cycle is paid (PAYMENT.SALE.COMPLETED with billing_agreement_id), then it is SubscriptionPaymentSucceeded keyed by the sale, unconfirmed until PayPal is asked', () => {
    expect(normalizePayPalEvent(withResource(SALE, ours))).toEqual([
      {
        kind: 'SubscriptionPaymentSucceeded',
        unconfirmed: true,
        provider: 'paypal',
        occurredAt: new Date('2014-10-23T17:23:52Z'),
        ref: { subscriptionId: 'subs_42', providerSubscriptionId: 'I-BW452GLLEP1G' },
        providerInvoiceId: '80021663DE681814L',
        providerPaymentId: '80021663DE681814L',
        amount: { amount: 48, currency: 'USD' },
      },
    ]);
  });

  it('when the sale belongs to no subscription (recorded: no billing_agreement_id), then it is no event', () => {
    expect(normalizePayPalEvent(providerEvent(fixture(SALE)))).toEqual([]);
  });

  it("when a cycle's sale is denied, then it is SubscriptionPaymentFailed on the subscription", () => {
    const denied = withResource(
      SALE,
      { ...ours, state: 'denied', reason_code: 'ECHECK_DENIED' },
      'PAYMENT.SALE.DENIED',
    );
    expect(normalizePayPalEvent(denied)).toEqual([
      expect.objectContaining({
        kind: 'SubscriptionPaymentFailed',
        ref: { subscriptionId: 'subs_42', providerSubscriptionId: 'I-BW452GLLEP1G' },
        providerInvoiceId: '80021663DE681814L',
        amount: { amount: 48, currency: 'USD' },
        failureCode: 'sale_denied',
        failureReason: expect.stringContaining('ECHECK_DENIED'),
      }),
    ]);
    expect(normalizePayPalEvent(withResource(SALE, { state: 'denied' }, 'PAYMENT.SALE.DENIED'))).toEqual([]);
  });

  /** A v1 refund of a sale as PAYMENT.SALE.REFUNDED carries it: the amount written negative. */
  const saleRefund = (patch: Json = {}): Json => ({
    id: '6EF29856LR8773329',
    state: 'completed',
    amount: { total: '-0.48', currency: 'USD' },
    sale_id: '80021663DE681814L',
    parent_payment: 'PAY-1PA12106FU478450MKRETS4A',
    invoice_number: 'rf_1',
    create_time: '2014-10-31T15:41:51Z',
    update_time: '2014-10-31T15:41:51Z',
    ...patch,
  });

  it('when a sale is refunded, then it is RefundUpdated on the sale (kind subscription) for the size of the negative amount, our refund id from invoice_number', () => {
    const event = withResource(SALE, {}, 'PAYMENT.SALE.REFUNDED');
    event.payload = { ...event.payload, resource_type: 'refund', resource: saleRefund() };
    expect(normalizePayPalEvent(event)).toEqual([
      {
        kind: 'RefundUpdated',
        provider: 'paypal',
        occurredAt: new Date('2014-10-23T17:23:52Z'),
        ref: { providerPaymentId: '80021663DE681814L', kind: 'subscription' },
        providerRefundId: '6EF29856LR8773329',
        refundId: 'rf_1',
        amount: { amount: 48, currency: 'USD' },
        status: 'succeeded',
      },
    ]);
  });

  it("when a sale refund's state is pending, failed or cancelled, then it maps to ours (anything new stays pending)", () => {
    expect(['completed', 'pending', 'failed', 'cancelled', 'something_new'].map(saleRefundStatus)).toEqual([
      'succeeded',
      'pending',
      'failed',
      'canceled',
      'pending',
    ]);
    const event = withResource(SALE, {}, 'PAYMENT.SALE.REFUNDED');
    event.payload = { ...event.payload, resource: saleRefund({ state: 'failed', invoice_number: undefined }) };
    const [failed] = normalizePayPalEvent(event);
    expect(failed).toMatchObject({ status: 'failed', failureReason: 'refund_failed' });
    expect(failed).not.toHaveProperty('refundId');
  });

  it('when PayPal reverses a sale (a chargeback), then it is PaymentReversed on the sale, never a refund of ours', () => {
    const reversal = withResource(SALE, {}, 'PAYMENT.SALE.REVERSED');
    reversal.payload = {
      ...reversal.payload,
      resource: saleRefund({ id: '77M13426ET7526415', invoice_number: undefined }),
    };
    expect(normalizePayPalEvent(reversal)).toEqual([
      {
        kind: 'PaymentReversed',
        provider: 'paypal',
        occurredAt: new Date('2014-10-23T17:23:52Z'),
        ref: { providerPaymentId: '80021663DE681814L', kind: 'subscription' },
        providerReversalId: '77M13426ET7526415',
        amount: { amount: 48, currency: 'USD' },
      },
    ]);
    // PayPal's sample sends the reversed sale itself (no sale_id): its id names both.
    const asSale = withResource(SALE, { amount: { total: '-0.48', currency: 'USD' } }, 'PAYMENT.SALE.REVERSED');
    expect(normalizePayPalEvent(asSale)).toEqual([
      expect.objectContaining({
        ref: { providerPaymentId: '80021663DE681814L', kind: 'subscription' },
        providerReversalId: '80021663DE681814L',
      }),
    ]);
  });
});
