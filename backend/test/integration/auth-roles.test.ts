import { api, createTestContext, type TestContext } from '../support/test-app';

describe('roles read from the database', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  const setRole = (id: string, role: 'student' | 'admin') =>
    ctx.db.dataSource.query(`UPDATE users SET role = $2 WHERE id = $1`, [id, role]);
  const adminPayments = (token: string) => api(ctx.app).get('/api/admin/payments').auth(token, { type: 'bearer' });

  it('when an admin is demoted, then their still-valid token gets 403 on admin routes', async () => {
    const admin = await ctx.createUser('admin');
    expect((await adminPayments(admin.token)).status).toBe(200);
    await setRole(admin.id, 'student');
    const res = await adminPayments(admin.token);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
  });

  it('when a student is promoted, then their student token works as admin', async () => {
    const student = await ctx.createUser('student');
    expect((await adminPayments(student.token)).status).toBe(403);
    await setRole(student.id, 'admin');
    expect((await adminPayments(student.token)).status).toBe(200);
  });

  it('when a demoted admin filters the payment history by another user, then it is refused as for any student', async () => {
    const other = await ctx.createUser('student');
    const admin = await ctx.createUser('admin');
    const history = () =>
      api(ctx.app).get('/api/payments/history').query({ userId: other.id }).auth(admin.token, { type: 'bearer' });
    expect((await history()).status).toBe(200);
    await setRole(admin.id, 'student');
    const res = await history();
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'userId', message: 'not allowed' }]);
  });

  it("when the user is deleted, then their token gets 401 on a student's route", async () => {
    const student = await ctx.createUser('student');
    const enrollments = () => api(ctx.app).get('/api/enrollments').auth(student.token, { type: 'bearer' });
    expect((await enrollments()).status).toBe(200);
    await ctx.db.dataSource.query(`DELETE FROM users WHERE id = $1`, [student.id]);
    const res = await enrollments();
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_token');
  });
});
