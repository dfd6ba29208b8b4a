import { api, createSandboxTestContext, type SandboxTestContext } from '../support/test-app';
import { courseIds } from '../support/purchase';

describe('checkout: an Idempotency-Key replays only the request it was first used for', () => {
  let ctx: SandboxTestContext;
  let courses: string[];
  beforeAll(async () => {
    ctx = await createSandboxTestContext();
    courses = await courseIds(ctx);
  });
  afterAll(() => ctx.close());

  function checkout(token: string, key: string, courseId: string, body: Record<string, unknown>) {
    return api(ctx.app)
      .post(`/api/payments/checkout/${courseId}`)
      .auth(token, { type: 'bearer' })
      .set('Idempotency-Key', key)
      .send(body);
  }

  async function paymentsOf(userId: string): Promise<{ currency: string; provider: string }[]> {
    return ctx.db.dataSource.query(`SELECT currency, provider FROM payments WHERE user_id = $1`, [userId]);
  }

  it('when the key is sent again with another currency, then 409 idempotency_key_reused names the currency, and no second checkout is made', async () => {
    const student = await ctx.createUser();
    const first = await checkout(student.token, 'buy-1', courses[0], { provider: 'stripe', currency: 'EUR' });
    expect(first.status).toBe(201);

    const other = await checkout(student.token, 'buy-1', courses[0], { provider: 'stripe', currency: 'GBP' });

    expect(other.status).toBe(409);
    expect(other.body.error).toMatchObject({
      code: 'idempotency_key_reused',
      message: expect.stringMatching(/currency GBP \(first EUR\)/),
      details: { differences: [{ field: 'currency', first: 'EUR', now: 'GBP' }] },
    });
    expect(await paymentsOf(student.id)).toEqual([{ currency: 'EUR', provider: 'stripe' }]);
  });

  it('when the key is sent again with the same request, or naming the default currency it left out, then the first checkout comes back', async () => {
    const student = await ctx.createUser();
    const first = await checkout(student.token, 'buy-2', courses[1], { provider: 'stripe' });
    expect(first.status).toBe(201);
    const again = await checkout(student.token, 'buy-2', courses[1], { provider: 'stripe' });
    const named = await checkout(student.token, 'buy-2', courses[1], {
      provider: 'stripe',
      currency: ctx.config.currencies.default.toLowerCase(),
    });
    const [row]: { amount: string }[] = await ctx.db.dataSource.query(`SELECT amount FROM payments WHERE id = $1`, [
      first.body.paymentId,
    ]);
    const seen = await checkout(student.token, 'buy-2', courses[1], {
      provider: 'stripe',
      expectedAmount: Number(row.amount),
    });
    for (const replay of [again, named, seen]) {
      expect(replay.status).toBe(201);
      expect(replay.body).toEqual(first.body);
    }
  });

  it('when the key is sent again for another provider, course, amount seen or saved method, then 409 names each difference', async () => {
    const student = await ctx.createUser();
    const first = await checkout(student.token, 'buy-3', courses[2], { provider: 'stripe', currency: 'EUR' });
    expect(first.status).toBe(201);
    const method = '00000000-0000-4000-8000-00000000abcd';

    const cases: [string, Record<string, unknown>, string[]][] = [
      [courses[2], { provider: 'paypal', currency: 'EUR' }, ['provider']],
      [courses[3], { provider: 'stripe', currency: 'EUR' }, ['courseId']],
      [courses[2], { provider: 'stripe', currency: 'EUR', expectedAmount: 1 }, ['expectedAmount']],
      [courses[2], { provider: 'stripe', currency: 'EUR', paymentMethodId: method }, ['paymentMethodId']],
      [courses[3], { provider: 'paypal', currency: 'USD' }, ['courseId', 'provider', 'currency']],
    ];
    for (const [courseId, body, fields] of cases) {
      const res = await checkout(student.token, 'buy-3', courseId, body);
      expect({ body, status: res.status, code: res.body.error?.code }).toEqual({
        body,
        status: 409,
        code: 'idempotency_key_reused',
      });
      expect(res.body.error.details.differences.map((d: { field: string }) => d.field)).toEqual(fields);
    }
    expect(await paymentsOf(student.id)).toHaveLength(1);
  });
});
