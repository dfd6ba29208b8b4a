import {
  decideRefundChange,
  REFUND_STATES,
  REFUND_TRANSITIONS,
} from '../../../src/domain/refunds/refund-state-machine';

const t0 = new Date('2026-12-01T10:00:00Z');
const later = new Date('2026-12-01T10:05:00Z');
const earlier = new Date('2026-12-01T09:55:00Z');

describe('refund state machine', () => {
  it('when a pending refund succeeds, then the change applies', () => {
    expect(decideRefundChange({ status: 'pending', updatedAt: t0 }, 'succeeded', later)).toEqual({
      outcome: 'apply',
      from: 'pending',
      to: 'succeeded',
    });
  });

  it('when a succeeded refund fails later (card closed), then the change applies', () => {
    expect(decideRefundChange({ status: 'succeeded', updatedAt: t0 }, 'failed', later).outcome).toBe('apply');
  });

  it('when a succeeded refund is reported pending again (an old refund.created), then it is refused', () => {
    expect(decideRefundChange({ status: 'succeeded', updatedAt: t0 }, 'pending', earlier)).toEqual({
      outcome: 'illegal',
      from: 'succeeded',
      to: 'pending',
    });
  });

  it('when an event is older than the state applied, then it is stale and the newer state stays', () => {
    expect(decideRefundChange({ status: 'requires_action', updatedAt: t0 }, 'pending', earlier).outcome).toBe('stale');
  });

  it("when a one-way move's event is timed before our own reading of the refund, then it still applies", () => {
    // Stripe stamps events in whole seconds; the refund answer was read a few hundred ms later.
    const answerReadAt = new Date('2026-12-01T10:00:00.600Z');
    const failedEventAt = new Date('2026-12-01T10:00:00.000Z');
    expect(decideRefundChange({ status: 'succeeded', updatedAt: answerReadAt }, 'failed', failedEventAt).outcome).toBe(
      'apply',
    );
  });

  it('when the same state arrives again, then it is a no-op', () => {
    expect(decideRefundChange({ status: 'succeeded', updatedAt: t0 }, 'succeeded', later).outcome).toBe('noop');
  });

  it('when a refund is failed or canceled, then nothing moves it again', () => {
    for (const final of ['failed', 'canceled'] as const) {
      expect(REFUND_TRANSITIONS[final]).toEqual([]);
      for (const to of REFUND_STATES.filter((s) => s !== final)) {
        expect(decideRefundChange({ status: final, updatedAt: null }, to, later).outcome).toBe('illegal');
      }
    }
  });
});
