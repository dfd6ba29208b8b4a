import { decideRemoval } from '../../../src/domain/payment-methods/method-removal';

describe('decideRemoval', () => {
  const base = {
    methodPaysSubscriptions: true,
    liveSubscriptions: 0,
    isDefault: false,
    otherMethodIds: [] as string[],
  };

  it('when it is the only method and a live subscription is paid by it, then it is refused', () => {
    expect(decideRemoval({ ...base, liveSubscriptions: 1, isDefault: true })).toEqual({
      kind: 'refuse',
      code: 'method_in_use',
    });
  });

  it('when another method exists, then the default is removed and the newest other becomes the default', () => {
    expect(decideRemoval({ ...base, liveSubscriptions: 1, isDefault: true, otherMethodIds: ['b', 'a'] })).toEqual({
      kind: 'remove',
      promote: 'b',
    });
  });

  it('when nothing live depends on it, then the only method can go', () => {
    expect(decideRemoval({ ...base, isDefault: true })).toEqual({ kind: 'remove' });
  });

  it('when the provider does not charge subscriptions to saved methods (PayPal), then a live subscription does not block', () => {
    expect(decideRemoval({ ...base, methodPaysSubscriptions: false, liveSubscriptions: 2 })).toEqual({
      kind: 'remove',
    });
  });

  it('when the removed method is not the default, then no other is promoted', () => {
    expect(decideRemoval({ ...base, otherMethodIds: ['b'] })).toEqual({ kind: 'remove' });
  });
});
