import type { PaymentStatus } from './payment-status';

/** Who asks for a transition: the provider (webhooks, reconciliation, capture answers) or an admin. */
export type TransitionCause = 'provider' | 'admin';

/**
 * Every payment status change goes through `decideTransition`. The table below is the whole
 * policy: a status may only move to the statuses on its line, and only by the cause named there.
 * A status missing from its own line makes a repeat a no-op.
 *
 *   failed -> completed      a declined card may be retried in the same checkout
 *   failed -> failed         a repeated decline may carry a newer reason
 *   canceled -> completed    money confirmed after an expiry is still money: never drop it
 *   requires_review          only an admin's decision clears it (no expiry moves it)
 *   completed                nothing reopens a completed sale; refunds and disputes are their own facts
 */
export const PAYMENT_TRANSITIONS: Readonly<
  Record<PaymentStatus, Readonly<Partial<Record<PaymentStatus, TransitionCause>>>>
> = {
  pending: {
    processing: 'provider',
    completed: 'provider',
    failed: 'provider',
    canceled: 'provider',
    requires_review: 'provider',
  },
  processing: { completed: 'provider', failed: 'provider', canceled: 'provider', requires_review: 'provider' },
  failed: {
    processing: 'provider',
    completed: 'provider',
    failed: 'provider',
    canceled: 'provider',
    requires_review: 'provider',
  },
  canceled: { completed: 'provider', requires_review: 'provider' },
  requires_review: { completed: 'admin', canceled: 'admin' },
  completed: {},
};

/** Targets that record confirmed money movement; they apply whatever order events arrive in. */
const ORDER_INDEPENDENT: ReadonlySet<PaymentStatus> = new Set(['completed', 'requires_review']);

export interface PaymentSnapshot {
  status: PaymentStatus;
  /** Provider time of the last event applied. */
  lastEventAt: Date | null;
}

export type TransitionDecision =
  | { outcome: 'apply'; from: PaymentStatus; to: PaymentStatus }
  /** Already in that status: nothing to do (duplicate or redundant event). */
  | { outcome: 'noop'; status: PaymentStatus }
  /** Older than what we already applied: ignoring it keeps the newer state. */
  | { outcome: 'stale'; status: PaymentStatus }
  /** Not allowed by the table: refused and logged, never applied. */
  | { outcome: 'illegal'; from: PaymentStatus; to: PaymentStatus };

export function canTransition(from: PaymentStatus, to: PaymentStatus, cause: TransitionCause = 'provider'): boolean {
  return PAYMENT_TRANSITIONS[from][to] === cause;
}

export function decideTransition(
  current: PaymentSnapshot,
  to: PaymentStatus,
  occurredAt: Date,
  cause: TransitionCause = 'provider',
): TransitionDecision {
  const from = current.status;
  if (!canTransition(from, to, cause)) {
    return from === to ? { outcome: 'noop', status: from } : { outcome: 'illegal', from, to };
  }
  if (cause === 'provider' && current.lastEventAt && occurredAt < current.lastEventAt && !ORDER_INDEPENDENT.has(to)) {
    return { outcome: 'stale', status: from };
  }
  return { outcome: 'apply', from, to };
}
