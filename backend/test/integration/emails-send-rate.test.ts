import { emailKeys } from '../../src/domain/emails/email-kind';
import { MAIL_DISABLED_REASON } from '../../src/services/emails/email-sender';
import { EMAIL_ABANDONED_JOB, EMAIL_SEND_JOB } from '../../src/services/emails/email-jobs';
import { createTestContext, type TestContext } from '../support/test-app';

/** Ten admin digests due at once: the backlog a storm leaves. */
async function tenDueEmails(ctx: TestContext): Promise<void> {
  const student = await ctx.createUser();
  for (let i = 0; i < 10; i += 1) {
    await ctx.db.dataSource.query(
      `INSERT INTO email_outbox (idempotency_key, kind, user_id) VALUES ($1, 'admin_digest', $2)`,
      [emailKeys.adminDigest(`2026-01-${String(i + 1).padStart(2, '0')}`), student.id],
    );
  }
}

async function sendJobs(ctx: TestContext): Promise<number> {
  const [{ n }] = await ctx.db.dataSource.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1`, [
    EMAIL_SEND_JOB,
  ]);
  return n;
}

/** The relay's passes, run by the test itself: the queue runs without its workers or the relay's ticker. */
async function contextWithQueue(env: Record<string, string>): Promise<TestContext> {
  const ctx = await createTestContext({ env: { MAIL_SEND_PER_SECOND: '3', ...env } });
  await ctx.jobQueue.start();
  for (const queue of [EMAIL_ABANDONED_JOB, EMAIL_SEND_JOB]) await ctx.jobQueue.createQueue(queue);
  return ctx;
}

async function closeWithQueue(ctx: TestContext | undefined): Promise<void> {
  await ctx?.jobQueue.stop({ graceful: false, wait: true });
  await ctx?.close();
}

/** The relay's rate cap: in a storm, receipts queue and drain at MAIL_SEND_PER_SECOND. */
describe('the email relay under a backlog', () => {
  let ctx: TestContext;
  // A mail server is configured but never dialled: no send worker runs here.
  beforeAll(async () => (ctx = await contextWithQueue({ SMTP_URL: 'smtp://127.0.0.1:9' })));
  afterAll(() => closeWithQueue(ctx));

  it('when 10 emails are due at once, then a pass hands 3 to the send job and the next passes the rest, 3 at a time', async () => {
    await tenDueEmails(ctx);
    const handed = [];
    for (let pass = 0; pass < 5; pass += 1) handed.push(await ctx.services.emails.handOver());
    expect(handed).toEqual([3, 3, 3, 1, 0]);
    expect(await sendJobs(ctx)).toBe(10);
  });
});

describe('the email relay with mail disabled', () => {
  let ctx: TestContext;
  beforeAll(async () => (ctx = await contextWithQueue({})));
  afterAll(() => closeWithQueue(ctx));

  it('when 10 emails are due at once, then one pass files them all skipped with the reason, past the cap, and makes no job', async () => {
    expect(ctx.config.mail.transport).toBe('disabled');
    await tenDueEmails(ctx);
    expect([await ctx.services.emails.handOver(), await ctx.services.emails.handOver()]).toEqual([10, 0]);
    const rows = await ctx.db.dataSource.query(
      `SELECT DISTINCT status, last_error, attempts, handed_at IS NOT NULL AS handed FROM email_outbox`,
    );
    expect(rows).toEqual([{ status: 'skipped', last_error: MAIL_DISABLED_REASON, attempts: 0, handed: true }]);
    expect(await sendJobs(ctx)).toBe(0);
  });
});
