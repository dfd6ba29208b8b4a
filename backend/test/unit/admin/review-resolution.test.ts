import { money } from '../../../src/domain/money';
import { paidMoney } from '../../../src/domain/payments/paid-money';
import type { PaymentStatus } from '../../../src/domain/payments/payment-status';
import { planTransition, successChange, type SettlementPayment } from '../../../src/domain/payments/payment-transition';
import {
  decideReviewResolution,
  holdsRefundableMoney,
  REFUNDED_AFTER_REVIEW,
  REVIEW_RESOLUTIONS,
} from '../../../src/domain/payments/review-resolution';
import type { PaymentSucceeded } from '../../../src/domain/events/domain-event';
import type { DisputeFact } from '../../../src/domain/refunds/refund-balance';
import { refundBalance } from '../../../src/domain/refunds/refund-balance';
import { decideRefundRequest } from '../../../src/domain/refunds/refund-request';

const NO_DISPUTES: DisputeFact[] = [];
const t = (seconds: number) => new Date(1_700_000_000_000 + seconds * 1000);

function payment(status: PaymentStatus, overrides: Partial<SettlementPayment> = {}): SettlementPayment {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    userId: '00000000-0000-4000-8000-000000000002',
    kind: 'course',
    courseId: '00000000-0000-4000-8000-000000000003',
    status,
    expected: money(4900, 'EUR'),
    confirmed: status === 'requires_review' ? money(4500, 'EUR') : null,
    lastEventAt: t(1),
    completedAt: null,
    providerSessionId: 'cs_1',
    providerPaymentId: 'pi_1',
    failureCode: null,
    failureReason: null,
    reviewReason: status === 'requires_review' ? 'Provider confirmed 4500 EUR but 4900 EUR was expected' : null,
    ...overrides,
  };
}

const success = (amount: number, currency = 'EUR'): PaymentSucceeded => ({
  kind: 'PaymentSucceeded',
  provider: 'stripe',
  occurredAt: t(5),
  ref: { paymentId: '00000000-0000-4000-8000-000000000001' },
  amount: money(amount, currency),
});

