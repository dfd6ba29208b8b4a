import { EMAIL_ABANDONED_JOB } from '../../src/services/emails/email-jobs';
import { completedPurchase } from '../support/post-sale';
import { messagesTo, outboxOfPayment, outboxRow, pause, waitForMessagesTo, waitForOutbox } from '../support/outbox';
import { courseIds } from '../support/purchase';
import { startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox';
import { createSandboxTestContext, eventually, type SandboxTestContext } from '../support/test-app';

describe('an email waiting for its document, and one the job queue gave up on', () => {
  let inbox: SmtpInbox;
  let ctx: SandboxTestContext;
  let courses: string[];
  beforeAll(async () => {
    inbox = await startSmtpInbox();
    ctx = await createSandboxTestContext({ env: { SMTP_URL: inbox.url, MAIL_RETRY_DELAY_SECONDS: '1' } });
    courses = await courseIds(ctx);
  });
  afterAll(async () => {
    await ctx?.close();
    await inbox?.close();
  });

  it('when the invoice is not issued, then the receipt waits without using an attempt; after 15 minutes it goes without the PDF, pointing at the invoices page', async () => {
    // Nothing issues documents: the sale's invoice stays requested, without a number.
    await ctx.background.documents.stop();
    try {
      const purchase = await completedPurchase(ctx, 'stripe', courses[0]);
      const { paymentId } = purchase.checkout;
      const [{ email }] = await ctx.db.dataSource.query(`SELECT email FROM users WHERE id = $1`, [purchase.student.id]);

      // Handed to a job, found waiting, handed back: still queued, no attempt used, nothing sent.
      await eventually(async () => {
        const [row] = await outboxOfPayment(ctx, paymentId);
        const [{ available }]: { available: boolean }[] = await ctx.db.dataSource.query(
          `SELECT available_at > created_at + interval '1 second' AS available FROM email_outbox WHERE id = $1`,
          [row.id],
        );
        return available ? row : undefined;
      });
      await pause(1500);
      const [waiting] = await outboxOfPayment(ctx, paymentId);
      expect(waiting).toMatchObject({ status: 'queued', attempts: 0, sent_at: null });
      expect(messagesTo(inbox, email)).toHaveLength(0);

      // A quarter of an hour later (the issuing pass is stuck), the receipt goes on its own.
      await ctx.db.dataSource.query(
        `UPDATE email_outbox SET created_at = created_at - interval '16 minutes' WHERE id = $1`,
        [waiting.id],
      );
      const sent = await waitForOutbox(ctx, paymentId, 'purchase_receipt', (r) => r.status === 'sent');
      const [message] = await waitForMessagesTo(inbox, email);
      expect(message.attachments).toEqual([]);
      expect(message.text).toContain(`${ctx.config.appBaseUrl}/account/invoices`);
      expect(sent.attempts).toBe(0);
    } finally {
      ctx.background.documents.start();
    }
  });

  it('when the job queue gives up on an email whose runs never recorded an outcome, then it is filed failed, for an admin to resend', async () => {
    const purchase = await completedPurchase(ctx, 'paypal', courses[1]);
    const { paymentId } = purchase.checkout;
    const sent = await waitForOutbox(ctx, paymentId, 'purchase_receipt', (r) => r.status === 'sent');
    // As a run that died after its claim leaves it: sending, its lease lapsed.
    await ctx.db.dataSource.query(
      `UPDATE email_outbox SET status = 'sending', lease_until = now() - interval '1 minute' WHERE id = $1`,
      [sent.id],
    );
    await ctx.jobQueue.send(EMAIL_ABANDONED_JOB, { emailId: sent.id });
    const failed = await eventually(async () => {
      const row = await outboxRow(ctx, sent.id);
      return row.status === 'failed' ? row : undefined;
    });
    expect(failed.last_error).toMatch(/^the job queue gave up/);

    // A settled email is left as it is.
    await ctx.db.dataSource.query(`UPDATE email_outbox SET status = 'sent' WHERE id = $1`, [sent.id]);
    expect(await ctx.services.emails.abandon(sent.id, 'late')).toBe(false);
    expect((await outboxRow(ctx, sent.id)).status).toBe('sent');
  });
});
