import { api, createSandboxTestContext, eventually, type SandboxTestContext } from '../support/test-app';
import { courseIds, sandboxControl, startCheckout } from '../support/purchase';
import { STRIPE_BILLING_ADDRESS } from '../support/checkout-request';
import { paymentView } from '../support/post-sale';
import { planIds, subscribed } from '../support/subscriptions';
import {
  completeSetup,
  finishOnProviderPage,
  listMethods,
  makeDefault,
  methodRows,
  paypalCall,
  providerMethodId,
  removeMethod,
  resendEvent,
  sandboxEvents,
  savedMethod,
  setWebhookUrl,
  startSetup,
  stripeClient,
  waitForMethods,
  webhookUrl,
  type Provider,
} from '../support/payment-methods';

describe('saved payment methods', () => {
  let ctx: SandboxTestContext;
  let courses: string[];
  let plans: { monthly: string; yearly: string };

  beforeAll(async () => {
    ctx = await createSandboxTestContext();
    courses = await courseIds(ctx);
    plans = await planIds(ctx);
  });
  afterAll(() => ctx.close());

  /** Whether the provider still holds the method on a customer, read with the real SDKs. */
  async function providerHas(provider: Provider, id: string): Promise<boolean> {
    if (provider === 'stripe') return Boolean((await stripeClient(ctx).paymentMethods.retrieve(id)).customer);
    return (await paypalCall(ctx, 'GET', `/v3/vault/payment-tokens/${id}`)).statusCode === 200;
  }

  describe.each<Provider>(['stripe', 'paypal'])('%s', (provider) => {
    it('when a student adds a method on the provider page and comes back, then it is listed once, as the default', async () => {
      const student = await ctx.createUser();
      const method = await savedMethod(ctx, student, provider, { email: 'wallet@example.com' });
      if (provider === 'stripe') {
        expect(method).toMatchObject({ type: 'card', brand: 'visa', last4: '4242', label: 'Visa •••• 4242' });
        expect(method.expMonth).toBeGreaterThanOrEqual(1);
        expect(method.expYear).toBeGreaterThanOrEqual(2026);
      } else {
        expect(method).toMatchObject({
          type: 'paypal',
          email: 'wallet@example.com',
          label: 'PayPal (wallet@example.com)',
        });
      }
      expect(method).toMatchObject({ provider, isDefault: true, expired: false });
      // The provider's own event arrives too and meets the same row.
      const type = provider === 'stripe' ? 'payment_method.attached' : 'VAULT.PAYMENT-TOKEN.CREATED';
      await eventually(async () => ((await sandboxEvents(ctx, provider, type)).length > 0 ? true : undefined));
      expect(await listMethods(ctx, student.token)).toEqual([method]);
      expect(await methodRows(ctx, student.id)).toHaveLength(1);
    });

    it('when the return page completes a setup twice, then the same method answers and nothing is added', async () => {
      const student = await ctx.createUser();
      const setup = await startSetup(ctx, student.token, provider);
      expect(setup.status).toBe(201);
      expect(setup.body).toEqual({ setupId: expect.any(String), provider, setupUrl: expect.stringMatching(/^http/) });
      const early = await completeSetup(ctx, student.token, setup.body.setupId);
      expect(early.status).toBe(409);
      expect(early.body.error.code).toBe('setup_not_completed');
      await finishOnProviderPage(ctx, provider, setup.body.setupId);
      const first = await completeSetup(ctx, student.token, setup.body.setupId);
      const second = await completeSetup(ctx, student.token, setup.body.setupId);
      expect(first.status).toBe(200);
      expect(second.body.method.id).toBe(first.body.method.id);
      expect(await methodRows(ctx, student.id)).toHaveLength(1);
    });

    it('when the student makes another method the default and removes one, then the provider and our list agree', async () => {
      const student = await ctx.createUser();
      const first = await savedMethod(ctx, student, provider, { card: '4242424242424242', email: 'one@example.com' });
      const second = await savedMethod(ctx, student, provider, { card: '5555555555554444', email: 'two@example.com' });
      expect(second.isDefault).toBe(false);

      const made = await makeDefault(ctx, student.token, second.id);
      expect(made.status).toBe(200);
      expect(made.body).toMatchObject({ id: second.id, isDefault: true });
      const listed = await listMethods(ctx, student.token);
      expect(listed.map((m) => [m.id, m.isDefault])).toEqual([
        [second.id, true],
        [first.id, false],
      ]);
      if (provider === 'stripe') {
        const [customer] = await ctx.db.dataSource.query(
          `SELECT provider_customer_id FROM provider_customers WHERE user_id = $1 AND provider = 'stripe'`,
          [student.id],
        );
        const atStripe = await stripeClient(ctx).customers.retrieve(customer.provider_customer_id);
        expect(!atStripe.deleted && atStripe.invoice_settings.default_payment_method).toBe(
          await providerMethodId(ctx, second.id),
        );
      }

      const gone = await removeMethod(ctx, student.token, first.id);
      expect(gone.status).toBe(204);
      expect((await listMethods(ctx, student.token)).map((m) => m.id)).toEqual([second.id]);
      expect(await providerHas(provider, await providerMethodId(ctx, first.id))).toBe(false);
      expect((await removeMethod(ctx, student.token, first.id)).status).toBe(404);
      // The provider's detach event arrives later and changes nothing.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await listMethods(ctx, student.token)).map((m) => m.id)).toEqual([second.id]);
    });

    it('when the provider no longer has a method (removed in its dashboard), then a refresh removes it from our list', async () => {
      const student = await ctx.createUser();
      const kept = await savedMethod(ctx, student, provider, { email: 'kept@example.com' });
      const lost = await savedMethod(ctx, student, provider, { card: '5555555555554444', email: 'lost@example.com' });
      const lostId = await providerMethodId(ctx, lost.id);
      await setWebhookUrl(ctx, provider, null);
      try {
        if (provider === 'stripe') await stripeClient(ctx).paymentMethods.detach(lostId);
        else expect((await paypalCall(ctx, 'DELETE', `/v3/vault/payment-tokens/${lostId}`)).statusCode).toBe(204);
      } finally {
        await setWebhookUrl(ctx, provider, webhookUrl(ctx, provider));
      }
      expect((await listMethods(ctx, student.token)).map((m) => m.id)).toContain(lost.id);
      expect((await listMethods(ctx, student.token, true)).map((m) => m.id)).toEqual([kept.id]);
    });

    it('when another student names a method or a setup, then it is 404 and nothing changes', async () => {
      const owner = await ctx.createUser();
      const other = await ctx.createUser();
      const method = await savedMethod(ctx, owner, provider);
      const setup = await startSetup(ctx, owner.token, provider);
      expect((await makeDefault(ctx, other.token, method.id)).status).toBe(404);
      expect((await removeMethod(ctx, other.token, method.id)).status).toBe(404);
      expect((await completeSetup(ctx, other.token, setup.body.setupId)).status).toBe(404);
      expect(await listMethods(ctx, other.token)).toEqual([]);
      const checkout = await api(ctx.app)
        .post(`/api/payments/checkout/${courses[0]}`)
        .auth(other.token, { type: 'bearer' })
        .send({ provider, paymentMethodId: method.id });
      expect(checkout.status).toBe(404);
      expect(await listMethods(ctx, owner.token)).toEqual([method]);
    });

    it('when the provider repeats its method events and delivers them out of order, then the list stays right', async () => {
      const student = await ctx.createUser();
      const kept = await savedMethod(ctx, student, provider, { email: 'a@example.com' });
      const removed = await savedMethod(ctx, student, provider, { card: '5555555555554444', email: 'b@example.com' });
      expect((await removeMethod(ctx, student.token, removed.id)).status).toBe(204);
      const types =
        provider === 'stripe'
          ? ['payment_method.attached', 'setup_intent.succeeded', 'customer.updated', 'payment_method.detached']
          : ['VAULT.PAYMENT-TOKEN.CREATED', 'VAULT.PAYMENT-TOKEN.DELETED'];
      const events = (await Promise.all(types.map((t) => sandboxEvents(ctx, provider, t)))).flat();
      // Newest first, twice over, a few at a time: every attach arrives after the detach.
      const replay = [...events].reverse();
      for (const batch of [replay, replay]) {
        for (let i = 0; i < batch.length; i += 4) {
          await Promise.all(batch.slice(i, i + 4).map((e) => resendEvent(ctx, provider, e.id)));
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const listed = await listMethods(ctx, student.token);
      expect(listed.map((m) => [m.id, m.isDefault])).toEqual([[kept.id, true]]);
      expect(await methodRows(ctx, student.id)).toHaveLength(2);
    });
  });

  it('when a student pays a course with the vaulted PayPal wallet, then no approval page is needed and the course is theirs', async () => {
    const student = await ctx.createUser();
    const wallet = await savedMethod(ctx, student, 'paypal', { email: 'payer@example.com' });
    const res = await api(ctx.app)
      .post(`/api/payments/checkout/${courses[1]}`)
      .auth(student.token, { type: 'bearer' })
      .send({ provider: 'paypal', paymentMethodId: wallet.id });
    expect(res.status).toBe(201);
    expect(res.body.checkoutUrl).toBe(
      `${ctx.config.appBaseUrl}/checkout/return?paymentId=${res.body.paymentId}&provider=paypal`,
    );
    const view = await paymentView(ctx, student.token, res.body.paymentId);
    expect(view.body).toMatchObject({ status: 'completed', provider: 'paypal' });
    const enrolled = await api(ctx.app).get('/api/enrollments').auth(student.token, { type: 'bearer' });
    expect(JSON.stringify(enrolled.body)).toContain(courses[1]);
  });

  it('when a student with a saved card buys a course on Stripe, then the hosted page charges the saved card', async () => {
    const student = await ctx.createUser();
    const card = await savedMethod(ctx, student, 'stripe');
    const pm = await providerMethodId(ctx, card.id);
    const refused = await api(ctx.app)
      .post(`/api/payments/checkout/${courses[2]}`)
      .auth(student.token, { type: 'bearer' })
      .send({ provider: 'stripe', paymentMethodId: card.id });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('payment_method_not_applicable');

    const checkout = await startCheckout(ctx, student.token, courses[2], 'stripe');
    await sandboxControl(`${ctx.sandbox.stripe.url}/_sandbox/checkout/sessions/${checkout.providerSessionId}/pay`, {
      payment_method: pm,
      address: STRIPE_BILLING_ADDRESS,
    });
    const paid = await eventually(async () => {
      const v = await paymentView(ctx, student.token, checkout.paymentId);
      return v.body.status === 'completed' ? v.body : undefined;
    });
    expect(paid.status).toBe('completed');
    const session = await stripeClient(ctx).checkout.sessions.retrieve(checkout.providerSessionId, {
      expand: ['payment_intent'],
    });
    const intent = session.payment_intent as { payment_method: string | null } | null;
    expect(intent?.payment_method).toBe(pm);
  });

  it('when the only card pays an active Stripe subscription, then removing it is refused until another card is saved, which then pays the renewals', async () => {
    const sub = await subscribed(ctx, 'stripe', plans.monthly);
    const [subscriptionCard] = await waitForMethods(ctx, sub.student.token, (m) => m.length === 1);
    const refused = await removeMethod(ctx, sub.student.token, subscriptionCard.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'method_in_use',
      details: { subscriptionIds: [sub.subscriptionId] },
    });
    expect(await listMethods(ctx, sub.student.token)).toHaveLength(1);

    const student = { ...sub.student, email: '' };
    const replacement = await savedMethod(ctx, student, 'stripe', { card: '5555555555554444' });
    const made = await makeDefault(ctx, sub.student.token, replacement.id);
    expect(made.body.isDefault).toBe(true);
    const atStripe = await stripeClient(ctx).subscriptions.retrieve(sub.providerSubscriptionId);
    expect(atStripe.default_payment_method).toBe(await providerMethodId(ctx, replacement.id));
    expect((await removeMethod(ctx, sub.student.token, subscriptionCard.id)).status).toBe(204);
    expect((await listMethods(ctx, sub.student.token)).map((m) => m.id)).toEqual([replacement.id]);
  });

  it('when a PayPal subscription is live, then the vaulted wallet can still be removed (PayPal bills the account, not the vault)', async () => {
    const sub = await subscribed(ctx, 'paypal', plans.monthly);
    const wallet = await savedMethod(ctx, { ...sub.student, email: '' }, 'paypal');
    expect((await removeMethod(ctx, sub.student.token, wallet.id)).status).toBe(204);
  });

  it('when the input is bad, then a clear 4xx and nothing is written', async () => {
    const student = await ctx.createUser();
    const admin = await ctx.createUser('admin');
    const post = (token: string, body: unknown) =>
      api(ctx.app)
        .post('/api/payment-methods/setup')
        .auth(token, { type: 'bearer' })
        .send(body as object);
    expect((await post(student.token, { provider: 'bitcoin' })).status).toBe(400);
    expect((await post(student.token, { provider: 'stripe', extra: 1 })).status).toBe(400);
    expect((await post(student.token, {})).status).toBe(400);
    expect((await post(admin.token, { provider: 'stripe' })).status).toBe(403);
    expect((await api(ctx.app).get('/api/payment-methods')).status).toBe(401);
    expect((await makeDefault(ctx, student.token, 'not-an-id')).status).toBe(404);
    expect((await removeMethod(ctx, student.token, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const badCheckout = await api(ctx.app)
      .post(`/api/payments/checkout/${courses[0]}`)
      .auth(student.token, { type: 'bearer' })
      .send({ provider: 'paypal', paymentMethodId: 'pm_123' });
    expect(badCheckout.status).toBe(400);
    const [{ count }] = await ctx.db.dataSource.query(
      `SELECT count(*)::int AS count FROM payment_method_setups WHERE user_id = $1`,
      [student.id],
    );
    expect(count).toBe(0);
  });
});
