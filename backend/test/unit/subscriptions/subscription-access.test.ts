import {
  accessEndOnCancel,
  decideSubscriptionAccess,
  graceEndsAt,
} from '../../../src/domain/subscriptions/subscription-access';

const DAY = 86_400_000;
const t0 = new Date(Date.UTC(2026, 11, 1));
const plus = (days: number) => new Date(t0.getTime() + days * DAY);
const rules = { graceDays: 3 };
const facts = { pastDueSince: null, accessEndsAt: null };

describe('subscription access', () => {
  it('when active or trialing, then the student has full access', () => {
    expect(decideSubscriptionAccess({ ...facts, status: 'active' }, rules, t0).access).toBe('full');
    expect(decideSubscriptionAccess({ ...facts, status: 'trialing' }, rules, t0).access).toBe('full');
  });

  it('when past_due, then access lasts the grace days from the first failure, then enrollments are suspended', () => {
    const pastDue = { ...facts, status: 'past_due' as const, pastDueSince: t0 };
    expect(decideSubscriptionAccess(pastDue, rules, plus(2.9))).toEqual({
      access: 'full',
      enrollments: 'active',
      until: plus(3),
    });
    expect(decideSubscriptionAccess(pastDue, rules, plus(3))).toEqual({ access: 'none', enrollments: 'suspended' });
    expect(graceEndsAt(t0, { graceDays: 0 })).toEqual(t0);
  });

  it('when suspended or incomplete, then enrollments are suspended (they may come back)', () => {
    expect(decideSubscriptionAccess({ ...facts, status: 'suspended' }, rules, t0).enrollments).toBe('suspended');
    expect(decideSubscriptionAccess({ ...facts, status: 'incomplete' }, rules, t0).enrollments).toBe('suspended');
  });

  it('when canceled, then access lasts until accessEndsAt and is revoked after; expired revokes', () => {
    const canceled = { ...facts, status: 'canceled' as const, accessEndsAt: plus(10) };
    expect(decideSubscriptionAccess(canceled, rules, plus(9)).access).toBe('full');
    expect(decideSubscriptionAccess(canceled, rules, plus(10))).toEqual({ access: 'none', enrollments: 'revoked' });
    expect(decideSubscriptionAccess({ ...facts, status: 'canceled' }, rules, t0).enrollments).toBe('revoked');
    expect(decideSubscriptionAccess({ ...facts, status: 'expired' }, rules, t0).enrollments).toBe('revoked');
  });

  it('when Stripe reports canceled, then access ends at once (Stripe itself ran the cancel to the period end)', () => {
    const end = accessEndOnCancel({
      providerRunsToPeriodEnd: true,
      cancelRequested: 'period_end',
      canceledAt: t0,
      paidThrough: plus(20),
      from: 'active',
    });
    expect(end).toEqual(t0);
  });

  it('when PayPal cancels a paid subscription, then access lasts to the paid period end unless the student asked for now', () => {
    const base = { providerRunsToPeriodEnd: false, canceledAt: t0, paidThrough: plus(20), from: 'active' as const };
    expect(accessEndOnCancel({ ...base, cancelRequested: 'period_end' })).toEqual(plus(20));
    expect(accessEndOnCancel({ ...base, cancelRequested: null })).toEqual(plus(20));
    expect(accessEndOnCancel({ ...base, cancelRequested: 'now' })).toEqual(t0);
  });

  it('when a PayPal subscription is canceled while past_due, then the unpaid period gives no access', () => {
    const end = accessEndOnCancel({
      providerRunsToPeriodEnd: false,
      cancelRequested: null,
      canceledAt: t0,
      paidThrough: plus(20),
      from: 'past_due',
    });
    expect(end).toEqual(t0);
  });
});