describe('review resolution', () => {
  it('when an admin accepts a payment in review, then it completes and grants the course', () => {
    const decision = decideReviewResolution(
      payment('requires_review'),
      NO_DISPUTES,
      'accept',
      'customer paid the old price',
      t(9),
    );
    expect(decision).toEqual({ outcome: 'accept', from: 'requires_review', change: { to: 'completed' } });
    const transition = planTransition(payment('requires_review'), { to: 'completed' }, {}, t(1), t(9));
    expect(transition).toMatchObject({ status: 'completed', completedAt: t(9), grantsEnrollment: true });
    // An admin's decision keeps the provider's time of the last event.
    expect(transition.lastEventAt).toEqual(t(1));
    // What the provider confirmed stays with the payment (null here means "leave it").
    expect(transition.confirmedAmount).toBeNull();
  });

  it('when an admin refunds a payment in review, then it is canceled with the note and the confirmed money is refunded', () => {
    expect(decideReviewResolution(payment('requires_review'), NO_DISPUTES, 'refund', 'wrong amount', t(9))).toEqual({
      outcome: 'refund',
      from: 'requires_review',
      change: {
        to: 'canceled',
        failureCode: REFUNDED_AFTER_REVIEW,
        failureReason: 'Refunded after review: wrong amount',
      },
      refund: money(4500, 'EUR'),
    });
  });

  it('when the provider confirmed another currency, then the refund is in that currency', () => {
    const decision = decideReviewResolution(
      payment('requires_review', { confirmed: money(700, 'JPY') }),
      NO_DISPUTES,
      'refund',
      'paid in yen',
      t(9),
    );
    expect(decision.outcome === 'refund' && decision.refund).toEqual(money(700, 'JPY'));
  });

  it('when the confirmed amount is unknown, then the expected amount is refunded; when it is zero, nothing is', () => {
    const unknown = decideReviewResolution(
      payment('requires_review', { confirmed: null }),
      NO_DISPUTES,
      'refund',
      'n',
      t(9),
    );
    expect(unknown.outcome === 'refund' && unknown.refund).toEqual(money(4900, 'EUR'));
    const nothing = decideReviewResolution(
      payment('requires_review', { confirmed: money(0, 'EUR') }),
      NO_DISPUTES,
      'refund',
      'n',
      t(9),
    );
    expect(nothing).toMatchObject({ outcome: 'refund', refund: null });
  });

  it('when a chargeback is open, then the payment can be accepted but not refunded', () => {
    const chargeback: DisputeFact[] = [{ id: 'd1', amount: money(4500, 'EUR'), status: 'needs_response' }];
    expect(decideReviewResolution(payment('requires_review'), chargeback, 'refund', 'n', t(9))).toEqual({
      outcome: 'under_dispute',
    });
    expect(decideReviewResolution(payment('requires_review'), chargeback, 'accept', 'n', t(9)).outcome).toBe('accept');
    const inquiry: DisputeFact[] = [{ id: 'd2', amount: money(4500, 'EUR'), status: 'inquiry' }];
    expect(decideReviewResolution(payment('requires_review'), inquiry, 'refund', 'n', t(9)).outcome).toBe('refund');
  });

  it('when the refund of a checkout refunded after review failed, then an admin may refund it again; other canceled ones not', () => {
    const refunded = payment('canceled', { confirmed: money(4500, 'EUR'), failureCode: REFUNDED_AFTER_REVIEW });
    const failedRefund = [{ id: 'r1', amount: money(4500, 'EUR'), status: 'failed' as const }];
    const balance = refundBalance(paidMoney(refunded.expected, refunded.confirmed), failedRefund, []);
    expect(holdsRefundableMoney(refunded)).toBe(true);
    expect(
      decideRefundRequest({
        provider: 'stripe',
        status: 'canceled',
        failureCode: REFUNDED_AFTER_REVIEW,
        balance,
        disputes: [],
      }),
    ).toEqual({ outcome: 'refund', amount: money(4500, 'EUR') });
    expect(holdsRefundableMoney(payment('canceled', { failureCode: 'expired' }))).toBe(false);
    expect(
      decideRefundRequest({ provider: 'stripe', status: 'canceled', failureCode: 'expired', balance, disputes: [] }),
    ).toEqual({ outcome: 'not_refundable', reason: 'not_completed' });
  });

  it('when the payment is not in review (never was, or already resolved), then either resolution is refused', () => {
    for (const status of ['pending', 'processing', 'completed', 'failed', 'canceled'] as const) {
      for (const resolution of REVIEW_RESOLUTIONS) {
        expect(decideReviewResolution(payment(status), NO_DISPUTES, resolution, 'note', t(9))).toEqual({
          outcome: 'not_in_review',
          status,
        });
      }
    }
  });
});

describe('successes and review', () => {
  it('when the provider confirms another amount, then the payment goes to review carrying what was confirmed', () => {
    const change = successChange(payment('pending'), success(4500));
    expect(change).toMatchObject({ to: 'requires_review', confirmed: money(4500, 'EUR') });
    const transition = planTransition(payment('pending'), change, {}, t(5), t(6));
    expect(transition).toMatchObject({ status: 'requires_review', confirmedAmount: money(4500, 'EUR') });
  });

  it('when the success an admin already decided on arrives again, then the decision stands', () => {
    const accepted = payment('completed', { confirmed: money(4500, 'EUR'), completedAt: t(9) });
    expect(successChange(accepted, success(4500))).toEqual({ to: 'completed' });
    const refunded = payment('canceled', {
      confirmed: money(4500, 'EUR'),
      failureCode: REFUNDED_AFTER_REVIEW,
      failureReason: 'Refunded after review: x',
    });
    expect(successChange(refunded, success(4500))).toEqual({
      to: 'canceled',
      failureCode: REFUNDED_AFTER_REVIEW,
      failureReason: 'Refunded after review: x',
    });
    // Other money on a refunded checkout is news: it goes to review again.
    expect(successChange(refunded, success(4400)).to).toBe('requires_review');
    // The expected amount still completes an expired checkout, as before.
    expect(successChange(payment('canceled'), success(4900))).toEqual({ to: 'completed' });
  });

  it('when a payment resolved after review is counted, then what the provider confirmed is what was paid', () => {
    expect(paidMoney(money(4900, 'EUR'), money(700, 'JPY'))).toEqual(money(700, 'JPY'));
    expect(paidMoney(money(4900, 'EUR'), null)).toEqual(money(4900, 'EUR'));
  });
});
