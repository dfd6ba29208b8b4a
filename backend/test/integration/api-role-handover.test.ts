import { createJobQueue } from '../../src/db/job-queue';
import { Background } from '../../src/jobs/background';
import { createLogger } from '../../src/logger';
import { WEBHOOK_HANDOVER_JOB } from '../../src/services/webhooks/webhook-jobs';
import { approvePayPal, courseIds, paymentRow, startCheckout, waitForStatus } from '../support/purchase';
import { createSandboxTestContext, eventually, type SandboxTestContext } from '../support/test-app';

/**
 * An API process (ROLE=api) runs no job workers: what its webhooks store for the background (a
 * PayPal approval to capture) must reach a worker through pg-boss, and must not be lost when the
 * process dies right after answering.
 */
describe('an API process hands background work to the workers', () => {
  let ctx: SandboxTestContext;
  let worker: Background | undefined;

  beforeAll(async () => {
    ctx = await createSandboxTestContext({ env: { ROLE: 'api' } });
  });
  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
    await ctx.db.dataSource.query(`DROP TRIGGER IF EXISTS refuse_handover ON pgboss.job`);
  });
  afterAll(() => ctx.close());

  async function paypalApproval(): Promise<{ paymentId: string; orderId: string }> {
    const student = await ctx.createUser();
    const [courseId] = await courseIds(ctx);
    const checkout = await startCheckout(ctx, student.token, courseId, 'paypal');
    await approvePayPal(ctx, checkout.providerSessionId);
    return { paymentId: checkout.paymentId, orderId: checkout.providerSessionId };
  }

  /** The stored approval of an order and the number of hand-over jobs written for it. */
  async function storedApproval(orderId: string): Promise<{ id: string; status: string; jobs: number } | undefined> {
    const rows: { id: string; status: string; jobs: number }[] = await ctx.db.dataSource.query(
      `SELECT e.id, e.status,
              (SELECT count(*)::int FROM pgboss.job j WHERE j.name = $2 AND j.data->>'rowId' = e.id::text) AS jobs
         FROM webhook_events e
        WHERE e.type = 'CHECKOUT.ORDER.APPROVED' AND e.payload->'resource'->>'id' = $1`,
      [orderId, WEBHOOK_HANDOVER_JOB],
    );
    return rows[0];
  }

  function startWorker(): Promise<void> {
    worker = new Background(ctx.services, createJobQueue(ctx.db.url), createLogger('silent'), { role: 'worker' });
    return worker.start({ schedule: false });
  }

  it('when a PayPal approval arrives, then it is stored with its hand-over job, nothing in the API process captures it, and a worker does', async () => {
    const { paymentId, orderId } = await paypalApproval();
    const stored = await eventually(() => storedApproval(orderId));
    expect(stored).toMatchObject({ status: 'received', jobs: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await paymentRow(ctx, paymentId)).status).toBe('pending');

    await startWorker();
    await waitForStatus(ctx, paymentId, 'completed');
  });

  it('when the hand-over job cannot be written, then the event is not stored either and the provider gets a 500; its retry is stored with the job and completes', async () => {
    // A crash between storing the event and writing its job would leave an acknowledged event
    // nobody works on; failing the job's insert stands in for that moment.
    await ctx.db.dataSource.query(`
      CREATE OR REPLACE FUNCTION refuse_handover_for_test() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.name = '${WEBHOOK_HANDOVER_JOB}' THEN RAISE EXCEPTION 'hand-over refused by the test'; END IF;
        RETURN NEW;
      END $$`);
    await ctx.db.dataSource.query(
      `CREATE TRIGGER refuse_handover BEFORE INSERT ON pgboss.job FOR EACH ROW EXECUTE FUNCTION refuse_handover_for_test()`,
    );
    await startWorker();
    const earlier = ctx.sandbox.deliveries().paypal.length;
    const { paymentId, orderId } = await paypalApproval();

    const refused = await eventually(async () => {
      const attempts = ctx.sandbox
        .deliveries()
        .paypal.slice(earlier)
        .filter((a) => a.eventType === 'CHECKOUT.ORDER.APPROVED');
      return attempts.some((a) => a.statusCode === 500) ? attempts : undefined;
    });
    expect(refused.some((a) => a.outcome === 'delivered')).toBe(false);
    expect(await storedApproval(orderId)).toBeUndefined();

    await ctx.db.dataSource.query(`DROP TRIGGER refuse_handover ON pgboss.job`);
    await waitForStatus(ctx, paymentId, 'completed');
    expect(await storedApproval(orderId)).toMatchObject({ status: 'processed', jobs: 1 });
  });
});
