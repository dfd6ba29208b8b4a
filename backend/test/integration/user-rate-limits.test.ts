import type { Express } from 'express';
import { createApp } from '../../src/app';
import { createLogger } from '../../src/logger';
import { courseIds } from '../support/purchase';
import { planIds } from '../support/subscriptions';
import { api, createSandboxTestContext, type SandboxTestContext } from '../support/test-app';

/**
 * Finding 9: the routes that call a provider for each request are limited per signed-in user.
 * The app here has small limits (injected as production would configure them) so the tests
 * reach them quickly; the sandbox answers the provider calls.
 */
const LIMIT = 3;
const WINDOW_MS = 60_000;
const UNKNOWN_PAYMENT = '00000000-0000-4000-8000-000000000000';

describe('per-user rate limits', () => {
  let ctx: SandboxTestContext;
  let app: Express;
  let courses: string[];
  beforeAll(async () => {
    ctx = await createSandboxTestContext();
    const window = { limit: LIMIT, windowMs: WINDOW_MS };
    app = createApp({
      config: ctx.config,
      logger: createLogger('silent'),
      services: ctx.services,
      dispatcher: ctx.background.dispatcher,
      metrics: ctx.metrics,
      userRateLimits: { checkout: window, refund: window, refresh: window, setup: window },
    });
    courses = await courseIds(ctx);
  });
  afterAll(() => ctx.close());

  const expectLimited = (res: {
    status: number;
    headers: Record<string, string>;
    body: { error: { code: string } };
  }) => {
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 429, code: 'rate_limited' });
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_MS / 1000);
  };

  const checkout = (token: string, courseId: string) =>
    api(app).post(`/api/payments/checkout/${courseId}`).auth(token, { type: 'bearer' }).send({ provider: 'stripe' });

  it('when one student starts more checkouts than the limit, then the next is 429 with Retry-After, for courses and plans alike, while another student can still check out', async () => {
    const ada = await ctx.createUser('student');
    const grace = await ctx.createUser('student');
    for (let i = 0; i < LIMIT; i++) expect((await checkout(ada.token, courses[i % courses.length]!)).status).toBe(201);

    expectLimited(await checkout(ada.token, courses[0]!));
    const { monthly } = await planIds(ctx);
    expectLimited(
      await api(app)
        .post(`/api/subscriptions/checkout/${monthly}`)
        .auth(ada.token, { type: 'bearer' })
        .send({ provider: 'stripe' }),
    );
    const payments: number = (
      await ctx.db.dataSource.query(`SELECT count(*)::int AS n FROM payments WHERE user_id = $1`, [ada.id])
    )[0].n;
    expect(payments).toBeLessThanOrEqual(LIMIT);

    expect((await checkout(grace.token, courses[0]!)).status).toBe(201);
  });

  it('when one student refreshes a payment from the provider more often than the limit, then 429, while plain reads and other students go on', async () => {
    const ada = await ctx.createUser('student');
    const grace = await ctx.createUser('student');
    const mine = (await checkout(ada.token, courses[0]!)).body.paymentId as string;
    const theirs = (await checkout(grace.token, courses[0]!)).body.paymentId as string;
    const read = (token: string, id: string, refresh: boolean) =>
      api(app)
        .get(`/api/payments/${id}`)
        .query(refresh ? { refresh: 'true' } : {})
        .auth(token, { type: 'bearer' });

    for (let i = 0; i < LIMIT; i++) expect((await read(ada.token, mine, true)).status).toBe(200);
    expectLimited(await read(ada.token, mine, true));
    expect((await read(ada.token, mine, false)).status).toBe(200);
    expect((await read(grace.token, theirs, true)).status).toBe(200);
  });

  it('when one admin sends more refunds than the limit, then 429, while another admin is not affected', async () => {
    const first = await ctx.createUser('admin');
    const second = await ctx.createUser('admin');
    const refund = (token: string) =>
      api(app).post(`/api/payments/refund/${UNKNOWN_PAYMENT}`).auth(token, { type: 'bearer' }).send({ amount: 100 });

    // Each attempt counts, found or not: the limit is on asking, not on succeeding.
    for (let i = 0; i < LIMIT; i++) expect((await refund(first.token)).status).toBe(404);
    expectLimited(await refund(first.token));
    expect((await refund(second.token)).status).toBe(404);
  });

  it('when one student starts more payment-method setups than the limit, then 429, while another student can still start one', async () => {
    const ada = await ctx.createUser('student');
    const grace = await ctx.createUser('student');
    const setup = (token: string) =>
      api(app).post('/api/payment-methods/setup').auth(token, { type: 'bearer' }).send({ provider: 'stripe' });

    for (let i = 0; i < LIMIT; i++) expect((await setup(ada.token)).status).toBe(201);
    expectLimited(await setup(ada.token));
    expect((await setup(grace.token)).status).toBe(201);
  });

  it('when a request is refused as invalid, then it does not use up the limit', async () => {
    const ada = await ctx.createUser('student');
    for (let i = 0; i < LIMIT + 2; i++) {
      const res = await api(app)
        .post(`/api/payments/checkout/${courses[0]}`)
        .auth(ada.token, { type: 'bearer' })
        .send({ provider: 'nope' });
      expect(res.status).toBe(400);
    }
    expect((await checkout(ada.token, courses[0]!)).status).toBe(201);
  });
});
