import type {
  DisputeUpdated,
  SubscriptionPaymentFailed,
  SubscriptionPaymentSucceeded,
} from '../../src/domain/events/domain-event';
import { createLogger } from '../../src/logger';
import { DataStore } from '../../src/repositories/data-store';
import { ScheduledEmailService } from '../../src/services/emails/lifecycle/scheduled-emails.service';
import { createTestContext, type TestContext } from '../support/test-app';
import { APP, loadEmail, outboxOf } from './emails-lifecycle-support';

const DAY = 86_400_000;
const PRICE = { amount: 1900, currency: 'USD' };

/**
 * The loaders and causes on rows made through the real handlers, without a provider: what waits
 * for an invoice, what is stale, what no longer holds at send time.
 */
describe('lifecycle email loaders', () => {
  let ctx: TestContext;
  let store: DataStore;
  let plan: { id: string; name: string };

  beforeAll(async () => {
    ctx = await createTestContext();
    store = new DataStore(ctx.db.dataSource);
    [plan] = await ctx.db.dataSource.query(`SELECT id, name FROM plans WHERE published ORDER BY base_price_amount`);
  });
  afterAll(() => ctx.close());

  /** An active Stripe subscription of a new student, its period ending in `days`. */
  async function activeSubscription(name: string, days = 30) {
    const owner = await ctx.createUser('student', undefined, name);
    const created = await store.repos.subscriptions.create({
      userId: owner.id,
      planId: plan.id,
      provider: 'stripe',
      price: PRICE,
      tax: { rateBasisPoints: 0, pricesIncludeTax: true },
    });
    const now = Date.now();
    await store.repos.subscriptions.applyFacts(created.id, {
      status: 'active',
      lastEventAt: new Date(now - DAY),
      currentPeriodStart: new Date(now - DAY),
      currentPeriodEnd: new Date(now + days * DAY),
    });
    return { owner, subscriptionId: created.id };
  }

  const paid = (subscriptionId: string, invoice: string, at: Date, periodEnd?: Date): SubscriptionPaymentSucceeded => ({
    kind: 'SubscriptionPaymentSucceeded',
    provider: 'stripe',
    occurredAt: at,
    ref: { subscriptionId },
    providerInvoiceId: invoice,
    amount: PRICE,
    ...(periodEnd ? { periodEnd } : {}),
  });

  const failed = (
    subscriptionId: string,
    invoice: string,
    at: Date,
    fields: Partial<SubscriptionPaymentFailed> = {},
  ): SubscriptionPaymentFailed => ({
    kind: 'SubscriptionPaymentFailed',
    provider: 'stripe',
    occurredAt: at,
    ref: { subscriptionId },
    providerInvoiceId: invoice,
    amount: PRICE,
    failureCode: 'card_declined',
    failureReason: 'Your card was declined.',
    ...fields,
  });

  const apply = (...events: (SubscriptionPaymentSucceeded | SubscriptionPaymentFailed | DisputeUpdated)[]) =>
    ctx.services.settlement.apply(events, 'webhook:stripe');

  async function paymentOf(subscriptionId: string, invoice: string): Promise<string> {
    const [row] = await ctx.db.dataSource.query(
      `SELECT id FROM payments WHERE subscription_id = $1 AND provider_session_id = $2`,
      [subscriptionId, invoice],
    );
    return row.id;
  }

  it('when the first cycle is paid and its invoice is not numbered yet, then "started" waits; 15 minutes on it goes without the invoice; once numbered it is attached', async () => {
    const { owner, subscriptionId } = await activeSubscription('Waiting Student');
    await apply(paid(subscriptionId, 'in_first_wait', new Date()));
    const paymentId = await paymentOf(subscriptionId, 'in_first_wait');
    const key = `subscription-started:${subscriptionId}`;
    expect(await outboxOf(ctx, { subscriptionId })).toEqual([expect.objectContaining({ key, paymentId })]);

    expect(await loadEmail(ctx, key)).toEqual({
      status: 'wait',
      reason: `the invoice of payment ${paymentId} is not issued yet`,
    });
    await ctx.db.dataSource.query(
      `UPDATE email_outbox SET created_at = now() - interval '16 minutes' WHERE idempotency_key = $1`,
      [key],
    );
    const without = await loadEmail(ctx, key);
    expect(without).toMatchObject({ status: 'ready', to: [owner.email], attachments: [] });
    expect(without.status === 'ready' && without.facts).not.toHaveProperty('invoice');

    await ctx.services.documentIssuing.issuePending();
    const [invoice] = await ctx.db.dataSource.query(
      `SELECT id, number FROM invoices WHERE payment_id = $1 AND kind = 'invoice'`,
      [paymentId],
    );
    expect(invoice.number).toMatch(/^INV-/);
    expect(await loadEmail(ctx, key)).toMatchObject({
      status: 'ready',
      attachments: [{ documentId: invoice.id, filename: `${invoice.number}.pdf` }],
      facts: { invoice: { number: invoice.number, filename: `${invoice.number}.pdf` } },
    });
  });

  it('when a later cycle is paid, then its "renewed" says until when it paid; once a newer cycle is paid, the older one no longer claims the current period', async () => {
    const { subscriptionId } = await activeSubscription('Renewing Student');
    const now = Date.now();
    await apply(paid(subscriptionId, 'in_r1', new Date(now - 2000)));
    await apply(paid(subscriptionId, 'in_r2', new Date(now - 1000), new Date(now + 60 * DAY)));
    await ctx.services.documentIssuing.issuePending();
    const second = await paymentOf(subscriptionId, 'in_r2');
    const renewedKey = `subscription-renewed:${second}`;
    expect((await outboxOf(ctx, { subscriptionId })).map((r) => r.key)).toEqual([
      `subscription-started:${subscriptionId}`,
      renewedKey,
    ]);
    expect(await loadEmail(ctx, renewedKey)).toMatchObject({
      status: 'ready',
      facts: {
        kind: 'subscription_renewed',
        planName: plan.name,
        amount: PRICE,
        paidAt: new Date(now - 1000),
        paidUntil: new Date(now + 60 * DAY),
      },
    });

    await apply(paid(subscriptionId, 'in_r3', new Date(now), new Date(now + 90 * DAY)));
    const older = await loadEmail(ctx, renewedKey);
    expect(older.status === 'ready' && older.facts).not.toHaveProperty('paidUntil');
  });

  it('when a failure is older than the last payment, then no email; a newer one writes one, and the same invoice failing again adds none', async () => {
    const { subscriptionId } = await activeSubscription('Failing Student');
    const now = Date.now();
    await apply(paid(subscriptionId, 'in_f1', new Date(now - 10_000)));
    await apply(failed(subscriptionId, 'in_f0', new Date(now - 20_000)));
    expect((await outboxOf(ctx, { subscriptionId })).map((r) => r.kind)).toEqual(['subscription_started']);

    const next = new Date(now + 3 * DAY);
    await apply(failed(subscriptionId, 'in_f2', new Date(now - 5000), { nextAttemptAt: next }));
    await apply(failed(subscriptionId, 'in_f2', new Date(now - 4000), { failureCode: 'insufficient_funds' }));
    const rows = await outboxOf(ctx, { subscriptionId });
    expect(rows.map((r) => r.key)).toEqual([
      `subscription-started:${subscriptionId}`,
      `renewal-failed:${subscriptionId}:in_f2`,
    ]);
    // What the first failure said is kept, whatever the retries say.
    expect(rows[1].data).toEqual({
      failureCode: 'card_declined',
      failureReason: 'Your card was declined.',
      amount: PRICE,
      nextAttemptAt: next.toISOString(),
    });
    expect(await loadEmail(ctx, rows[1].key)).toMatchObject({
      status: 'ready',
      facts: { reason: 'Your card was declined.', nextAttemptAt: next, amount: PRICE },
    });
  });

  it('when 3-D Secure is asked without a link to confirm, then it is a "renewal failed" (the student can still change the card)', async () => {
    const { subscriptionId } = await activeSubscription('No Link Student');
    await apply(failed(subscriptionId, 'in_nolink', new Date(), { failureCode: 'authentication_required' }));
    expect((await outboxOf(ctx, { subscriptionId })).map((r) => r.key)).toEqual([
      `renewal-failed:${subscriptionId}:in_nolink`,
    ]);
  });

  it('when a subscription cycle payment is disputed, then the alert names the plan and the payment', async () => {
    const { owner, subscriptionId } = await activeSubscription('Plan Disputer');
    await apply(paid(subscriptionId, 'in_disputed', new Date()));
    const paymentId = await paymentOf(subscriptionId, 'in_disputed');
    const dispute: DisputeUpdated = {
      kind: 'DisputeUpdated',
      provider: 'stripe',
      occurredAt: new Date(),
      ref: { paymentId },
      providerDisputeId: 'dp_fixture',
      amount: PRICE,
      reason: 'subscription_canceled',
      status: 'needs_response',
      fundsWithdrawn: true,
    };
    await apply(dispute);
    await apply({ ...dispute, occurredAt: new Date(Date.now() + 1000), status: 'under_review' });
    const rows = await ctx.db.dataSource.query(`SELECT id FROM disputes WHERE payment_id = $1`, [paymentId]);
    expect(rows).toHaveLength(1);
    expect((await outboxOf(ctx, { disputeId: rows[0].id })).map((r) => r.key)).toEqual([
      `dispute-opened:${rows[0].id}`,
    ]);
    expect(await loadEmail(ctx, `dispute-opened:${rows[0].id}`)).toMatchObject({
      status: 'ready',
      facts: {
        buyerName: 'Plan Disputer',
        buyerEmail: owner.email,
        itemTitle: plan.name,
        amount: PRICE,
        providerDisputeId: 'dp_fixture',
        reason: 'subscription_canceled',
        status: 'under_review',
        paymentUrl: `${APP}/admin/payments/${paymentId}`,
      },
    });
  });

  it('when a subscription set to end was canceled before its reminder went, then the reminder is obsolete', async () => {
    const { subscriptionId } = await activeSubscription('Gone Student', 2);
    await ctx.db.dataSource.query(`UPDATE subscriptions SET cancel_at_period_end = true WHERE id = $1`, [
      subscriptionId,
    ]);
    const scheduled = new ScheduledEmailService(store, createLogger('silent'));
    expect(await scheduled.enqueueEndingSoon()).toBeGreaterThanOrEqual(1);
    const [row] = (await outboxOf(ctx, { subscriptionId })).filter((r) => r.kind === 'subscription_ending_soon');
    expect(await loadEmail(ctx, row.key)).toMatchObject({ status: 'ready' });
    await store.repos.subscriptions.applyFacts(subscriptionId, { status: 'canceled', lastEventAt: new Date() });
    expect(await loadEmail(ctx, row.key)).toEqual({
      status: 'obsolete',
      reason: 'the subscription is canceled already',
    });
  });
});
