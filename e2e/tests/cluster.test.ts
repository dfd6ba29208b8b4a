import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { courseIds, createStudents, pay, startCheckout, type Checkout } from '../support/api-client';
import { assertEachPurchaseSettledOnce, waitUntilSettled } from '../support/exactly-once';
import {
  fleetJwtSecret,
  startAppProcess,
  startSandboxProcess,
  type AppProcess,
  type Role,
  type SandboxProcess,
} from '../support/fleet';
import { freshDatabase, type TestDatabase } from '../support/postgres';
import { startRoundRobinProxy, type RoundRobinProxy } from '../support/round-robin-proxy';

const STUDENTS = 40;
const COURSES_EACH = 5;
const PURCHASES = STUDENTS * COURSES_EACH;
const BATCH = 10;
/** The batch after which one API process is killed; it comes back while the later batches run. */
const CRASH_AFTER_BATCH = 7;
const CRASHED_FOR_MS = 3000;
const CHAOS = 'duplicate=0.3,reorder=0.3,delay=0-300,timeout=0.1,seed=15';

/**
 * The product scaled out: two ROLE=api processes behind a round-robin balancer and one
 * ROLE=worker, on one PostgreSQL, with one shared sandbox (started as `npm run sandbox` starts
 * it, chaos on) as the providers. Webhooks reach the API processes through the balancer too.
 */
