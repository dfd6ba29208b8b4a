import type { SubscriptionPaymentFailed } from '../../../src/domain/events/domain-event';
import { failedCycle } from '../../../src/services/emails/lifecycle/payment-problem-email';

const subscription = {
  id: 'b0c1c1f6-8f57-4f6b-9d44-5a1f0f3f2b10',
  userId: 'u',
  lastPaymentAt: new Date('2026-05-01T10:00:00Z'),
  currentPeriodEnd: new Date('2026-06-01T10:00:00Z'),
  createdAt: new Date('2026-04-01T09:00:00Z'),
};

const failure = (fields: Partial<SubscriptionPaymentFailed>): SubscriptionPaymentFailed => ({
  kind: 'SubscriptionPaymentFailed',
  provider: 'stripe',
  occurredAt: new Date('2026-06-01T10:00:05Z'),
  ref: { subscriptionId: subscription.id },
  failureCode: 'card_declined',
  failureReason: 'declined',
  ...fields,
});

describe('failedCycle: which billing cycle a failed payment belongs to', () => {
  it('when Stripe names the invoice, then the invoice is the cycle, whatever the period says', () => {
    expect(failedCycle(failure({ providerInvoiceId: 'in_123' }), subscription)).toBe('in_123');
    expect(failedCycle(failure({ providerInvoiceId: 'in_123' }), { ...subscription, currentPeriodEnd: null })).toBe(
      'in_123',
    );
  });

  it('when Stripe names no invoice, then the current period end (a date) is the cycle', () => {
    expect(failedCycle(failure({}), subscription)).toBe('2026-06-01');
  });

  it('when PayPal reports an attempt (a denied sale has its own id, PAYMENT.FAILED none), then every attempt since the last payment is one cycle', () => {
    const first = failedCycle(failure({ provider: 'paypal', providerInvoiceId: 'SALE-1' }), subscription);
    const retry = failedCycle(failure({ provider: 'paypal', providerInvoiceId: 'SALE-2' }), subscription);
    const plain = failedCycle(failure({ provider: 'paypal' }), { ...subscription, currentPeriodEnd: null });
    expect(first).toBe('unpaid-since-2026-05-01T10:00:00.000Z');
    expect(retry).toBe(first);
    expect(plain).toBe(first);
  });

  it("when PayPal fails before any payment (a trial's first charge), then the cycle counts from the subscription's start; a payment starts the next one", () => {
    expect(failedCycle(failure({ provider: 'paypal' }), { ...subscription, lastPaymentAt: null })).toBe(
      'unpaid-since-2026-04-01T09:00:00.000Z',
    );
    const later = { ...subscription, lastPaymentAt: new Date('2026-06-01T10:00:00Z') };
    expect(failedCycle(failure({ provider: 'paypal' }), later)).not.toBe(
      failedCycle(failure({ provider: 'paypal' }), subscription),
    );
  });
});
