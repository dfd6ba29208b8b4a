import type { ProviderName } from '../domain/payments/payment-status';
import type { SqlRunner } from './sql-runner';

/**
 * - received: stored, not yet processed (deferred, failed once, or set back for replay);
 * - processed: applied;
 * - unhandled: it carried domain events that no handler takes yet; replayable once one does;
 * - ignored: nothing in it concerns us (an unknown type, or no payment of ours);
 * - failed: processing failed too often; the error is kept for an admin.
 */
export const WEBHOOK_EVENT_STATUSES = ['received', 'processed', 'unhandled', 'ignored', 'failed'] as const;
export type WebhookEventStatus = (typeof WEBHOOK_EVENT_STATUSES)[number];

/** A verified provider event as stored in the inbox. */
export interface InboxEvent {
  provider: ProviderName;
  eventId: string;
  type: string;
  payload: Record<string, unknown>;
  createdAt: Date | null;
}

export interface StoredInboxEvent extends InboxEvent {
  id: string;
  status: WebhookEventStatus;
  attempts: number;
}

interface InboxRow {
  id: string;
  provider: ProviderName;
  event_id: string;
  type: string;
  payload: Record<string, unknown>;
  provider_created_at: Date | null;
  status: WebhookEventStatus;
  attempts: number;
}

/** The webhook inbox: one row per (provider, event id), whatever number of deliveries. */
export class WebhookEventRepository {
  constructor(private readonly sql: SqlRunner) {}

  /**
   * Stores a fresh event as processed, to be applied in the same transaction; undefined for a
   * duplicate. `subjects`: the ids it is about (domain/events/event-subjects.ts).
   */
  async insertProcessed(event: InboxEvent, subjects: readonly string[]): Promise<string | undefined> {
    const rows = await this.sql.prepared<{ id: string }>(
      'webhook_event_insert_processed',
      `INSERT INTO webhook_events (provider, event_id, type, payload, provider_created_at, status, attempts, processed_at, subjects)
       VALUES ($1, $2, $3, $4, $5, 'processed', 1, now(), $6::text[])
       ON CONFLICT ON CONSTRAINT uq_webhook_events_provider_event DO NOTHING
       RETURNING id`,
      [event.provider, event.eventId, event.type, event.payload, event.createdAt, subjects],
    );
    return rows[0]?.id;
  }

  /** Stores an event as received (with its first failure, if any); undefined for a duplicate. */
  async insertReceived(
    event: InboxEvent,
    subjects: readonly string[],
    firstError?: string,
  ): Promise<string | undefined> {
    const rows = await this.sql.query<{ id: string }>(
      `INSERT INTO webhook_events (provider, event_id, type, payload, provider_created_at, attempts, last_error, subjects)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text[])
       ON CONFLICT ON CONSTRAINT uq_webhook_events_provider_event DO NOTHING
       RETURNING id`,
      [
        event.provider,
        event.eventId,
        event.type,
        event.payload,
        event.createdAt,
        firstError === undefined ? 0 : 1,
        firstError ?? null,
        subjects,
      ],
    );
    return rows[0]?.id;
  }

  async find(id: string): Promise<StoredInboxEvent | undefined> {
    const rows = await this.sql.query<InboxRow>(
      `SELECT id, provider, event_id, type, payload, provider_created_at, status, attempts FROM webhook_events WHERE id = $1`,
      [id],
    );
    return rows[0] && toStored(rows[0]);
  }

  /**
   * Claims a received or failed event for processing; the row stays locked until the caller's
   * transaction ends, so a concurrent worker waits and then finds it done. `subjects` joins the
   * ones stored: a prepared event can name more (a dispute learns its payment from the provider).
   */
  async claim(id: string, subjects: readonly string[]): Promise<boolean> {
    const rows = await this.sql.query(
      `UPDATE webhook_events SET status = 'processed', processed_at = now(), attempts = attempts + 1, last_error = NULL,
              subjects = ARRAY(SELECT DISTINCT unnest(subjects || $2::text[]))
        WHERE id = $1 AND status IN ('received', 'failed') RETURNING id`,
      [id, subjects],
    );
    return rows.length > 0;
  }

  /** Settles the outcome of an event just processed (processed is already stored by the insert or claim). */
  async markOutcome(id: string, status: 'unhandled' | 'ignored'): Promise<void> {
    await this.sql.query(`UPDATE webhook_events SET status = $2 WHERE id = $1`, [id, status]);
  }

  /** Sets a stored event back to be processed again (admin replay, or a handler that now exists). */
  async markForReplay(id: string): Promise<boolean> {
    const rows = await this.sql.query(
      `UPDATE webhook_events SET status = 'received', attempts = 0, last_error = NULL WHERE id = $1 RETURNING id`,
      [id],
    );
    return rows.length > 0;
  }

  /** Records a failed attempt; after `maxAttempts` the event ends as failed, error kept. */
  async recordFailure(id: string, error: string, maxAttempts: number): Promise<void> {
    await this.sql.query(
      `UPDATE webhook_events SET attempts = attempts + 1, last_error = $2,
              status = CASE WHEN attempts + 1 >= $3 THEN 'failed' ELSE 'received' END
        WHERE id = $1 AND status IN ('received', 'failed')`,
      [id, error, maxAttempts],
    );
  }

  /** Events stored but not processed yet (a crash, a restart, or a failed inline attempt), oldest first. */
  async unprocessedIds(olderThanSeconds: number, limit: number): Promise<string[]> {
    const rows = await this.sql.query<{ id: string }>(
      `SELECT id FROM webhook_events WHERE status = 'received' AND received_at < now() - make_interval(secs => $1)
        ORDER BY received_at LIMIT $2`,
      [olderThanSeconds, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Events left unhandled, oldest first, after the given one (keyset), for replay once handlers exist. */
  async unhandled(
    limit: number,
    after?: StoredInboxEvent & { receivedAt: string },
  ): Promise<(StoredInboxEvent & { receivedAt: string })[]> {
    const rows = await this.sql.query<InboxRow & { received_at_text: string }>(
      `SELECT id, provider, event_id, type, payload, provider_created_at, status, attempts, received_at::text AS received_at_text
         FROM webhook_events
        WHERE status = 'unhandled' AND ($2::timestamptz IS NULL OR (received_at, id) > ($2::timestamptz, $3::uuid))
        ORDER BY received_at, id LIMIT $1`,
      [limit, after?.receivedAt ?? null, after?.id ?? null],
    );
    return rows.map((r) => ({ ...toStored(r), receivedAt: r.received_at_text }));
  }

  async attempts(id: string): Promise<number> {
    const rows = await this.sql.query<{ attempts: number }>(`SELECT attempts FROM webhook_events WHERE id = $1`, [id]);
    return rows[0]?.attempts ?? 0;
  }
}

function toStored(row: InboxRow): StoredInboxEvent {
  return {
    id: row.id,
    provider: row.provider,
    eventId: row.event_id,
    type: row.type,
    payload: row.payload,
    createdAt: row.provider_created_at,
    status: row.status,
    attempts: row.attempts,
  };
}
