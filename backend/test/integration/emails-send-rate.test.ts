import { emailKeys } from '../../src/domain/emails/email-kind';
import { EMAIL_ABANDONED_JOB, EMAIL_SEND_JOB } from '../../src/services/emails/email-jobs';
import { createTestContext, type TestContext } from '../support/test-app';

/** The relay's rate cap: in a storm, receipts queue and drain at MAIL_SEND_PER_SECOND. */
describe('the email relay under a backlog', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ env: { MAIL_SEND_PER_SECOND: '3' } });
    // The queue without its workers or the relay's ticker: this test runs the passes itself.
    await ctx.jobQueue.start();
    for (const queue of [EMAIL_ABANDONED_JOB, EMAIL_SEND_JOB]) await ctx.jobQueue.createQueue(queue);
  });
  afterAll(async () => {
    await ctx.jobQueue.stop({ graceful: false, wait: true });
    await ctx.close();
  });

  it('when 10 emails are due at once, then a pass hands 3 to the send job and the next passes the rest, 3 at a time', async () => {
    const student = await ctx.createUser();
    for (let i = 0; i < 10; i += 1) {
      await ctx.db.dataSource.query(
        `INSERT INTO email_outbox (idempotency_key, kind, user_id) VALUES ($1, 'admin_digest', $2)`,
        [emailKeys.adminDigest(`2026-01-${String(i + 1).padStart(2, '0')}`), student.id],
      );
    }
    const handed = [];
    for (let pass = 0; pass < 5; pass += 1) handed.push(await ctx.services.emails.handOver());
    expect(handed).toEqual([3, 3, 3, 1, 0]);
    const [{ n }] = await ctx.db.dataSource.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1`, [
      EMAIL_SEND_JOB,
    ]);
    expect(n).toBe(10);
  });
});
