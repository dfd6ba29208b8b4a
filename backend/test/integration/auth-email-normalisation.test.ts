import { api, createTestContext, type TestContext } from '../support/test-app';

describe('email normalisation', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  const userCount = async () =>
    (await ctx.db.dataSource.query(`SELECT count(*)::int AS count FROM users`))[0].count as number;

  it('when " Admin@Example.com" registers, then it is the existing admin@example.com: 409 and no second user', async () => {
    const before = await userCount();
    const res = await api(ctx.app)
      .post('/api/auth/register')
      .send({ email: ' Admin@Example.com', password: 'long-enough', name: 'Impostor' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('email_taken');
    expect(await userCount()).toBe(before);
  });

  it('when an address is registered in fullwidth letters, then it is stored plain and logs in under any spelling', async () => {
    const res = await api(ctx.app)
      .post('/api/auth/register')
      .send({ email: '\uff4b\uff41\uff54\uff45@Example.com ', password: 'long-enough', name: 'Kate' });
    expect(res.status).toBe(201);
    expect(res.body.user.email).toBe('kate@example.com');
    for (const email of ['kate@example.com', ' KATE@example.COM', '\u212Aate@example.com']) {
      const login = await api(ctx.app).post('/api/auth/login').send({ email, password: 'long-enough' });
      expect(login.status).toBe(200);
      expect(login.body.user.id).toBe(res.body.user.id);
    }
  });

  // A tab or a NUL is refused by the route table's control-character rule before the service sees it.
  it.each([
    ['a tab', 'ad\tmin@example.com', 'must not contain control characters'],
    ['a NUL', 'admin@example.com\u0000', 'must not contain control characters'],
    ['a zero-width space', 'admin\u200b@example.com', 'must not contain spaces, control or invisible characters'],
    ['a space', 'ad min@example.com', 'must not contain spaces, control or invisible characters'],
  ])(
    'when an email holds %s, then register and login answer 400 naming the rule, and nothing is stored',
    async (_what, email, message) => {
      const before = await userCount();
      const register = await api(ctx.app)
        .post('/api/auth/register')
        .send({ email, password: 'long-enough', name: 'Hidden' });
      const login = await api(ctx.app).post('/api/auth/login').send({ email, password: 'admin-password' });
      for (const res of [register, login]) {
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('validation_failed');
        expect(res.body.error.details).toEqual([{ path: 'email', message }]);
      }
      expect(await userCount()).toBe(before);
    },
  );
});
