import { loadConfig } from '../../src/config/config';
import { createLogger } from '../../src/logger';
import { createProviders } from '../../src/providers/provider-registry';
import type { DriftItem, DriftReport } from '../../src/services/admin/admin-views';
import { createServices } from '../../src/services/container';
import { completedPurchase, refundRows } from '../support/post-sale';
import { setWebhookUrl, webhookUrl } from '../support/payment-methods';
import { courseIds, payStripe, paymentRow, sandboxControl, startCheckout } from '../support/purchase';
import { advance, planIds, subscribed, waitForSubscription } from '../support/subscriptions';
import { api, createSandboxTestContext, type SandboxTestContext } from '../support/test-app';

/** The environment a test context was configured with, to derive a variant of it (another provider URL). */
function testEnv(ctx: SandboxTestContext, extra: Record<string, string>): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: ctx.db.url,
    STRIPE_API_BASE: ctx.sandbox.stripe.url,
    STRIPE_WEBHOOK_SECRET: ctx.sandbox.stripe.webhookSecret,
    PAYPAL_API_BASE: ctx.sandbox.paypal.url,
    PAYPAL_WEBHOOK_ID: ctx.sandbox.paypal.webhookId,
    ...extra,
  };
}

/** Makes a checkout look as old as one the regular threshold (RECONCILE_AFTER_MINUTES, 15) asks about. */
async function age(ctx: SandboxTestContext, paymentId: string): Promise<void> {
  await ctx.db.dataSource.query(`UPDATE payments SET created_at = now() - interval '1 hour' WHERE id = $1`, [
    paymentId,
  ]);
}

function report(ctx: SandboxTestContext, token: string, query = '') {
  return api(ctx.app).get(`/api/admin/reconciliation${query}`).auth(token, { type: 'bearer' });
}

function runNow(ctx: SandboxTestContext, token: string) {
  return api(ctx.app).post('/api/admin/reconciliation/run').auth(token, { type: 'bearer' });
}

async function runCount(ctx: SandboxTestContext): Promise<number> {
  const [row] = await ctx.db.dataSource.query(`SELECT count(*)::int AS n FROM reconciliation_runs`);
  return row.n;
}

/** A Stripe checkout paid while Stripe's webhooks go nowhere: paid at Stripe, pending here. */
async function paidWithoutWebhook(ctx: SandboxTestContext, courseId: string): Promise<string> {
  const student = await ctx.createUser();
  const checkout = await startCheckout(ctx, student.token, courseId, 'stripe');
  await payStripe(ctx, checkout.providerSessionId);
  return checkout.paymentId;
}

