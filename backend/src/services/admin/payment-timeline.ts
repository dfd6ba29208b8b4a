import { formatMoney, money, type Money } from '../../domain/money';
import { PROVIDER_DISPLAY_NAMES, type ProviderName } from '../../domain/payments/payment-status';
import type { AuditRecord, InboxEntry, PurchaseGrant } from '../../repositories/admin-payment-query.repository';
import type { DisputeRecord } from '../../repositories/dispute.repository';
import type { DocumentRecord } from '../../repositories/invoice.repository';
import type { RefundRecord } from '../../repositories/refund.repository';
import { documentUrl, isIssued } from '../invoices/document-views';
import type { TimelineEntry, TimelineKind } from './admin-views';

/** Everything a payment's timeline is assembled from, as the repositories read it. */
export interface TimelineFacts {
  payment: {
    id: string;
    kind: 'course' | 'subscription';
    provider: ProviderName;
    amount: Money;
    createdAt: Date;
    user: { id: string; email: string };
  };
  inbox: readonly InboxEntry[];
  audit: readonly AuditRecord[];
  refunds: readonly RefundRecord[];
  disputes: readonly DisputeRecord[];
  documents: readonly DocumentRecord[];
  grant: PurchaseGrant | null;
}

/**
 * Entries at the same instant (one transaction writes the inbox row, the transition and the
 * access change) are ordered cause first: the event, then what it moved, then what followed.
 */
const KIND_ORDER: Readonly<Record<TimelineKind, number>> = {
  checkout: 0,
  provider_event: 1,
  state_change: 2,
  refund: 3,
  dispute: 4,
  access: 5,
  document: 6,
  audit: 7,
};

/** Audit action families and the timeline kind each belongs to; anything else is `audit`. */
const AUDIT_KINDS: Readonly<Record<string, TimelineKind>> = {
  payment: 'state_change',
  refund: 'refund',
  dispute: 'dispute',
  enrollment: 'access',
};

/** A payment's whole story, oldest first. Pure: the service reads the facts, this orders and words them. */
export function paymentTimeline(facts: TimelineFacts): TimelineEntry[] {
  const refundsById = new Map(facts.refunds.map((r) => [r.id, r]));
  const disputesById = new Map(facts.disputes.map((d) => [d.id, d]));
  const audited = new Set(facts.audit.filter((a) => a.entityType === 'refund').map((a) => a.entityId));
  const entries: TimelineEntry[] = [
    checkoutEntry(facts.payment),
    ...facts.inbox.map(inboxEntry),
    ...facts.audit.map((a) => auditEntry(a, refundsById, disputesById)),
    // Every refund is audited when it is made; one that is not (older data) still shows.
    ...facts.refunds.filter((r) => !audited.has(r.id)).map(unauditedRefundEntry),
    ...(facts.grant ? [grantEntry(facts.grant)] : []),
    ...facts.documents.filter(isIssued).map(documentEntry),
  ];
  return entries
    .map((entry, index) => ({ entry, index, time: Date.parse(entry.at) }))
    .sort((a, b) => a.time - b.time || KIND_ORDER[a.entry.kind] - KIND_ORDER[b.entry.kind] || a.index - b.index)
    .map(({ entry }) => entry);
}

/** The timeline kind of an audit action, by its family (`refund.succeeded` -> refund). */
export function timelineKindOf(action: string): TimelineKind {
  return AUDIT_KINDS[action.split('.')[0] ?? ''] ?? 'audit';
}

function checkoutEntry(payment: TimelineFacts['payment']): TimelineEntry {
  const what = payment.kind === 'subscription' ? 'Subscription payment' : 'Checkout';
  return {
    at: payment.createdAt.toISOString(),
    kind: 'checkout',
    title: `${what} of ${formatMoney(payment.amount)} started with ${PROVIDER_DISPLAY_NAMES[payment.provider]}`,
    actor: { kind: 'user', userId: payment.user.id, email: payment.user.email },
    amount: payment.amount,
    status: 'pending',
    data: { provider: payment.provider, kind: payment.kind },
    links: {},
  };
}

function inboxEntry(event: InboxEntry): TimelineEntry {
  return {
    at: event.receivedAt.toISOString(),
    kind: 'provider_event',
    title: event.type,
    actor: { kind: `webhook:${event.provider}`, userId: null, email: null },
    amount: null,
    status: event.status,
    data: {
      eventId: event.eventId,
      provider: event.provider,
      attempts: event.attempts,
      lastError: event.lastError,
      providerCreatedAt: event.providerCreatedAt?.toISOString() ?? null,
    },
    links: { webhookEventId: event.id },
  };
}

function auditEntry(
  audit: AuditRecord,
  refunds: ReadonlyMap<string, RefundRecord>,
  disputes: ReadonlyMap<string, DisputeRecord>,
): TimelineEntry {
  const kind = timelineKindOf(audit.action);
  const verb = audit.action.slice(audit.action.indexOf('.') + 1);
  const base = {
    at: audit.createdAt.toISOString(),
    kind,
    actor: { kind: audit.actor, userId: audit.actorUserId, email: audit.actorEmail },
    data: { action: audit.action, ...audit.data },
  };
  switch (kind) {
    case 'state_change':
      return { ...base, ...stateChange(verb, audit.data), amount: null, links: {} };
    case 'refund': {
      const refund = audit.entityType === 'refund' ? refunds.get(audit.entityId) : undefined;
      const amount = moneyIn(audit.data) ?? refund?.amount ?? null;
      return {
        ...base,
        ...refundWords(verb, amount, audit.data, refund),
        amount,
        links: audit.entityType === 'refund' ? { refundId: audit.entityId } : {},
      };
    }
    case 'dispute': {
      const dispute = audit.entityType === 'dispute' ? disputes.get(audit.entityId) : undefined;
      const amount = moneyIn(audit.data) ?? dispute?.amount ?? null;
      return {
        ...base,
        ...disputeWords(verb, amount, audit.data),
        amount,
        links: audit.entityType === 'dispute' ? { disputeId: audit.entityId } : {},
      };
    }
    case 'access':
      return { ...base, title: accessTitle(verb, audit.data), status: verb, amount: null, links: {} };
    default:
      return { ...base, title: audit.action, status: null, amount: null, links: {} };
  }
}

