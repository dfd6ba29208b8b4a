export interface RateLimit {
  /** Charges allowed per key in one window. */
  max: number;
  windowMs: number;
}

/** One charge; refunding it gives the unit back while its window lasts (later, it is a no-op). */
export interface Charge {
  refund(): void;
}

interface Window {
  count: number;
  resetAt: number;
}

/**
 * Fixed-window counts per key, in this process's memory. Expired windows are dropped at most
 * once per window length, so the map holds only keys charged in the last two windows.
 */
export class WindowedCounter {
  private readonly windows = new Map<string, Window>();
  private nextSweepAt: number;

  constructor(
    readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
  ) {
    this.nextSweepAt = now() + limit.windowMs;
  }

  /** Seconds until `key` may be charged again; 0 while it is under its limit. */
  retryAfterSeconds(key: string): number {
    const window = this.current(key);
    if (!window || window.count < this.limit.max) return 0;
    return Math.max(1, Math.ceil((window.resetAt - this.now()) / 1000));
  }

  charge(key: string): Charge {
    this.sweep();
    let window = this.current(key);
    if (!window) {
      window = { count: 0, resetAt: this.now() + this.limit.windowMs };
      this.windows.set(key, window);
    }
    window.count += 1;
    const charged = window;
    let refunded = false;
    return {
      refund: () => {
        if (refunded || this.windows.get(key) !== charged) return;
        refunded = true;
        charged.count -= 1;
      },
    };
  }

  private current(key: string): Window | undefined {
    const window = this.windows.get(key);
    return window && window.resetAt > this.now() ? window : undefined;
  }

  private sweep(): void {
    const now = this.now();
    if (now < this.nextSweepAt) return;
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
    this.nextSweepAt = now + this.limit.windowMs;
  }
}
