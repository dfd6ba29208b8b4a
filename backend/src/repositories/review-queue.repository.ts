import {
  SUMMARY_COLUMNS,
  SUMMARY_FROM,
  toSummary,
  type PaymentSummary,
  type SummaryRow,
} from './payment-query.repository';
import type { SqlRunner } from './sql-runner';

/** A payment waiting for an admin's decision, with what the queue shows beside its summary. */
export interface ReviewQueueEntry extends PaymentSummary {
  user: { id: string; email: string; name: string };
  providerSessionId: string | null;
  providerPaymentId: string | null;
  reviewReason: string;
}

interface ReviewRow extends SummaryRow {
  user_email: string;
  user_name: string;
  provider_session_id: string | null;
  provider_payment_id: string | null;
  review_reason: string | null;
}

/** Payments in `requires_review`, oldest first (a queue), keyset-paginated on (created_at, id). */
export class ReviewQueueRepository {
  constructor(private readonly sql: SqlRunner) {}

  /** Fetches limit + 1 rows, so the caller knows whether there is a next page. */
  async page(query: { after?: { createdAt: string; id: string }; limit: number }): Promise<ReviewQueueEntry[]> {
    const rows = await this.sql.query<ReviewRow>(
      `SELECT ${SUMMARY_COLUMNS}, u.email AS user_email, u.name AS user_name, p.provider_session_id,
              p.provider_payment_id, p.review_reason
         ${SUMMARY_FROM} JOIN users u ON u.id = p.user_id
        WHERE p.status = 'requires_review'
          AND ($1::timestamptz IS NULL OR (p.created_at, p.id) > ($1::timestamptz, $2::uuid))
        ORDER BY p.created_at, p.id
        LIMIT $3`,
      [query.after?.createdAt ?? null, query.after?.id ?? null, query.limit + 1],
    );
    return rows.map((row) => ({
      ...toSummary(row),
      user: { id: row.user_id, email: row.user_email, name: row.user_name },
      providerSessionId: row.provider_session_id,
      providerPaymentId: row.provider_payment_id,
      reviewReason: row.review_reason ?? '',
    }));
  }
}
