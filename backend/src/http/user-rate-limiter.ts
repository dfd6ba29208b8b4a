import { RateLimitedError } from '../errors/app-error';

/** The per-user limits routes name in `rateLimit`: each guards routes that call a provider. */
export const USER_RATE_LIMIT_NAMES = ['checkout', 'refund', 'refresh', 'setup'] as const;
export type UserRateLimitName = (typeof USER_RATE_LIMIT_NAMES)[number];

export interface RateWindow {
  /** Requests allowed in one window. */
  limit: number;
  windowMs: number;
}

export type UserRateLimits = Readonly<Record<UserRateLimitName, RateWindow>>;

const MINUTE = 60 * 1000;

export const DEFAULT_USER_RATE_LIMITS: UserRateLimits = {
  /** Course and subscription checkouts together. */
  checkout: { limit: 20, windowMs: MINUTE },
  refund: { limit: 30, windowMs: MINUTE },
  /** Reads that ask the provider first (`?refresh=true`). */
  refresh: { limit: 30, windowMs: MINUTE },
  /** Saving a payment method. */
  setup: { limit: 10, windowMs: MINUTE },
};

interface Window {
  count: number;
  endsAt: number;
}

/**
 * Fixed-window request counters per limit and user. They live in this process's memory: with
 * several API processes each counts on its own (a user gets at most the limit times the number
 * of processes), which is enough to stop one client from hammering the provider calls, and a
 * restart forgets them. Expired windows are dropped as time passes, so memory follows the users
 * active in the last window.
 */
export class UserRateLimiter {
  private readonly windows = new Map<string, Window>();
  private nextSweep = 0;

  constructor(
    readonly limits: UserRateLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request of the user's; over the limit it throws 429 with when to try again. */
  take(name: UserRateLimitName, userId: string): void {
    const now = this.now();
    this.sweep(now);
    const { limit, windowMs } = this.limits[name];
    const key = `${name}:${userId}`;
    let window = this.windows.get(key);
    if (!window || window.endsAt <= now) {
      window = { count: 0, endsAt: now + windowMs };
      this.windows.set(key, window);
    }
    if (window.count >= limit) throw new RateLimitedError(Math.ceil((window.endsAt - now) / 1000));
    window.count += 1;
  }

  private sweep(now: number): void {
    if (now < this.nextSweep) return;
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
    this.nextSweep = now + Math.min(...Object.values(this.limits).map((l) => l.windowMs));
  }
}
