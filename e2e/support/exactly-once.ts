import assert from 'node:assert/strict';
import type { SandboxProcess } from './fleet';
import type { Queryable } from './postgres';

interface Progress {
  completed: number;
  stuckEvents: number;
  numberedInvoices: number;
  pendingDeliveries: number;
}

async function progress(db: Queryable, sandbox: SandboxProcess): Promise<Progress> {
  const [row] = await db.query<{ completed: number; stuck: number; invoices: number }>(
    `SELECT (SELECT count(*)::int FROM payments WHERE status = 'completed') AS completed,
            (SELECT count(*)::int FROM webhook_events WHERE status IN ('received', 'failed')) AS stuck,
            (SELECT count(*)::int FROM invoices WHERE kind = 'invoice' AND number IS NOT NULL) AS invoices`,
  );
  const { pending } = await sandbox.deliveries();
  return {
    completed: row.completed,
    stuckEvents: row.stuck,
    numberedInvoices: row.invoices,
    pendingDeliveries: pending,
  };
}

/**
 * Waits, up to `timeoutMs`, until the system is quiet: every purchase completed and invoiced, no
 * webhook event waiting or failed, and the sandbox with nothing left to deliver, twice in a row
 * a second apart (a late duplicate may still be on its way the first time).
 */
export async function waitUntilSettled(
  db: Queryable,
  sandbox: SandboxProcess,
  purchases: number,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quietOnce = false;
  let last: Progress | undefined;
  for (;;) {
    last = await progress(db, sandbox);
    const quiet =
      last.completed === purchases &&
      last.numberedInvoices === purchases &&
      last.stuckEvents === 0 &&
      last.pendingDeliveries === 0;
    if (quiet && quietOnce) return;
    quietOnce = quiet;
    if (Date.now() > deadline) {
      throw new Error(`not settled within ${timeoutMs} ms: ${JSON.stringify(last)} (expected ${purchases})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/**
 * The exactly-once checks, from the database and the provider's side: each checkout is one
 * payment, completed once (one completion in the audit log), one active enrollment per student
 * and course, one numbered invoice per payment, no webhook event left behind, and every event
 * the sandbox produced stored once.
 */
export async function assertEachPurchaseSettledOnce(
  db: Queryable,
  sandbox: SandboxProcess,
  paymentIds: string[],
): Promise<void> {
  const payments = await db.query<{ id: string; status: string; completions: number; invoices: number }>(
    `SELECT p.id, p.status,
            (SELECT count(*)::int FROM audit_logs a WHERE a.entity_id = p.id::text AND a.action = 'payment.completed') AS completions,
            (SELECT count(*)::int FROM invoices i WHERE i.payment_id = p.id AND i.kind = 'invoice' AND i.number IS NOT NULL) AS invoices
       FROM payments p`,
  );
  assert.deepEqual(payments.map((p) => p.id).sort(), [...paymentIds].sort(), 'one payment per checkout, no other');
  assert.deepEqual(
    payments.filter((p) => p.status !== 'completed' || p.completions !== 1 || p.invoices !== 1),
    [],
    'every payment completed once, with one invoice',
  );

  const [enrollments] = await db.query<{ n: number; pairs: number; active: number }>(
    `SELECT count(*)::int AS n, count(DISTINCT (user_id, course_id))::int AS pairs,
            count(*) FILTER (WHERE status = 'active')::int AS active
       FROM enrollments`,
  );
  const expected = paymentIds.length;
  assert.deepEqual(enrollments, { n: expected, pairs: expected, active: expected }, 'one enrollment per purchase');

  const stuck = await db.query(
    `SELECT type, status, attempts, last_error FROM webhook_events WHERE status IN ('received', 'failed')`,
  );
  assert.deepEqual(stuck, [], 'no webhook event left unprocessed or failed');

  const stored = await db.query<{ event_id: string; copies: number }>(
    `SELECT event_id, count(*)::int AS copies FROM webhook_events GROUP BY event_id`,
  );
  const produced = await sandboxEventIds(sandbox);
  assert.deepEqual(
    stored.map((e) => e.event_id).sort(),
    [...produced].sort(),
    'every event the provider sent is stored',
  );
  assert.ok(
    stored.every((e) => e.copies === 1),
    'each event stored once',
  );
}

async function sandboxEventIds(sandbox: SandboxProcess): Promise<string[]> {
  const ids: string[] = [];
  for (const base of [sandbox.stripeUrl, sandbox.paypalUrl]) {
    const body = (await (await fetch(`${base}/_sandbox/events`)).json()) as { data: { id: string }[] };
    ids.push(...body.data.map((event) => event.id));
  }
  return ids;
}
