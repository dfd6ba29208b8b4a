import { api, createTestContext, type TestContext } from '../support/test-app';

describe('HTTP basics', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  it('when probing health and readiness with the database up, then both are 200', async () => {
    expect((await api(ctx.app).get('/healthz')).status).toBe(200);
    const ready = await api(ctx.app).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.database).toBe('ok');
  });

  it('when an API route does not exist, then a JSON 404 in the error shape', async () => {
    const res = await api(ctx.app).get('/api/nope');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      error: { code: 'route_not_found', message: expect.stringContaining('/api/nope'), requestId: expect.any(String) },
    });
  });

  it('when the JSON body is malformed, then 400 malformed_json without a stack trace', async () => {
    const res = await api(ctx.app)
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email": "a@b.c",');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('malformed_json');
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js/);
  });

  it('when the body is too large, then 413', async () => {
    const res = await api(ctx.app)
      .post('/api/auth/register')
      .send({ email: 'big@example.com', password: 'x'.repeat(200_000), name: 'Big' });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('when the body is not JSON at all, then a 400 validation error', async () => {
    const res = await api(ctx.app).post('/api/auth/login').set('Content-Type', 'text/plain').send('hello');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
  });

  it('when responding, then security headers are set and the framework is not advertised', async () => {
    const res = await api(ctx.app).get('/healthz');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-request-id']).toEqual(expect.any(String));
  });
});

describe('readiness without a database', () => {
  it('when the database is gone, then /readyz is 503 and /healthz still 200', async () => {
    const ctx = await createTestContext();
    await ctx.db.dataSource.destroy();
    try {
      expect((await api(ctx.app).get('/readyz')).status).toBe(503);
      expect((await api(ctx.app).get('/healthz')).status).toBe(200);
    } finally {
      await ctx.close();
    }
  });
});
