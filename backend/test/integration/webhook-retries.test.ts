import { api, createSandboxTestContext, eventually, type SandboxTestContext } from '../support/test-app';
import { storeUnprocessed } from '../support/inbox';
import {
  courseIds,
  enrollmentCount,
  loseWebhooks,
  payStripe,
  completedEventFor,
  paymentRow,
  startCheckout,
  stripeSignature,
} from '../support/purchase';

describe('webhook processing failures', () => {
  let ctx: SandboxTestContext;
  let courses: string[];
  beforeAll(async () => {
    ctx = await createSandboxTestContext();
    courses = await courseIds(ctx);
    loseWebhooks(ctx);
  });
  afterAll(() => ctx.close());

  async function paidEvent(courseId: string) {
    const student = await ctx.createUser();
    const checkout = await startCheckout(ctx, student.token, courseId, 'stripe');
    await payStripe(ctx, checkout.providerSessionId);
    const event = await completedEventFor(ctx, checkout.providerSessionId);
    return { student, checkout, body: JSON.stringify(event.payload, null, 2), eventId: event.id };
  }

  /** A fault inside our own database: enrolling fails until the constraint is dropped again. */
  const breakEnrollments = () =>
    ctx.db.dataSource.query(`ALTER TABLE enrollments ADD CONSTRAINT ck_test_fault CHECK (false) NOT VALID`);
  const repairEnrollments = () => ctx.db.dataSource.query(`ALTER TABLE enrollments DROP CONSTRAINT ck_test_fault`);

  it('when processing fails, then the event is kept, retried by the job queue with backoff, and applied once the fault is gone', async () => {
    const { student, checkout, body, eventId } = await paidEvent(courses[0]);
    await breakEnrollments();
    try {
      const res = await api(ctx.app)
        .post('/api/payments/webhook/stripe')
        .set('Content-Type', 'application/json')
        .set('Stripe-Signature', stripeSignature(body, ctx.sandbox.stripe.webhookSecret))
        .send(body);
      expect(res.status).toBe(200);
      await ctx.background.dispatcher.idle();
      const [row] = await ctx.db.dataSource.query(
        `SELECT status, attempts, last_error FROM webhook_events WHERE event_id = $1`,
        [eventId],
      );
      expect(row).toMatchObject({ status: 'received', attempts: 1 });
      expect(row.last_error).toMatch(/ck_test_fault/);
      expect((await paymentRow(ctx, checkout.paymentId)).status).toBe('pending');
    } finally {
      await repairEnrollments();
    }
    // The retry scheduled on pg-boss (2 s backoff for the first attempt) completes it.
    await eventually(
      async () => ((await paymentRow(ctx, checkout.paymentId)).status === 'completed' ? true : undefined),
      20_000,
      200,
    );
    const [done] = await ctx.db.dataSource.query(
      `SELECT status, attempts, last_error FROM webhook_events WHERE event_id = $1`,
      [eventId],
    );
    expect(done).toEqual({ status: 'processed', attempts: 2, last_error: null });
    expect(await enrollmentCount(ctx, student.id)).toBe(1);
  });

  it('when processing keeps failing, then the event ends as failed with its error, and nothing is half-applied', async () => {
    const { checkout, body } = await paidEvent(courses[1]);
    const received = await storeUnprocessed(ctx, 'stripe', Buffer.from(body), {
      'stripe-signature': stripeSignature(body, ctx.sandbox.stripe.webhookSecret),
    });
    await breakEnrollments();
    try {
      for (let attempt = 0; attempt < 8; attempt += 1) {
        await expect(ctx.services.webhooks.process(received.rowId!)).rejects.toThrow(/ck_test_fault/);
      }
    } finally {
      await repairEnrollments();
    }
    const [row] = await ctx.db.dataSource.query(
      `SELECT status, attempts, last_error FROM webhook_events WHERE id = $1`,
      [received.rowId],
    );
    expect(row.status).toBe('failed');
    expect(row.attempts).toBe(8);
    expect(row.last_error).toMatch(/ck_test_fault/);
    // The payment update rolled back with the failed enrollment.
    expect((await paymentRow(ctx, checkout.paymentId)).status).toBe('pending');

    // A replay after the fix applies it.
    expect(await ctx.services.webhooks.markForReplay(received.rowId!)).toBe(true);
    expect(await ctx.services.webhooks.process(received.rowId!)).toBe('processed');
    expect((await paymentRow(ctx, checkout.paymentId)).status).toBe('completed');
  });

  it('when an event type is unknown or refers to no payment of ours, then it is recorded, acknowledged and ignored', async () => {
    const body = JSON.stringify({
      id: 'evt_unknown_type_1',
      object: 'event',
      api_version: '2026-10-28.endive',
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: 'cus_x', object: 'customer' } },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type: 'customer.updated',
    });
    const res = await api(ctx.app)
      .post('/api/payments/webhook')
      .set('Content-Type', 'application/json')
      .set('Stripe-Signature', stripeSignature(body, ctx.sandbox.stripe.webhookSecret))
      .send(body);
    expect(res.status).toBe(200);
    await ctx.background.dispatcher.idle();
    const [row] = await ctx.db.dataSource.query(
      `SELECT status, type FROM webhook_events WHERE event_id = 'evt_unknown_type_1'`,
    );
    expect(row).toEqual({ status: 'ignored', type: 'customer.updated' });
  });
});
