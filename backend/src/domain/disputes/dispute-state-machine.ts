import type { DisputeState } from '../events/domain-event';
import { decideLifecycleChange, type LifecycleSnapshot, type LifecycleTable } from '../lifecycle';

export type { DisputeState };

export const DISPUTE_STATES = [
  'inquiry',
  'inquiry_closed',
  'needs_response',
  'under_review',
  'won',
  'lost',
] as const satisfies readonly DisputeState[];

/**
 * A dispute moves only along this table.
 *
 *   inquiry -> needs_response        an inquiry escalates into a chargeback (PayPal keeps the id)
 *   under_review -> needs_response   the bank asks for more (PayPal pre-arbitration)
 *   won, lost, inquiry_closed        final for this dispute
 */
export const DISPUTE_TRANSITIONS: LifecycleTable<DisputeState> = {
  inquiry: ['inquiry_closed', 'needs_response', 'under_review', 'won', 'lost'],
  needs_response: ['under_review', 'won', 'lost'],
  under_review: ['needs_response', 'won', 'lost'],
  inquiry_closed: [],
  won: [],
  lost: [],
};

export function decideDisputeChange(current: LifecycleSnapshot<DisputeState>, to: DisputeState, occurredAt: Date) {
  return decideLifecycleChange(DISPUTE_TRANSITIONS, current, to, occurredAt);
}

/** A chargeback is open: the disputed money is held by the bank until it closes. */
export function isOpenChargeback(status: DisputeState): boolean {
  return status === 'needs_response' || status === 'under_review';
}

/** Inquiries move no money, whatever their outcome. */
export function isInquiry(status: DisputeState): boolean {
  return status === 'inquiry' || status === 'inquiry_closed';
}

/** Still in progress (an inquiry or a chargeback): the admin has something to watch. */
export function isOpenDispute(status: DisputeState): boolean {
  return DISPUTE_TRANSITIONS[status].length > 0;
}
