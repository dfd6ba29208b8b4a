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
  /** The delivery's own signed id (PayPal's PAYPAL-TRANSMISSION-ID), when the provider has one. */
  transmissionId?: string;
}

/**
 * The delivery's transmission id was already stored for another event: its signature was made for
 * that event's body, and a body with the same checksum was put under it (a forgery). Nothing was stored.
 */
export class TransmissionReusedError extends Error {
  constructor(
    readonly provider: ProviderName,
    readonly transmissionId: string,
  ) {
    super(`${provider} transmission ${transmissionId} already carried another event`);
    this.name = 'TransmissionReusedError';
  }
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

/**
 * Stores one delivery in one statement: its transmission (when it has one) in
 * webhook_transmissions, and its event in webhook_events unless the event is already there or the
 * transmission id is already another event's. An existing transmission row is "updated" to itself
 * so that it is locked and returned: a concurrent delivery under the same id waits for the first
 * to commit and then sees whose it is (DO NOTHING would hide a row committed after its snapshot).
 */
function storeStatement(eventColumns: string, eventValues: string): string {
  return `WITH transmission AS (
      INSERT INTO webhook_transmissions (provider, transmission_id, event_id)
      SELECT $1::varchar, $7::varchar, $2::varchar WHERE $7::varchar IS NOT NULL
      ON CONFLICT ON CONSTRAINT pk_webhook_transmissions DO UPDATE SET event_id = webhook_transmissions.event_id
      RETURNING event_id
    ), stored AS (
      INSERT INTO webhook_events (provider, event_id, type, payload, provider_created_at, subjects, ${eventColumns})
      SELECT $1::varchar, $2::varchar, $3::varchar, $4::jsonb, $5::timestamptz, $6::text[], ${eventValues}
       WHERE NOT EXISTS (SELECT 1 FROM transmission WHERE event_id <> $2::varchar)
      ON CONFLICT ON CONSTRAINT uq_webhook_events_provider_event DO NOTHING
      RETURNING id
    )
    SELECT (SELECT id FROM stored) AS id, (SELECT event_id FROM transmission) AS transmission_event_id`;
}

const INSERT_PROCESSED = storeStatement('status, attempts, processed_at', `'processed', 1, now()`);
const INSERT_RECEIVED = storeStatement('attempts, last_error', '$8::integer, $9::text');

interface StoreRow {
  id: string | null;
  transmission_event_id: string | null;
}

/** The parameters both store statements start with ($1-$7). */
function storeValues(event: InboxEvent, subjects: readonly string[]): unknown[] {
  return [
    event.provider,
    event.eventId,
    event.type,
    event.payload,
    event.createdAt,
    subjects,
    event.transmissionId ?? null,
  ];
}

/** The stored row id, undefined for a duplicate; throws when the transmission was another event's. */
function storedId(event: InboxEvent, row: StoreRow | undefined): string | undefined {
  const owner = row?.transmission_event_id;
  if (event.transmissionId && owner && owner !== event.eventId) {
    throw new TransmissionReusedError(event.provider, event.transmissionId);
  }
  return row?.id ?? undefined;
}

/** The webhook inbox: one row per (provider, event id), whatever number of deliveries. */
export class WebhookEventRepository {
  constructor(private readonly sql: SqlRunner) {}

  /**
   * Stores a fresh event as processed, to be applied in the same transaction; undefined for a
   * duplicate. `subjects`: the ids it is about (domain/events/event-subjects.ts). Throws
   * TransmissionReusedError (nothing stored) when its transmission id carried another event.
   */
  async insertProcessed(event: InboxEvent, subjects: readonly string[]): Promise<string | undefined> {
    const rows = await this.sql.prepared<StoreRow>(
      'webhook_event_insert_processed',
      INSERT_PROCESSED,
      storeValues(event, subjects),
    );
    return storedId(event, rows[0]);
  }

  /**
   * Stores an event as received (with its first failure, if any); undefined for a duplicate.
   * Throws TransmissionReusedError as insertProcessed does.
   */
  async insertReceived(
    event: InboxEvent,
    subjects: readonly string[],
    firstError?: string,
  ): Promise<string | undefined> {
    const rows = await this.sql.query<StoreRow>(INSERT_RECEIVED, [
      ...storeValues(event, subjects),
      firstError === undefined ? 0 : 1,
      firstError ?? null,
    ]);
    return storedId(event, rows[0]);
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
