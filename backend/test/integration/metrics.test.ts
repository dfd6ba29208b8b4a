import { randomUUID } from 'node:crypto';
import { setWebhookUrl, webhookUrl } from '../support/payment-methods';
import { approvePayPal, courseIds, payStripe, startCheckout, waitForStatus } from '../support/purchase';
import {
  api,
  createSandboxTestContext,
  createTestContext,
  eventually,
  type SandboxTestContext,
} from '../support/test-app';

const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (comments skipped). */
function samples(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries(
        [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
      );
      return { name: match[1], labels, value: Number(match[3]) };
    });
}

/** The samples named `name` whose labels include `labels`. */
function find(all: Sample[], name: string, labels: Record<string, string> = {}): Sample[] {
  return all.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}

const total = (found: Sample[]) => found.reduce((sum, s) => sum + s.value, 0);

async function scrape(ctx: SandboxTestContext): Promise<{ text: string; samples: Sample[] }> {
  const res = await api(ctx.app).get('/metrics').auth(METRICS_TOKEN, { type: 'bearer' });
  expect(res.status).toBe(200);
  return { text: res.text, samples: samples(res.text) };
}

describe('GET /metrics', () => {
  let ctx: SandboxTestContext;
  let courses: string[];
  let student: { id: string; token: string };

  beforeAll(async () => {
    ctx = await createSandboxTestContext({ env: { METRICS_TOKEN, RECONCILE_REFUNDS_DAYS: '0' } });
    courses = await courseIds(ctx);
    student = await ctx.createUser();
  });
  afterAll(() => ctx.close());

  it('when a token is configured, then a scrape without it or with another one is a 401 in the error shape, and with it a 200 in Prometheus text', async () => {
    const anonymous = await api(ctx.app).get('/metrics');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual({
      error: { code: 'unauthorized', message: expect.any(String), requestId: expect.any(String) },
    });
    expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer/);
    const wrong = await api(ctx.app).get('/metrics').auth(`${METRICS_TOKEN}x`, { type: 'bearer' });
    expect(wrong.status).toBe(401);
    // The student's own login token is not a metrics token.
    expect((await api(ctx.app).get('/metrics').auth(student.token, { type: 'bearer' })).status).toBe(401);

    const ok = await api(ctx.app).get('/metrics').auth(METRICS_TOKEN, { type: 'bearer' });
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(ok.text).toContain('# TYPE process_cpu_user_seconds_total counter');
  });

  it('when a student buys a course through the sandbox, then the checkout route, the webhook outcome and the provider call are measured', async () => {
    const checkout = await startCheckout(ctx, student.token, courses[0], 'stripe');
    await payStripe(ctx, checkout.providerSessionId);
    await waitForStatus(ctx, checkout.paymentId, 'completed');
    const { text, samples: all } = await eventually(async () => {
      const scraped = await scrape(ctx);
      const delivered = find(scraped.samples, 'lms_webhook_deliveries_total', {
        provider: 'stripe',
        event_type: 'checkout.session.completed',
      });
      return delivered.length ? scraped : undefined;
    });

    expect(
      find(all, 'lms_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/api/payments/checkout/:courseId',
        status: '201',
      }).map((s) => s.value),
    ).toEqual([1]);
    expect(text).not.toContain(courses[0]);

    const completed = find(all, 'lms_webhook_deliveries_total', {
      provider: 'stripe',
      event_type: 'checkout.session.completed',
    });
    expect(completed.map((s) => s.labels.outcome)).toEqual(expect.arrayContaining(['processed']));
    expect(
      total(
        find(all, 'lms_http_request_duration_seconds_count', {
          route: '/api/payments/webhook|/api/payments/webhook/stripe',
          status: '200',
        }),
      ),
    ).toBeGreaterThanOrEqual(1);

    expect(
      find(all, 'lms_provider_call_duration_seconds_count', {
        provider: 'stripe',
        operation: 'checkout.createCheckout',
        outcome: 'ok',
      }).map((s) => s.value),
    ).toEqual([1]);
    expect(find(all, 'lms_provider_call_errors_total', { provider: 'stripe' })).toEqual([]);
  });

  it('when a forged delivery arrives, then it is counted as rejected, with nothing of its body in the labels', async () => {
    const forged = await api(ctx.app)
      .post('/api/payments/webhook/stripe')
      .set('Content-Type', 'application/json')
      .set('Stripe-Signature', 't=1,v1=00')
      .send(JSON.stringify({ id: 'evt_forged', type: 'forged.event.type', created: 1 }));
    expect(forged.status).toBe(400);
    const { text, samples: all } = await scrape(ctx);
    expect(find(all, 'lms_webhook_deliveries_total', { provider: 'stripe', outcome: 'rejected' })).toEqual([
      expect.objectContaining({ labels: expect.objectContaining({ event_type: 'unverified' }), value: 1 }),
    ]);
    expect(text).not.toContain('forged.event.type');
    expect(
      find(all, 'lms_provider_call_errors_total', {
        provider: 'stripe',
        operation: 'webhooks.verifyWebhook',
        kind: 'verification_failed',
      }).map((s) => s.value),
    ).toEqual([1]);
  });

  it('when a PayPal approval arrives, then its delivery is counted deferred and its background capture processed', async () => {
    const checkout = await startCheckout(ctx, student.token, courses[2], 'paypal');
    await approvePayPal(ctx, checkout.providerSessionId);
    await waitForStatus(ctx, checkout.paymentId, 'completed');
    const approved = { provider: 'paypal', event_type: 'CHECKOUT.ORDER.APPROVED' };
    const all = await eventually(async () => {
      const scraped = (await scrape(ctx)).samples;
      return find(scraped, 'lms_webhook_processing_total', { ...approved, outcome: 'processed' }).length
        ? scraped
        : undefined;
    });
    expect(total(find(all, 'lms_webhook_deliveries_total', { ...approved, outcome: 'deferred' }))).toBe(1);
    expect(
      find(all, 'lms_provider_call_duration_seconds_count', { provider: 'paypal', operation: 'checkout.capture' }),
    ).toEqual([expect.objectContaining({ labels: expect.objectContaining({ outcome: 'ok' }), value: 1 })]);
  });

  it('when scraped, then every pg-boss queue has a backlog gauge, read from the queue itself', async () => {
    const queues: { name: string }[] = await ctx.db.dataSource.query(`SELECT name FROM pgboss.queue ORDER BY name`);
    expect(queues.length).toBeGreaterThan(0);
    const before = find((await scrape(ctx)).samples, 'lms_job_queue_backlog');
    expect(before.map((s) => s.labels.queue).sort()).toEqual(queues.map((q) => q.name));

    // A job waiting an hour is backlog of its queue until then.
    const queue = queues[0].name;
    await ctx.jobQueue.send(queue, {}, { startAfter: 3600 });
    const after = find((await scrape(ctx)).samples, 'lms_job_queue_backlog', { queue });
    expect(after.map((s) => s.value)).toEqual([(find(before, 'lms_job_queue_backlog', { queue })[0]?.value ?? 0) + 1]);
    expect(find((await scrape(ctx)).samples, 'lms_job_queue_backlog_read_failures_total')[0]?.value).toBe(0);
  });

  it('when reconciliation finds and heals a payment whose webhook was lost, then the run, the check and the healed drift are counted', async () => {
    const runs = (all: Sample[], name: string, labels: Record<string, string>) => total(find(all, name, labels));
    const before = (await scrape(ctx)).samples;
    await setWebhookUrl(ctx, 'stripe', null);
    let paymentId: string;
    try {
      const buyer = await ctx.createUser();
      const checkout = await startCheckout(ctx, buyer.token, courses[1], 'stripe');
      await payStripe(ctx, checkout.providerSessionId);
      paymentId = checkout.paymentId;
    } finally {
      await setWebhookUrl(ctx, 'stripe', webhookUrl(ctx, 'stripe'));
    }
    // As old as a checkout the regular threshold (RECONCILE_AFTER_MINUTES) asks about.
    await ctx.db.dataSource.query(`UPDATE payments SET created_at = now() - interval '1 hour' WHERE id = $1`, [
      paymentId,
    ]);

    const report = await ctx.services.driftReports.runPayments();
    expect(report.findings).toEqual([expect.objectContaining({ subject: 'payment', healed: true, error: null })]);
    await waitForStatus(ctx, paymentId, 'completed');

    const after = (await scrape(ctx)).samples;
    const grew = (name: string, labels: Record<string, string>) =>
      runs(after, name, labels) - runs(before, name, labels);
    expect(grew('lms_reconciliation_runs_total', { run: 'payments' })).toBe(1);
    expect(grew('lms_reconciliation_checked_total', { run: 'payments' })).toBe(report.checked);
    expect(grew('lms_reconciliation_drifted_total', { run: 'payments', subject: 'payment' })).toBe(1);
    expect(grew('lms_reconciliation_healed_total', { run: 'payments', subject: 'payment' })).toBe(1);
    expect(grew('lms_reconciliation_errors_total', { run: 'payments' })).toBe(0);
    // Kinds and subjects that found nothing are there, at 0.
    expect(find(after, 'lms_reconciliation_drifted_total', { run: 'manual', subject: 'dispute' })).toEqual([
      expect.objectContaining({ value: 0 }),
    ]);
    expect(find(after, 'lms_reconciliation_last_run_timestamp_seconds', { run: 'payments' })[0]?.value).toBeGreaterThan(
      Date.now() / 1000 - 60,
    );
  });

  it('when payments are asked for by 50 different ids, then the route pattern adds one series, never one per id', async () => {
    const gets = (all: Sample[]) => find(all, 'lms_http_request_duration_seconds_count', { method: 'GET' });
    const before = gets((await scrape(ctx)).samples);
    const ids = Array.from({ length: 50 }, () => randomUUID());
    for (const id of ids) {
      const res = await api(ctx.app).get(`/api/payments/${id}`).auth(student.token, { type: 'bearer' });
      expect(res.status).toBe(404);
    }
    const { text, samples: all } = await scrape(ctx);
    const after = gets(all);
    expect(after.length - before.length).toBe(1);
    expect(
      find(after, 'lms_http_request_duration_seconds_count', { route: '/api/payments/:id', status: '404' }),
    ).toEqual([expect.objectContaining({ value: 50 })]);
    expect(ids.some((id) => text.includes(id))).toBe(false);
  });
});

describe('GET /metrics without METRICS_TOKEN', () => {
  it('when no token is configured, then metrics are open (for a private network)', async () => {
    const ctx = await createTestContext();
    try {
      const res = await api(ctx.app).get('/metrics');
      expect(res.status).toBe(200);
      expect(res.text).toContain('# TYPE lms_http_request_duration_seconds histogram');
      // This app's registry is its own: the other app's requests are not in it.
      expect(res.text).not.toContain('/api/payments/checkout/:courseId');
    } finally {
      await ctx.close();
    }
  });
});
