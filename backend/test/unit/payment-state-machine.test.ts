import { decideTransition, PAYMENT_TRANSITIONS } from '../../src/domain/payments/payment-state-machine';
import { PAYMENT_STATUSES } from '../../src/domain/payments/payment-status';

const t = (seconds: number) => new Date(1_700_000_000_000 + seconds * 1000);

describe('payment state machine', () => {
  it('when a pending payment is confirmed, then it completes', () => {
    expect(decideTransition({ status: 'pending', lastEventAt: null }, 'completed', t(1))).toEqual({
      outcome: 'apply',
      from: 'pending',
      to: 'completed',
    });
  });

  it('when a late processing or failure arrives after completion, then it is refused, whatever its time', () => {
    for (const to of ['processing', 'failed', 'canceled', 'pending'] as const) {
      expect(decideTransition({ status: 'completed', lastEventAt: t(5) }, to, t(10)).outcome).toBe('illegal');
    }
  });

  it('when a success follows a failure in the same checkout, then it completes even if its timestamp is older', () => {
    expect(decideTransition({ status: 'failed', lastEventAt: t(10) }, 'completed', t(5)).outcome).toBe('apply');
  });

  it('when an older processing event arrives after a newer failure, then it is stale and ignored', () => {
    expect(decideTransition({ status: 'failed', lastEventAt: t(10) }, 'processing', t(5)).outcome).toBe('stale');
    expect(decideTransition({ status: 'failed', lastEventAt: t(10) }, 'processing', t(11)).outcome).toBe('apply');
  });

  it('when the same status is applied twice, then the second is a no-op', () => {
    expect(decideTransition({ status: 'completed', lastEventAt: t(1) }, 'completed', t(2))).toEqual({
      outcome: 'noop',
      status: 'completed',
    });
  });

  it('when money arrives for an expired checkout, then it still completes', () => {
    expect(decideTransition({ status: 'canceled', lastEventAt: t(1) }, 'completed', t(2)).outcome).toBe('apply');
    expect(decideTransition({ status: 'canceled', lastEventAt: t(1) }, 'failed', t(2)).outcome).toBe('illegal');
  });

  it('when the table is read, then every status has a line and a completed payment is final', () => {
    expect(Object.keys(PAYMENT_TRANSITIONS).sort()).toEqual([...PAYMENT_STATUSES].sort());
    expect(PAYMENT_TRANSITIONS.completed).toEqual({});
    for (const targets of Object.values(PAYMENT_TRANSITIONS)) {
      for (const target of Object.keys(targets)) expect(PAYMENT_STATUSES).toContain(target);
    }
  });

  it('when a payment awaits review, then no provider event moves it and only an admin decision does', () => {
    const review = { status: 'requires_review' as const, lastEventAt: t(1) };
    for (const to of ['canceled', 'completed', 'failed', 'processing'] as const) {
      expect(decideTransition(review, to, t(2)).outcome).toBe('illegal');
    }
    expect(decideTransition(review, 'completed', t(2), 'admin').outcome).toBe('apply');
    expect(decideTransition(review, 'canceled', t(2), 'admin').outcome).toBe('apply');
    expect(decideTransition({ status: 'pending', lastEventAt: null }, 'completed', t(2), 'admin').outcome).toBe(
      'illegal',
    );
  });

  it('when a decline repeats, then it is applied again (a newer reason), while other repeats are no-ops', () => {
    expect(decideTransition({ status: 'failed', lastEventAt: t(1) }, 'failed', t(2)).outcome).toBe('apply');
    expect(decideTransition({ status: 'requires_review', lastEventAt: t(1) }, 'requires_review', t(2)).outcome).toBe(
      'noop',
    );
  });
});
