import type { SavedMethodDetails } from '../events/domain-event';

/** What we hold of a saved method when a provider fact about it arrives. */
export interface StoredMethod {
  status: 'attached' | 'detached';
  /** Provider time of the newest fact applied. */
  syncedAt: Date;
  details: SavedMethodDetails;
}

/**
 * What a "the method is on the customer" fact does to the stored method:
 * - `update`: newer and different details (a card updater changed the expiry);
 * - `noop`: nothing new;
 * - `stale`: older than what we applied;
 * - `gone`: we know it as detached, and neither provider re-attaches a detached method, so a
 *   late or repeated attach never brings it back.
 */
export type AttachDecision = 'update' | 'noop' | 'stale' | 'gone';

/** Stripe stamps events in whole seconds and our own reads in milliseconds: compare seconds. */
function seconds(at: Date): number {
  return Math.floor(at.getTime() / 1000);
}

export function decideAttach(current: StoredMethod, occurredAt: Date, details: SavedMethodDetails): AttachDecision {
  if (current.status === 'detached') return 'gone';
  if (seconds(occurredAt) < seconds(current.syncedAt)) return 'stale';
  return sameDetails(current.details, details) ? 'noop' : 'update';
}

/** Detaching is final and needs no ordering: a detach always wins over an attach. */
export function decideDetach(current: StoredMethod): 'detach' | 'noop' {
  return current.status === 'detached' ? 'noop' : 'detach';
}

/**
 * A change of the provider's default, against the one we hold (and when we learnt it).
 * `ambiguous`: a different default within the same second as ours, which cannot be ordered;
 * the caller asks the provider instead of guessing. A `confirmed` change (our own call just
 * made it) is the current state and is always set.
 */
export function decideDefaultChange(
  current: { providerPaymentMethodId: string | null; syncedAt: Date | null },
  occurredAt: Date,
  next: string | null,
  confirmed = false,
): 'set' | 'noop' | 'stale' | 'ambiguous' {
  if (current.providerPaymentMethodId === next) return 'noop';
  if (!current.syncedAt || confirmed) return 'set';
  const [at, held] = [seconds(occurredAt), seconds(current.syncedAt)];
  if (at < held) return 'stale';
  return at === held ? 'ambiguous' : 'set';
}

function sameDetails(a: SavedMethodDetails, b: SavedMethodDetails): boolean {
  return (
    a.type === b.type &&
    (a.brand ?? null) === (b.brand ?? null) &&
    (a.last4 ?? null) === (b.last4 ?? null) &&
    (a.expMonth ?? null) === (b.expMonth ?? null) &&
    (a.expYear ?? null) === (b.expYear ?? null) &&
    (a.email ?? null) === (b.email ?? null)
  );
}
