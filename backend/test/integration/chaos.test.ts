import { api, createSandboxTestContext, eventually, type SandboxTestContext } from '../support/test-app';
import { approvePayPal, courseIds, payStripe, startCheckout } from '../support/purchase';

const PURCHASES = 200;

async function inBatches<T>(items: T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
}

describe('purchases under hostile webhook delivery', () => {
  let ctx: SandboxTestContext;
  beforeAll(async () => {
    ctx = await createSandboxTestContext();
  });
  afterAll(() => ctx.close());

  it(`when ${PURCHASES} purchases across both providers meet duplicated, reordered and delayed webhooks, then each completes once and enrolls once`, async () => {
    ctx.sandbox.setChaos({ duplicateRate: 0.4, reorderRate: 0.4, delayMs: [0, 300], timeoutRate: 0.1, seed: 7 });
    const courses = await courseIds(ctx);
    const students = await Promise.all(Array.from({ length: PURCHASES / 2 }, () => ctx.createUser()));
    const purchases = students.flatMap((student, i) => [
      { student, courseId: courses[i % courses.length], provider: 'stripe' as const },
      { student, courseId: courses[(i + 1) % courses.length], provider: 'paypal' as const },
    ]);

    await inBatches(purchases, 10, async ({ student, courseId, provider }) => {
      const checkout = await startCheckout(ctx, student.token, courseId, provider);
      if (provider === 'stripe') await payStripe(ctx, checkout.providerSessionId);
      else await approvePayPal(ctx, checkout.providerSessionId);
    });

    // PayPal sales complete through the approval webhook alone (the buyer "closed the tab").
    const completed = await eventually(
      async () => {
        const rows = await ctx.db.dataSource.query(
          `SELECT count(*)::int AS n FROM payments WHERE status = 'completed'`,
        );
        return rows[0].n === PURCHASES ? rows[0].n : undefined;
      },
      120_000,
      250,
    );
    expect(completed).toBe(PURCHASES);
    // Late duplicates and retries may still be on their way: let the provider finish delivering.
    await ctx.sandbox.idle();
    await ctx.background.dispatcher.idle();

    const perPayment = await ctx.db.dataSource.query(
      `SELECT p.id, count(a.id)::int AS completions
         FROM payments p LEFT JOIN audit_logs a ON a.entity_id = p.id::text AND a.action = 'payment.completed'
        GROUP BY p.id`,
    );
    expect(perPayment).toHaveLength(PURCHASES);
    expect(perPayment.every((r: { completions: number }) => r.completions === 1)).toBe(true);

    const enrollments = await ctx.db.dataSource.query(
      `SELECT count(*)::int AS n, count(DISTINCT (user_id, course_id))::int AS distinct_pairs FROM enrollments`,
    );
    expect(enrollments[0]).toEqual({ n: PURCHASES, distinct_pairs: PURCHASES });
    const stuck = await ctx.db.dataSource.query(
      `SELECT type, status, attempts, last_error FROM webhook_events WHERE status IN ('received', 'failed')`,
    );
    expect(stuck).toEqual([]);

    const sample = students[0];
    const history = await api(ctx.app).get('/api/payments/history').auth(sample.token, { type: 'bearer' });
    expect(history.body.items.map((p: { status: string }) => p.status)).toEqual(['completed', 'completed']);
  }, 300_000);
});
