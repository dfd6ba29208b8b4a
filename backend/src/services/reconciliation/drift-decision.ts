import type { DomainEvent, DomainEventKind } from '../../domain/events/domain-event';
import { formatMoney, type Money } from '../../domain/money';
import type { ProviderName } from '../../domain/payments/payment-status';
import type { ApplyOutcome } from '../webhooks/event-handler-registry';

/** What a reconciliation check is about (the `subject_type` of a drift row). */
export type DriftSubject = 'payment' | 'refund' | 'dispute' | 'subscription';

/** One subject as a check saw it: our state before the provider's answer, and after applying it. */
export interface CheckObservation {
  subject: DriftSubject;
  subjectId: string;
  paymentId: string | null;
  provider: ProviderName;
  before: string | null;
  after: string | null;
  /** The state the provider's answer gives the subject; null when it names none. */
  providerState: string | null;
  /** What applying each event of the answer did. */
  outcomes: readonly { kind: DomainEventKind; outcome: ApplyOutcome }[];
  /** The money the subject is about, for a subject we had no record of (a refund made at the provider). */
  amount?: Money;
  /** What the check did itself, besides applying the provider's answer. */
  action?: CheckAction;
}

/** A checkout reconciliation finished on its own account. */
export type CheckAction =
  /** Its request died before the provider's checkout was stored; sent again with its key, and stored. */
  | { kind: 'resumed'; providerSessionId: string }
  /**
   * Its provider lifetime passed (at `lapsedAt`) with no money: canceled as abandoned.
   * `known`: we knew the provider's checkout; `closedAtProvider`: the provider closed it too.
   */
  | { kind: 'abandoned'; lapsedAt: Date; known: boolean; closedAtProvider: boolean };

export type DriftDecision =
  | { kind: 'in_sync' }
  /** `healed`: after applying the answer, our state is what the provider says. */
  | { kind: 'drift'; healed: boolean; detail: string };

/**
 * Whether a check found a difference, whether applying the provider's answer put it right, and
 * the line an admin reads. A difference is an answer that changed our records (an `applied`
 * outcome), a state that moved, or an answer our state machine refused while the provider still
 * says something else than we have (healed false: someone has to look).
 */
export function decideDrift(o: CheckObservation): DriftDecision {
  // What reconciliation did itself puts our record where the provider's is: shown, and healed.
  if (o.action) return { kind: 'drift', healed: true, detail: actionDetail(o.provider, o.action) };
  const applied = o.outcomes.filter((x) => x.outcome === 'applied');
  const moved = o.before !== o.after;
  const claim = o.providerState;
  const refused = o.outcomes.some((x) => x.outcome === 'illegal') && claim !== null && claim !== o.after;
  if (applied.length === 0 && !moved && !refused) return { kind: 'in_sync' };
  const healed = claim === null ? applied.length > 0 || moved : o.after === claim;
  return {
    kind: 'drift',
    healed,
    detail: detailOf(
      o,
      healed,
      applied.map((x) => x.kind),
    ),
  };
}

function actionDetail(provider: ProviderName, action: CheckAction): string {
  const who = providerLabel(provider);
  if (action.kind === 'resumed') {
    return `The ${who} checkout's request died before its checkout was stored; sent again with its key, ${action.providerSessionId} is recorded`;
  }
  const lapsed = action.lapsedAt.toISOString();
  if (!action.known) {
    return `The ${who} checkout's request died before its checkout was stored and can no longer be resumed (since ${lapsed}); canceled as abandoned`;
  }
  const there = action.closedAtProvider ? `closed at ${who} too` : `${who} cannot close it, it lapses there on its own`;
  return `The ${who} checkout lapsed unpaid at ${lapsed}; canceled as abandoned (${there})`;
}

/** The line of a check that could not be completed (the provider was unreachable, ...). */
export function failureDetail(subject: DriftSubject, provider: ProviderName, message: string): string {
  return `Could not ask ${providerLabel(provider)} about the ${subject}: ${message}`;
}

/** The state an answer gives the subject (the last event that names one wins), or null. */
export function claimedState(subject: DriftSubject, events: readonly DomainEvent[], providerRefundId?: string) {
  let state: string | null = null;
  for (const event of events) {
    const named = stateNamedBy(subject, event, providerRefundId);
    if (named !== null) state = named;
  }
  return state;
}

function stateNamedBy(subject: DriftSubject, event: DomainEvent, providerRefundId?: string): string | null {
  switch (subject) {
    case 'payment':
      return PAYMENT_STATE_OF[event.kind] ?? null;
    case 'refund':
      return event.kind === 'RefundUpdated' && (!providerRefundId || event.providerRefundId === providerRefundId)
        ? event.status
        : null;
    case 'dispute':
      return event.kind === 'DisputeUpdated' ? event.status : null;
    case 'subscription':
      return event.kind === 'SubscriptionChanged' ? event.status : null;
  }
}

/** The payment status each checkout event asks for (an approval is no status of ours). */
const PAYMENT_STATE_OF: Partial<Record<DomainEventKind, string>> = {
  PaymentSucceeded: 'completed',
  PaymentProcessing: 'processing',
  PaymentFailed: 'failed',
  PaymentCanceled: 'canceled',
};

/** How an admin reads what an applied event told us that we had missed. */
const MISSED: Partial<Record<DomainEventKind, string>> = {
  PaymentSucceeded: 'a completed payment',
  PaymentFailed: 'a failed payment attempt',
  RefundUpdated: 'a refund change',
  DisputeUpdated: 'a dispute change',
  PaymentReversed: 'a reversal of the payment',
  SubscriptionChanged: 'a change of the subscription',
  SubscriptionPaymentSucceeded: 'a paid billing cycle',
  SubscriptionPaymentFailed: 'a failed billing cycle',
};

function detailOf(o: CheckObservation, healed: boolean, applied: readonly DomainEventKind[]): string {
  const who = providerLabel(o.provider);
  const claim = o.providerState;
  if (o.before === null && o.after !== null) {
    const what = o.amount ? `a ${o.subject} of ${formatMoney(o.amount)}` : `a ${o.subject}`;
    return `${who} reports ${what} (${human(o.after)}) we had no record of; recorded`;
  }
  if (claim !== null && !healed) {
    if (o.before !== o.after) {
      return `${who} says the ${o.subject} ${says(claim)}; applying it moved ours from ${human(o.before)} to ${human(o.after)}`;
    }
    return `${who} says the ${o.subject} ${says(claim)}; we have it ${human(o.after)} and cannot move it there`;
  }
  if (o.before !== o.after) {
    if (claim !== null) return `${who} says the ${o.subject} ${says(claim)}; we had it ${human(o.before)}`;
    return `${who}'s answer moved the ${o.subject} from ${human(o.before)} to ${human(o.after)}`;
  }
  const missed = [...new Set(applied.map((kind) => MISSED[kind] ?? kind))].join(', ');
  return `${who} reported what we had missed (${missed || 'an update'}); the ${o.subject} stays ${human(o.after)}`;
}

/** "succeeded", "completed" read as verbs; other states as "is past due". */
function says(state: string): string {
  return VERB_STATES.has(state) ? state : `is ${human(state)}`;
}

const VERB_STATES: ReadonlySet<string> = new Set([
  'succeeded',
  'failed',
  'canceled',
  'completed',
  'won',
  'lost',
  'expired',
]);

function human(state: string | null): string {
  return state === null ? 'nothing' : state.replace(/_/g, ' ');
}

function providerLabel(provider: ProviderName): string {
  return provider === 'paypal' ? 'PayPal' : 'Stripe';
}
