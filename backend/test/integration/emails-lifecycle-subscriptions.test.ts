import { createSandboxTestContext, eventually, type SandboxTestContext } from '../support/test-app';
import { sandboxControl, sandboxEvents } from '../support/purchase';
import {
  advance,
  cancelSubscription,
  CARD_3DS_ALWAYS,
  completeCheckout,
  failNextPayment,
  planIds,
  subscribe,
  subscribed,
  waitForSubscription,
  type Provider,
  type SubscriptionCheckoutBody,
} from '../support/subscriptions';
import {
  APP,
  loadEmail,
  outboxOf,
  redeliverStripe,
  replayStored,
  waitForOutbox,
  type OutboxRow,
} from './emails-lifecycle-support';

/** The subscription lifecycle's emails: which outbox row each event writes, once per cause. */
describe('subscription lifecycle emails', () => {
  let ctx: SandboxTestContext;
  let plans: { monthly: string; yearly: string };

  beforeAll(async () => {
    ctx = await createSandboxTestContext();
    plans = await planIds(ctx);
  });
  afterAll(() => ctx.close());

  const student = (name: string) => ctx.createUser('student', undefined, name);

  /** The subscription's (and price's) plan row, as the loaders read it. */
  async function planOf(subscriptionId: string) {
    const [row] = await ctx.db.dataSource.query(
      `SELECT p.name, p.interval, s.amount::int AS amount, trim(s.currency) AS currency
         FROM subscriptions s JOIN plans p ON p.id = s.plan_id WHERE s.id = $1`,
      [subscriptionId],
    );
    return row as { name: string; interval: 'month' | 'year'; amount: number; currency: string };
  }

  async function cyclePayments(subscriptionId: string): Promise<string[]> {
    const rows: { id: string }[] = await ctx.db.dataSource.query(
      `SELECT id FROM payments WHERE subscription_id = $1 ORDER BY completed_at, created_at`,
      [subscriptionId],
    );
    return rows.map((r) => r.id);
  }

  const baseOf = (provider: Provider) => (provider === 'stripe' ? ctx.sandbox.stripe.url : ctx.sandbox.paypal.url);

  /** The ids of the events the sandbox has produced so far. */
  const seenOf = async (provider: Provider) => new Set((await sandboxEvents(baseOf(provider))).map((e) => e.id));

  /**
   * The events the sandbox produced since `seen`, oldest first, once each is stored and processed
   * (nothing left that could still write a row).
   */
  async function settled(provider: Provider, seen: Set<string>) {
    const events = (await sandboxEvents(baseOf(provider))).filter((e) => !seen.has(e.id)).reverse();
    await eventually(async () => {
      const rows: { event_id: string; status: string }[] = await ctx.db.dataSource.query(
        `SELECT event_id, status FROM webhook_events WHERE provider = $1 AND event_id = ANY($2::text[])`,
        [provider, events.map((e) => e.id)],
      );
      return rows.length === events.length && rows.every((r) => r.status !== 'received') ? true : undefined;
    });
    return events;
  }

  const row = (subscriptionId: string, userId: string, fields: Partial<OutboxRow>): OutboxRow => ({
    key: '',
    kind: 'subscription_started',
    userId,
    paymentId: null,
    subscriptionId,
    disputeId: null,
    data: {},
    ...fields,
  });

  async function issuedInvoice(paymentId: string): Promise<{ id: string; number: string }> {
    return eventually(async () => {
      const [invoice] = await ctx.db.dataSource.query(
        `SELECT id, number FROM invoices WHERE payment_id = $1 AND kind = 'invoice' AND number IS NOT NULL`,
        [paymentId],
      );
      return invoice;
    });
  }

  it('Stripe: when a student subscribes and pays, and every event is delivered again (copies, a new event id, a replay), then one "started" row with the first payment, whose loader attaches its invoice', async () => {
    const owner = await student('Zoë Ωmega 山田');
    const seen = await seenOf('stripe');
    const sub = await subscribed(ctx, 'stripe', plans.monthly, { student: owner });
    await waitForSubscription(ctx, owner.token, sub.subscriptionId, (s) => s.payments.length === 1);
    const [paymentId] = await cyclePayments(sub.subscriptionId);
    const events = await settled('stripe', seen);
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['invoice.paid', 'customer.subscription.updated']),
    );

    await redeliverStripe(ctx, events);

    const started = row(sub.subscriptionId, owner.id, {
      key: `subscription-started:${sub.subscriptionId}`,
      kind: 'subscription_started',
      paymentId,
    });
    expect(await outboxOf(ctx, { subscriptionId: sub.subscriptionId })).toEqual([started]);

    const invoice = await issuedInvoice(paymentId);
    const plan = await planOf(sub.subscriptionId);
    const [{ current_period_end: periodEnd }] = await ctx.db.dataSource.query(
      `SELECT current_period_end FROM subscriptions WHERE id = $1`,
      [sub.subscriptionId],
    );
    expect(await loadEmail(ctx, started.key)).toEqual({
      status: 'ready',
      to: [owner.email],
      attachments: [{ documentId: invoice.id, filename: `${invoice.number}.pdf` }],
      facts: {
        kind: 'subscription_started',
        recipientName: 'Zoë Ωmega 山田',
        planName: plan.name,
        price: { amount: plan.amount, currency: plan.currency },
        interval: 'month',
        renewsAt: new Date(periodEnd),
        invoice: { number: invoice.number, filename: `${invoice.number}.pdf` },
        manageUrl: `${APP}/account/subscription`,
      },
    });
  });

  it.each<Provider>(['stripe', 'paypal'])(
    '%s: when a trial starts, its first charge comes and the next period renews, then "started" (no payment) and one "renewed" per paid cycle',
    async (provider) => {
      await ctx.db.dataSource.query(`UPDATE plans SET trial_days = 7 WHERE id = $1`, [plans.yearly]);
      try {
        const owner = await student('Trial Student');
        const sub = await subscribed(ctx, provider, plans.yearly, { currency: 'EUR', student: owner });
        await waitForSubscription(ctx, owner.token, sub.subscriptionId, (s) => s.status === 'trialing');
        const started = row(sub.subscriptionId, owner.id, { key: `subscription-started:${sub.subscriptionId}` });
        expect(await waitForOutbox(ctx, sub, (rows) => rows.length > 0)).toEqual([started]);

        const trial = await loadEmail(ctx, started.key);
        const [{ trial_end: trialEnd, current_period_end: periodEnd }] = await ctx.db.dataSource.query(
          `SELECT trial_end, current_period_end FROM subscriptions WHERE id = $1`,
          [sub.subscriptionId],
        );
        const trialEndsAt = new Date(trialEnd ?? periodEnd);
        expect(trial).toMatchObject({
          status: 'ready',
          to: [owner.email],
          attachments: [],
          facts: { kind: 'subscription_started', recipientName: 'Trial Student', interval: 'year', trialEndsAt },
        });
        expect(trial.status === 'ready' && trial.facts).not.toHaveProperty('invoice');

        await advance(ctx, provider, sub.providerSubscriptionId);
        await waitForSubscription(ctx, owner.token, sub.subscriptionId, (s) => s.payments.length === 1);
        await advance(ctx, provider, sub.providerSubscriptionId);
        await waitForSubscription(ctx, owner.token, sub.subscriptionId, (s) => s.payments.length === 2);
        const [first, second] = await cyclePayments(sub.subscriptionId);
        const renewed = (paymentId: string) =>
          row(sub.subscriptionId, owner.id, {
            key: `subscription-renewed:${paymentId}`,
            kind: 'subscription_renewed',
            paymentId,
          });
        expect(await waitForOutbox(ctx, sub, (rows) => rows.length >= 3)).toEqual([
          started,
          renewed(first),
          renewed(second),
        ]);

        const invoice = await issuedInvoice(second);
        const [{ current_period_end: paidUntil }] = await ctx.db.dataSource.query(
          `SELECT current_period_end FROM subscriptions WHERE id = $1`,
          [sub.subscriptionId],
        );
        const [{ amount, currency, completed_at: paidAt }] = await ctx.db.dataSource.query(
          `SELECT amount::int AS amount, trim(currency) AS currency, completed_at FROM payments WHERE id = $1`,
          [second],
        );
        expect(await loadEmail(ctx, renewed(second).key)).toEqual({
          status: 'ready',
          to: [owner.email],
          attachments: [{ documentId: invoice.id, filename: `${invoice.number}.pdf` }],
          facts: {
            kind: 'subscription_renewed',
            recipientName: 'Trial Student',
            planName: (await planOf(sub.subscriptionId)).name,
            amount: { amount, currency },
            paidAt: new Date(paidAt),
            paidUntil: new Date(paidUntil),
            invoice: { number: invoice.number, filename: `${invoice.number}.pdf` },
            manageUrl: `${APP}/account/subscription`,
          },
        });
      } finally {
        await ctx.db.dataSource.query(`UPDATE plans SET trial_days = 0 WHERE id = $1`, [plans.yearly]);
      }
    },
  );

  it('Stripe: when a renewal fails and the provider retry fails too, then one "renewal failed" row for that invoice; the paid retry renews, and a later failed cycle gets its own row', async () => {
    const owner = await student('Retry Student');
    const sub = await subscribed(ctx, 'stripe', plans.monthly, { student: owner });
    await waitForSubscription(ctx, owner.token, sub.subscriptionId, (s) => s.payments.length === 1);
    await failNextPayment(ctx, 'stripe', sub.providerSubscriptionId);
    await advance(ctx, 'stripe', sub.providerSubscriptionId);
    await waitForSubscription(ctx, owner.token, sub.subscriptionId, (s) => s.status === 'past_due');
    const seen = await seenOf('stripe');
    await failNextPayment(ctx, 'stripe', sub.providerSubscriptionId);
    await advance(ctx, 'stripe', sub.providerSubscriptionId); // the provider's retry fails too
    const retried = await settled('stripe', seen);
    expect(retried.map((e) => e.type)).toContain('invoice.payment_failed');
    const failures = await eventually(async () => {
      const [{ n }] = await ctx.db.dataSource.query(
        `SELECT count(*)::int AS n FROM audit_logs WHERE entity_id = $1 AND action = 'subscription.payment_failed'`,
        [sub.subscriptionId],
      );
      return n >= 2 ? n : undefined;
    });
    expect(failures).toBeGreaterThanOrEqual(2);
    await redeliverStripe(ctx, retried, 2);

    const rows = await outboxOf(ctx, sub);
    const failed = rows.filter((r) => r.kind === 'renewal_failed');
    expect(failed).toHaveLength(1);
    const invoiceId = (
      retried.find((e) => e.type === 'invoice.payment_failed')!.payload.data as { object: { id: string } }
    ).object.id;
    const plan = await planOf(sub.subscriptionId);
    expect(failed[0]).toEqual(
      row(sub.subscriptionId, owner.id, {
        key: `renewal-failed:${sub.subscriptionId}:${invoiceId}`,
        kind: 'renewal_failed',
        data: {
          failureCode: expect.any(String),
          failureReason: expect.any(String),
          amount: { amount: plan.amount, currency: plan.currency },
          nextAttemptAt: expect.any(String),
        },
      }),
    );

    const loaded = await loadEmail(ctx, failed[0].key);
    expect(loaded).toEqual({
      status: 'ready',
      to: [owner.email],
      attachments: [],
      facts: {
        kind: 'renewal_failed',
        recipientName: 'Retry Student',
        planName: plan.name,
        amount: { amount: plan.amount, currency: plan.currency },
        reason: failed[0].data.failureReason,
        nextAttemptAt: new Date(failed[0].data.nextAttemptAt as string),
        updatePaymentMethodUrl: `${APP}/account/payment-methods`,
        manageUrl: `${APP}/account/subscription`,
      },
    });

    await advance(ctx, 'stripe', sub.providerSubscriptionId); // the next retry pays
    await waitForSubscription(
      ctx,
      owner.token,
      sub.subscriptionId,
      (s) => s.status === 'active' && s.payments.length === 2,
    );
    await failNextPayment(ctx, 'stripe', sub.providerSubscriptionId);
    await advance(ctx, 'stripe', sub.providerSubscriptionId); // the following cycle fails
    const after = await waitForOutbox(ctx, sub, (all) => all.filter((r) => r.kind === 'renewal_failed').length === 2);
    const [, paid] = await cyclePayments(sub.subscriptionId);
    expect(after.map((r) => r.kind)).toEqual([
      'subscription_started',
      'renewal_failed',
      'subscription_renewed',
      'renewal_failed',
    ]);
    expect(after[2].key).toBe(`subscription-renewed:${paid}`);
    expect(after[3].key).not.toBe(after[1].key);
  });

  it('PayPal: when a cycle sale is denied and PayPal retries and is denied again, then one "renewal failed" row for the cycle', async () => {
    const owner = await student('PayPal Student');
    const seen = await seenOf('paypal');
    const sub = await subscribed(ctx, 'paypal', plans.monthly, { student: owner });
    await waitForSubscription(ctx, owner.token, sub.subscriptionId, (s) => s.payments.length === 1);
    await failNextPayment(ctx, 'paypal', sub.providerSubscriptionId, { as: 'denied' });
    await advance(ctx, 'paypal', sub.providerSubscriptionId);
    await waitForSubscription(ctx, owner.token, sub.subscriptionId, (s) => s.paymentProblem !== null);
    await failNextPayment(ctx, 'paypal', sub.providerSubscriptionId, { as: 'denied' });
    await advance(ctx, 'paypal', sub.providerSubscriptionId); // PayPal's retry of the outstanding balance
    const events = await settled('paypal', seen);
    expect(events.filter((e) => e.type === 'PAYMENT.SALE.DENIED')).toHaveLength(2);
    expect(events.filter((e) => e.type === 'BILLING.SUBSCRIPTION.PAYMENT.FAILED')).toHaveLength(2);
    // PayPal resends every failure once more.
    const url = `${ctx.baseUrl}/api/payments/webhook/paypal`;
    for (const event of events.filter((e) => e.type.includes('DENIED') || e.type.includes('FAILED'))) {
      await sandboxControl(`${ctx.sandbox.paypal.url}/_sandbox/events/${event.id}/resend`, { url });
      await replayStored(ctx, 'paypal', event.id);
    }

    const rows = await outboxOf(ctx, sub);
    expect(rows.map((r) => r.kind)).toEqual(['subscription_started', 'renewal_failed']);
    expect(rows[1]).toEqual(
      row(sub.subscriptionId, owner.id, {
        key: expect.stringMatching(new RegExp(`^renewal-failed:${sub.subscriptionId}:unpaid-since-`)),
        kind: 'renewal_failed',
        data: expect.objectContaining({ failureCode: expect.any(String), failureReason: expect.any(String) }),
      }),
    );
  });

  it('Stripe: when a renewal needs 3-D Secure, then one "action required" row with the provider\'s page, however often its events come, and no "change your card" email for that cycle', async () => {
    const owner = await student('Secure Student');
    const sub = await subscribed(ctx, 'stripe', plans.monthly, { card: CARD_3DS_ALWAYS, student: owner });
    await waitForSubscription(ctx, owner.token, sub.subscriptionId, (s) => s.payments.length === 1);
    const seen = await seenOf('stripe');
    await advance(ctx, 'stripe', sub.providerSubscriptionId);
    await waitForSubscription(
      ctx,
      owner.token,
      sub.subscriptionId,
      (s) => s.paymentProblem?.code === 'authentication_required',
    );
    const events = await settled('stripe', seen);
    const required = events.find((e) => e.type === 'invoice.payment_action_required')!;
    const invoice = (required.payload.data as { object: { id: string; hosted_invoice_url: string } }).object;
    await redeliverStripe(ctx, events, 2);

    const rows = await outboxOf(ctx, sub);
    const action = rows.filter((r) => r.kind === 'payment_action_required');
    const plan = await planOf(sub.subscriptionId);
    expect(action).toEqual([
      row(sub.subscriptionId, owner.id, {
        key: `action-required:${sub.subscriptionId}:${invoice.id}`,
        kind: 'payment_action_required',
        data: { actionUrl: invoice.hosted_invoice_url, amount: { amount: plan.amount, currency: plan.currency } },
      }),
    ]);
    expect(invoice.hosted_invoice_url).toMatch(/^https:\/\/invoice\.stripe\.com\//);
    // Stripe's invoice.payment_failed of the same attempt, if it came first, is not sent.
    for (const failed of rows.filter((r) => r.kind === 'renewal_failed')) {
      expect(failed.key).toBe(`renewal-failed:${sub.subscriptionId}:${invoice.id}`);
      expect(await loadEmail(ctx, failed.key)).toMatchObject({ status: 'obsolete' });
    }

    expect(await loadEmail(ctx, action[0].key)).toEqual({
      status: 'ready',
      to: [owner.email],
      attachments: [],
      facts: {
        kind: 'payment_action_required',
        recipientName: 'Secure Student',
        planName: plan.name,
        amount: { amount: plan.amount, currency: plan.currency },
        actionUrl: invoice.hosted_invoice_url,
        manageUrl: `${APP}/account/subscription`,
      },
    });
  });

  it('Stripe: when the student cancels now and the cancellation is delivered again, then one "canceled" row without a later access end', async () => {
    const owner = await student('Leaving Student');
    const sub = await subscribed(ctx, 'stripe', plans.monthly, { student: owner });
    await waitForSubscription(ctx, owner.token, sub.subscriptionId, (s) => s.payments.length === 1);
    const seen = await seenOf('stripe');
    expect((await cancelSubscription(ctx, owner.token, sub.subscriptionId, false)).status).toBe(200);
    const events = await settled('stripe', seen);
    await redeliverStripe(ctx, events, 2);

    const [{ canceled_at: canceledAt }] = await ctx.db.dataSource.query(
      `SELECT canceled_at FROM subscriptions WHERE id = $1`,
      [sub.subscriptionId],
    );
    const canceled = (await outboxOf(ctx, sub)).filter((r) => r.kind === 'subscription_canceled');
    expect(canceled).toEqual([
      row(sub.subscriptionId, owner.id, {
        key: `subscription-canceled:${sub.subscriptionId}`,
        kind: 'subscription_canceled',
        data: { canceledAt: new Date(canceledAt).toISOString() },
      }),
    ]);
    expect(await loadEmail(ctx, canceled[0].key)).toEqual({
      status: 'ready',
      to: [owner.email],
      attachments: [],
      facts: {
        kind: 'subscription_canceled',
        recipientName: 'Leaving Student',
        planName: (await planOf(sub.subscriptionId)).name,
        canceledAt: new Date(canceledAt),
        plansUrl: `${APP}/plans`,
      },
    });
  });

  it('PayPal: when the student cancels (PayPal ends billing at once), then one "canceled" row saying access lasts to the paid end', async () => {
    const owner = await student('PayPal Leaver');
    const sub = await subscribed(ctx, 'paypal', plans.monthly, { student: owner });
    await waitForSubscription(ctx, owner.token, sub.subscriptionId, (s) => s.payments.length === 1);
    expect((await cancelSubscription(ctx, owner.token, sub.subscriptionId, true)).status).toBe(200);
    const rows = await waitForOutbox(ctx, sub, (all) => all.some((r) => r.kind === 'subscription_canceled'));
    const [{ canceled_at: canceledAt, access_ends_at: accessEndsAt }] = await ctx.db.dataSource.query(
      `SELECT canceled_at, access_ends_at FROM subscriptions WHERE id = $1`,
      [sub.subscriptionId],
    );
    expect(new Date(accessEndsAt).getTime()).toBeGreaterThan(Date.now() + 20 * 86_400_000);
    expect(rows.filter((r) => r.kind === 'subscription_canceled')).toEqual([
      row(sub.subscriptionId, owner.id, {
        key: `subscription-canceled:${sub.subscriptionId}`,
        kind: 'subscription_canceled',
        data: { canceledAt: new Date(canceledAt).toISOString(), accessEndsAt: new Date(accessEndsAt).toISOString() },
      }),
    ]);
    const loaded = await loadEmail(ctx, rows[rows.length - 1].key);
    expect(loaded).toMatchObject({ status: 'ready', facts: { accessEndsAt: new Date(accessEndsAt) } });
  });

  it('when a student pays a second plan in another tab, then the duplicate (canceled and refunded) gets neither "started" nor "canceled", and the plan kept gets its "started"', async () => {
    const owner = await student('Two Tabs');
    const stripe = (await subscribe(ctx, owner.token, plans.monthly, { provider: 'stripe', currency: 'EUR' }))
      .body as SubscriptionCheckoutBody;
    const paypal = (await subscribe(ctx, owner.token, plans.monthly, { provider: 'paypal', currency: 'EUR' }))
      .body as SubscriptionCheckoutBody;
    await completeCheckout(ctx, stripe);
    await waitForSubscription(ctx, owner.token, stripe.subscriptionId, (s) => s.status === 'active');
    await completeCheckout(ctx, paypal);
    await waitForSubscription(
      ctx,
      owner.token,
      paypal.subscriptionId,
      (s) => s.status === 'canceled' && s.payments.length === 1,
    );
    await eventually(async () => {
      const [refund] = await ctx.db.dataSource.query(
        `SELECT r.status FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE p.subscription_id = $1`,
        [paypal.subscriptionId],
      );
      return refund?.status === 'succeeded' ? true : undefined;
    });

    expect(await outboxOf(ctx, { subscriptionId: paypal.subscriptionId })).toEqual([]);
    expect((await outboxOf(ctx, { subscriptionId: stripe.subscriptionId })).map((r) => r.key)).toEqual([
      `subscription-started:${stripe.subscriptionId}`,
    ]);
  });
});
