import {
  AUTHENTICATION_REQUIRED,
  changesAnything,
  planSubscriptionChange,
  replacesProblem,
} from '../../../src/domain/subscriptions/subscription-change';
import type { SubscriptionFactsNow } from '../../../src/domain/subscriptions/subscription-change';

const at = (day: number) => new Date(Date.UTC(2026, 11, day));
const current: SubscriptionFactsNow = {
  status: 'active',
  currentPeriodStart: at(1),
  currentPeriodEnd: at(31),
  cancelAtPeriodEnd: false,
  cancelRequested: null,
  canceledAt: null,
  trialEnd: null,
  pastDueSince: null,
  accessEndsAt: null,
};

describe('planning a subscription change', () => {
  it('when a subscription becomes past_due, then the grace clock starts at that event and is kept on repeats', () => {
    const facts = planSubscriptionChange(
      current,
      { status: 'past_due', occurredAt: at(31) },
      { outcome: 'apply', from: 'active', to: 'past_due' },
      true,
    );
    expect(facts.pastDueSince).toEqual(at(31));
    const again = planSubscriptionChange(
      { ...current, status: 'past_due', pastDueSince: at(31) },
      { status: 'past_due', occurredAt: at(32) },
      { outcome: 'noop', status: 'past_due' },
      true,
    );
    expect(again.pastDueSince).toBeUndefined();
  });

  it('when it pays again, then the grace clock and the payment problem are cleared', () => {
    const facts = planSubscriptionChange(
      { ...current, status: 'past_due', pastDueSince: at(31) },
      { status: 'active', occurredAt: at(32), currentPeriodEnd: at(61) },
      { outcome: 'apply', from: 'past_due', to: 'active' },
      true,
    );
    expect(facts).toMatchObject({
      status: 'active',
      pastDueSince: null,
      paymentProblem: null,
      currentPeriodEnd: at(61),
    });
  });

  it('when PayPal reports a cancel at period end, then access ends with the paid period', () => {
    const facts = planSubscriptionChange(
      { ...current, cancelRequested: 'period_end' },
      { status: 'canceled', occurredAt: at(10), canceledAt: at(10) },
      { outcome: 'apply', from: 'active', to: 'canceled' },
      false,
    );
    expect(facts).toMatchObject({ status: 'canceled', canceledAt: at(10), accessEndsAt: at(31) });
  });

  it('when only the cancel flag changes, then the change is noticed; the same snapshot again changes nothing', () => {
    const flagged = planSubscriptionChange(
      current,
      { status: 'active', occurredAt: at(5), cancelAtPeriodEnd: true },
      { outcome: 'noop', status: 'active' },
      true,
    );
    expect(changesAnything(current, flagged)).toBe(true);
    expect(changesAnything({ ...current, cancelAtPeriodEnd: true }, flagged)).toBe(false);
  });
});

describe('which payment problem to show', () => {
  const problem = (code: string, iso: string) => ({
    code,
    reason: code,
    actionUrl: null,
    nextAttemptAt: null,
    at: iso,
  });
  const t = '2026-12-01T12:00:00.000Z';

  it('when Stripe reports a decline and an authentication request for one attempt, then the authentication request stays, in either order', () => {
    const auth = problem(AUTHENTICATION_REQUIRED, t);
    const declined = problem('payment_failed', '2026-12-01T12:00:00.400Z');
    expect(replacesProblem(auth, null, declined)).toBe(false);
    expect(replacesProblem(declined, null, auth)).toBe(true);
  });

  it('when a payment or a failure newer than the incoming failure is known, then it is stale; a later failure replaces', () => {
    expect(replacesProblem(null, new Date('2026-12-01T12:00:05Z'), problem('payment_failed', t))).toBe(false);
    expect(replacesProblem(problem('payment_failed', '2026-12-01T12:00:05Z'), null, problem('x', t))).toBe(false);
    expect(replacesProblem(problem('payment_failed', t), null, problem('card_declined', '2026-12-01T12:01:00Z'))).toBe(
      true,
    );
  });
});
