import { emailKeys } from '../../src/domain/emails/email-kind';
import { pdfText, waitForDocuments } from '../support/invoices';
import { adminRefund, completedPurchase, waitForRefunds } from '../support/post-sale';
import { messagesTo, outboxOfPayment, pause, waitForMessagesTo, waitForOutbox } from '../support/outbox';
import { courseIds } from '../support/purchase';
import { startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox';
import { createSandboxTestContext, type SandboxTestContext } from '../support/test-app';

describe('refund confirmation, sent once per refund', () => {
  let inbox: SmtpInbox;
  let ctx: SandboxTestContext;
  let courses: string[];
  let admin: { id: string; token: string };
  beforeAll(async () => {
    inbox = await startSmtpInbox();
    ctx = await createSandboxTestContext({ env: { SMTP_URL: inbox.url, MAIL_RETRY_DELAY_SECONDS: '1' } });
    courses = await courseIds(ctx);
    admin = await ctx.createUser('admin');
  });
  afterAll(async () => {
    await ctx?.close();
    await inbox?.close();
  });

  const emailOf = async (userId: string): Promise<string> =>
    (await ctx.db.dataSource.query(`SELECT email FROM users WHERE id = $1`, [userId]))[0].email;

  for (const provider of ['stripe', 'paypal'] as const) {
    it(`when an admin refunds a ${provider} sale, then one confirmation keyed emailKeys.refund(refundId) goes to the student with the credit note attached`, async () => {
      const purchase = await completedPurchase(ctx, provider, courses[provider === 'stripe' ? 0 : 1]);
      const { paymentId } = purchase.checkout;
      const email = await emailOf(purchase.student.id);
      await waitForMessagesTo(inbox, email);
      const [course] = await ctx.db.dataSource.query(`SELECT title FROM courses WHERE id = $1`, [purchase.courseId]);

      const refund = await adminRefund(ctx, admin.token, paymentId, { reason: 'requested' });
      expect(refund.status).toBe(201);
      const [succeeded] = await waitForRefunds(ctx, paymentId, (rows) => rows[0]?.status === 'succeeded');
      const documents = await waitForDocuments(ctx, purchase.student.token, paymentId, 1);
      const creditNote = documents.creditNotes[0];

      const confirmation = await waitForOutbox(ctx, paymentId, 'refund_confirmation', (r) => r.status === 'sent');
      expect(confirmation).toMatchObject({
        idempotency_key: emailKeys.refund(succeeded.id),
        refund_id: succeeded.id,
        user_id: purchase.student.id,
        recipients: email,
      });
      await inbox.waitFor(() => messagesTo(inbox, email).length >= 2);
      // Enough for the refund's later events (the webhook after the provider's answer) to have been applied.
      await pause(3000);
      const messages = messagesTo(inbox, email);
      expect(messages).toHaveLength(2);
      const message = messages.find((m) => m.messageId === confirmation.message_id)!;
      expect(message).toBeDefined();
      const [{ amount, currency }] = await ctx.db.dataSource.query(
        `SELECT amount, currency FROM payments WHERE id = $1`,
        [paymentId],
      );
      expect([currency, message.subject]).toEqual(['USD', `Your refund of $${(Number(amount) / 100).toFixed(2)}`]);
      expect(message.text).toContain(course.title);
      expect(message.text).toContain(creditNote.number);
      expect(message.attachments.map((a) => [a.filename, a.contentType])).toEqual([
        [`${creditNote.number}.pdf`, 'application/pdf'],
      ]);
      const text = await pdfText(message.attachments[0].content);
      expect(text).toContain(creditNote.number);
      expect(text).toContain(documents.invoice.number);
      expect((await outboxOfPayment(ctx, paymentId)).map((r) => [r.kind, r.status])).toEqual([
        ['purchase_receipt', 'sent'],
        ['refund_confirmation', 'sent'],
      ]);
    });
  }

  it('when a sale is refunded in two parts, then two confirmations, each with its own credit note', async () => {
    const purchase = await completedPurchase(ctx, 'stripe', courses[2]);
    const { paymentId } = purchase.checkout;
    const email = await emailOf(purchase.student.id);
    expect((await adminRefund(ctx, admin.token, paymentId, { amount: 100 })).status).toBe(201);
    expect((await adminRefund(ctx, admin.token, paymentId)).status).toBe(201);
    const documents = await waitForDocuments(ctx, purchase.student.token, paymentId, 2);

    await inbox.waitFor(() => messagesTo(inbox, email).length >= 3);
    await pause(2000);
    const messages = messagesTo(inbox, email);
    expect(messages).toHaveLength(3);
    const attached = messages.flatMap((m) => m.attachments.map((a) => a.filename)).sort();
    expect(attached).toEqual(
      [documents.invoice.number, ...documents.creditNotes.map((c) => c.number)].map((n) => `${n}.pdf`).sort(),
    );
  });
});
