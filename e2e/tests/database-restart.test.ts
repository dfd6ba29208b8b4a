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
import { startOwnPostgres, type OwnPostgres } from '../support/postgres';

const STUDENTS = 20;
const COURSES_EACH = 3;
const PURCHASES = STUDENTS * COURSES_EACH;
/** How long PostgreSQL stays down after the second half of the storm was paid. */
const OUTAGE_MS = 4000;

/**
 * A fault an operator meets: the database restarts (a failover, an upgrade) while webhooks pour
 * in. The product runs on an embedded PostgreSQL of this test's own, which is stopped and started
 * again mid-storm: once as one process (`ROLE=all`, as `npm start` runs it), once split into an
 * API process and a worker, where the PayPal approvals cross pg-boss after the restart.
 */
for (const roles of [['all'], ['api', 'worker']] as Role[][]) {
  describe(`PostgreSQL restarts during a webhook storm (ROLE=${roles.join(' + ROLE=')})`, { timeout: 300_000 }, () => {
    let pg: OwnPostgres;
    let sandbox: SandboxProcess;
    let processes: AppProcess[] = [];
    let app: AppProcess;

    before(async () => {
      pg = await startOwnPostgres();
      sandbox = await startSandboxProcess({ chaos: 'duplicate=0.2,delay=0-200,seed=3', retryBaseMs: 500 });
      const jwtSecret = fleetJwtSecret();
      processes = await Promise.all(
        roles.map((role) => startAppProcess({ role, databaseUrl: pg.url, sandbox, jwtSecret })),
      );
      app = processes[0];
      await sandbox.sendWebhooksTo(app.baseUrl);
    });

    after(async () => {
      await Promise.all(processes.map((process) => process.stop()));
      await sandbox?.stop();
      await pg?.remove();
    });

    const readiness = async () => Promise.all(processes.map(async (p) => (await fetch(`${p.baseUrl}/readyz`)).status));

    it('when PostgreSQL is stopped mid-storm, then acknowledgements fail with 5xx and readiness with 503; when it is back, then the retried deliveries complete every payment once', async () => {
      try {
        const students = await createStudents(pg, app.baseUrl, STUDENTS);
        const courses = (await courseIds(app.baseUrl)).slice(0, COURSES_EACH);
        const checkouts: Checkout[] = [];
        for (const [c, courseId] of courses.entries()) {
          checkouts.push(
            ...(await Promise.all(
              students.map((student, s) =>
                startCheckout(app.baseUrl, student, courseId, (s + c) % 2 ? 'paypal' : 'stripe'),
              ),
            )),
          );
        }
        const firstHalf = checkouts.slice(0, PURCHASES / 2);
        const secondHalf = checkouts.slice(PURCHASES / 2);

        // The storm starts; PostgreSQL goes away while its webhooks are being delivered and applied.
        await Promise.all(firstHalf.map((checkout) => pay(sandbox, checkout)));
        await pg.stop();
        assert.deepEqual(
          await readiness(),
          roles.map(() => 503),
          'not ready while the database is down',
        );
        // More buyers pay meanwhile: every one of their webhooks meets the outage.
        await Promise.all(secondHalf.map((checkout) => pay(sandbox, checkout)));
        await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
        assert.deepEqual(
          await readiness(),
          roles.map(() => 503),
          'still not ready',
        );
        await pg.start();

        // An event whose processing failed in the outage and could not be rescheduled waits for the
        // minutely sweep: that bounds how long settling may take.
        await waitUntilSettled(pg, sandbox, PURCHASES, 150_000);
        assert.deepEqual(
          await readiness(),
          roles.map(() => 200),
          'ready again',
        );
        assert.ok(
          processes.every((p) => p.running()),
          'the processes survived the outage without a restart',
        );
        await assertEachPurchaseSettledOnce(
          pg,
          sandbox,
          checkouts.map((c) => c.paymentId),
        );

        const { attempts } = await sandbox.deliveries();
        const refused = attempts.filter((a) => a.statusCode !== null && a.statusCode >= 500);
        assert.ok(refused.length > 0, 'the sandbox saw 5xx acknowledgements during the outage');
        for (const eventId of new Set(refused.map((a) => a.eventId))) {
          assert.ok(
            attempts.some((a) => a.eventId === eventId && a.outcome === 'delivered'),
            `event ${eventId} was delivered after the outage`,
          );
        }
        assert.ok(!attempts.some((a) => a.abandoned), 'the sandbox gave up on no delivery');
        console.log(
          `database restart (${roles.join(' + ')}): ${PURCHASES} purchases, ${attempts.length} delivery attempts, ` +
            `${refused.length} answered ${[...new Set(refused.map((a) => a.statusCode))].join(', ')}`,
        );
      } catch (error) {
        const logs = processes.map((p) => `--- ${p.role}\n${p.logs().slice(-6000)}`).join('\n');
        throw new Error(`${error instanceof Error ? error.stack : String(error)}\n${logs}`);
      }
    });
  });
}
