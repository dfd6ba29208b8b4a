import { RENEWAL_FAILED_HOLD_SECONDS } from '../../src/services/emails/lifecycle/payment-problem-email';
import { messagesTo, pause } from '../support/outbox';
import { startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox';
import { advance, failNextPayment, planIds, subscribed, waitForSubscription } from '../support/subscriptions';
import { createSandboxTestContext, type SandboxTestContext } from '../support/test-app';

/** The failed renewal as the student receives it, through a real SMTP server. */
describe('the failed-renewal email', () => {
  let inbox: SmtpInbox;
  let ctx: SandboxTestContext;
  let plans: { monthly: string };
  beforeAll(async () => {
    inbox = await startSmtpInbox();
    ctx = await createSandboxTestContext({ env: { SMTP_URL: inbox.url, MAIL_RETRY_DELAY_SECONDS: '1' } });
    plans = await planIds(ctx);
  });
  afterAll(async () => {
    await ctx?.close();
    await inbox?.close();
  });

  it('when a renewal fails and the provider retry fails too, then the student gets one email with the link to update the payment method', async () => {
    const owner = await ctx.createUser('student', undefined, 'Алексей Смирнов');
    const sub = await subscribed(ctx, 'stripe', plans.monthly, { student: owner });
    await waitForSubscription(ctx, owner.token, sub.subscriptionId, (s) => s.payments.length === 1);
    await failNextPayment(ctx, 'stripe', sub.providerSubscriptionId);
    await advance(ctx, 'stripe', sub.providerSubscriptionId);
    await waitForSubscription(ctx, owner.token, sub.subscriptionId, (s) => s.status === 'past_due');
    await failNextPayment(ctx, 'stripe', sub.providerSubscriptionId);
    await advance(ctx, 'stripe', sub.providerSubscriptionId); // the provider's retry of the same invoice

    const failed = () => messagesTo(inbox, owner.email).filter((m) => /did not go through/.test(m.subject ?? ''));
    await inbox.waitFor(() => failed().length > 0, (RENEWAL_FAILED_HOLD_SECONDS + 20) * 1000);
    await pause(3000);
    expect(failed()).toHaveLength(1);
    const [message] = failed();
    const updateLink = `${ctx.config.appBaseUrl}/account/payment-methods`;
    expect(message.text).toContain(updateLink);
    expect(message.html).toContain(`href="${updateLink}"`);
    expect(message.text).toContain('Алексей Смирнов');
    // The subscription's start was its own email; the failure is not a renewal.
    const subjects = messagesTo(inbox, owner.email).map((m) => m.subject);
    expect(subjects.filter((s) => /renew/i.test(s ?? '') && !/did not go through/.test(s ?? ''))).toEqual([]);
  });
});
