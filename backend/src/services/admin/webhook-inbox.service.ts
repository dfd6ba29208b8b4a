import type { ProviderName } from '../../domain/payments/payment-status';
import { NotFoundError } from '../../errors/app-error';
import type { Logger } from '../../logger';
import type { DataStore } from '../../repositories/data-store';
import type { WebhookEventStatus } from '../../repositories/webhook-event.repository';
import type { InboxEntry } from '../../repositories/webhook-inbox-query.repository';
import { isUuid } from '../ids';
import { decodeCursor, encodeCursor } from '../payments/history-cursor';
import type { WebhookService } from '../webhooks/webhook.service';
import type { AdminWebhookEvent, Page, ReplayResult } from './admin-views';

export { WEBHOOK_EVENT_STATUSES } from '../../repositories/webhook-event.repository';

export interface WebhookInboxQuery {
  provider?: ProviderName;
  /** Exact, or a prefix when it ends with `*` (`charge.*`). */
  type?: string;
  status?: WebhookEventStatus;
  /** The provider's event id (evt_..., WH-...), exact. */
  eventId?: string;
  /** received_at >= from */
  from?: Date;
  /** received_at < to */
  to?: Date;
  limit: number;
  cursor?: string;
}

const REPLAY_OUTCOMES: ReadonlySet<string> = new Set(['processed', 'unhandled', 'ignored', 'failed']);

/** Statuses `process` takes as they are. */
const AWAITING_PROCESSING: ReadonlySet<WebhookEventStatus> = new Set(['received', 'failed']);

/**
 * The webhook inbox for admins: what arrived, how it was filed, and replay. A replay processes
 * the stored event through the same inbox path as a retry (an event already filed is first set
 * back to received), so the registry's idempotent handlers decide again (a processed event
 * changes nothing), and the claim makes two replays at once process it once.
 */
export class WebhookInboxService {
  constructor(
    private readonly store: DataStore,
    private readonly webhooks: WebhookService,
    private readonly logger: Logger,
  ) {}

  async list(query: WebhookInboxQuery): Promise<Page<AdminWebhookEvent>> {
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const prefix = query.type?.endsWith('*') ?? false;
    const rows = await this.store.repos.webhookInbox.page({
      provider: query.provider,
      type: prefix ? query.type!.slice(0, -1) : query.type,
      typePrefix: prefix,
      status: query.status,
      eventId: query.eventId,
      from: query.from,
      to: query.to,
      after: after && { receivedAt: after.createdAt, id: after.id },
      limit: query.limit,
    });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toAdminWebhookEvent),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last.receivedAtText, last.id) : null,
    };
  }

  async get(id: string): Promise<AdminWebhookEvent> {
    return toAdminWebhookEvent(await this.find(id));
  }

  /** 200 whatever the outcome: a processing failure is the answer `failed`, with the stored error. */
  async replay(adminUserId: string, id: string): Promise<ReplayResult> {
    const before = await this.find(id);
    let outcome: ReplayResult['outcome'];
    try {
      // A received or failed event is processed as it stands (a failure then counts as one more
      // attempt and leaves it failed, not back in the automatic retries); one already filed is
      // set back to received first.
      if (!AWAITING_PROCESSING.has(before.status)) await this.webhooks.markForReplay(id);
      const processed = await this.webhooks.process(id);
      // `skipped`: a concurrent replay (or retry) claimed it first; its filing is the outcome.
      outcome = processed === 'skipped' ? await this.filedOutcome(id) : processed;
    } catch (error) {
      this.logger.warn({ err: error, webhookEventId: id }, 'webhook replay failed');
      outcome = 'failed';
    }
    const event = await this.find(id);
    await this.store.repos.audit.append({
      actor: 'admin',
      actorUserId: adminUserId,
      action: 'webhook_event.replayed',
      entityType: 'webhook_event',
      entityId: id,
      data: {
        provider: event.provider,
        eventId: event.eventId,
        type: event.type,
        from: before.status,
        outcome,
        status: event.status,
        error: outcome === 'failed' ? event.lastError : null,
      },
    });
    return { event: toAdminWebhookEvent(event), outcome };
  }

  private async filedOutcome(id: string): Promise<ReplayResult['outcome']> {
    const { status } = await this.find(id);
    return REPLAY_OUTCOMES.has(status) ? (status as ReplayResult['outcome']) : 'failed';
  }

  private async find(id: string): Promise<InboxEntry> {
    const entry = isUuid(id) ? await this.store.repos.webhookInbox.find(id) : undefined;
    if (!entry) throw new NotFoundError('Webhook event');
    return entry;
  }
}

function toAdminWebhookEvent(entry: InboxEntry): AdminWebhookEvent {
  return {
    id: entry.id,
    provider: entry.provider,
    eventId: entry.eventId,
    type: entry.type,
    status: entry.status,
    attempts: entry.attempts,
    lastError: entry.lastError,
    receivedAt: entry.receivedAt.toISOString(),
    processedAt: entry.processedAt?.toISOString() ?? null,
    providerCreatedAt: entry.providerCreatedAt?.toISOString() ?? null,
    subjects: entry.subjects,
    payload: entry.payload,
  };
}
