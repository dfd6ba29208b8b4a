import { completedPurchase } from '../support/post-sale';
import { messagesTo, outboxRow, pause, waitForMessagesTo, waitForOutbox } from '../support/outbox';
import { courseIds } from '../support/purchase';
import { startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox';
import { api, createSandboxTestContext, eventually, type SandboxTestContext } from '../support/test-app';

describe('email delivery when the mail server is down', () => {
  let inbox: SmtpInbox;
  let ctx: SandboxTestContext;
  let courses: string[];
  beforeAll(async () => {
    inbox = await startSmtpInbox();
    ctx = await createSandboxTestContext({ env: { SMTP_URL: inbox.url, MAIL_RETRY_DELAY_SECONDS: '1' } });
    courses = await courseIds(ctx);
  });
  afterAll(async () => {
    inbox?.outage(false);
    await ctx?.close();
    await inbox?.close();
  });

  it('when the mail server refuses for a while and then recovers, then the receipt is sent exactly once, with the error of the refused attempts kept until then', async () => {
    inbox.outage(true);
    const refusedBefore = inbox.refused;
    const purchase = await completedPurchase(ctx, 'stripe', courses[0]);
    const { paymentId } = purchase.checkout;
    const [{ email }] = await ctx.db.dataSource.query(`SELECT email FROM users WHERE id = $1`, [purchase.student.id]);

    const retrying = await waitForOutbox(ctx, paymentId, 'purchase_receipt', (r) => r.status === 'retrying');
    await eventually(async () => (inbox.refused > refusedBefore ? true : undefined));
    expect(retrying.attempts).toBeGreaterThanOrEqual(1);
    expect(retrying.last_error).toMatch(/451/);
    expect(messagesTo(inbox, email)).toHaveLength(0);

    inbox.outage(false);
    const sent = await waitForOutbox(ctx, paymentId, 'purchase_receipt', (r) => r.status === 'sent', 30_000);
    await waitForMessagesTo(inbox, email);
    await pause(3000);
    const messages = messagesTo(inbox, email);
    expect(messages).toHaveLength(1);
    expect(messages[0].messageId).toBe(sent.message_id);
    expect(sent.message_id).toContain(`${sent.id}.0@`);
    expect(sent.last_error).toBeNull();
    expect(sent.attempts).toBeGreaterThanOrEqual(1);
    expect(sent.attempts).toBeLessThan(ctx.config.mail.maxAttempts);
  });
});

describe('email delivery when every attempt fails', () => {
  let inbox: SmtpInbox;
  let ctx: SandboxTestContext;
  let courses: string[];
  let admin: { id: string; token: string };
  beforeAll(async () => {
    inbox = await startSmtpInbox();
    ctx = await createSandboxTestContext({
      env: {
        SMTP_URL: `smtp://mailer:s3cret-pass@${inbox.url.slice('smtp://'.length)}`,
        MAIL_RETRY_DELAY_SECONDS: '1',
        MAIL_MAX_ATTEMPTS: '2',
      },
    });
    courses = await courseIds(ctx);
    admin = await ctx.createUser('admin');
  });
  afterAll(async () => {
    inbox?.outage(false);
    await ctx?.close();
    await inbox?.close();
  });

  const resend = (id: string, token = admin.token) =>
    api(ctx.app).post(`/api/admin/emails/${id}/resend`).auth(token, { type: 'bearer' });

  it('when the attempts run out, then failed with the error kept; a resend while in flight is 409; a resend of the failed email sends it with a new Message-ID', async () => {
    inbox.outage(true);
    const purchase = await completedPurchase(ctx, 'paypal', courses[1]);
    const { paymentId } = purchase.checkout;
    const [{ email }] = await ctx.db.dataSource.query(`SELECT email FROM users WHERE id = $1`, [purchase.student.id]);

    const failed = await waitForOutbox(ctx, paymentId, 'purchase_receipt', (r) => r.status === 'failed', 30_000);
    expect(failed.attempts).toBe(2);
    expect(failed.last_error).toMatch(/451/);
    expect(failed.last_error).not.toContain('s3cret-pass');
    expect(failed.recipients).toBe(email);
    expect(failed.subject).toEqual(expect.any(String));
    // The job is done: nothing retries a failed email by itself.
    await pause(2500);
    expect((await outboxRow(ctx, failed.id)).status).toBe('failed');

    const first = await resend(failed.id);
    expect(first.status).toBe(200);
    expect(first.body.email).toMatchObject({
      id: failed.id,
      status: 'queued',
      attempts: 0,
      resends: 1,
      lastError: null,
    });
    // Still refused: the email is on its way again, so a second resend is refused.
    const again = await resend(failed.id);
    expect(again.status).toBe(409);
    expect(again.body).toEqual({
      error: { code: 'email_in_flight', message: expect.any(String), requestId: expect.any(String) },
    });

    inbox.outage(false);
    const sent = await waitForOutbox(ctx, paymentId, 'purchase_receipt', (r) => r.status === 'sent', 30_000);
    const [message] = await waitForMessagesTo(inbox, email);
    expect(message.messageId).toBe(sent.message_id);
    expect(sent.message_id).not.toBe(failed.message_id);
    expect(sent.message_id).toContain(`${failed.id}.1@`);
    expect(sent.resends).toBe(1);

    const audits = await ctx.db.dataSource.query(
      `SELECT actor, actor_user_id, data FROM audit_logs WHERE action = 'email.resent' AND entity_id = $1`,
      [failed.id],
    );
    expect(audits).toEqual([
      {
        actor: 'admin',
        actor_user_id: admin.id,
        data: expect.objectContaining({ from: 'failed', kind: 'purchase_receipt', resends: 1 }),
      },
    ]);

    // Sent once more by request; a resend of a sent email is allowed, and sends a third Message-ID.
    expect((await resend(failed.id)).status).toBe(200);
    await inbox.waitFor(() => messagesTo(inbox, email).length >= 2);
    const ids = messagesTo(inbox, email).map((m) => m.messageId);
    expect(new Set(ids).size).toBe(2);
  });

  it('when a student asks to resend, then 403 and the email is left alone', async () => {
    const student = await ctx.createUser();
    const [row]: { id: string; status: string }[] = await ctx.db.dataSource.query(
      `SELECT id, status FROM email_outbox ORDER BY created_at LIMIT 1`,
    );
    const res = await resend(row.id, student.token);
    expect(res.status).toBe(403);
    expect((await outboxRow(ctx, row.id)).status).toBe(row.status);
  });
});
