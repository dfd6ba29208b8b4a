import { api, createTestContext, type TestContext } from '../support/test-app';

const PASSWORD = 'correct horse battery'; // what ctx.createUser sets

/** A login from `ip` (the test app trusts loopback proxies, so X-Forwarded-For is the client). */
function login(ctx: TestContext, ip: string, email: string, password: string) {
  return api(ctx.app).post('/api/auth/login').set('X-Forwarded-For', ip).send({ email, password });
}

describe('login limits', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({
      authLimits: {
        loginFailuresPerClient: { max: 3, windowMs: 60_000 },
        loginFailuresPerAccount: { max: 5, windowMs: 60_000 },
        registrationsPerClient: { max: 2, windowMs: 60_000 },
      },
    });
  });
  afterAll(() => ctx.close());

  it('when failures use other spellings of one email, then they share its bucket and the right password is then refused', async () => {
    const { email } = await ctx.createUser('student', 'spelled@example.com');
    const spellings = [
      ' spelled@example.com',
      'SPELLED@EXAMPLE.COM',
      'Spelled@Example.com ',
      '\uff53\uff50\uff45\uff4c\uff4c\uff45\uff44@example.com', // fullwidth, the same under NFKC
      'spelled\uff20example.com',
    ];
    for (const [i, spelling] of spellings.entries()) {
      const res = await login(ctx, `203.0.113.${10 + i}`, spelling, 'wrong-password');
      expect(res.status).toBe(401);
    }
    const res = await login(ctx, '203.0.113.99', email, PASSWORD);
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('rate_limited');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('when one client fails with several emails, then it is refused for any email, and other clients are not', async () => {
    const { email } = await ctx.createUser();
    for (const guess of ['a@guess.example', 'b@guess.example', 'c@guess.example']) {
      expect((await login(ctx, '198.51.100.7', guess, 'wrong-password')).status).toBe(401);
    }
    expect((await login(ctx, '198.51.100.7', email, PASSWORD)).status).toBe(429);
    expect((await login(ctx, '198.51.100.8', email, PASSWORD)).status).toBe(200);
  });

  it('when an account is locked across clients, then it answers the same 429 whatever the password, like an unknown email', async () => {
    const { email } = await ctx.createUser();
    const unknown = 'nobody-here@example.com';
    for (let i = 0; i < 5; i += 1) {
      expect((await login(ctx, `192.0.2.${i + 1}`, email, `wrong-${i}`)).status).toBe(401);
      expect((await login(ctx, `192.0.2.${i + 101}`, unknown, `wrong-${i}`)).status).toBe(401);
    }
    const right = await login(ctx, '192.0.2.50', email, PASSWORD);
    const wrong = await login(ctx, '192.0.2.51', email, 'wrong-again');
    const missing = await login(ctx, '192.0.2.52', unknown, 'wrong-again');
    for (const res of [right, wrong, missing]) {
      expect(res.status).toBe(429);
      expect(res.headers['retry-after']).toEqual(expect.any(String));
      expect(res.body.error).toMatchObject({ code: 'rate_limited', message: right.body.error.message });
      expect(res.body.token).toBeUndefined();
    }
    // Another account from one of those clients is not locked.
    const other = await ctx.createUser();
    expect((await login(ctx, '192.0.2.50', other.email, PASSWORD)).status).toBe(200);
  });

  it('when many wrong guesses for one account arrive at once, then no more than the limit get a password check', async () => {
    const { email } = await ctx.createUser();
    const statuses = await Promise.all(
      Array.from({ length: 12 }, (_, i) => login(ctx, `100.64.0.${i + 1}`, email, `wrong-${i}`).then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  });

  it('when right passwords come in a row, then they are not counted as failures', async () => {
    const { email } = await ctx.createUser();
    for (let i = 0; i < 5; i += 1) expect((await login(ctx, '100.64.1.1', email, PASSWORD)).status).toBe(200);
  });

  it('when one client registers past its limit, then 429 and nothing stored, and another client still may', async () => {
    const register = (ip: string, email: string) =>
      api(ctx.app)
        .post('/api/auth/register')
        .set('X-Forwarded-For', ip)
        .send({ email, password: 'long-enough', name: 'Signer' });
    expect((await register('100.64.2.1', 'first@signup.example')).status).toBe(201);
    expect((await register('100.64.2.1', 'second@signup.example')).status).toBe(201);
    const refused = await register('100.64.2.1', 'third@signup.example');
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toEqual(expect.any(String));
    const [{ count }] = await ctx.db.dataSource.query(
      `SELECT count(*)::int AS count FROM users WHERE email = 'third@signup.example'`,
    );
    expect(count).toBe(0);
    expect((await register('100.64.2.2', 'third@signup.example')).status).toBe(201);
  });
});

describe('the overall login cap', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ authLimits: { loginAttempts: { max: 4, windowMs: 60_000 } } });
  });
  afterAll(() => ctx.close());

  it('when the process has taken its attempts for the window, then any login is refused, from any client, right password or not', async () => {
    const users = await Promise.all([ctx.createUser(), ctx.createUser()]);
    expect((await login(ctx, '203.0.113.1', users[0]!.email, PASSWORD)).status).toBe(200);
    expect((await login(ctx, '203.0.113.2', 'spray-1@example.com', 'x')).status).toBe(401);
    expect((await login(ctx, '203.0.113.3', 'spray-2@example.com', 'x')).status).toBe(401);
    expect((await login(ctx, '203.0.113.4', 'spray-3@example.com', 'x')).status).toBe(401);
    const refused = await login(ctx, '203.0.113.5', users[1]!.email, PASSWORD);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });
});
