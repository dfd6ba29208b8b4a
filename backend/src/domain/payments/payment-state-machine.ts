import type { PaymentStatus } from './payment-status';

/**
 * Every payment status change goes through `decideTransition`. The table below is the whole
 * policy: a status may only move to the statuses listed on its line.
 *
 *   failed -> completed     a declined card may be retried in the same checkout
 *   canceled -> completed   money confirmed after an expiry is still money: never drop it
 *   completed -> (refunds, disputes only)   nothing reopens a completed sale
 */
export const PAYMENT_TRANSITIONS: Readonly<Record<PaymentStatus, readonly PaymentStatus[]>> = {
  pending: ['processing', 'completed', 'failed', 'canceled', 'requires_review'],
  processing: ['completed', 'failed', 'canceled', 'requires_review'],
  failed: ['processing', 'completed', 'failed', 'canceled', 'requires_review'],
  canceled: ['completed', 'requires_review'],
  requires_review: ['completed', 'canceled', 'refunded'],
  completed: ['partially_refunded', 'refunded', 'disputed'],
  partially_refunded: ['partially_refunded', 'refunded', 'disputed'],
  disputed: ['completed', 'partially_refunded', 'refunded'],
  refunded: [],
};

/** Targets that record confirmed money movement; they apply whatever order events arrive in. */
const ORDER_INDEPENDENT: ReadonlySet<PaymentStatus> = new Set([
  'completed',
  'requires_review',
  'refunded',
  'partially_refunded',
]);

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

export function canTransition(from: PaymentStatus, to: PaymentStatus): boolean {
  return PAYMENT_TRANSITIONS[from].includes(to);
}

export function decideTransition(current: PaymentSnapshot, to: PaymentStatus, occurredAt: Date): TransitionDecision {
  const from = current.status;
  // Repeating a failure may carry a newer reason, so failed -> failed is a real transition.
  if (from === to && to !== 'failed' && to !== 'partially_refunded') return { outcome: 'noop', status: from };
  if (!canTransition(from, to)) return { outcome: 'illegal', from, to };
  if (current.lastEventAt && occurredAt < current.lastEventAt && !ORDER_INDEPENDENT.has(to)) {
    return { outcome: 'stale', status: from };
  }
  return { outcome: 'apply', from, to };
}
