import type { DomainEvent } from './domain-event';

/** At most this many subjects per stored event: a refund list of a busy payment stays one small row. */
export const MAX_EVENT_SUBJECTS = 20;
/** Longer values are no id of ours or of a provider's (the columns holding them are varchar(255)). */
export const MAX_SUBJECT_LENGTH = 255;

/**
 * The ids a provider event is about, ours and the provider's, read from its normalized domain
 * events: what `webhook_events.subjects` holds, so a payment's timeline finds its events through
 * one index instead of provider-specific paths into the payloads. Distinct, in the order the
 * events name them, empty and oversized values left out, at most MAX_EVENT_SUBJECTS.
 */
export function eventSubjects(events: readonly DomainEvent[]): string[] {
  const subjects = new Set<string>();
  for (const event of events) {
    for (const id of idsOf(event)) {
      if (subjects.size >= MAX_EVENT_SUBJECTS) return [...subjects];
      if (typeof id === 'string' && id.length > 0 && id.length <= MAX_SUBJECT_LENGTH) subjects.add(id);
    }
  }
  return [...subjects];
}

function idsOf(event: DomainEvent): (string | undefined)[] {
  switch (event.kind) {
    case 'PaymentSucceeded':
    case 'PaymentProcessing':
    case 'PaymentFailed':
    case 'PaymentCanceled':
    case 'PaymentApproved':
    case 'RefundsChanged':
      return paymentRefIds(event.ref);
    case 'RefundUpdated':
      return [...paymentRefIds(event.ref), event.refundId, event.providerRefundId];
    case 'DisputeUpdated':
      return [...paymentRefIds(event.ref), event.providerDisputeId];
    case 'PaymentReversed':
      return [...paymentRefIds(event.ref), event.providerReversalId];
    case 'SubscriptionChanged':
      return subscriptionRefIds(event.ref);
    case 'SubscriptionPaymentSucceeded':
      return [...subscriptionRefIds(event.ref), event.providerInvoiceId, event.providerPaymentId];
    case 'SubscriptionPaymentFailed':
      return [...subscriptionRefIds(event.ref), event.providerInvoiceId];
    case 'PaymentMethodAttached':
      return [event.ref.providerCustomerId, event.method.providerPaymentMethodId];
    case 'PaymentMethodDetached':
      return [event.ref?.providerCustomerId, event.providerPaymentMethodId];
    case 'DefaultPaymentMethodChanged':
      return [event.ref.providerCustomerId, event.providerPaymentMethodId ?? undefined];
    case 'PaymentMethodSaved':
      return [event.ref.providerCustomerId, event.providerPaymentMethodId];
    default:
      return unknownKind(event);
  }
}

function paymentRefIds(ref: { paymentId?: string; providerSessionId?: string; providerPaymentId?: string }) {
  return [ref.paymentId, ref.providerSessionId, ref.providerPaymentId];
}

function subscriptionRefIds(ref: { subscriptionId?: string; providerSubscriptionId?: string }) {
  return [ref.subscriptionId, ref.providerSubscriptionId];
}

/** A new event kind fails to compile here until its ids are listed above. */
function unknownKind(event: never): never[] {
  void event;
  return [];
}
