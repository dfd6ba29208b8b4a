import { api, createSandboxTestContext, eventually, type SandboxTestContext } from '../support/test-app';
import {
  loseWebhooks,
  payStripe,
  restoreWebhooks,
  sandboxControl,
  sandboxEvents,
  stripeSignature,
} from '../support/purchase';
import {
  advance,
  CARD_3DS_ALWAYS,
  completeCheckout,
  failNextPayment,
  planIds,
  subscribe,
  subscribed,
  waitForSubscription,
  type SubscriptionCheckoutBody,
} from '../support/subscriptions';

/** Deliveries out of order, in parallel, lost; 3-D Secure renewals, dunning, trials. */
describe('subscription events', () => {
  let ctx: SandboxTestContext;
  let plans: { monthly: string; yearly: string };

  beforeAll(async () => {
    ctx = await createSandboxTestContext();
    plans = await planIds(ctx);
  });
  afterAll(() => ctx.close());

  async function rowsOf(userId: string) {
    const subscriptions: { id: string; status: string; provider_subscription_id: string | null }[] =
      await ctx.db.dataSource.query(
        `SELECT id, status, provider_subscription_id FROM subscriptions WHERE user_id = $1`,
        [userId],
      );
    const payments: { id: string; status: string; provider_payment_id: string | null }[] =
      await ctx.db.dataSource.query(
        `SELECT id, status, provider_payment_id FROM payments WHERE user_id = $1 AND kind = 'subscription'`,
        [userId],
      );
    return { subscriptions, payments };
  }

  const postStripe = (payload: Record<string, unknown>) => {
    const body = JSON.stringify(payload, null, 2);
    return api(ctx.app)
      .post('/api/payments/webhook/stripe')
      .set('Content-Type', 'application/json')
      .set('Stripe-Signature', stripeSignature(body, ctx.sandbox.stripe.webhookSecret))
      .send(body);
  };

  it('Stripe: when every event of a subscription arrives newest first, ten times each in parallel, then one correct subscription and one payment result', async () => {
    const student = await ctx.createUser();
    const seen = (await sandboxEvents(ctx.sandbox.stripe.url)).length;
    loseWebhooks(ctx);
    let events: Awaited<ReturnType<typeof sandboxEvents>>;
    try {
      const res = await subscribe(ctx, student.token, plans.monthly, { provider: 'stripe' });
      const checkout = res.body as SubscriptionCheckoutBody;
      await payStripe(ctx, checkout.providerSessionId);
      events = (await sandboxEvents(ctx.sandbox.stripe.url)).slice(seen);
    } finally {
      restoreWebhooks(ctx);
    }
    const types = events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['customer.subscription.created', 'customer.subscription.updated']));
    expect(types).toContain('invoice.paid');
    for (const event of [...events].reverse()) {
      const answers = await Promise.all(Array.from({ length: 10 }, () => postStripe(event.payload)));
      expect(answers.every((a) => a.status === 200)).toBe(true);
    }
    const { subscriptions, payments } = await rowsOf(student.id);
    expect(subscriptions).toEqual([expect.objectContaining({ status: 'active' })]);
    expect(subscriptions[0].provider_subscription_id).toMatch(/^sub_/);
    expect(payments).toEqual([expect.objectContaining({ status: 'completed' })]);
    expect(payments[0].provider_payment_id).toMatch(/^pi_/);
  });

  it('PayPal: when the subscription events are resent newest first, ten times each at once, then one correct subscription and one payment result', async () => {
    const student = await ctx.createUser();
    const seen = (await sandboxEvents(ctx.sandbox.paypal.url)).length;
    loseWebhooks(ctx);
    let events: Awaited<ReturnType<typeof sandboxEvents>>;
    try {
      const res = await subscribe(ctx, student.token, plans.monthly, { provider: 'paypal' });
      await completeCheckout(ctx, res.body as SubscriptionCheckoutBody);
      events = (await sandboxEvents(ctx.sandbox.paypal.url)).slice(seen);
    } finally {
      restoreWebhooks(ctx);
    }
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'BILLING.SUBSCRIPTION.CREATED',
        'BILLING.SUBSCRIPTION.ACTIVATED',
        'PAYMENT.SALE.COMPLETED',
      ]),
    );
    const url = `${ctx.baseUrl}/api/payments/webhook/paypal`;
    for (const event of [...events].reverse()) {
      await Promise.all(
        Array.from({ length: 10 }, () =>
          sandboxControl(`${ctx.sandbox.paypal.url}/_sandbox/events/${event.id}/resend`, { url }),
        ),
      );
    }
    const settled = await eventually(async () => {
      const rows = await rowsOf(student.id);
      return rows.subscriptions[0]?.status === 'active' && rows.payments.length === 1 ? rows : undefined;
    });
    expect(settled.subscriptions).toHaveLength(1);
    expect(settled.subscriptions[0].provider_subscription_id).toMatch(/^I-/);
  });

  it.each(['stripe', 'paypal'] as const)(
    '%s: when the renewal webhooks are lost, then reconciliation near the period boundary records the renewal',
    async (provider) => {
      const sub = await subscribed(ctx, provider, plans.monthly);
      await waitForSubscription(ctx, sub.student.token, sub.subscriptionId, (s) => s.payments.length === 1);
      loseWebhooks(ctx);
      try {
        await advance(ctx, provider, sub.providerSubscriptionId);
        const [row] = await ctx.db.dataSource.query(`SELECT current_period_end FROM subscriptions WHERE id = $1`, [
          sub.subscriptionId,
        ]);
        // Reconciliation looks at subscriptions whose period ends within a day of "now".
        const report = await ctx.services.subscriptionReconciliation.run(new Date(row.current_period_end));
        expect(report.errors).toBe(0);
      } finally {
        restoreWebhooks(ctx);
      }
      const view = await waitForSubscription(ctx, sub.student.token, sub.subscriptionId, () => true);
      expect(new Date(view.currentPeriodEnd!).getTime()).toBeGreaterThan(Date.now() + 40 * 86_400_000);
      if (provider === 'stripe') expect(view.payments).toHaveLength(2);
    },
  );

  it('Stripe: when a renewal needs 3-D Secure (card 3184), then the plan is past_due with a link to confirm, and confirming makes it active', async () => {
    const sub = await subscribed(ctx, 'stripe', plans.monthly, { card: CARD_3DS_ALWAYS });
    await advance(ctx, 'stripe', sub.providerSubscriptionId);
    const pastDue = await waitForSubscription(
      ctx,
      sub.student.token,
      sub.subscriptionId,
      (s) => s.status === 'past_due' && s.paymentProblem?.code === 'authentication_required',
    );
    expect(pastDue.paymentProblem!.actionUrl).toMatch(/^https:\/\/invoice\.stripe\.com\//);
    const required = (await sandboxEvents(ctx.sandbox.stripe.url)).filter(
      (e) => e.type === 'invoice.payment_action_required',
    );
    const open = (required[required.length - 1]?.payload.data as { object: { id: string } } | undefined)?.object;
    expect(open?.id).toMatch(/^in_/);
    await sandboxControl(`${ctx.sandbox.stripe.url}/_sandbox/invoices/${open!.id}/authenticate`, {
      outcome: 'complete',
    });
    const active = await waitForSubscription(
      ctx,
      sub.student.token,
      sub.subscriptionId,
      (s) => s.status === 'active' && s.payments.length === 2,
    );
    expect(active.paymentProblem).toBeNull();
  });

  it.each([
    ['canceled', 'canceled'],
    ['unpaid', 'suspended'],
  ])(
    'Stripe: when every retry fails and the account ends dunning with %s, then the plan is %s',
    async (dunningEndState, status) => {
      await sandboxControl(`${ctx.sandbox.stripe.url}/_sandbox/billing/settings`, { dunningEndState, attempts: 2 });
      try {
        const sub = await subscribed(ctx, 'stripe', plans.monthly);
        await failNextPayment(ctx, 'stripe', sub.providerSubscriptionId);
        await advance(ctx, 'stripe', sub.providerSubscriptionId); // renewal fails: past_due
        await waitForSubscription(ctx, sub.student.token, sub.subscriptionId, (s) => s.status === 'past_due');
        await failNextPayment(ctx, 'stripe', sub.providerSubscriptionId);
        await advance(ctx, 'stripe', sub.providerSubscriptionId); // the last retry fails
        const ended = await waitForSubscription(ctx, sub.student.token, sub.subscriptionId, (s) => s.status === status);
        expect(ended.access).toBe('none');
      } finally {
        await sandboxControl(`${ctx.sandbox.stripe.url}/_sandbox/billing/settings`, {
          dunningEndState: 'canceled',
          attempts: 4,
        });
      }
    },
  );

  it.each(['stripe', 'paypal'] as const)(
    '%s: when a plan has a trial, then the subscription is trialing without a payment, and the first charge comes when it ends',
    async (provider) => {
      await ctx.db.dataSource.query(`UPDATE plans SET trial_days = 7 WHERE id = $1`, [plans.yearly]);
      try {
        const sub = await subscribed(ctx, provider, plans.yearly, { currency: 'EUR' });
        const trialing = await waitForSubscription(
          ctx,
          sub.student.token,
          sub.subscriptionId,
          (s) => s.status === 'trialing',
        );
        expect(trialing.payments).toEqual([]);
        expect(trialing.access).toBe('full');
        expect(new Date(trialing.trialEnd ?? trialing.currentPeriodEnd!).getTime()).toBeGreaterThan(
          Date.now() + 6 * 86_400_000,
        );
        await advance(ctx, provider, sub.providerSubscriptionId);
        const active = await waitForSubscription(
          ctx,
          sub.student.token,
          sub.subscriptionId,
          (s) => s.status === 'active' && s.payments.length === 1,
        );
        expect(active.payments[0].amount.currency).toBe('EUR');
      } finally {
        await ctx.db.dataSource.query(`UPDATE plans SET trial_days = 0 WHERE id = $1`, [plans.yearly]);
      }
    },
  );

  it('PayPal: when a cycle payment is denied, then the plan is past_due with the reason, and a later cycle that pays restores it', async () => {
    const sub = await subscribed(ctx, 'paypal', plans.monthly);
    await failNextPayment(ctx, 'paypal', sub.providerSubscriptionId, { as: 'denied' });
    await advance(ctx, 'paypal', sub.providerSubscriptionId);
    await waitForSubscription(ctx, sub.student.token, sub.subscriptionId, (s) => s.paymentProblem !== null);
    await advance(ctx, 'paypal', sub.providerSubscriptionId);
    const back = await waitForSubscription(
      ctx,
      sub.student.token,
      sub.subscriptionId,
      (s) => s.status === 'active' && s.payments.length === 2,
    );
    expect(back.paymentProblem).toBeNull();
  });
});
