import type { ProviderName } from '../domain/payments/payment-status';
import type { SqlRunner } from './sql-runner';

/** One UTC day as a half-open range of instants. */
export interface DayRange {
  from: Date;
  to: Date;
}

export interface DigestCounts {
  failedWebhooks: number;
  drifts: number;
  unhealedDrifts: number;
}

export interface FailedWebhookItem {
  provider: ProviderName;
  eventType: string;
  eventId: string;
  error: string;
  receivedAt: Date;
}

export interface DriftItem {
  subject: string;
  subjectId: string;
  detail: string;
  error: string | null;
  healed: boolean;
  foundAt: Date;
}

/**
 * What the admins' daily digest counts. A failed webhook event belongs to the day it was
 * received: the inbox keeps no time of its last failure, and retries give up within minutes.
 */
export class EmailDigestQueryRepository {
  constructor(private readonly sql: SqlRunner) {}

  async counts(day: DayRange): Promise<DigestCounts> {
    const rows = await this.sql.query<{ failed_webhooks: number; drifts: number; unhealed_drifts: number }>(
      `SELECT (SELECT count(*)::int FROM webhook_events
                WHERE status = 'failed' AND received_at >= $1::timestamptz AND received_at < $2::timestamptz)
                AS failed_webhooks,
              count(d.id)::int AS drifts,
              count(d.id) FILTER (WHERE NOT d.healed)::int AS unhealed_drifts
         FROM reconciliation_drifts d
        WHERE d.found_at >= $1::timestamptz AND d.found_at < $2::timestamptz`,
      [day.from, day.to],
    );
    const row = rows[0]!;
    return { failedWebhooks: row.failed_webhooks, drifts: row.drifts, unhealedDrifts: row.unhealed_drifts };
  }

  /** The day's failed events, newest first. */
  async failedWebhooks(day: DayRange, limit: number): Promise<FailedWebhookItem[]> {
    const rows = await this.sql.query<{
      provider: ProviderName;
      event_id: string;
      type: string;
      last_error: string | null;
      received_at: Date;
    }>(
      `SELECT provider, event_id, type, last_error, received_at FROM webhook_events
        WHERE status = 'failed' AND received_at >= $1::timestamptz AND received_at < $2::timestamptz
        ORDER BY received_at DESC, id DESC LIMIT $3`,
      [day.from, day.to, limit],
    );
    return rows.map((r) => ({
      provider: r.provider,
      eventType: r.type,
      eventId: r.event_id,
      error: r.last_error ?? '',
      receivedAt: new Date(r.received_at),
    }));
  }

  /** The day's drift, newest first. */
  async drifts(day: DayRange, limit: number): Promise<DriftItem[]> {
    const rows = await this.sql.query<{
      subject_type: string;
      subject_id: string;
      detail: string;
      error: string | null;
      healed: boolean;
      found_at: Date;
    }>(
      `SELECT subject_type, subject_id, detail, error, healed, found_at FROM reconciliation_drifts
        WHERE found_at >= $1::timestamptz AND found_at < $2::timestamptz
        ORDER BY found_at DESC, id DESC LIMIT $3`,
      [day.from, day.to, limit],
    );
    return rows.map((r) => ({
      subject: r.subject_type,
      subjectId: r.subject_id,
      detail: r.detail,
      error: r.error,
      healed: r.healed,
      foundAt: new Date(r.found_at),
    }));
  }
}
