import type { Pool } from 'pg';

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export type RoundKind = 'product' | 'reference';

async function count(pool: Pool, sql: string, params: unknown[]): Promise<number> {
  const { rows } = await pool.query<{ count: string }>(sql, params);
  return Number(rows[0].count);
}

function expectZero(name: string, found: number, what: string): Check {
  return { name, ok: found === 0, detail: found === 0 ? 'none' : `${found} ${what}` };
}

/**
 * What must hold after a round, whoever processed it: every payment completed by exactly one
 * state change, every student enrolled exactly once, by that payment, and every event stored once.
 * The product is also held to its audit trail and to leaving no event unprocessed.
 */
export async function verifyRound(
  pool: Pool,
  kind: RoundKind,
  round: string,
  n: number,
  eventIdPrefix: string,
): Promise<Check[]> {
  const label = (what: string) => `${round}: ${what}`;
  const checks: Check[] = [];

  const notCompleted = await count(
    pool,
    `SELECT count(*) FROM bench_round_payments b JOIN payments p ON p.id = b.payment_id
      WHERE b.round = $1 AND (p.status <> 'completed' OR p.completed_at IS NULL)`,
    [round],
  );
  checks.push(expectZero(label(`all ${n} payments completed`), notCompleted, 'payments not completed'));

  // version starts at 1 and every applied transition adds one: 2 means exactly one state change.
  const changedTwice = await count(
    pool,
    `SELECT count(*) FROM bench_round_payments b JOIN payments p ON p.id = b.payment_id
      WHERE b.round = $1 AND p.version <> 2`,
    [round],
  );
  checks.push(
    expectZero(
      label('each payment changed state exactly once (version = 2)'),
      changedTwice,
      'payments with version <> 2',
    ),
  );

  const badEnrollments = await count(
    pool,
    `SELECT count(*) FROM bench_round_payments b JOIN payments p ON p.id = b.payment_id
      WHERE b.round = $1
        AND (SELECT count(*) FROM enrollments e WHERE e.user_id = p.user_id AND e.course_id = p.course_id AND e.payment_id = p.id) <> 1`,
    [round],
  );
  const allEnrollments = await count(
    pool,
    `SELECT count(*) FROM enrollments e JOIN payments p ON p.user_id = e.user_id
       JOIN bench_round_payments b ON b.payment_id = p.id WHERE b.round = $1`,
    [round],
  );
  checks.push(
    expectZero(
      label('each student enrolled exactly once, by that payment'),
      badEnrollments,
      'payments without exactly one enrollment',
    ),
  );
  checks.push({
    name: label('no extra enrollments'),
    ok: allEnrollments === n,
    detail: `${allEnrollments} enrollments for ${n} students`,
  });

  if (kind === 'product') {
    const notAuditedOnce = await count(
      pool,
      `SELECT count(*) FROM bench_round_payments b
        WHERE b.round = $1
          AND (SELECT count(*) FROM audit_logs a
                WHERE a.entity_type = 'payment' AND a.entity_id = b.payment_id::text AND a.action = 'payment.completed') <> 1`,
      [round],
    );
    checks.push(
      expectZero(
        label("exactly one 'payment.completed' audit entry per payment"),
        notAuditedOnce,
        'payments audited <> 1 time',
      ),
    );

    const { rows } = await pool.query<{ status: string; count: string }>(
      `SELECT status, count(*) FROM webhook_events WHERE provider = 'stripe' AND left(event_id, length($1)) = $1 GROUP BY status`,
      [eventIdPrefix],
    );
    const byStatus = Object.fromEntries(rows.map((r) => [r.status, Number(r.count)]));
    const stored = rows.reduce((sum, r) => sum + Number(r.count), 0);
    checks.push({
      name: label(`${n} webhook_events stored once each, all processed`),
      ok: stored === n && byStatus.processed === n,
      detail: JSON.stringify(byStatus),
    });
  } else {
    const stored = await count(
      pool,
      `SELECT count(*) FROM bench_reference_events WHERE provider = 'stripe' AND left(event_id, length($1)) = $1`,
      [eventIdPrefix],
    );
    checks.push({
      name: label(`${n} reference events stored once each`),
      ok: stored === n,
      detail: `${stored} stored`,
    });
  }
  return checks;
}

/** Nothing anywhere in webhook_events may be left waiting or failed when the bench ends. */
export async function verifyNoStuckEvents(pool: Pool): Promise<Check> {
  const stuck = await count(pool, `SELECT count(*) FROM webhook_events WHERE status IN ('received', 'failed')`, []);
  return expectZero("no webhook_events left 'received' or 'failed'", stuck, 'events');
}

/** Every payment of the round has exactly one receipt, settled as the mail mode says. */
export async function verifyReceipts(pool: Pool, round: string, n: number, status: 'sent' | 'skipped'): Promise<Check> {
  const { rows } = await pool.query<{ receipts: string; settled: string; payments_without: string }>(
    `SELECT count(e.id) AS receipts, count(e.id) FILTER (WHERE e.status = $2) AS settled,
            count(*) FILTER (WHERE e.id IS NULL) AS payments_without
       FROM bench_round_payments b
       LEFT JOIN email_outbox e ON e.payment_id = b.payment_id AND e.kind = 'purchase_receipt'
      WHERE b.round = $1`,
    [round, status],
  );
  const receipts = Number(rows[0].receipts);
  const settled = Number(rows[0].settled);
  const without = Number(rows[0].payments_without);
  return {
    name: `${round}: one receipt per payment, each ${status}`,
    ok: receipts === n && settled === n && without === 0,
    detail: `${receipts} receipts for ${n} payments, ${settled} ${status}, ${without} payments without one`,
  };
}