function stateChange(verb: string, data: Record<string, unknown>): { title: string; status: string } {
  if (verb === 'transition_refused') {
    return { title: `Move from ${words(data.from)} to ${words(data.to)} refused`, status: 'refused' };
  }
  return { title: `Payment ${words(verb)}`, status: verb };
}

function refundWords(
  verb: string,
  amount: Money | null,
  data: Record<string, unknown>,
  refund: RefundRecord | undefined,
): { title: string; status: string | null } {
  const refundOf = amount ? `Refund of ${formatMoney(amount)}` : 'Refund';
  const provider = refund ? PROVIDER_DISPLAY_NAMES[refund.provider] : 'the provider';
  switch (verb) {
    case 'requested':
      return { title: `${refundOf} requested`, status: 'pending' };
    case 'submitted':
      return { title: `${refundOf} sent to ${provider}: ${words(data.outcome)}`, status: text(data.outcome) };
    case 'recorded':
      return { title: `${refundOf} made at ${provider} recorded (${words(data.status)})`, status: text(data.status) };
    case 'duplicate_purchase':
      return { title: `Automatic ${refundOf.toLowerCase()} for a duplicate purchase`, status: 'pending' };
    case 'transition_refused':
      return { title: `Refund move from ${words(data.from)} to ${words(data.to)} refused`, status: 'refused' };
    default:
      return {
        title: data.refused === true ? `${refundOf} refused by ${provider}` : `${refundOf} ${words(verb)}`,
        status: verb,
      };
  }
}

function disputeWords(
  verb: string,
  amount: Money | null,
  data: Record<string, unknown>,
): { title: string; status: string | null } {
  const disputeOf = amount ? `Dispute of ${formatMoney(amount)}` : 'Dispute';
  switch (verb) {
    case 'opened':
      return { title: `${disputeOf} opened (${words(data.status)})`, status: text(data.status) };
    case 'transition_refused':
      return { title: `Dispute move from ${words(data.from)} to ${words(data.to)} refused`, status: 'refused' };
    case 'funds_withdrawn':
      return { title: 'Disputed funds withdrawn', status: null };
    case 'reversal_recorded':
      return { title: `${disputeOf} taken back by the provider (reversal)`, status: 'lost' };
    case 'updated':
      return {
        title:
          typeof data.fundsWithdrawn === 'boolean'
            ? `Dispute updated (funds ${data.fundsWithdrawn ? 'withdrawn' : 'not withdrawn'})`
            : 'Dispute updated',
        status: null,
      };
    default:
      return { title: `${disputeOf} ${words(verb)}`, status: verb };
  }
}

function accessTitle(verb: string, data: Record<string, unknown>): string {
  const cause = typeof data.cause === 'string' ? ` (${data.cause.split(':')[0]})` : '';
  if (verb === 'active') return `Access ${data.from === undefined ? 'granted' : 'restored'}${cause}`;
  return `Access ${words(verb)}${cause}`;
}

function unauditedRefundEntry(refund: RefundRecord): TimelineEntry {
  return {
    at: refund.createdAt.toISOString(),
    kind: 'refund',
    title: `Refund of ${formatMoney(refund.amount)} ${words(refund.status)}`,
    actor: null,
    amount: refund.amount,
    status: refund.status,
    data: { origin: refund.origin, providerRefundId: refund.providerRefundId },
    links: { refundId: refund.id },
  };
}

function grantEntry(grant: PurchaseGrant): TimelineEntry {
  return {
    at: grant.createdAt.toISOString(),
    kind: 'access',
    title: 'Access granted',
    actor: { kind: 'system', userId: null, email: null },
    amount: null,
    status: 'active',
    data: { enrollmentId: grant.id },
    links: {},
  };
}

function documentEntry(doc: DocumentRecord & { number: string; issuedAt: Date }): TimelineEntry {
  const what = doc.kind === 'invoice' ? 'Invoice' : 'Credit note';
  return {
    at: doc.issuedAt.toISOString(),
    kind: 'document',
    title: `${what} ${doc.number} issued`,
    actor: { kind: 'system', userId: null, email: null },
    // Signed, as on the document: negative on a credit note.
    amount: { amount: doc.amount, currency: doc.currency },
    status: 'issued',
    data: { number: doc.number, kind: doc.kind, refundId: doc.refundId },
    links: {
      documentId: doc.id,
      downloadUrl: documentUrl(doc.id),
      ...(doc.refundId ? { refundId: doc.refundId } : {}),
    },
  };
}

/** `{amount, currency}` as audit data keeps it, when it is well-formed money. */
function moneyIn(data: Record<string, unknown>): Money | null {
  if (typeof data.amount !== 'number' || typeof data.currency !== 'string') return null;
  try {
    return money(data.amount, data.currency);
  } catch {
    return null;
  }
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** `requires_review` -> `requires review`. */
function words(value: unknown): string {
  return typeof value === 'string' ? value.replaceAll('_', ' ') : 'unknown';
}
