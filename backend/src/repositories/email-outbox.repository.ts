import type { EmailKind } from '../domain/emails/email-kind';
import type { EmailStatus } from '../domain/emails/email-state-machine';
import { escapeLike } from './like-pattern';
import type { SqlRunner } from './sql-runner';

/** An email a cause asks for; the references say what it is about (the sender reads them at send time). */
export interface NewEmail {
  key: string;
  kind: EmailKind;
  /** The student it goes to; omitted for admin mail. */
  userId?: string | null;
  paymentId?: string | null;
  refundId?: string | null;
  subscriptionId?: string | null;
  disputeId?: string | null;
  /** What the cause knew that the rows will not keep. */
  data?: Record<string, unknown>;
  /** Not before this moment (default: now). */
  availableAt?: Date;
}

/** An outbox row as the sender and the admin list read it. */
export interface OutboxEmail {
  id: string;
  key: string;
  kind: EmailKind;
  status: EmailStatus;
  userId: string | null;
  paymentId: string | null;
  refundId: string | null;
  subscriptionId: string | null;
  disputeId: string | null;
  data: Record<string, unknown>;
  recipients: string | null;
  subject: string | null;
  attempts: number;
  lastError: string | null;
  resends: number;
  sentAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** The Message-ID of the last send. */
  messageId: string | null;
  /**
   * PostgreSQL's text form of `lease_until` (microseconds kept): whoever claimed the row with
   * this lease may record its outcome; a worker whose lease lapsed and was taken over may not.
   */
  lease: string | null;
}

/** An outbox row for the admin list: the row and its student's address. */
export interface OutboxListEntry extends OutboxEmail {
  userEmail: string | null;
  /** PostgreSQL's own text form of created_at, for keyset cursors. */
  createdAtText: string;
}

/** A row handed to the job queue by the relay. */
export interface HandedEmail {
  id: string;
  attempts: number;
}

/** What must still hold for a move to apply: the status read, and what the move asks of the row. */
export interface EmailGuard {
  status: EmailStatus;
  /** The lease the caller holds (a worker recording its outcome). */
  lease?: string | null;
  /** A `sending` row only once its lease lapsed (a claim taking over a dead worker's row). */
  leaseLapsed?: boolean;
}

/** The columns a move writes besides the status. */
export interface EmailRowChange {
  /** Leases the row for this many seconds; null clears the lease. */
  leaseSeconds?: number | null;
  attempts?: 'increment' | 'reset';
  lastError?: string | null;
  recipients?: string | null;
  subject?: string | null;
  /** The SMTP server accepted it: sent_at and message_id. */
  sent?: { messageId: string };
  /** Back to the relay, due this many seconds from now (handed_at cleared). */
  handBackAfterSeconds?: number;
  /** An admin's resend: one more, so the next send has a Message-ID of its own. */
  countResend?: boolean;
}

export interface OutboxPageQuery {
  status?: EmailStatus;
  kind?: EmailKind;
  /** Part of an address (the recipients of the last attempt, or the student's email), any case. */
  q?: string;
  /** The (created_at text, id) of the last row of the previous page. */
  after?: { createdAt: string; id: string };
  limit: number;
}

interface OutboxRow {
  id: string;
  idempotency_key: string;
  kind: EmailKind;
  status: EmailStatus;
  user_id: string | null;
  payment_id: string | null;
  refund_id: string | null;
  subscription_id: string | null;
  dispute_id: string | null;
  data: Record<string, unknown> | null;
  recipients: string | null;
  subject: string | null;
  attempts: number;
  last_error: string | null;
  resends: number;
  sent_at: Date | null;
  created_at: Date;
  updated_at: Date;
  message_id: string | null;
  lease: string | null;
}

const COLUMNS = `e.id, e.idempotency_key, e.kind, e.status, e.user_id, e.payment_id, e.refund_id, e.subscription_id,
  e.dispute_id, e.data, e.recipients, e.subject, e.attempts, e.last_error, e.resends, e.sent_at, e.created_at,
  e.updated_at, e.message_id, e.lease_until::text AS lease`;

/** Queued rows whose time has come and that no job was made for, oldest first; `$1` caps them. */
const DUE = `due AS (
  SELECT id FROM email_outbox
   WHERE status = 'queued' AND handed_at IS NULL AND available_at <= now()
   ORDER BY available_at
   LIMIT $1
   FOR UPDATE SKIP LOCKED
)`;

