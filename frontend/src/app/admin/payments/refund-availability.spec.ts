import { aPaymentDetail, aRefund } from '../../testing/admin-fixtures';
import { hasPendingRefund, refundBlockedReason } from './refund-availability';

const NOTHING_LEFT = { refundableAmount: { amount: 0, currency: 'EUR' } };

describe('refundBlockedReason', () => {
  it('when something is left to refund, then nothing blocks the Refund button', () => {
    expect(refundBlockedReason(aPaymentDetail().payment)).toBeNull();
  });

  it('when nothing is refundable, then it says why, from the most telling fact', () => {
    const reason = (overrides: Parameters<typeof aPaymentDetail>[0]) =>
      refundBlockedReason(aPaymentDetail({ ...NOTHING_LEFT, ...overrides }).payment);
    expect(reason({ status: 'requires_review' })).toContain('review queue');
    expect(reason({ status: 'pending' })).toBe('Only a completed payment can be refunded.');
    expect(
      reason({
        disputes: [
          {
            id: 'dp1',
            paymentId: 'p1',
            provider: 'stripe',
            providerDisputeId: 'dp_1',
            amount: { amount: 5000, currency: 'EUR' },
            reason: 'fraudulent',
            status: 'needs_response',
            fundsWithdrawn: true,
            openedAt: '2026-03-03T10:00:00.000Z',
            closedAt: null,
          },
        ],
      }),
    ).toContain('under a chargeback');
    expect(reason({ refunds: [aRefund({ status: 'pending', amount: { amount: 5000, currency: 'EUR' } })] })).toBe(
      'What is left is already in a refund on its way.',
    );
    expect(reason({ refunds: [aRefund({ status: 'succeeded' })] })).toBe('Nothing is left to refund.');
  });
});

describe('hasPendingRefund', () => {
  it('when a refund waits for the provider, then the payment is still moving; once settled, it is not', () => {
    expect(hasPendingRefund(aPaymentDetail({ refunds: [aRefund({ status: 'pending' })] }))).toBe(true);
    expect(hasPendingRefund(aPaymentDetail({ refunds: [aRefund({ status: 'succeeded' })] }))).toBe(false);
    expect(hasPendingRefund(aPaymentDetail())).toBe(false);
  });
});
