import { createJobQueue } from '../../src/db/job-queue';
import { Client } from 'pg';
import { Background } from '../../src/jobs/background';
import { createLogger } from '../../src/logger';
import { api, createSandboxTestContext, eventually, type SandboxTestContext } from '../support/test-app';
import { storeUnprocessed } from '../support/inbox';
import {
  approvePayPal,
  auditCount,
  courseIds,
  enrollmentCount,
  loseWebhooks,
  payStripe,
  paymentRow,
  restoreWebhooks,
  completedEventFor,
  sandboxEvents,
  startCheckout,
  stripeSignature,
  waitForStatus,
  waitForEnrollment,
} from '../support/purchase';

describe('webhook processing under duplicates, disorder and faults', () => {
  let ctx: SandboxTestContext;
  let courses: string[];
  beforeAll(async () => {
    ctx = await createSandboxTestContext();
    courses = await courseIds(ctx);
  });
  afterAll(() => ctx.close());
  afterEach(() => restoreWebhooks(ctx));

  const deliverStripe = (payload: Record<string, unknown>) => {
    const body = JSON.stringify(payload, null, 2);
    return api(ctx.app)
      .post('/api/payments/webhook/stripe')
      .set('Content-Type', 'application/json')
      .set('Stripe-Signature', stripeSignature(body, ctx.sandbox.stripe.webhookSecret))
      .send(body);
  };

  /** The sandbox's events that mention our payment (metadata / custom_id carry its id). */
  async function eventsFor(baseUrl: string, paymentId: string) {
    return (await sandboxEvents(baseUrl)).filter((e) => JSON.stringify(e.payload).includes(paymentId));
  }

  it('when the same event is delivered 20 times concurrently, then one state change and one enrollment', async () => {
    loseWebhooks(ctx);
    const student = await ctx.createUser();
    const checkout = await startCheckout(ctx, student.token, courses[0], 'stripe');
    await payStripe(ctx, checkout.providerSessionId);
    const completed = await completedEventFor(ctx, checkout.providerSessionId);

    const responses = await Promise.all(Array.from({ length: 20 }, () => deliverStripe(completed.payload)));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(responses.filter((r) => r.body.duplicate === false)).toHaveLength(1);
    await ctx.background.dispatcher.idle();

    const row = await paymentRow(ctx, checkout.paymentId);
    expect(row.status).toBe('completed');
    expect(await auditCount(ctx, checkout.paymentId, 'payment.completed')).toBe(1);
    expect(await enrollmentCount(ctx, student.id)).toBe(1);
    const stored = await ctx.db.dataSource.query(`SELECT status, attempts FROM webhook_events WHERE event_id = $1`, [
      completed.id,
    ]);
    expect(stored).toEqual([{ status: 'processed', attempts: 1 }]);
  });

  it('when a failure arrives after the completion it preceded, then the sale stays completed', async () => {
    loseWebhooks(ctx);
    const student = await ctx.createUser();
    const checkout = await startCheckout(ctx, student.token, courses[1], 'stripe');
    await payStripe(ctx, checkout.providerSessionId, '4000000000000002').catch(() => undefined);
    await payStripe(ctx, checkout.providerSessionId, '4242424242424242');
    const events = await eventsFor(ctx.sandbox.stripe.url, checkout.paymentId);
    const failed = events.find((e) => e.type === 'payment_intent.payment_failed');
    const completed = events.find((e) => e.type === 'checkout.session.completed');
    expect(failed && completed).toBeTruthy();

    expect((await deliverStripe(completed!.payload)).status).toBe(200);
    await ctx.background.dispatcher.idle();
    expect((await deliverStripe(failed!.payload)).status).toBe(200);
    await ctx.background.dispatcher.idle();
    expect((await paymentRow(ctx, checkout.paymentId)).status).toBe('completed');
    expect(await enrollmentCount(ctx, student.id)).toBe(1);
    expect(await auditCount(ctx, checkout.paymentId, 'payment.transition_refused')).toBe(1);
  });

  it('when the PayPal capture event arrives before the approval event, then the sale completes once', async () => {
    loseWebhooks(ctx);
    const student = await ctx.createUser();
    const checkout = await startCheckout(ctx, student.token, courses[2], 'paypal');
    await approvePayPal(ctx, checkout.providerSessionId);
    // Capture through the adapter only, so the provider has both events and we have applied neither.
    await ctx.services.settlement.captureApproved('paypal', checkout.paymentId, checkout.providerSessionId);
    expect((await paymentRow(ctx, checkout.paymentId)).status).toBe('pending');
    const events = await eventsFor(ctx.sandbox.paypal.url, checkout.paymentId);
    const approved = events.find((e) => e.type === 'CHECKOUT.ORDER.APPROVED');
    const captured = events.find((e) => e.type === 'PAYMENT.CAPTURE.COMPLETED');
    expect(approved && captured).toBeTruthy();
    restoreWebhooks(ctx);
    for (const event of [captured!, approved!]) {
      const res = await fetch(`${ctx.sandbox.paypal.url}/_sandbox/events/${event.id}/resend`, { method: 'POST' });
      expect(res.ok).toBe(true);
    }
    await waitForStatus(ctx, checkout.paymentId, 'completed');
    await waitForEnrollment(ctx, student.id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await ctx.background.dispatcher.idle();
    expect(await enrollmentCount(ctx, student.id)).toBe(1);
  });

  it('when the database is unavailable as a webhook arrives, then 5xx, and the retried delivery completes the payment', async () => {
    loseWebhooks(ctx);
    const student = await ctx.createUser();
    const checkout = await startCheckout(ctx, student.token, courses[3], 'stripe');
    await payStripe(ctx, checkout.providerSessionId);
    const completed = await completedEventFor(ctx, checkout.providerSessionId);

    const admin = ctx.db.dataSource;
    const superuser = new Client({ connectionString: process.env.TEST_PG_ADMIN_URL });
    await superuser.connect();
    try {
      await superuser.query(`ALTER DATABASE "${ctx.db.name}" ALLOW_CONNECTIONS false`);
      await superuser.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
        [ctx.db.name],
      );
      const during = await deliverStripe(completed.payload);
      expect(during.status).toBeGreaterThanOrEqual(500);
    } finally {
      await superuser.query(`ALTER DATABASE "${ctx.db.name}" ALLOW_CONNECTIONS true`);
      await superuser.end();
    }
    const retried = await eventually(async () => {
      const res = await deliverStripe(completed.payload);
      return res.status === 200 ? res : undefined;
    });
    expect(retried.body.duplicate).toBe(false);
    await ctx.background.dispatcher.idle();
    expect((await paymentRow(ctx, checkout.paymentId)).status).toBe('completed');
    expect(await enrollmentCount(ctx, student.id)).toBe(1);
    expect(admin.isInitialized).toBe(true);
  });

  it('when the process stops between storing and processing, then the event is processed once after restart', async () => {
    loseWebhooks(ctx);
    const student = await ctx.createUser();
    const checkout = await startCheckout(ctx, student.token, courses[4], 'stripe');
    await payStripe(ctx, checkout.providerSessionId);
    const completed = await completedEventFor(ctx, checkout.providerSessionId);
    // Stored for background processing (as a deferred event is), then the process "dies" before its dispatcher runs.
    const body = Buffer.from(JSON.stringify(completed.payload, null, 2));
    const received = await storeUnprocessed(ctx, 'stripe', body, {
      'stripe-signature': stripeSignature(body.toString(), ctx.sandbox.stripe.webhookSecret),
    });
    expect(received.outcome).toBe('deferred');
    expect((await paymentRow(ctx, checkout.paymentId)).status).toBe('pending');

    const restarted = new Background(ctx.services, createJobQueue(ctx.db.url), createLogger('silent'));
    await restarted.start({ schedule: false });
    try {
      await restarted.dispatcher.idle();
      await waitForStatus(ctx, checkout.paymentId, 'completed');
      const rows = await ctx.db.dataSource.query(`SELECT status, attempts FROM webhook_events WHERE id = $1`, [
        received.rowId,
      ]);
      expect(rows).toEqual([{ status: 'processed', attempts: 1 }]);
      expect(await enrollmentCount(ctx, student.id)).toBe(1);
    } finally {
      await restarted.stop();
    }
  });

  it('when every webhook is lost, then reconciliation asks the provider and completes the sale', async () => {
    loseWebhooks(ctx);
    const student = await ctx.createUser();
    const stripe = await startCheckout(ctx, student.token, courses[5], 'stripe');
    await payStripe(ctx, stripe.providerSessionId);
    const other = await ctx.createUser();
    const paypal = await startCheckout(ctx, other.token, courses[5], 'paypal');
    await approvePayPal(ctx, paypal.providerSessionId);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await paymentRow(ctx, stripe.paymentId)).status).toBe('pending');
    expect((await paymentRow(ctx, paypal.paymentId)).status).toBe('pending');

    const report = await ctx.services.reconciliation.run({ olderThanSeconds: 0 });
    expect(report.errors).toBe(0);
    expect((await paymentRow(ctx, stripe.paymentId)).status).toBe('completed');
    expect((await paymentRow(ctx, paypal.paymentId)).status).toBe('completed');
    expect(await enrollmentCount(ctx, student.id)).toBe(1);
    expect(await enrollmentCount(ctx, other.id)).toBe(1);
  });
});
