import type { DomainEvent, DomainEventKind } from '../../domain/events/domain-event';
import type { Repositories } from '../../repositories/data-store';

/** What applying one domain event did. */
export type HandlerOutcome =
  /** The event changed our state. */
  | 'applied'
  /** Already in that state (a duplicate or redundant event). */
  | 'noop'
  /** Older than what was already applied; the newer state stays. */
  | 'stale'
  /** Refused by the state machine; logged and audited, never applied. */
  | 'illegal'
  /** It concerns nothing of ours. */
  | 'unmatched';

/** `unhandled`: no handler takes this kind yet; the inbox keeps the event for a later replay. */
export type ApplyOutcome = HandlerOutcome | 'unhandled';

export interface HandlerContext {
  /** Repositories on the caller's transaction: every write of a handler commits with it. */
  tx: Repositories;
  /** Who caused it, for the audit log: `webhook:stripe`, `reconciliation`, `user`, ... */
  actor: string;
}

export type EventHandler<E extends DomainEvent = DomainEvent> = (
  event: E,
  context: HandlerContext,
) => Promise<HandlerOutcome>;

/**
 * One entry per domain event kind, so a new kind cannot be forgotten: `null` means no feature
 * handles it yet, and its events are stored unhandled, never dropped.
 */
export type EventHandlers = {
  readonly [K in DomainEventKind]: EventHandler<Extract<DomainEvent, { kind: K }>> | null;
};

/**
 * The one place domain events are applied, whoever found them: the webhook inbox,
 * reconciliation, the PayPal capture route, the `?refresh=true` read and admin replays.
 */
export class EventHandlerRegistry {
  constructor(private readonly handlers: EventHandlers) {}

  handles(kind: DomainEventKind): boolean {
    return this.handlers[kind] !== null;
  }

  async apply(event: DomainEvent, context: HandlerContext): Promise<ApplyOutcome> {
    const handler = this.handlers[event.kind] as EventHandler | null;
    return handler ? handler(event, context) : 'unhandled';
  }

  /** Applies events in order inside the caller's transaction. */
  async applyAll(events: DomainEvent[], context: HandlerContext): Promise<ApplyOutcome[]> {
    const outcomes: ApplyOutcome[] = [];
    for (const event of events) outcomes.push(await this.apply(event, context));
    return outcomes;
  }
}
