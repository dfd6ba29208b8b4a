import { emailKeys } from '../../src/domain/emails/email-kind';
import { pdfText, waitForDocuments } from '../support/invoices';
import { completedPurchase } from '../support/post-sale';
import { messagesTo, outboxOfPayment, pause, waitForMessagesTo, waitForOutbox } from '../support/outbox';
import {
  completedEventFor,
  courseIds,
  loseWebhooks,
  payStripe,
  restoreWebhooks,
  startCheckout,
  stripeSignature,
  waitForStatus,
} from '../support/purchase';
import { startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox';
import { api, createSandboxTestContext, type SandboxTestContext } from '../support/test-app';

/** Time enough for several relay passes and job polls after the first receipt arrived. */
const AFTERWARDS_MS = 3000;

describe('purchase receipt, sent once per sale', () => {
  let inbox: SmtpInbox;
  let ctx: SandboxTestContext;
  let courses: string[];
  let titles: Map<string, string>;
  beforeAll(async () => {
    inbox = await startSmtpInbox();
    ctx = await createSandboxTestContext({ env: { SMTP_URL: inbox.url, MAIL_RETRY_DELAY_SECONDS: '1' } });
    courses = await courseIds(ctx);
    const rows: { id: string; title: string }[] = await ctx.db.dataSource.query(`SELECT id, title FROM courses`);
    titles = new Map(rows.map((r) => [r.id, r.title]));
  });
  afterAll(async () => {
    await ctx?.close();
    await inbox?.close();
  });
  afterEach(() => restoreWebhooks(ctx));

  const deliverStripe = (payload: Record<string, unknown>) => {
    const body = JSON.stringify(payload, null, 2);
    return api(ctx.app)
      .post('/api/payments/webhook/stripe')
      .set('Content-Type', 'application/json')
      .set('Stripe-Signature', stripeSignature(body, ctx.sandbox.stripe.webhookSecret))
      .send(body);
  };

  it('when a course sale completes, then one outbox row keyed emailKeys.receipt(paymentId) sends one receipt naming the course', async () => {
    const purchase = await completedPurchase(ctx, 'paypal', courses[0]);
    const { paymentId } = purchase.checkout;
    const student = await ctx.db.dataSource.query(`SELECT email FROM users WHERE id = $1`, [purchase.student.id]);

    const rows = await outboxOfPayment(ctx, paymentId);
    expect(rows.map((r) => [r.idempotency_key, r.kind, r.user_id])).toEqual([
      [emailKeys.receipt(paymentId), 'purchase_receipt', purchase.student.id],
    ]);
    const sent = await waitForOutbox(ctx, paymentId, 'purchase_receipt', (r) => r.status === 'sent');
    const [message] = await waitForMessagesTo(inbox, student[0].email);
    expect(messagesTo(inbox, student[0].email)).toHaveLength(1);
    expect(message.subject).toContain(titles.get(courses[0]));
    const [, name, address] = /^(.*) <(.*)>$/.exec(ctx.config.mail.from)!;
    expect(message.from?.value).toEqual([{ name, address }]);
    expect(message.messageId).toBe(sent.message_id);
    expect(message.messageId).toContain(sent.id);
    expect(sent).toMatchObject({ recipients: student[0].email, subject: message.subject, attempts: 0 });
    expect(sent.sent_at).not.toBeNull();
  });

  it('when the completion is lost, reconciled, then delivered 20 times, replayed by an admin and reconciled again, then exactly one receipt', async () => {
    loseWebhooks(ctx);
    const student = await ctx.createUser();
    const checkout = await startCheckout(ctx, student.token, courses[1], 'stripe');
    await payStripe(ctx, checkout.providerSessionId);
    // The webhook never came: reconciliation learns of the sale from Stripe and completes it.
    await ctx.services.reconciliation.run({ olderThanSeconds: 0 });
    await waitForStatus(ctx, checkout.paymentId, 'completed');
    restoreWebhooks(ctx);

    const completed = await completedEventFor(ctx, checkout.providerSessionId);
    // Ten copies of the event, and ten that Stripe might send for the same sale under ids of their own.
    const deliveries = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        deliverStripe(i % 2 ? completed.payload : { ...completed.payload, id: `evt_again${i}${Date.now()}` }),
      ),
    );
    expect(deliveries.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(deliveries.filter((r) => r.body.duplicate === false).length).toBeGreaterThanOrEqual(10);
    await ctx.background.dispatcher.idle();
    const admin = await ctx.createUser('admin');
    const [stored]: { id: string }[] = await ctx.db.dataSource.query(
      `SELECT id FROM webhook_events WHERE event_id = $1`,
      [completed.id],
    );
    const replay = await api(ctx.app)
      .post(`/api/admin/webhook-events/${stored.id}/replay`)
      .auth(admin.token, { type: 'bearer' });
    expect(replay.status).toBe(200);
    await ctx.services.reconciliation.run({ olderThanSeconds: 0, recheckAfterSeconds: 0 });

    await waitForMessagesTo(inbox, student.email);
    await pause(AFTERWARDS_MS);
    expect(messagesTo(inbox, student.email)).toHaveLength(1);
    const rows = await outboxOfPayment(ctx, checkout.paymentId);
    expect(rows.map((r) => [r.kind, r.status, r.attempts])).toEqual([['purchase_receipt', 'sent', 0]]);
    expect(messagesTo(inbox, student.email)[0].messageId).toBe(rows[0].message_id);
  });

  it('when the receipt arrives, then it carries the invoice as a PDF that parses and names the invoice number', async () => {
    const purchase = await completedPurchase(ctx, 'stripe', courses[2]);
    const { paymentId } = purchase.checkout;
    const documents = await waitForDocuments(ctx, purchase.student.token, paymentId);
    const [{ email }] = await ctx.db.dataSource.query(`SELECT email FROM users WHERE id = $1`, [purchase.student.id]);
    const [message] = await waitForMessagesTo(inbox, email);

    expect(message.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      [`${documents.invoice.number}.pdf`, 'application/pdf'],
    ]);
    expect(message.text).toContain(documents.invoice.number);
    expect(message.html).toContain(documents.invoice.number);
    const pdf = message.attachments[0].content;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await pdfText(pdf);
    expect(text).toContain(documents.invoice.number);
    expect(text).toContain(titles.get(courses[2]));
    // The stored PDF, byte for byte: the email attaches the document, not a copy made for it.
    const [stored] = await ctx.db.dataSource.query(`SELECT pdf FROM invoices WHERE id = $1`, [documents.invoice.id]);
    expect(Buffer.compare(pdf, stored.pdf)).toBe(0);
  });
});
