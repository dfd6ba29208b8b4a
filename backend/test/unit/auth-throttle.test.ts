import { RateLimitedError } from '../../src/errors/app-error';
import { AuthThrottle, DEFAULT_AUTH_LIMITS, type AuthLimits } from '../../src/services/auth/auth-throttle';

const MINUTE = 60_000;

function throttle(limits: Partial<AuthLimits>) {
  let now = 1_000_000;
  const subject = new AuthThrottle({ ...DEFAULT_AUTH_LIMITS, ...limits }, () => now);
  return {
    throttle: subject,
    advance(ms: number) {
      now += ms;
    },
  };
}

function refusal(run: () => unknown): RateLimitedError {
  try {
    run();
  } catch (error) {
    if (error instanceof RateLimitedError) return error;
    throw error;
  }
  throw new Error('was let through');
}

describe('AuthThrottle', () => {
  it('when one client fails the limit with different emails, then it is refused until the window ends', () => {
    const { throttle: t, advance } = throttle({ loginFailuresPerClient: { max: 3, windowMs: 15 * MINUTE } });
    for (const email of ['a@x.example', 'b@x.example', 'c@x.example']) t.admitLogin(email, '203.0.113.1');
    advance(5 * MINUTE);
    expect(refusal(() => t.admitLogin('d@x.example', '203.0.113.1')).retryAfterSeconds).toBe(600);
    expect(() => t.admitLogin('d@x.example', '203.0.113.2')).not.toThrow();
    advance(10 * MINUTE);
    expect(() => t.admitLogin('d@x.example', '203.0.113.1')).not.toThrow();
  });

  it('when an account fails the limit from many clients, then every client is refused for it, and not for others', () => {
    const { throttle: t } = throttle({ loginFailuresPerAccount: { max: 3, windowMs: MINUTE } });
    for (let i = 1; i <= 3; i += 1) t.admitLogin('victim@x.example', `198.51.100.${i}`);
    expect(refusal(() => t.admitLogin('victim@x.example', '198.51.100.9')).status).toBe(429);
    expect(() => t.admitLogin('other@x.example', '198.51.100.9')).not.toThrow();
  });

  it('when attempts are refunded (right password), then they do not count as failures', () => {
    const { throttle: t } = throttle({ loginFailuresPerClient: { max: 2, windowMs: MINUTE } });
    for (let i = 0; i < 5; i += 1) t.admitLogin('ok@x.example', '192.0.2.1').refund();
    t.admitLogin('ok@x.example', '192.0.2.1');
    t.admitLogin('ok@x.example', '192.0.2.1');
    expect(() => t.admitLogin('ok@x.example', '192.0.2.1')).toThrow(RateLimitedError);
  });

  it('when a refund comes after its window ended, then it does not take from the new window', () => {
    const { throttle: t, advance } = throttle({ loginFailuresPerAccount: { max: 1, windowMs: MINUTE } });
    const late = t.admitLogin('slow@x.example', '192.0.2.1');
    advance(MINUTE);
    t.admitLogin('slow@x.example', '192.0.2.2');
    late.refund();
    expect(() => t.admitLogin('slow@x.example', '192.0.2.3')).toThrow(RateLimitedError);
  });

  it('when the process-wide attempt cap is reached, then any login is refused, right password or not', () => {
    const { throttle: t, advance } = throttle({ loginAttempts: { max: 2, windowMs: MINUTE } });
    t.admitLogin('a@x.example', '192.0.2.1').refund();
    t.admitLogin('b@x.example', '192.0.2.2').refund();
    expect(refusal(() => t.admitLogin('c@x.example', '192.0.2.3')).retryAfterSeconds).toBe(60);
    advance(MINUTE);
    expect(() => t.admitLogin('c@x.example', '192.0.2.3')).not.toThrow();
  });

  it('when IPv6 clients share a /56, then they share a bucket', () => {
    const { throttle: t } = throttle({ loginFailuresPerClient: { max: 2, windowMs: MINUTE } });
    t.admitLogin('a@x.example', '2001:db8:1:100::1');
    t.admitLogin('b@x.example', '2001:db8:1:1ff:ffff::2');
    expect(() => t.admitLogin('c@x.example', '2001:db8:1:1ab::3')).toThrow(RateLimitedError);
    expect(() => t.admitLogin('c@x.example', '2001:db8:1:200::3')).not.toThrow();
  });

  it('when a client registers past its limit, then it is refused, and other clients are not', () => {
    const { throttle: t } = throttle({ registrationsPerClient: { max: 2, windowMs: MINUTE } });
    t.admitRegistration('192.0.2.1');
    t.admitRegistration('192.0.2.1');
    expect(() => t.admitRegistration('192.0.2.1')).toThrow(RateLimitedError);
    expect(() => t.admitRegistration('192.0.2.2')).not.toThrow();
  });
});
