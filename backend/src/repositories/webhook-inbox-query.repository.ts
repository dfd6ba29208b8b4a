import type { ProviderName } from '../domain/payments/payment-status';
import { escapeLike } from './like-pattern';
import type { SqlRunner } from './sql-runner';
import type { WebhookEventStatus } from './webhook-event.repository';

/** One inbox row as the admin console shows it. */
export interface InboxEntry {
  id: string;
  provider: ProviderName;
  eventId: string;
  type: string;
  status: WebhookEventStatus;
  attempts: number;
  lastError: string | null;
  receivedAt: Date;
  processedAt: Date | null;
  providerCreatedAt: Date | null;
  subjects: string[];
  payload: Record<string, unknown>;
  /** PostgreSQL's own text form of received_at (microseconds kept), for keyset cursors. */
  receivedAtText: string;
}

export interface InboxPageQuery {
  provider?: ProviderName;
  /** Exact type, or a prefix (`charge.`) when `typePrefix` is set. */
  type?: string;
  typePrefix?: boolean;
  status?: WebhookEventStatus;
  /** The provider's event id (unique per provider). */
  eventId?: string;
  /** received_at >= from */
  from?: Date;
  /** received_at < to */
  to?: Date;
  /** The (received_at text, id) of the last row of the previous page. */
  after?: { receivedAt: string; id: string };
  limit: number;
}

interface InboxRow {
  id: string;
  provider: ProviderName;
  event_id: string;
  type: string;
  status: WebhookEventStatus;
  attempts: number;
  last_error: string | null;
  received_at: Date;
  processed_at: Date | null;
  provider_created_at: Date | null;
  subjects: string[] | null;
  payload: Record<string, unknown>;
  received_at_text: string;
}

const COLUMNS = `id, provider, event_id, type, status, attempts, last_error, received_at, processed_at,
  provider_created_at, subjects, payload, received_at::text AS received_at_text`;

/**
 * The read side of the webhook inbox for admins: filtered, newest received first, keyset-paginated
 * on (received_at, id). Writes (store, claim, outcome) stay in WebhookEventRepository.
 */
export class WebhookInboxQueryRepository {
  constructor(private readonly sql: SqlRunner) {}

  async find(id: string): Promise<InboxEntry | undefined> {
    const rows = await this.sql.query<InboxRow>(`SELECT ${COLUMNS} FROM webhook_events WHERE id = $1`, [id]);
    return rows[0] && toEntry(rows[0]);
  }

  /** Fetches limit + 1 rows, so the caller knows whether there is a next page. */
  async page(query: InboxPageQuery): Promise<InboxEntry[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    const param = (value: unknown, cast: string) => {
      params.push(value);
      return `$${params.length}::${cast}`;
    };
    if (query.provider) where.push(`provider = ${param(query.provider, 'varchar')}`);
    if (query.type !== undefined) {
      where.push(
        query.typePrefix
          ? `type LIKE ${param(`${escapeLike(query.type)}%`, 'varchar')}`
          : `type = ${param(query.type, 'varchar')}`,
      );
    }
    if (query.status) where.push(`status = ${param(query.status, 'varchar')}`);
    if (query.eventId) where.push(`event_id = ${param(query.eventId, 'varchar')}`);
    if (query.from) where.push(`received_at >= ${param(query.from, 'timestamptz')}`);
    if (query.to) where.push(`received_at < ${param(query.to, 'timestamptz')}`);
    if (query.after) {
      where.push(
        `(received_at, id) < (${param(query.after.receivedAt, 'timestamptz')}, ${param(query.after.id, 'uuid')})`,
      );
    }
    const rows = await this.sql.query<InboxRow>(
      `SELECT ${COLUMNS} FROM webhook_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY received_at DESC, id DESC LIMIT ${param(query.limit + 1, 'integer')}`,
      params,
    );
    return rows.map(toEntry);
  }
}

function toEntry(row: InboxRow): InboxEntry {
  return {
    id: row.id,
    provider: row.provider,
    eventId: row.event_id,
    type: row.type,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    receivedAt: new Date(row.received_at),
    processedAt: row.processed_at && new Date(row.processed_at),
    providerCreatedAt: row.provider_created_at && new Date(row.provider_created_at),
    subjects: row.subjects ?? [],
    payload: row.payload,
    receivedAtText: row.received_at_text,
  };
}
