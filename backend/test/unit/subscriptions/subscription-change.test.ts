import { changesAnything, planSubscriptionChange } from '../../../src/domain/subscriptions/subscription-change';
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
