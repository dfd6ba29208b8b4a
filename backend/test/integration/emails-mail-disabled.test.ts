import { emailKeys } from '../../src/domain/emails/email-kind';
import { EMAIL_SEND_JOB } from '../../src/services/emails/email-jobs';
import { adminRefund, completedPurchase, waitForRefunds } from '../support/post-sale';
import { outboxOfPayment, waitForOutbox } from '../support/outbox';
import { courseIds } from '../support/purchase';
import { createSandboxTestContext, type SandboxTestContext } from '../support/test-app';

describe('emails when mail is disabled (tests without SMTP_URL)', () => {
  let ctx: SandboxTestContext;
  beforeAll(async () => {
    ctx = await createSandboxTestContext();
  });
  afterAll(() => ctx?.close());

  it('when a sale completes and is refunded, then its receipt and confirmation are kept, filed skipped with the reason', async () => {
    expect(ctx.config.mail.transport).toBe('disabled');
    const [courseId] = await courseIds(ctx);
    const admin = await ctx.createUser('admin');
    const purchase = await completedPurchase(ctx, 'stripe', courseId);
    const { paymentId } = purchase.checkout;
    expect((await adminRefund(ctx, admin.token, paymentId)).status).toBe(201);
    const [refund] = await waitForRefunds(ctx, paymentId, (rows) => rows[0]?.status === 'succeeded');

    await waitForOutbox(ctx, paymentId, 'refund_confirmation', (r) => r.status === 'skipped');
    await waitForOutbox(ctx, paymentId, 'purchase_receipt', (r) => r.status === 'skipped');
    const rows = await outboxOfPayment(ctx, paymentId);
    expect(rows.map((r) => [r.idempotency_key, r.status, r.attempts, r.last_error, r.sent_at, r.message_id])).toEqual([
      [emailKeys.receipt(paymentId), 'skipped', 0, 'mail is disabled (MAIL_DISABLED=true)', null, null],
      [emailKeys.refund(refund.id), 'skipped', 0, 'mail is disabled (MAIL_DISABLED=true)', null, null],
    ]);
    // Filed by the relay: nothing was handed to the send job.
    const jobs = await ctx.db.dataSource.query(`SELECT 1 FROM pgboss.job WHERE name = $1`, [EMAIL_SEND_JOB]);
    expect(jobs).toEqual([]);
  });
});
