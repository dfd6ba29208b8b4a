import type { DomainEvent } from '../../domain/events/domain-event';

/**
 * Not implemented yet: declared so services can be written against it; later work implements
 * it in each adapter and only then adds it to PaymentProvider. Evidence is out of scope (done in
 * the provider's dashboard).
 */
export interface DisputeCapability {
  /** The dispute's current state as events (DisputeOpened / DisputeClosed ...); ref is the provider's dispute id. */
  getDispute(ref: string): Promise<DomainEvent[]>;
}
