import type { RevenueInterval, RevenueRange } from '../domain/reports/revenue-periods';
import type { RevenueSums } from '../domain/reports/revenue-figures';
import { minorUnitsFromRow } from './row-mapping';
import type { SqlRunner } from './sql-runner';

interface SumsRow {
  period: string;
  currency: string;
  gross: string;
  refunds: string;
  disputes_lost: string;
  count: number;
}

/** How each interval names its periods (the same names domain/reports/revenue-periods gives them). */
const PERIOD_FORMAT: Readonly<Record<RevenueInterval, string>> = { day: 'YYYY-MM-DD', month: 'YYYY-MM' };

/**
 * Revenue sums per UTC period and currency, each fact at its own time:
 * - gross and count: completed payments (every kind) by `completed_at`, at what the provider
 *   confirmed (a sale an admin accepted from review may differ from the price we expected);
 * - refunds: succeeded refunds of completed payments by `updated_at` (a checkout refunded from
 *   review was never a sale: its money in and out are both left out). A refund has no "succeeded at" column, but the
 *   only writes to a refund row are its transitions (RefundRepository.recordChange) and, while
 *   the provider has not named it, recording the provider's id; a refund reaches succeeded only
 *   through a provider answer that names it, and from succeeded it can only move on to failed,
 *   when it stops counting here. So a succeeded refund's `updated_at` is the moment we learnt it
 *   succeeded (for one made in the provider's dashboard: when we first recorded it);
 * - disputes lost: lost disputes by `closed_at` (set once, when the dispute closes).
 */
export class RevenueReportRepository {
  constructor(private readonly sql: SqlRunner) {}

  async sums(range: RevenueRange, interval: RevenueInterval): Promise<RevenueSums[]> {
    const rows = await this.sql.query<SumsRow>(
      `WITH facts AS (
         SELECT completed_at AS at, COALESCE(confirmed_currency, currency) AS currency,
                COALESCE(confirmed_amount, amount) AS gross, 0::bigint AS refunds, 0::bigint AS disputes_lost, 1 AS n
           FROM payments
          WHERE status = 'completed' AND completed_at >= $1::timestamptz AND completed_at < $2::timestamptz
         UNION ALL
         SELECT r.updated_at, r.currency, 0, r.amount, 0, 0
           FROM refunds r JOIN payments p ON p.id = r.payment_id AND p.status = 'completed'
          WHERE r.status = 'succeeded' AND r.updated_at >= $1::timestamptz AND r.updated_at < $2::timestamptz
         UNION ALL
         SELECT closed_at, currency, 0, 0, amount, 0
           FROM disputes
          WHERE status = 'lost' AND closed_at >= $1::timestamptz AND closed_at < $2::timestamptz
       )
       SELECT to_char(date_trunc($3::text, at AT TIME ZONE 'UTC'), $4::text) AS period, currency,
              sum(gross)::bigint::text AS gross, sum(refunds)::bigint::text AS refunds,
              sum(disputes_lost)::bigint::text AS disputes_lost, sum(n)::int AS count
         FROM facts
        GROUP BY 1, 2
        ORDER BY 1, 2`,
      [range.start, range.end, interval, PERIOD_FORMAT[interval]],
    );
    return rows.map((r) => ({
      period: r.period,
      currency: r.currency.trim(),
      gross: minorUnitsFromRow(r.gross),
      refunds: minorUnitsFromRow(r.refunds),
      disputesLost: minorUnitsFromRow(r.disputes_lost),
      count: r.count,
    }));
  }
}