describe('two API processes and a worker on one PostgreSQL', { timeout: 400_000 }, () => {
  let db: TestDatabase;
  let balancer: RoundRobinProxy;
  let sandbox: SandboxProcess;
  let worker: AppProcess;
  let apis: AppProcess[] = [];

  before(async () => {
    db = await freshDatabase();
    balancer = await startRoundRobinProxy();
    sandbox = await startSandboxProcess({ webhookBaseUrl: balancer.url, chaos: CHAOS, retryBaseMs: 250 });
    const jwtSecret = fleetJwtSecret();
    const start = (role: Role) => startAppProcess({ role, databaseUrl: db.url, sandbox, jwtSecret });
    // All three at once on an empty database: migrations, the seed and pg-boss's set-up take turns.
    [worker, ...apis] = await Promise.all([start('worker'), start('api'), start('api')]);
    balancer.setTargets(apis.map((api) => api.baseUrl));
  });

  after(async () => {
    await Promise.all([worker, ...apis].map((process) => process?.stop()));
    await sandbox?.stop();
    await balancer?.close();
    await db?.drop();
  });

  /** On failure, the end of each process's log says what it saw. */
  async function explained(run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (error) {
      const tails = [worker, ...apis].map((p, i) => `--- ${p.role} ${i}\n${p.logs().slice(-4000)}`).join('\n');
      throw new Error(`${error instanceof Error ? error.stack : String(error)}\n${tails}`);
    }
  }

  it('when the processes start, then each names its role, and a worker answers only its health checks', async () => {
    assert.match(worker.logs(), /Role: worker/);
    for (const api of apis) assert.match(api.logs(), /Role: api/);
    assert.equal((await fetch(`${worker.baseUrl}/healthz`)).status, 200);
    assert.equal((await fetch(`${worker.baseUrl}/readyz`)).status, 200);
    assert.equal((await fetch(`${worker.baseUrl}/api/courses`)).status, 404);
    assert.equal((await fetch(`${worker.baseUrl}/`)).status, 404);
  });

  it('when no worker runs, then the API processes apply a Stripe sale but issue no invoice, and hand a PayPal approval to pg-boss uncaptured; a worker that starts finishes both', async () =>
    explained(async () => {
      await worker.stop();
      const [student] = await createStudents(db, balancer.url, 1);
      const [firstCourse, courseId] = await courseIds(balancer.url);
      const sale = await startCheckout(balancer.url, student, firstCourse, 'stripe');
      await pay(sandbox, sale);
      await eventuallyRows(`SELECT 1 FROM payments WHERE id = $1 AND status = 'completed'`, [sale.paymentId]);
      const checkout = await startCheckout(balancer.url, student, courseId, 'paypal');
      await pay(sandbox, checkout);

      const handedOver = await eventuallyRows(
        `SELECT e.status FROM webhook_events e
           JOIN pgboss.job j ON j.name = 'webhook-event-handover' AND j.data->>'rowId' = e.id::text
          WHERE e.type = 'CHECKOUT.ORDER.APPROVED' AND e.payload->'resource'->>'id' = $1`,
        [checkout.providerSessionId],
      );
      assert.equal(handedOver[0].status, 'received');
      // The API processes run no job workers and no document issuer: nothing moves until a worker is there.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      assert.equal(await paymentStatus(checkout.paymentId), 'pending');
      assert.deepEqual(await db.query(`SELECT number FROM invoices WHERE payment_id = $1`, [sale.paymentId]), [
        { number: null },
      ]);

      await worker.restart();
      await eventuallyRows(`SELECT 1 FROM payments WHERE id = $1 AND status = 'completed'`, [checkout.paymentId]);
      await eventuallyRows(`SELECT 1 FROM invoices WHERE payment_id = $1 AND number IS NOT NULL`, [sale.paymentId]);
    }));

  it(`when ${PURCHASES} purchases meet hostile webhooks spread over both API processes and one is killed mid-run, then each completes, enrolls and is invoiced exactly once`, async () =>
    explained(async () => {
      const started = Date.now();
      const earlier = await db.query<{ id: string }>(`SELECT id FROM payments`);
      const students = await createStudents(db, balancer.url, STUDENTS);
      const courses = (await courseIds(balancer.url)).slice(0, COURSES_EACH);
      const purchases = courses.flatMap((courseId, c) =>
        students.map((student, s) => ({
          student,
          courseId,
          provider: (s + c) % 2 ? ('paypal' as const) : ('stripe' as const),
        })),
      );

      const victim = apis[1];
      let restarted: Promise<void> | undefined;
      let answeredBeforeRestart = 0;
      const checkouts: Checkout[] = [];
      for (let batch = 0; batch * BATCH < purchases.length; batch++) {
        const slice = purchases.slice(batch * BATCH, (batch + 1) * BATCH);
        const opened = await Promise.all(
          slice.map((p) => startCheckout(balancer.url, p.student, p.courseId, p.provider)),
        );
        checkouts.push(...opened);
        await Promise.all(opened.map((checkout) => pay(sandbox, checkout)));
        if (batch === CRASH_AFTER_BATCH) {
          // Webhooks of this batch are on their way to both processes: one dies with them.
          await victim.crash();
          restarted = new Promise((resolve) => setTimeout(resolve, CRASHED_FOR_MS)).then(async () => {
            answeredBeforeRestart = answeredBy(victim);
            await victim.restart();
          });
        }
      }
      await restarted;
      const paid = Date.now();

      await waitUntilSettled(db, sandbox, PURCHASES + earlier.length, 150_000);
      const settled = Date.now();
      await assertEachPurchaseSettledOnce(db, sandbox, [
        ...earlier.map((p) => p.id),
        ...checkouts.map((c) => c.paymentId),
      ]);

      // The crash was felt: deliveries to the dead process failed and were retried elsewhere.
      const { attempts } = await sandbox.deliveries();
      assert.ok(
        attempts.some((a) => a.statusCode === 502),
        'some deliveries met the killed process',
      );
      assert.ok(!attempts.some((a) => a.abandoned), 'the sandbox gave up on no delivery');
      assert.ok(
        attempts.some((a) => a.copy > 1),
        'chaos duplicated deliveries',
      );
      // Both processes took webhooks, and the restarted one took its share again.
      for (const api of apis) assert.ok(answeredBy(api) > 0, `${api.baseUrl} answered requests`);
      assert.ok(answeredBy(victim) > answeredBeforeRestart, 'the restarted process answered requests again');

      const stripe = checkouts.filter((c) => c.provider === 'stripe').length;
      console.log(
        `cluster: ${PURCHASES} purchases (${stripe} Stripe, ${PURCHASES - stripe} PayPal) paid in ${paid - started} ms, ` +
          `settled ${settled - paid} ms later; ${attempts.length} delivery attempts, ` +
          `${attempts.filter((a) => a.statusCode === 502).length} met the killed process; balancer ${JSON.stringify(balancer.stats())}`,
      );
    }));

  function answeredBy(api: AppProcess): number {
    return balancer.stats().find((s) => s.target === api.baseUrl)?.answered ?? 0;
  }

  async function paymentStatus(paymentId: string): Promise<string> {
    const [row] = await db.query<{ status: string }>(`SELECT status FROM payments WHERE id = $1`, [paymentId]);
    return row.status;
  }

  async function eventuallyRows(
    sql: string,
    values: unknown[],
    timeoutMs = 30_000,
  ): Promise<Record<string, unknown>[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rows = await db.query(sql, values);
      if (rows.length) return rows;
      if (Date.now() > deadline) throw new Error(`no rows within ${timeoutMs} ms for: ${sql}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
});
