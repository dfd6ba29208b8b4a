/**
 * A small state machine shared by the post-sale lifecycles (refunds, disputes): a table of the
 * states each state may move to, and the provider time of the last change, so an event that is
 * older than what was applied never undoes a newer state.
 */
export type LifecycleTable<S extends string> = Readonly<Record<S, readonly S[]>>;

export interface LifecycleSnapshot<S extends string> {
  status: S;
  /** Provider time of the last state applied. */
  updatedAt: Date | null;
}

export type LifecycleDecision<S extends string> =
  | { outcome: 'apply'; from: S; to: S }
  /** Already in that state. */
  | { outcome: 'noop'; status: S }
  /** Older than the state already applied. */
  | { outcome: 'stale'; status: S }
  /** Not on the table: refused, never applied. */
  | { outcome: 'illegal'; from: S; to: S };

export function decideLifecycleChange<S extends string>(
  table: LifecycleTable<S>,
  current: LifecycleSnapshot<S>,
  to: S,
  occurredAt: Date,
): LifecycleDecision<S> {
  const from = current.status;
  if (from === to) return { outcome: 'noop', status: from };
  if (!table[from].includes(to)) return { outcome: 'illegal', from, to };
  // Only a move the table allows back (pending <-> requires_action) can be undone by an older
  // event; one-way moves are safe in any order, whatever the clocks of their sources (a
  // provider's whole-second event times against our own reading of an API answer).
  const reversible = table[to].includes(from);
  if (reversible && current.updatedAt && occurredAt < current.updatedAt) return { outcome: 'stale', status: from };
  return { outcome: 'apply', from, to };
}
