import { RateLimitedError } from '../../../src/errors/app-error';
import { DEFAULT_USER_RATE_LIMITS, UserRateLimiter } from '../../../src/http/user-rate-limiter';

describe('per-user rate limits', () => {
  let now = 1_000_000;
  const limiter = () =>
    new UserRateLimiter({ ...DEFAULT_USER_RATE_LIMITS, checkout: { limit: 2, windowMs: 10_000 } }, () => now);

  function refusal(run: () => void): RateLimitedError {
    try {
      run();
    } catch (error) {
      if (error instanceof RateLimitedError) return error;
      throw error;
    }
    throw new Error('expected a 429');
  }

  it('when a user goes over the limit, then 429 with the seconds left in the window, and others are not affected', () => {
    const limits = limiter();
    limits.take('checkout', 'ada');
    now += 2_500;
    limits.take('checkout', 'ada');
    const error = refusal(() => limits.take('checkout', 'ada'));
    expect(error.status).toBe(429);
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterSeconds).toBe(8);
    expect(() => limits.take('checkout', 'grace')).not.toThrow();
    expect(() => limits.take('refund', 'ada')).not.toThrow();
  });

  it('when the window has passed, then the user may go again', () => {
    const limits = limiter();
    limits.take('checkout', 'ada');
    limits.take('checkout', 'ada');
    refusal(() => limits.take('checkout', 'ada'));
    now += 10_000;
    expect(() => limits.take('checkout', 'ada')).not.toThrow();
  });

  it('when many users came and went, then their expired windows are dropped', () => {
    const limits = limiter();
    for (let i = 0; i < 1000; i++) limits.take('checkout', `user-${i}`);
    now += 60_000;
    limits.take('checkout', 'last');
    expect((limits as unknown as { windows: Map<string, unknown> }).windows.size).toBe(1);
  });
});
