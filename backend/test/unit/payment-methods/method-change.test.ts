import type { SavedMethodDetails } from '../../../src/domain/events/domain-event';
import {
  decideAttach,
  decideDefaultChange,
  decideDetach,
  type StoredMethod,
} from '../../../src/domain/payment-methods/method-change';

const visa: SavedMethodDetails = {
  providerPaymentMethodId: 'pm_1',
  type: 'card',
  brand: 'visa',
  last4: '4242',
  expMonth: 12,
  expYear: 2034,
};
const at = (iso: string) => new Date(iso);
const stored = (over: Partial<StoredMethod> = {}): StoredMethod => ({
  status: 'attached',
  syncedAt: at('2026-12-01T10:00:00.000Z'),
  details: visa,
  ...over,
});

describe('decideAttach', () => {
  it('when the same snapshot arrives again, then nothing changes', () => {
    expect(decideAttach(stored(), at('2026-12-01T10:00:05Z'), { ...visa })).toBe('noop');
  });

  it('when a newer snapshot has a new expiry (card updater), then it is an update', () => {
    expect(decideAttach(stored(), at('2026-12-01T10:01:00Z'), { ...visa, expYear: 2036 })).toBe('update');
  });

  it('when an older snapshot arrives late, then it is stale', () => {
    expect(decideAttach(stored(), at('2026-12-01T09:59:59Z'), { ...visa, expYear: 2020 })).toBe('stale');
  });

  it('when our own read (milliseconds) and the provider event (seconds) fall in one second, then the event is not stale', () => {
    const ours = stored({ syncedAt: at('2026-12-01T10:00:00.900Z') });
    expect(decideAttach(ours, at('2026-12-01T10:00:00.000Z'), { ...visa, expMonth: 1 })).toBe('update');
  });

  it('when the method is known as detached, then a late or repeated attach never brings it back', () => {
    expect(decideAttach(stored({ status: 'detached' }), at('2026-12-02T00:00:00Z'), visa)).toBe('gone');
  });
});

describe('decideDetach', () => {
  it('when attached, then it detaches whatever the time; when detached already, then nothing', () => {
    expect(decideDetach(stored())).toBe('detach');
    expect(decideDetach(stored({ status: 'detached' }))).toBe('noop');
  });
});

describe('decideDefaultChange', () => {
  const current = { providerPaymentMethodId: 'pm_1', syncedAt: at('2026-12-01T10:00:00Z') };

  it('when a different default carries the same second as ours, then it is ambiguous (the provider is asked)', () => {
    expect(decideDefaultChange(current, at('2026-12-01T10:00:00.700Z'), 'pm_2')).toBe('ambiguous');
    expect(decideDefaultChange(current, at('2026-12-01T10:00:00.700Z'), 'pm_1')).toBe('noop');
  });

  it('when our own call just set it, then it is set even within the same second', () => {
    expect(decideDefaultChange(current, at('2026-12-01T10:00:00.700Z'), 'pm_2', true)).toBe('set');
  });

  it('when a newer default arrives, then it is set; the same one is a noop', () => {
    expect(decideDefaultChange(current, at('2026-12-01T10:00:10Z'), 'pm_2')).toBe('set');
    expect(decideDefaultChange(current, at('2026-12-01T10:00:10Z'), 'pm_1')).toBe('noop');
  });

  it('when an older customer.updated arrives after a newer one, then it is stale', () => {
    expect(decideDefaultChange(current, at('2026-12-01T09:00:00Z'), 'pm_0')).toBe('stale');
  });

  it('when no default was ever learnt, then any value is set, and clearing it is a change', () => {
    expect(
      decideDefaultChange({ providerPaymentMethodId: null, syncedAt: null }, at('2020-01-01T00:00:00Z'), 'pm_1'),
    ).toBe('set');
    expect(decideDefaultChange(current, at('2026-12-01T11:00:00Z'), null)).toBe('set');
  });
});
