import { Dispute } from '../admin-models';

export type DisputeStatus = Dispute['status'];

export const DISPUTE_STATUS_LABELS: Record<DisputeStatus, string> = {
  inquiry: 'Inquiry',
  inquiry_closed: 'Inquiry closed',
  needs_response: 'Needs response',
  under_review: 'Under review',
  won: 'Won',
  lost: 'Lost',
};

export const DISPUTE_STATUSES = Object.keys(DISPUTE_STATUS_LABELS) as DisputeStatus[];

/** How a chip reads at a glance (its text says the status, the tone only repeats it). */
export const DISPUTE_STATUS_TONES: Record<DisputeStatus, 'good' | 'bad' | 'waiting' | 'neutral'> = {
  inquiry: 'waiting',
  inquiry_closed: 'neutral',
  needs_response: 'bad',
  under_review: 'waiting',
  won: 'good',
  lost: 'bad',
};

/** A provider's reason code in words: `product_not_received`, `MERCHANDISE_OR_SERVICE_NOT_RECEIVED` -> "product not received". */
export function reasonText(reason: string): string {
  return reason.replace(/_/g, ' ').toLowerCase();
}
