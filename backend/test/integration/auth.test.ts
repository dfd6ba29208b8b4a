import jwt from 'jsonwebtoken';
import { api, createTestContext, type TestContext } from '../support/test-app';

describe('auth API', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  it('when a student registers, then they get a token that works for /me, and the password is hashed', async () => {
    const res = await api(ctx.app)
      .post('/api/auth/register')
      .send({ email: 'Ada@Example.com', password: 'analytical-engine', name: 'Ada' });
    expect(res.status).toBe(201);
    expect(res.body.user).toEqual({ id: expect.any(String), email: 'ada@example.com', name: 'Ada', role: 'student' });
    expect(res.body.token).toEqual(expect.any(String));

    const me = await api(ctx.app).get('/api/auth/me').auth(res.body.token, { type: 'bearer' });
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe('ada@example.com');

    const [row] = await ctx.db.dataSource.query(`SELECT password_hash FROM users WHERE email = 'ada@example.com'`);
    expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(row.password_hash).not.toContain('analytical-engine');
  });

  it('when the email is taken (any case), then 409 and no second user', async () => {
    const res = await api(ctx.app)
      .post('/api/auth/register')
      .send({ email: 'ADA@example.com', password: 'another-password', name: 'Ada Two' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('email_taken');
    const [{ count }] = await ctx.db.dataSource.query(
      `SELECT count(*)::int AS count FROM users WHERE email = 'ada@example.com'`,
    );
    expect(count).toBe(1);
  });

  it('when registering with bad input, then 400 lists the failing fields and nothing is stored', async () => {
    const before = await ctx.db.dataSource.query(`SELECT count(*)::int AS count FROM users`);
    const cases: [unknown, string][] = [
      [{ email: 'not-an-email', password: 'long-enough', name: 'X' }, 'email'],
      [{ email: 'a@b.example', password: 'short', name: 'X' }, 'password'],
      [{ email: 'a@b.example', password: 'long-enough', name: '' }, 'name'],
      [{ email: 'a@b.example', password: 12345678, name: 'X' }, 'password'],
      [{ email: 'a@b.example', password: 'long-enough', name: 'X', role: 'admin' }, 'body'],
    ];
    for (const [body, field] of cases) {
      const res = await api(ctx.app)
        .post('/api/auth/register')
        .send(body as object);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    }
    const after = await ctx.db.dataSource.query(`SELECT count(*)::int AS count FROM users`);
    expect(after[0].count).toBe(before[0].count);
  });

  it('when logging in, then the right password works and wrong password and unknown email give the same 401', async () => {
    const ok = await api(ctx.app)
      .post('/api/auth/login')
      .send({ email: 'ada@example.com', password: 'analytical-engine' });
    expect(ok.status).toBe(200);
    expect(ok.body.user.role).toBe('student');

    const wrong = await api(ctx.app)
      .post('/api/auth/login')
      .send({ email: 'ada@example.com', password: 'wrong-password' });
    const unknown = await api(ctx.app)
      .post('/api/auth/login')
      .send({ email: 'nobody@example.com', password: 'wrong-password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    // The same answer but for the request id each request gets.
    expect(wrong.body.error).toEqual({ ...unknown.body.error, requestId: wrong.body.error.requestId });
  });

  it('when the demo admin logs in, then the role is admin', async () => {
    const res = await api(ctx.app)
      .post('/api/auth/login')
      .send({ email: 'admin@example.com', password: 'admin-password' });
    expect(res.status).toBe(200);
    expect(res.body.user.role).toBe('admin');
  });

  it('when the token is missing, forged, expired or uses another algorithm, then /me is 401', async () => {
    const { id } = await ctx.createUser();
    const secret = ctx.config.jwt.secret;
    const claims = { role: 'student', sub: id, iss: 'lms-payments', aud: 'lms-payments-api' };
    const tokens = [
      undefined,
      'Bearer not-a-jwt',
      `Bearer ${jwt.sign(claims, 'some-other-secret-entirely')}`,
      `Bearer ${jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 }, secret)}`,
      `Bearer ${jwt.sign(claims, secret, { algorithm: 'HS512' })}`,
      `Bearer ${jwt.sign(claims, null, { algorithm: 'none' })}`,
    ];
    for (const header of tokens) {
      const req = api(ctx.app).get('/api/auth/me');
      const res = header ? await req.set('Authorization', header) : await req;
      expect(res.status).toBe(401);
      expect(res.body.error.code).toMatch(/unauthorized|invalid_token/);
    }
  });

  it('when logins keep failing for one email, then the rate limit answers 429', async () => {
    const limited = await createTestContext();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i += 1) {
        const res = await api(limited.app)
          .post('/api/auth/login')
          .send({ email: 'victim@example.com', password: `guess-${i}` });
        statuses.push(res.status);
      }
      expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(10)).toEqual([429, 429]);
    } finally {
      await limited.close();
    }
  });
});
