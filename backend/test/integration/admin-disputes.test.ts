import { readAllPages } from '../support/pages';
import { completedPurchase, waitForDispute, type Purchase } from '../support/post-sale';
import { courseIds, sandboxControl } from '../support/purchase';
import { api, createSandboxTestContext, type SandboxTestContext } from '../support/test-app';

interface AdminDisputeRowBody {
  id: string;
  paymentId: string;
  provider: string;
  providerDisputeId: string;
  status: string;
  openedAt: string;
  user: { id: string; email: string; name: string };
  payment: { id: string; amount: { amount: number; currency: string }; course: { id: string; title: string } | null };
}

describe('admin disputes list', () => {
  let ctx: SandboxTestContext;
  let admin: { id: string; token: string };
  let student: { id: string; token: string };
  const purchases = {} as Record<'stripe' | 'paypal', Purchase>;

  beforeAll(async () => {
    ctx = await createSandboxTestContext();
    const courses = await courseIds(ctx);
    admin = await ctx.createUser('admin');
    student = await ctx.createUser();
    purchases.stripe = await completedPurchase(ctx, 'stripe', courses[0]);
    purchases.paypal = await completedPurchase(ctx, 'paypal', courses[1]);
    await sandboxControl(`${ctx.sandbox.stripe.url}/_sandbox/disputes`, {
      payment_intent: purchases.stripe.providerPaymentId,
    });
    await sandboxControl(`${ctx.sandbox.paypal.url}/_sandbox/disputes`, {
      capture_id: purchases.paypal.providerPaymentId,
      stage: 'CHARGEBACK',
    });
    await waitForDispute(ctx, purchases.stripe.checkout.paymentId, 'needs_response');
    await waitForDispute(ctx, purchases.paypal.checkout.paymentId, 'needs_response');
    // Four more on the Stripe payment (as a long-running account collects), two opened at the same instant.
    for (const [n, openedAt] of [
      [1, '2021-03-01T00:00:00Z'],
      [2, '2021-03-02T00:00:00Z'],
      [3, '2021-03-02T00:00:00Z'],
      [4, '2021-03-03T00:00:00Z'],
    ] as const) {
      await ctx.db.dataSource.query(
        `INSERT INTO disputes (payment_id, provider, provider_dispute_id, amount, currency, reason, status,
                               provider_updated_at, opened_at, closed_at)
         SELECT id, provider, $2, amount, currency, 'fraudulent', 'won', $3, $3, $3 FROM payments WHERE id = $1`,
        [purchases.stripe.checkout.paymentId, `dp_history_${n}`, openedAt],
      );
    }
  });
  afterAll(() => ctx.close());

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  async function list(query: Record<string, string>): Promise<AdminDisputeRowBody[]> {
    const res = await api(ctx.app).get('/api/admin/disputes').query(query).set(auth(admin.token));
    expect([JSON.stringify(query), res.status]).toEqual([JSON.stringify(query), 200]);
    return res.body.items;
  }

  it('when nobody, a student or an admin asks, then 401, 403 and 200', async () => {
    expect((await api(ctx.app).get('/api/admin/disputes')).status).toBe(401);
    expect((await api(ctx.app).get('/api/admin/disputes').set(auth(student.token))).status).toBe(403);
    const res = await api(ctx.app).get('/api/admin/disputes').set(auth(admin.token));
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(6);
    expect(res.body.nextCursor).toBeNull();
  });

  it('when a dispute is listed, then it shows the buyer and the payment with its amount and course', async () => {
    for (const provider of ['stripe', 'paypal'] as const) {
      const purchase = purchases[provider];
      const [payment] = await ctx.db.dataSource.query(
        `SELECT p.amount, p.currency, c.id AS course_id, c.title, u.email, u.name
           FROM payments p JOIN courses c ON c.id = p.course_id JOIN users u ON u.id = p.user_id WHERE p.id = $1`,
        [purchase.checkout.paymentId],
      );
      const row = (await list({ provider, status: 'needs_response' }))[0];
      expect(row).toMatchObject({
        paymentId: purchase.checkout.paymentId,
        provider,
        status: 'needs_response',
        user: { id: purchase.student.id, email: payment.email, name: payment.name },
        payment: {
          id: purchase.checkout.paymentId,
          amount: { amount: Number(payment.amount), currency: payment.currency },
          course: { id: payment.course_id, title: payment.title },
        },
      });
    }
  });

  it('when filtered by provider and status, then only matching disputes come', async () => {
    const paypal = await list({ provider: 'paypal' });
    expect(paypal.map((d) => d.paymentId)).toEqual([purchases.paypal.checkout.paymentId]);
    const stripe = await list({ provider: 'stripe' });
    expect(stripe).toHaveLength(5);
    expect(stripe.every((d) => d.provider === 'stripe')).toBe(true);
    expect((await list({ provider: 'stripe', status: 'won' })).map((d) => d.providerDisputeId)).toEqual(
      expect.arrayContaining(['dp_history_1', 'dp_history_2', 'dp_history_3', 'dp_history_4']),
    );
    expect(await list({ provider: 'paypal', status: 'won' })).toEqual([]);
  });

  it('when the list is read 2 at a time, then every dispute comes once, newest first', async () => {
    const all = await readAllPages<AdminDisputeRowBody>(ctx, admin.token, '/api/admin/disputes', {}, 2);
    const expected: { id: string }[] = await ctx.db.dataSource.query(
      `SELECT id FROM disputes ORDER BY opened_at DESC, id DESC`,
    );
    expect(all.map((d) => d.id)).toEqual(expected.map((r) => r.id));
    expect(all).toHaveLength(6);
  });

  it('when a query parameter is malformed or unknown, then 400', async () => {
    for (const query of ['provider=square', 'status=open', 'limit=0', 'limit=101', 'cursor=bm9wZQ', 'userId=x']) {
      const res = await api(ctx.app).get(`/api/admin/disputes?${query}`).set(auth(admin.token));
      expect([query, res.status, res.body.error?.code]).toEqual([
        query,
        400,
        query.startsWith('cursor=') ? 'invalid_cursor' : 'validation_failed',
      ]);
    }
  });
});
