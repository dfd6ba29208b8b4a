import { checkoutRequest } from '../support/checkout-request';
import { setWebhookUrl, webhookUrl } from '../support/payment-methods';
import { courseIds, enrollmentCount, payStripe, paymentRow, startCheckout } from '../support/purchase';
import { age, countCheckoutCalls, pendingCheckoutRow } from '../support/reconciliation';
import { createSandboxTestContext, type SandboxTestContext } from '../support/test-app';
import { DataStore } from '../../src/repositories/data-store';

const ABANDONED_CHECKOUTS = 250;

describe('reconciliation: rotation', () => {
  let ctx: SandboxTestContext;
  let courses: string[];
  beforeAll(async () => {
    ctx = await createSandboxTestContext({ env: { RECONCILE_REFUNDS_DAYS: '0' } });
    courses = await courseIds(ctx);
  });
  afterAll(async () => {
    await setWebhookUrl(ctx, 'stripe', webhookUrl(ctx, 'stripe'));
    await ctx.close();
  });

  /** Open Stripe checkouts nobody will pay, written two hours ago (well within their session's lifetime). */
  async function abandonedCheckouts(count: number): Promise<string[]> {
    const student = await ctx.createUser();
    const payments = new DataStore(ctx.db.dataSource).repos.payments;
    const stripe = ctx.providers.get('stripe').checkout;
    const ids: string[] = [];
    for (let i = 0; i < count; i += 25) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(25, count - i) }, async () => {
          const row = await pendingCheckoutRow(ctx, { userId: student.id, courseId: courses[0], provider: 'stripe' });
          const session = await stripe.createCheckout(
            checkoutRequest({ paymentId: row.id, userId: student.id, startedAt: row.createdAt }),
          );
          await payments.recordCheckoutSession(row.id, session.providerSessionId, session.checkoutUrl);
          return row.id;
        }),
      );
      ids.push(...batch);
    }
    await ctx.db.dataSource.query(`UPDATE payments SET created_at = now() - interval '2 hours' WHERE id = ANY($1)`, [
      ids,
    ]);
    return ids;
  }

  it('when 250 old checkouts stay open and a new one is paid with its webhook lost, then the new one is completed by the second run, and no checkout is asked twice meanwhile', async () => {
    const abandoned = await abandonedCheckouts(ABANDONED_CHECKOUTS);
    const student = await ctx.createUser();
    await setWebhookUrl(ctx, 'stripe', null);
    const paid = await startCheckout(ctx, student.token, courses[1], 'stripe');
    await payStripe(ctx, paid.providerSessionId);
    await age(ctx, paid.paymentId, '20 minutes');
    const calls = countCheckoutCalls(ctx, 'stripe');
    try {
      const first = await ctx.services.reconciliation.run();
      expect(first.checked).toBe(200);
      if ((await paymentRow(ctx, paid.paymentId)).status !== 'completed') {
        await ctx.services.reconciliation.run();
      }

      expect((await paymentRow(ctx, paid.paymentId)).status).toBe('completed');
      expect(await enrollmentCount(ctx, student.id, courses[1])).toBe(1);
      expect(calls.of(paid.paymentId)).toEqual({ getPaymentState: 1 });
      const askedTwice = abandoned.filter((id) => (calls.of(id).getPaymentState ?? 0) > 1);
      expect(askedTwice).toEqual([]);
      const stamped: { n: number }[] = await ctx.db.dataSource.query(
        `SELECT count(*)::int AS n FROM payments WHERE id = ANY($1) AND last_checked_at IS NOT NULL`,
        [abandoned],
      );
      expect(stamped[0].n).toBe(ABANDONED_CHECKOUTS);
    } finally {
      calls.restore();
    }
  });
});