/** The outbox: written in the transaction of the email's cause, one row per idempotency key. */
export class EmailOutboxRepository {
  constructor(private readonly sql: SqlRunner) {}

  /** Queues an email once per key: `false` when its cause was seen before (nothing is written). */
  async enqueue(email: NewEmail): Promise<boolean> {
    const rows = await this.sql.query<{ id: string }>(
      `INSERT INTO email_outbox (idempotency_key, kind, user_id, payment_id, refund_id, subscription_id,
                                 dispute_id, data, available_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, COALESCE($9::timestamptz, now()))
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING id`,
      [
        email.key,
        email.kind,
        email.userId ?? null,
        email.paymentId ?? null,
        email.refundId ?? null,
        email.subscriptionId ?? null,
        email.disputeId ?? null,
        JSON.stringify(email.data ?? {}),
        email.availableAt ?? null,
      ],
    );
    return rows.length > 0;
  }

  async find(id: string): Promise<OutboxEmail | undefined> {
    const rows = await this.sql.query<OutboxRow>(`SELECT ${COLUMNS} FROM email_outbox e WHERE e.id = $1`, [id]);
    return rows[0] && toEmail(rows[0]);
  }

  /** The row, locked until the caller's transaction ends (an admin's resend). */
  async lock(id: string): Promise<OutboxEmail | undefined> {
    const rows = await this.sql.query<OutboxRow>(`SELECT ${COLUMNS} FROM email_outbox e WHERE e.id = $1 FOR UPDATE`, [
      id,
    ]);
    return rows[0] && toEmail(rows[0]);
  }

  /**
   * Takes up to `limit` queued rows whose time has come and that no job was made for, and stamps
   * them handed; the caller makes their jobs in the same transaction. Rows another relay holds are
   * skipped, so relays in several processes never hand one row twice.
   */
  async handOverDue(limit: number): Promise<HandedEmail[]> {
    return this.sql.query<HandedEmail>(
      `WITH ${DUE}
       UPDATE email_outbox e SET handed_at = now() FROM due WHERE e.id = due.id
       RETURNING e.id, e.attempts`,
      [limit],
    );
  }

  /**
   * Files up to `limit` due rows as `to` with `reason`, with no job (mail is disabled); how many.
   * Taken as handOverDue takes them, so a relay never files a row another one is handing.
   */
  async fileDue(limit: number, to: EmailStatus, reason: string): Promise<number> {
    const rows = await this.sql.query<{ id: string }>(
      `WITH ${DUE}
       UPDATE email_outbox e SET status = $2, last_error = $3::text, handed_at = now(), updated_at = now()
         FROM due WHERE e.id = due.id
       RETURNING e.id`,
      [limit, to, reason],
    );
    return rows.length;
  }

  /**
   * Leases the row to a job's run for `leaseSeconds`, as `to`, if it is in one of `from` and the
   * claim may take it now: a queued row once due, a sending one once its lease lapsed (a dead
   * worker's). Undefined when it may not (settled, not due, or another run's live lease).
   */
  async claim(
    id: string,
    from: readonly EmailStatus[],
    to: EmailStatus,
    leaseSeconds: number,
  ): Promise<OutboxEmail | undefined> {
    const rows = await this.sql.query<OutboxRow>(
      `UPDATE email_outbox e
          SET status = $3, lease_until = now() + make_interval(secs => $4::integer), updated_at = now()
        WHERE e.id = $1 AND e.status = ANY($2::varchar[])
          AND (e.status <> 'queued' OR e.available_at <= now())
          AND (e.status <> 'sending' OR e.lease_until IS NULL OR e.lease_until < now())
        RETURNING ${COLUMNS}`,
      [id, from, to, leaseSeconds],
    );
    return rows[0] && toEmail(rows[0]);
  }

