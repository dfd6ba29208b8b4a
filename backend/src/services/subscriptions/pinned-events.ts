import type { DomainEvent } from '../../domain/events/domain-event';

/** Subscription events pinned to our id (payment events are left as they are). */
export function pinned(subscriptionId: string, events: DomainEvent[]): DomainEvent[] {
  return events.map((event) =>
    event.kind.startsWith('Subscription')
      ? ({ ...event, ref: { ...event.ref, subscriptionId } } as DomainEvent)
      : event,
  );
}
