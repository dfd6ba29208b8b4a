import { emailKeys } from '../../src/domain/emails/email-kind';
import { adminRefund, completedPurchase, waitForRefunds } from '../support/post-sale';
import { outboxRow, waitForOutbox } from '../support/outbox';
import { courseIds } from '../support/purchase';
import { api, createSandboxTestContext, eventually, type SandboxTestContext } from '../support/test-app';

interface EmailView {
  id: string;
  kind: string;
  key: string;
  status: string;
  to: string | null;
  paymentId: string | null;
  refundId: string | null;
}

describe('GET /api/admin/emails and resend', () => {
  let ctx: SandboxTestContext;
  let admin: { id: string; token: string };
  let student: { id: string; token: string };
  /** Three students' sales, the second one refunded: four emails, all skipped (no mail server here). */
  const sales: { paymentId: string; email: string; userId: string }[] = [];
  let refundId: string;

  beforeAll(async () => {
    ctx = await createSandboxTestContext();
    admin = await ctx.createUser('admin');
    const courses = await courseIds(ctx);
    for (const [i, name] of ['Ana', 'Boris', 'Chen'].entries()) {
      const buyer = await ctx.createUser('student', `${name}.Buyer-${Date.now()}@Example.test`, name);
      const purchase = await completedPurchase(ctx, i % 2 ? 'paypal' : 'stripe', courses[i], { student: buyer });
      sales.push({ paymentId: purchase.checkout.paymentId, email: buyer.email.toLowerCase(), userId: buyer.id });
      await waitForOutbox(ctx, purchase.checkout.paymentId, 'purchase_receipt', (r) => r.status === 'skipped');
    }
    expect((await adminRefund(ctx, admin.token, sales[1].paymentId)).status).toBe(201);
    [{ id: refundId }] = await waitForRefunds(ctx, sales[1].paymentId, (rows) => rows[0]?.status === 'succeeded');
    await waitForOutbox(ctx, sales[1].paymentId, 'refund_confirmation', (r) => r.status === 'skipped');
    student = await ctx.createUser();
  });
  afterAll(() => ctx?.close());

  const get = (path: string, token = admin.token) => api(ctx.app).get(path).auth(token, { type: 'bearer' });
  const list = async (query: string): Promise<EmailView[]> => {
    const res = await get(`/api/admin/emails?${query}`);
    expect(res.status).toBe(200);
    return res.body.items;
  };
  const keysOf = (items: EmailView[]) => items.map((i) => i.key);

  it('when an admin lists the outbox, then every email, newest first, with its address, status and references', async () => {
    const res = await get('/api/admin/emails');
    expect(res.status).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    expect(keysOf(res.body.items)).toEqual([
      emailKeys.refund(refundId),
      emailKeys.receipt(sales[2].paymentId),
      emailKeys.receipt(sales[1].paymentId),
      emailKeys.receipt(sales[0].paymentId),
    ]);
    const [row] = await ctx.db.dataSource.query(`SELECT id FROM email_outbox WHERE refund_id = $1`, [refundId]);
    expect(res.body.items[0]).toEqual({
      id: row.id,
      kind: 'refund_confirmation',
      key: emailKeys.refund(refundId),
      status: 'skipped',
      to: sales[1].email,
      subject: null,
      userId: sales[1].userId,
      paymentId: sales[1].paymentId,
      refundId,
      subscriptionId: null,
      disputeId: null,
      attempts: 0,
      lastError: 'mail is disabled (MAIL_DISABLED=true)',
      resends: 0,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      updatedAt: expect.any(String),
      sentAt: null,
    });
    expect((await get(`/api/admin/emails/${row.id}`)).body).toEqual(res.body.items[0]);
  });

  it('when filtered by status, kind or part of an address in any case, then only the emails that match', async () => {
    expect(await list('status=sent')).toEqual([]);
    expect(await list('status=skipped')).toHaveLength(4);
    expect(keysOf(await list('kind=refund_confirmation'))).toEqual([emailKeys.refund(refundId)]);
    expect(keysOf(await list('kind=purchase_receipt&status=skipped'))).toHaveLength(3);
    expect(keysOf(await list(`q=${encodeURIComponent('BORIS.buyer')}`))).toEqual([
      emailKeys.refund(refundId),
      emailKeys.receipt(sales[1].paymentId),
    ]);
    expect(keysOf(await list('q=chen&kind=refund_confirmation'))).toEqual([]);
    // A typed % is a percent sign, not a pattern.
    expect(await list(`q=${encodeURIComponent('%')}`)).toEqual([]);
  });

  it('when listed a page at a time, then the pages hold every email once, in order', async () => {
    const all = keysOf(await list(''));
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const res = await get(`/api/admin/emails?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...keysOf(res.body.items));
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(all);
    expect(keysOf(await list(`limit=2&status=skipped`))).toEqual(all.slice(0, 2));
  });

  it('when the input is wrong, then 400; an unknown or malformed id, then 404', async () => {
    for (const query of ['status=bogus', 'kind=newsletter', 'limit=0', 'limit=101', 'nope=1', `q=${'a'.repeat(321)}`]) {
      const res = await get(`/api/admin/emails?${query}`);
      expect([query, res.status, res.body.error.code]).toEqual([query, 400, 'validation_failed']);
    }
    const junk = await get('/api/admin/emails?cursor=not-a-cursor');
    expect([junk.status, junk.body.error.code]).toEqual([400, 'invalid_cursor']);
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-an-id']) {
      const res = await get(`/api/admin/emails/${id}`);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({
        error: { code: 'not_found', message: 'Email not found', requestId: expect.any(String) },
      });
      const resend = await api(ctx.app).post(`/api/admin/emails/${id}/resend`).auth(admin.token, { type: 'bearer' });
      expect([resend.status, resend.body.error.code]).toEqual([404, 'not_found']);
    }
  });

  it('when a student or nobody asks, then 403 and 401, and nothing of the outbox is shown', async () => {
    const [row] = await ctx.db.dataSource.query(`SELECT id FROM email_outbox LIMIT 1`);
    for (const path of ['/api/admin/emails', `/api/admin/emails/${row.id}`]) {
      const res = await get(path, student.token);
      expect([res.status, res.body.error.code]).toEqual([403, 'forbidden']);
      expect((await api(ctx.app).get(path)).status).toBe(401);
    }
    const resend = await api(ctx.app)
      .post(`/api/admin/emails/${row.id}/resend`)
      .auth(student.token, { type: 'bearer' });
    expect([resend.status, resend.body.error.code]).toEqual([403, 'forbidden']);
  });

  it('when an admin resends a skipped email, then it is queued again and, mail still disabled, skipped again', async () => {
    const [row] = await ctx.db.dataSource.query(`SELECT id FROM email_outbox WHERE payment_id = $1`, [
      sales[0].paymentId,
    ]);
    const res = await api(ctx.app).post(`/api/admin/emails/${row.id}/resend`).auth(admin.token, { type: 'bearer' });
    expect(res.status).toBe(200);
    expect(res.body.email).toMatchObject({ id: row.id, status: 'queued', resends: 1, attempts: 0, lastError: null });
    const settled = await eventually(async () => {
      const now = await outboxRow(ctx, row.id);
      return now.status === 'skipped' ? now : undefined;
    });
    expect(settled).toMatchObject({ resends: 1, last_error: 'mail is disabled (MAIL_DISABLED=true)' });
  });
});
