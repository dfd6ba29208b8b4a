import { captureIdempotencyKey } from '../../../src/domain/payments/capture-key';

const id = '00000000-0000-4000-8000-000000000001';

describe('capture idempotency key', () => {
  it("when an approval is captured for the first time or retried without an answer, then the key is the payment's own", () => {
    expect(captureIdempotencyKey({ id, status: 'pending', lastEventAt: null })).toBe(`capture:${id}`);
    expect(captureIdempotencyKey({ id, status: 'pending', lastEventAt: new Date('2026-12-01T10:00:00Z') })).toBe(
      `capture:${id}`,
    );
  });

  it('when the last capture was declined, then the next attempt has a key of its own, the same for its retries', () => {
    const declinedAt = new Date('2026-12-01T10:00:00Z');
    const next = captureIdempotencyKey({ id, status: 'failed', lastEventAt: declinedAt });
    expect(next).not.toBe(`capture:${id}`);
    expect(captureIdempotencyKey({ id, status: 'failed', lastEventAt: new Date(declinedAt) })).toBe(next);
    const afterSecondDecline = captureIdempotencyKey({
      id,
      status: 'failed',
      lastEventAt: new Date('2026-12-01T10:05:00Z'),
    });
    expect(afterSecondDecline).not.toBe(next);
  });
});
