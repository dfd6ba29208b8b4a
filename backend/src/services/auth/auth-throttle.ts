import { ipKeyGenerator } from 'express-rate-limit';
import { RateLimitedError } from '../../errors/app-error';
import { WindowedCounter, type Charge, type RateLimit } from './windowed-counter';

export interface AuthLimits {
  /** Failed logins per client IP (IPv6: per /56), whatever the email. */
  loginFailuresPerClient: RateLimit;
  /** Failed logins per (normalised) email from all clients: a guesser spread over many IPs. */
  loginFailuresPerAccount: RateLimit;
  /** Login attempts that reach the password check, whole process: bounds the hashing a spray costs. */
  loginAttempts: RateLimit;
  /** Registrations per client IP. */
  registrationsPerClient: RateLimit;
}

const FIFTEEN_MINUTES = 15 * 60 * 1000;

export const DEFAULT_AUTH_LIMITS: AuthLimits = {
  loginFailuresPerClient: { max: 10, windowMs: FIFTEEN_MINUTES },
  loginFailuresPerAccount: { max: 20, windowMs: FIFTEEN_MINUTES },
  loginAttempts: { max: 300, windowMs: 60 * 1000 },
  registrationsPerClient: { max: 30, windowMs: FIFTEEN_MINUTES },
};

/** A login let through; its failure charges are refunded when the password turns out right. */
export interface LoginAttempt {
  refund(): void;
}

const TOO_MANY_LOGINS = 'Too many login attempts; please wait a few minutes and try again';
const TOO_MANY_REGISTRATIONS = 'Too many registrations from this address; please wait a few minutes and try again';

/**
 * Login and registration limits, keyed on the normalised email and the client IP.
 *
 * The counts live in this process's memory: nothing to deploy, and no shared store to fail or
 * to slow every login. The cost: each API process has its own budget, so with N processes a
 * client or an account gets up to N times each limit (a guesser spread across processes by the
 * load balancer makes N x `loginFailuresPerAccount` tries per window), and a restart forgets
 * the counts. The overall cap is per process on purpose: it protects that process's CPU.
 *
 * A login is charged as a failure before the password is checked and refunded if it was
 * right, so concurrent guesses cannot all pass the check before the first one fails. Every
 * refusal is the same 429 whichever limit refused, and an unknown email is counted like a
 * known one, so the answer never tells whether an account exists.
 */
export class AuthThrottle {
  private readonly failuresPerClient: WindowedCounter;
  private readonly failuresPerAccount: WindowedCounter;
  private readonly attempts: WindowedCounter;
  private readonly registrations: WindowedCounter;

  constructor(limits: AuthLimits, now: () => number = Date.now) {
    this.failuresPerClient = new WindowedCounter(limits.loginFailuresPerClient, now);
    this.failuresPerAccount = new WindowedCounter(limits.loginFailuresPerAccount, now);
    this.attempts = new WindowedCounter(limits.loginAttempts, now);
    this.registrations = new WindowedCounter(limits.registrationsPerClient, now);
  }

  /** Lets one login for `email` from `clientIp` through, or throws RateLimitedError. */
  admitLogin(email: string, clientIp: string): LoginAttempt {
    const client = ipKeyGenerator(clientIp);
    const retryAfter = Math.max(
      this.failuresPerClient.retryAfterSeconds(client),
      this.failuresPerAccount.retryAfterSeconds(email),
      this.attempts.retryAfterSeconds(''),
    );
    if (retryAfter > 0) throw new RateLimitedError(retryAfter, TOO_MANY_LOGINS);
    this.attempts.charge('');
    const failures: Charge[] = [this.failuresPerClient.charge(client), this.failuresPerAccount.charge(email)];
    return { refund: () => failures.forEach((charge) => charge.refund()) };
  }

  /** Counts one registration from `clientIp`, or throws RateLimitedError. */
  admitRegistration(clientIp: string): void {
    const client = ipKeyGenerator(clientIp);
    const retryAfter = this.registrations.retryAfterSeconds(client);
    if (retryAfter > 0) throw new RateLimitedError(retryAfter, TOO_MANY_REGISTRATIONS);
    this.registrations.charge(client);
  }
}
