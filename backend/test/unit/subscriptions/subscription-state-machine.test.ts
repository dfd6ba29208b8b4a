import {
  SUBSCRIPTION_STATES,
  SUBSCRIPTION_TRANSITIONS,
  decideSubscriptionChange,
  type SubscriptionState,
} from '../../../src/domain/subscriptions/subscription-state-machine';

const at = (s: number) => new Date(Date.UTC(2026, 11, 1, 12, 0, s));

describe('subscription state machine', () => {
  it('when an older event arrives after a newer one, then it is stale whatever it says', () => {
    expect(decideSubscriptionChange({ status: 'active', lastEventAt: at(10) }, 'incomplete', at(5))).toEqual({
      outcome: 'stale',
      status: 'active',
    });
    expect(decideSubscriptionChange({ status: 'past_due', lastEventAt: at(10) }, 'active', at(9))).toEqual({
      outcome: 'stale',
      status: 'past_due',
    });
  });

  it('when `created` (incomplete) comes in the same second as the `updated` that activated it, then it is refused', () => {
    expect(decideSubscriptionChange({ status: 'active', lastEventAt: at(10) }, 'incomplete', at(10)).outcome).toBe(
      'illegal',
    );
  });

  it('when a subscription is canceled or expired, then nothing moves it again, even a newer event', () => {
    for (const final of ['canceled', 'expired'] as SubscriptionState[]) {
      for (const to of SUBSCRIPTION_STATES.filter((s) => s !== final)) {
        expect(decideSubscriptionChange({ status: final, lastEventAt: at(1) }, to, at(30)).outcome).toBe('illegal');
      }
    }
  });

  it('when a renewal fails and a retry pays, then active -> past_due -> active applies in order', () => {
    const failed = decideSubscriptionChange({ status: 'active', lastEventAt: at(1) }, 'past_due', at(2));
    expect(failed).toEqual({ outcome: 'apply', from: 'active', to: 'past_due' });
    const paid = decideSubscriptionChange({ status: 'past_due', lastEventAt: at(2) }, 'active', at(3));
    expect(paid).toEqual({ outcome: 'apply', from: 'past_due', to: 'active' });
  });

  it('when a whole-second provider time meets our own call answered later in that second, then neither is stale', () => {
    const answeredAt = new Date(at(10).getTime() + 700);
    expect(decideSubscriptionChange({ status: 'active', lastEventAt: answeredAt }, 'canceled', at(10)).outcome).toBe(
      'apply',
    );
    expect(decideSubscriptionChange({ status: 'active', lastEventAt: answeredAt }, 'canceled', at(9)).outcome).toBe(
      'stale',
    );
  });

  it('when the same status arrives again, then it is a noop (its other facts may still be taken)', () => {
    expect(decideSubscriptionChange({ status: 'active', lastEventAt: at(1) }, 'active', at(2)).outcome).toBe('noop');
  });

  it('when nothing was applied yet, then an incomplete subscription may go anywhere but back', () => {
    expect(SUBSCRIPTION_TRANSITIONS.incomplete).not.toContain('incomplete');
    for (const to of SUBSCRIPTION_TRANSITIONS.incomplete) {
      expect(decideSubscriptionChange({ status: 'incomplete', lastEventAt: null }, to, at(0)).outcome).toBe('apply');
    }
  });
});
