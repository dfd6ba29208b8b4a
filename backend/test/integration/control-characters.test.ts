import { api, createTestContext, type TestContext } from '../support/test-app';

/**
 * Finding 8 (and the NUL part of 4): a control character in any string the API reads is a
 * 400 `validation_failed`, never a 500 from PostgreSQL refusing it, and nothing is stored.
 */
describe('control characters in requests', () => {
  let ctx: TestContext;
  let student: { id: string; token: string };
  let admin: { id: string; token: string };
  beforeAll(async () => {
    ctx = await createTestContext();
    student = await ctx.createUser('student');
    admin = await ctx.createUser('admin');
  });
  afterAll(() => ctx.close());

  const expectRefused = (
    res: { status: number; body: { error?: { code?: string; details?: unknown } } },
    path: string,
  ) => {
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 400, code: 'validation_failed' });
    expect(res.body.error?.details).toEqual([{ path, message: 'must not contain control characters' }]);
  };

  it('when a PayPal order id in the path is NUL, then 400, not 500', async () => {
    const res = await api(ctx.app).post('/api/payments/paypal/capture/%00').auth(student.token, { type: 'bearer' });
    expectRefused(res, 'orderId');
  });

  it('when a path id holds a control character, then 400; a merely malformed id stays 404', async () => {
    expectRefused(await api(ctx.app).get('/api/courses/%00'), 'id');
    expectRefused(await api(ctx.app).get('/api/payments/a%1Bb').auth(student.token, { type: 'bearer' }), 'id');
    expect((await api(ctx.app).get('/api/courses/not-a-uuid')).status).toBe(404);
  });

  it('when a registration name holds NUL, then 400 and no account is created', async () => {
    const email = 'nul-name@test.example';
    const res = await api(ctx.app)
      .post('/api/auth/register')
      .send({ email, password: 'long enough password', name: 'Ada\u0000Lovelace' });
    expectRefused(res, 'name');
    expect(await ctx.db.dataSource.query(`SELECT id FROM users WHERE email = $1`, [email])).toEqual([]);
  });

  it('when a login email holds NUL, then 400, not 500', async () => {
    const res = await api(ctx.app)
      .post('/api/auth/login')
      .send({ email: 'a\u0000@test.example', password: 'whatever1' });
    expectRefused(res, 'email');
  });

  it('when an admin search or a list filter holds a control character, then 400, not 500', async () => {
    expectRefused(await api(ctx.app).get('/api/admin/payments?q=%00').auth(admin.token, { type: 'bearer' }), 'q');
    expectRefused(
      await api(ctx.app).get('/api/payments/history?cursor=x%00').auth(student.token, { type: 'bearer' }),
      'cursor',
    );
  });

  it('when a string deep in a JSON body holds NUL, then 400 naming where', async () => {
    const res = await api(ctx.app)
      .put('/api/admin/exchange-rates')
      .auth(admin.token, { type: 'bearer' })
      .send([{ base: 'EUR', quote: 'USD', rate: '1.1\u0000' }]);
    expectRefused(res, '0.rate');
  });

  it('when an exchange-rate file holds NUL, then 400; its line breaks are fine', async () => {
    const res = await api(ctx.app)
      .post('/api/admin/exchange-rates/import')
      .auth(admin.token, { type: 'bearer' })
      .set('Content-Type', 'application/xml')
      .send('<?xml version="1.0"?>\r\n<r>\u0000</r>');
    expectRefused(res, 'body');
  });
});

describe('malformed percent-encoding in a path', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  it('when a path parameter is not valid percent-encoding, then 400, not 500', async () => {
    const student = await ctx.createUser('student');
    const requests = [
      api(ctx.app).get('/api/courses/%zz'),
      api(ctx.app).get('/api/payments/%E0%A4%A').auth(student.token, { type: 'bearer' }),
      api(ctx.app).post('/api/payments/paypal/capture/%').auth(student.token, { type: 'bearer' }),
    ];
    for (const res of await Promise.all(requests)) {
      expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 400, code: 'validation_failed' });
    }
  });
});