describe('admin drift report: checkouts', () => {
  let ctx: SandboxTestContext;
  let courses: string[];
  let admin: { id: string; token: string };
  beforeAll(async () => {
    // No refund look-back: "nothing to do" then really asks nothing.
    ctx = await createSandboxTestContext({ env: { RECONCILE_REFUNDS_DAYS: '0' } });
    courses = await courseIds(ctx);
    admin = await ctx.createUser('admin');
    await setWebhookUrl(ctx, 'stripe', null);
  });
  afterAll(async () => {
    await setWebhookUrl(ctx, 'stripe', webhookUrl(ctx, 'stripe'));
    await ctx.close();
  });

  it('when a lost webhook left a paid checkout pending, then a run now completes it and reports the healed drift', async () => {
    const lost = await paidWithoutWebhook(ctx, courses[0]);
    const fresh = await paidWithoutWebhook(ctx, courses[1]);
    expect((await paymentRow(ctx, lost)).status).toBe('pending');
    await age(ctx, lost);

    const res = await runNow(ctx, admin.token);
    expect(res.status).toBe(200);
    const body = res.body as DriftReport;
    expect(body.latestRun).toMatchObject({ checked: 1, drifted: 1, healed: 1, errors: 0 });
    expect(body.latestRun?.finishedAt).toEqual(expect.any(String));
    expect(body.items).toEqual([
      {
        id: expect.any(String),
        runId: body.latestRun?.id,
        foundAt: expect.any(String),
        subject: 'payment',
        subjectId: lost,
        paymentId: lost,
        provider: 'stripe',
        before: 'pending',
        after: 'completed',
        healed: true,
        error: null,
        detail: 'Stripe says the payment completed; we had it pending',
      },
    ]);
    expect(body.nextCursor).toBeNull();
    expect((await paymentRow(ctx, lost)).status).toBe('completed');
    // The regular threshold holds for a run now: a buyer who just paid is left to the webhook.
    expect((await paymentRow(ctx, fresh)).status).toBe('pending');
    expect(await report(ctx, admin.token).then((r) => r.body)).toEqual(body);
  });

  it('when nothing is due, then a run stores nothing and the report is unchanged', async () => {
    const before = await report(ctx, admin.token);
    const runs = await runCount(ctx);
    const res = await runNow(ctx, admin.token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(before.body);
    expect(await runCount(ctx)).toBe(runs);
    const [audit] = await ctx.db.dataSource.query(
      `SELECT actor, actor_user_id, entity_id FROM audit_logs WHERE action = 'reconciliation.run' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit).toEqual({ actor: 'admin', actor_user_id: admin.id, entity_id: 'none' });
  });

  it('when the provider cannot be reached during a check, then the run records an error row, once while it lasts', async () => {
    const paymentId = await paidWithoutWebhook(ctx, courses[2]);
    await age(ctx, paymentId);
    const config = loadConfig(testEnv(ctx, { RECONCILE_REFUNDS_DAYS: '0', STRIPE_API_BASE: 'http://127.0.0.1:9' }));
    const logger = createLogger('silent');
    const offline = createServices({
      dataSource: ctx.db.dataSource,
      config,
      logger,
      providers: createProviders(config, logger),
      jobQueue: ctx.jobQueue,
    });
    const itemsBefore = (await report(ctx, admin.token, '?limit=100')).body.items as DriftItem[];

    const first = await offline.driftReports.runNow({ adminUserId: admin.id }, { limit: 25 });
    expect(first.latestRun).toMatchObject({ checked: 1, drifted: 0, healed: 0, errors: 1 });
    expect(first.items[0]).toMatchObject({
      runId: first.latestRun?.id,
      subject: 'payment',
      subjectId: paymentId,
      before: 'pending',
      after: 'pending',
      healed: false,
      error: expect.any(String),
      detail: expect.stringMatching(/^Could not ask Stripe about the payment: /),
    });
    expect((await paymentRow(ctx, paymentId)).status).toBe('pending');

    // Still down a minute later: the run counts the error, the report does not list it twice.
    const second = await offline.driftReports.runNow({ adminUserId: admin.id }, { limit: 100 });
    expect(second.latestRun).toMatchObject({ checked: 1, errors: 1 });
    expect(second.latestRun?.id).not.toBe(first.latestRun?.id);
    expect(second.items).toHaveLength(itemsBefore.length + 1);

    // Back up: the regular run heals it.
    const healed = (await runNow(ctx, admin.token)).body as DriftReport;
    expect(healed.latestRun).toMatchObject({ checked: 1, drifted: 1, healed: 1, errors: 0 });
    expect(healed.items[0]).toMatchObject({
      subjectId: paymentId,
      before: 'pending',
      after: 'completed',
      healed: true,
    });
    expect((await paymentRow(ctx, paymentId)).status).toBe('completed');
  });

  it('when the drift spans pages, then the cursor walks it newest first without gaps or repeats', async () => {
    const all = (await report(ctx, admin.token, '?limit=100')).body as DriftReport;
    expect(all.items.length).toBeGreaterThanOrEqual(3);
    const foundAt = all.items.map((i) => i.foundAt);
    expect([...foundAt].sort().reverse()).toEqual(foundAt);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: DriftReport = (await report(ctx, admin.token, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).body;
      expect(page.items.length).toBeLessThanOrEqual(2);
      expect(page.latestRun).toEqual(all.latestRun);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((i) => i.id));

    const bad = await report(ctx, admin.token, '?cursor=not-a-cursor');
    expect([bad.status, bad.body.error.code]).toEqual([400, 'invalid_cursor']);
    const unknown = await report(ctx, admin.token, '?limit=2&since=yesterday');
    expect(unknown.status).toBe(400);
  });

  it('when a student or nobody asks, then 403 and 401; an admin gets 200', async () => {
    const student = await ctx.createUser();
    expect((await api(ctx.app).get('/api/admin/reconciliation')).status).toBe(401);
    expect((await api(ctx.app).post('/api/admin/reconciliation/run')).status).toBe(401);
    expect((await report(ctx, student.token)).status).toBe(403);
    expect((await runNow(ctx, student.token)).status).toBe(403);
    expect((await report(ctx, admin.token)).status).toBe(200);
  });
});

describe('admin drift report: refunds made at the provider', () => {
  let ctx: SandboxTestContext;
  let courses: string[];
  let admin: { id: string; token: string };
  beforeAll(async () => {
    ctx = await createSandboxTestContext();
    courses = await courseIds(ctx);
    admin = await ctx.createUser('admin');
  });
  afterAll(() => ctx.close());

  it('when a dashboard refund webhook is lost, then the run records the refund we had no record of', async () => {
    const purchase = await completedPurchase(ctx, 'stripe', courses[3]);
    await setWebhookUrl(ctx, 'stripe', null);
    try {
      await sandboxControl(`${ctx.sandbox.stripe.url}/_sandbox/refunds`, {
        payment_intent: purchase.providerPaymentId,
        amount: 700,
      });
      expect(await refundRows(ctx, purchase.checkout.paymentId)).toEqual([]);
      const res = await runNow(ctx, admin.token);
      expect(res.status).toBe(200);
      const [refund] = await refundRows(ctx, purchase.checkout.paymentId);
      expect(refund).toMatchObject({ status: 'succeeded', origin: 'provider', amount: '700' });
      const body = res.body as DriftReport;
      expect(body.latestRun).toMatchObject({ drifted: 1, healed: 1, errors: 0 });
      expect(body.items).toEqual([
        expect.objectContaining({
          subject: 'refund',
          subjectId: refund.id,
          paymentId: purchase.checkout.paymentId,
          before: null,
          after: 'succeeded',
          healed: true,
          detail: 'Stripe reports a refund of $7.00 (succeeded) we had no record of; recorded',
        }),
      ]);
    } finally {
      await setWebhookUrl(ctx, 'stripe', webhookUrl(ctx, 'stripe'));
    }
  });

  it('when runs find nothing, then only the latest clean run is kept; runs older than 30 days are pruned', async () => {
    const [old] = await ctx.db.dataSource.query(
      `INSERT INTO reconciliation_runs (started_at, finished_at, checked, drifted, healed)
       VALUES (now() - interval '31 days', now() - interval '31 days', 1, 1, 1) RETURNING id`,
    );
    await ctx.db.dataSource.query(
      `INSERT INTO reconciliation_drifts (run_id, found_at, subject_type, subject_id, provider, before_state, after_state, healed, detail)
       VALUES ($1, now() - interval '31 days', 'payment', gen_random_uuid(), 'stripe', 'pending', 'completed', true, 'old')`,
      [old.id],
    );
    const withDrift = (await report(ctx, admin.token)).body as DriftReport;

    const first = (await runNow(ctx, admin.token)).body as DriftReport;
    expect(first.latestRun).toMatchObject({ drifted: 0, errors: 0 });
    expect(first.latestRun?.checked).toBeGreaterThanOrEqual(1);
    const second = (await runNow(ctx, admin.token)).body as DriftReport;
    expect(second.latestRun?.id).not.toBe(first.latestRun?.id);

    const runs: { id: string }[] = await ctx.db.dataSource.query(
      `SELECT id FROM reconciliation_runs ORDER BY started_at`,
    );
    expect(runs.map((r) => r.id)).toEqual([withDrift.latestRun?.id, second.latestRun?.id]);
    expect(second.items.map((i) => i.detail)).not.toContain('old');
    expect(second.items.map((i) => i.id)).toEqual(withDrift.items.filter((i) => i.detail !== 'old').map((i) => i.id));
  });
});

describe('admin drift report: subscriptions', () => {
  let ctx: SandboxTestContext;
  let admin: { id: string; token: string };
  beforeAll(async () => {
    ctx = await createSandboxTestContext();
    admin = await ctx.createUser('admin');
  });
  afterAll(() => ctx.close());

  it('when a renewal webhook is lost, then the subscriptions run records the paid cycle it healed', async () => {
    const plans = await planIds(ctx);
    const sub = await subscribed(ctx, 'stripe', plans.monthly);
    await waitForSubscription(ctx, sub.student.token, sub.subscriptionId, (s) => s.payments.length === 1);
    await setWebhookUrl(ctx, 'stripe', null);
    try {
      await advance(ctx, 'stripe', sub.providerSubscriptionId);
      const [row] = await ctx.db.dataSource.query(`SELECT current_period_end FROM subscriptions WHERE id = $1`, [
        sub.subscriptionId,
      ]);
      // The job asks about subscriptions whose period ends within a day of "now": stand at the boundary.
      await ctx.services.driftReports.runSubscriptions(new Date(row.current_period_end));
    } finally {
      await setWebhookUrl(ctx, 'stripe', webhookUrl(ctx, 'stripe'));
    }
    const body = (await report(ctx, admin.token)).body as DriftReport;
    expect(body.latestRun).toMatchObject({ checked: 1, drifted: 1, healed: 1, errors: 0 });
    expect(body.items).toEqual([
      expect.objectContaining({
        subject: 'subscription',
        subjectId: sub.subscriptionId,
        paymentId: null,
        provider: 'stripe',
        before: 'active',
        after: 'active',
        healed: true,
        detail: expect.stringContaining('a paid billing cycle'),
      }),
    ]);
    const view = await waitForSubscription(ctx, sub.student.token, sub.subscriptionId, () => true);
    expect(view.payments).toHaveLength(2);
  });
});
