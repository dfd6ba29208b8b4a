import type { DisputeUpdated } from '../../domain/events/domain-event';

/** Disputes (chargebacks and inquiries). Evidence is submitted in the provider's dashboard. */
export interface DisputeCapability {
  /** A dispute's current state (reconciliation, or an event that only names the dispute). */
  getDispute(providerDisputeId: string): Promise<DisputeUpdated>;
}