  /**
   * Moves the row to `to` if it still is as `guard` says (the status the caller decided from, the
   * lease it holds); undefined when it is not any more (another worker, or an admin, moved it).
   */
  async move(
    id: string,
    guard: EmailGuard,
    to: EmailStatus,
    change: EmailRowChange = {},
  ): Promise<OutboxEmail | undefined> {
    const params: unknown[] = [id, guard.status, to];
    const param = (value: unknown, cast: string) => {
      params.push(value);
      return `$${params.length}::${cast}`;
    };
    const set = ['status = $3', 'updated_at = now()'];
    if (change.leaseSeconds === null) set.push('lease_until = NULL');
    else if (change.leaseSeconds !== undefined)
      set.push(`lease_until = now() + make_interval(secs => ${param(change.leaseSeconds, 'integer')})`);
    if (change.attempts === 'increment') set.push('attempts = e.attempts + 1');
    if (change.attempts === 'reset') set.push('attempts = 0');
    if (change.lastError !== undefined) set.push(`last_error = ${param(change.lastError, 'text')}`);
    if (change.recipients !== undefined) set.push(`recipients = ${param(change.recipients, 'text')}`);
    if (change.subject !== undefined) set.push(`subject = ${param(change.subject, 'text')}`);
    if (change.sent) set.push('sent_at = now()', `message_id = ${param(change.sent.messageId, 'text')}`);
    if (change.handBackAfterSeconds !== undefined) {
      set.push(
        'handed_at = NULL',
        `available_at = now() + make_interval(secs => ${param(change.handBackAfterSeconds, 'integer')})`,
      );
    }
    if (change.countResend) set.push('resends = e.resends + 1');
    const where = ['e.id = $1', 'e.status = $2'];
    if (guard.lease !== undefined) {
      where.push(
        guard.lease === null ? 'e.lease_until IS NULL' : `e.lease_until = ${param(guard.lease, 'timestamptz')}`,
      );
    }
    if (guard.leaseLapsed) where.push('(e.lease_until IS NULL OR e.lease_until < now())');
    const rows = await this.sql.query<OutboxRow>(
      `UPDATE email_outbox e SET ${set.join(', ')} WHERE ${where.join(' AND ')} RETURNING ${COLUMNS}`,
      params,
    );
    return rows[0] && toEmail(rows[0]);
  }

  /** One row with its student's address (the admin view). */
  async findEntry(id: string): Promise<OutboxListEntry | undefined> {
    const rows = await this.sql.query<OutboxRow & { user_email: string | null; created_at_text: string }>(
      `SELECT ${COLUMNS}, u.email AS user_email, e.created_at::text AS created_at_text
         FROM email_outbox e LEFT JOIN users u ON u.id = e.user_id
        WHERE e.id = $1`,
      [id],
    );
    return rows[0] && toEntry(rows[0]);
  }

  /** Newest first, keyset-paginated on (created_at, id); fetches limit + 1 rows, so the caller knows whether there is a next page. */
  async page(query: OutboxPageQuery): Promise<OutboxListEntry[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    const param = (value: unknown, cast: string) => {
      params.push(value);
      return `$${params.length}::${cast}`;
    };
    if (query.status) where.push(`e.status = ${param(query.status, 'varchar')}`);
    if (query.kind) where.push(`e.kind = ${param(query.kind, 'varchar')}`);
    if (query.q) {
      const pattern = param(`%${escapeLike(query.q)}%`, 'text');
      where.push(`(e.recipients ILIKE ${pattern} OR u.email ILIKE ${pattern})`);
    }
    if (query.after) {
      where.push(
        `(e.created_at, e.id) < (${param(query.after.createdAt, 'timestamptz')}, ${param(query.after.id, 'uuid')})`,
      );
    }
    const rows = await this.sql.query<OutboxRow & { user_email: string | null; created_at_text: string }>(
      `SELECT ${COLUMNS}, u.email AS user_email, e.created_at::text AS created_at_text
         FROM email_outbox e LEFT JOIN users u ON u.id = e.user_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY e.created_at DESC, e.id DESC
        LIMIT ${param(query.limit + 1, 'integer')}`,
      params,
    );
    return rows.map(toEntry);
  }
}

function toEmail(row: OutboxRow): OutboxEmail {
  return {
    id: row.id,
    key: row.idempotency_key,
    kind: row.kind,
    status: row.status,
    userId: row.user_id,
    paymentId: row.payment_id,
    refundId: row.refund_id,
    subscriptionId: row.subscription_id,
    disputeId: row.dispute_id,
    data: row.data ?? {},
    recipients: row.recipients,
    subject: row.subject,
    attempts: row.attempts,
    lastError: row.last_error,
    resends: row.resends,
    sentAt: row.sent_at && new Date(row.sent_at),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    messageId: row.message_id,
    lease: row.lease,
  };
}

function toEntry(row: OutboxRow & { user_email: string | null; created_at_text: string }): OutboxListEntry {
  return { ...toEmail(row), userEmail: row.user_email, createdAtText: row.created_at_text };
}
