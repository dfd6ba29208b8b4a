import { PROVIDER_LABELS } from '../../core/payments/payment-labels';
import { PaymentProvider } from '../../core/payments/payment-models';
import { TimelineEntry, TimelineKind } from '../admin-models';

/** What each kind of entry is, in words, with a mark drawn next to it (hidden from screen readers). */
export const TIMELINE_KINDS: Record<TimelineKind, { label: string; mark: string }> = {
  checkout: { label: 'Checkout', mark: '→' },
  provider_event: { label: 'Provider event', mark: '⇄' },
  state_change: { label: 'Status', mark: '•' },
  refund: { label: 'Refund', mark: '↩' },
  dispute: { label: 'Dispute', mark: '!' },
  document: { label: 'Document', mark: '▤' },
  access: { label: 'Access', mark: '◆' },
  audit: { label: 'Audit', mark: '✎' },
};

const ACTOR_NAMES: Record<string, string> = {
  admin: 'Admin',
  user: 'Student',
  system: 'System',
  reconciliation: 'Reconciliation',
};

/** "Admin · admin@example.com", "Stripe webhook", "Reconciliation". */
export function actorLabel(actor: NonNullable<TimelineEntry['actor']>): string {
  const [kind, provider] = actor.kind.split(':');
  const name =
    kind === 'webhook' && provider
      ? `${PROVIDER_LABELS[provider as PaymentProvider] ?? provider} webhook`
      : (ACTOR_NAMES[actor.kind] ?? actor.kind);
  return actor.email ? `${name} · ${actor.email}` : name;
}

/** "requires_action" → "requires action". */
export function statusLabel(status: string): string {
  return status.replaceAll('_', ' ');
}

/**
 * Where the webhook inbox shows a provider event: the inbox row itself when the entry links it,
 * else the provider's event id, else the event type (its title).
 */
export function inboxQuery(entry: TimelineEntry): Record<string, string> {
  if (entry.links.webhookEventId) return { id: entry.links.webhookEventId };
  const eventId = entry.data['eventId'];
  return typeof eventId === 'string' && eventId ? { eventId } : { type: entry.title };
}
