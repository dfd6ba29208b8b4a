import type { RefundState } from '../events/domain-event';
import { decideLifecycleChange, type LifecycleSnapshot, type LifecycleTable } from '../lifecycle';

export type { RefundState };

export const REFUND_STATES = [
  'pending',
  'requires_action',
  'succeeded',
  'failed',
  'canceled',
] as const satisfies readonly RefundState[];

/**
 * Every refund, whoever started it, moves only along this table.
 *
 *   succeeded -> failed   a card refund can fail days after it succeeded (the card was closed;
 *                         Stripe test card 5126): the money comes back to us
 *   failed, canceled      final: a new attempt is a new refund
 */
export const REFUND_TRANSITIONS: LifecycleTable<RefundState> = {
  pending: ['requires_action', 'succeeded', 'failed', 'canceled'],
  requires_action: ['pending', 'succeeded', 'failed', 'canceled'],
  succeeded: ['failed'],
  failed: [],
  canceled: [],
};

export function decideRefundChange(current: LifecycleSnapshot<RefundState>, to: RefundState, occurredAt: Date) {
  return decideLifecycleChange(REFUND_TRANSITIONS, current, to, occurredAt);
}

/** Refunds whose amount is no longer ours to refund again: done, or on their way. */
export function holdsAmount(status: RefundState): boolean {
  return status === 'pending' || status === 'requires_action' || status === 'succeeded';
}
