import { readAllPages } from '../support/pages';
import { planIds, subscribe, subscribed, type Provider } from '../support/subscriptions';
import { api, createSandboxTestContext, type SandboxTestContext } from '../support/test-app';

interface AdminSubscriptionRowBody {
  user: { id: string; email: string; name: string };
  subscription: { id: string; userId: string; provider: Provider; status: string } & Record<string, unknown>;
}

describe('admin subscriptions list', () => {
  let ctx: SandboxTestContext;
  let admin: { id: string; token: string };
  let student: { id: string; token: string };
  /** Two live subscriptions (one per provider) and four checkouts left incomplete. */
  const live: Record<Provider, { studentId: string; token: string; subscriptionId: string }> = {} as never;
  let ada: { id: string; email: string };

  beforeAll(async () => {
    ctx = await createSandboxTestContext();
    admin = await ctx.createUser('admin');
    student = await ctx.createUser();
    const plans = await planIds(ctx);
    for (const provider of ['stripe', 'paypal'] as const) {
      const s = await subscribed(ctx, provider, plans.monthly);
      live[provider] = { studentId: s.student.id, token: s.student.token, subscriptionId: s.subscriptionId };
    }
    const adaUser = await ctx.createUser('student', `ada.lovelace-${process.pid}@test.example`, 'Ada Lovelace');
    ada = adaUser;
    for (const [buyer, provider] of [
      [adaUser, 'paypal'],
      [await ctx.createUser(), 'stripe'],
      [await ctx.createUser(), 'stripe'],
      [await ctx.createUser(), 'paypal'],
    ] as const) {
      const res = await subscribe(ctx, buyer.token, plans.yearly, { provider });
      expect(res.status).toBe(201);
    }
  });
  afterAll(() => ctx.close());

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  async function list(query: Record<string, string>): Promise<AdminSubscriptionRowBody[]> {
    const res = await api(ctx.app).get('/api/admin/subscriptions').query(query).set(auth(admin.token));
    expect([JSON.stringify(query), res.status]).toEqual([JSON.stringify(query), 200]);
    return res.body.items;
  }

  it('when nobody, a student or an admin asks, then 401, 403 and 200', async () => {
    expect((await api(ctx.app).get('/api/admin/subscriptions')).status).toBe(401);
    expect((await api(ctx.app).get('/api/admin/subscriptions').set(auth(student.token))).status).toBe(403);
    const res = await api(ctx.app).get('/api/admin/subscriptions').set(auth(admin.token));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: expect.any(Array), nextCursor: null });
    expect(res.body.items).toHaveLength(6);
  });

  it('when a subscription is listed, then it shows its subscriber and exactly the view its owner gets', async () => {
    for (const provider of ['stripe', 'paypal'] as const) {
      const mine = await api(ctx.app).get('/api/subscriptions').set(auth(live[provider].token));
      const ownerView = mine.body.items.find((s: { id: string }) => s.id === live[provider].subscriptionId);
      expect(ownerView).toMatchObject({ provider, status: expect.stringMatching(/^(active|trialing)$/) });
      const row = (await list({ provider })).find((r) => r.subscription.id === live[provider].subscriptionId);
      expect(row).toEqual({
        user: { id: live[provider].studentId, email: expect.any(String), name: expect.any(String) },
        subscription: ownerView,
      });
    }
  });

  it('when filtered by status, provider or the subscriber, then only matching subscriptions come', async () => {
    const paypal = await list({ provider: 'paypal' });
    expect(paypal).toHaveLength(3);
    expect(paypal.every((r) => r.subscription.provider === 'paypal')).toBe(true);

    const incomplete = await list({ status: 'incomplete' });
    expect(incomplete).toHaveLength(4);
    expect(incomplete.every((r) => r.subscription.status === 'incomplete')).toBe(true);
    const liveStatus = (await list({ provider: 'stripe' })).find(
      (r) => r.subscription.id === live.stripe.subscriptionId,
    )!.subscription.status;
    expect((await list({ status: liveStatus, provider: 'stripe' })).map((r) => r.subscription.id)).toEqual([
      live.stripe.subscriptionId,
    ]);

    // Email or name, any case, substring; LIKE's wildcards are literal.
    for (const q of ['LOVELACE', 'ada.love', 'Ada Love']) {
      expect((await list({ q })).map((r) => r.user.id)).toEqual([ada.id]);
    }
    expect(await list({ q: 'ada', provider: 'stripe' })).toEqual([]);
    expect(await list({ q: '%' })).toEqual([]);
    expect(await list({ q: 'a_a' })).toEqual([]);
  });

  it('when the list is read 2 at a time, then every subscription comes once, newest first', async () => {
    const all = await readAllPages<AdminSubscriptionRowBody>(ctx, admin.token, '/api/admin/subscriptions', {}, 2);
    const expected: { id: string }[] = await ctx.db.dataSource.query(
      `SELECT id FROM subscriptions ORDER BY created_at DESC, id DESC`,
    );
    expect(expected).toHaveLength(6);
    expect(all.map((r) => r.subscription.id)).toEqual(expected.map((r) => r.id));
    const stripe = await readAllPages<AdminSubscriptionRowBody>(
      ctx,
      admin.token,
      '/api/admin/subscriptions',
      { provider: 'stripe' },
      2,
    );
    expect(stripe.map((r) => r.subscription.id)).toEqual(
      (await list({ provider: 'stripe' })).map((r) => r.subscription.id),
    );
    expect(stripe).toHaveLength(3);
  });

  it('when a query parameter is malformed or unknown, then 400', async () => {
    for (const query of [
      'status=live',
      'provider=square',
      'limit=0',
      'limit=101',
      'q=',
      `q=${'x'.repeat(201)}`,
      'cursor=bm9wZQ',
      'userId=00000000-0000-4000-8000-000000000000',
    ]) {
      const res = await api(ctx.app).get(`/api/admin/subscriptions?${query}`).set(auth(admin.token));
      expect([query, res.status, res.body.error?.code]).toEqual([
        query,
        400,
        query.startsWith('cursor=') ? 'invalid_cursor' : 'validation_failed',
      ]);
    }
  });
});
