import { api, createSandboxTestContext, type SandboxTestContext } from '../support/test-app';
import { approvePayPal, payStripe, startCheckout, waitForStatus } from '../support/purchase';
import { paypalOrderAmount, stripeLineItem } from '../support/provider-readback';

const CURRENCIES = 'USD,EUR,GBP,JPY,CAD,AUD,CHF,KWD,HUF,TWD,MGA,UGX,ISK';

/**
 * Checkouts in the currencies whose provider rules differ from "ISO minor units", through the
 * real SDKs and the sandbox, reading back what the provider holds. Prices come from the seed:
 * typescript-fundamentals has an explicit JPY price (7500); postgresql-for-developers (59.00 USD)
 * is converted with the seeded USD rates.
 */
describe('checkouts in currencies with provider rules', () => {
  let ctx: SandboxTestContext;
  let typescript: string;
  let postgres: string;
  let testing: string;

  beforeAll(async () => {
    ctx = await createSandboxTestContext({ env: { SUPPORTED_CURRENCIES: CURRENCIES } });
    const rows: { id: string; slug: string }[] = await ctx.db.dataSource.query(`SELECT id, slug FROM courses`);
    const id = (slug: string) => rows.find((r) => r.slug === slug)!.id;
    typescript = id('typescript-fundamentals');
    postgres = id('postgresql-for-developers');
    testing = id('testing-node-services');
  });
  afterAll(() => ctx.close());

  async function paymentCount(userId: string): Promise<number> {
    const rows: { n: number }[] = await ctx.db.dataSource.query(
      `SELECT count(*)::int AS n FROM payments WHERE user_id = $1`,
      [userId],
    );
    return rows[0].n;
  }

  async function coursePrice(courseId: string, currency: string) {
    const res = await api(ctx.app).get(`/api/courses/${courseId}?currency=${currency}`);
    expect(res.status).toBe(200);
    return res.body.price as { amount: number; currency: string; providers: string[]; unavailable: { code: string }[] };
  }

  it.each([
    // currency, course, ISO minor units, Stripe unit_amount, why
    ['JPY', 'typescript', 7500, 7500, 'zero-decimal: whole yen'],
    ['KWD', 'typescript', 15050, 15050, '49.00 USD * 0.30712 = 15.04888 -> 15.050, thousandths ending in 0'],
    ['HUF', 'postgres', 2079600, 2079600, '59.00 USD * 352.47 = 20795.73 -> 20796 Ft, whole forints in hundredths'],
    ['TWD', 'postgres', 189900, 189900, '59.00 USD * 32.185 = 1898.915 -> NT$1899, whole dollars in hundredths'],
    ['MGA', 'postgres', 26739400, 267394, '59.00 USD * 4532.1 = 267393.9 -> 267394 Ar, sent as whole ariary'],
    ['UGX', 'postgres', 218212, 21821200, '59.00 USD * 3698.5 = 218211.5 -> 218212 USh, written with two decimals'],
    ['ISK', 'postgres', 8179, 817900, '59.00 USD * 138.62 = 8178.58 -> 8179 kr, written with two decimals'],
  ])(
    'when a student checks out in %s with Stripe, then Stripe holds the amount in its own unit (%s: %d -> %d)',
    async (currency, course, isoAmount, stripeAmount) => {
      const courseId = course === 'typescript' ? typescript : postgres;
      expect((await coursePrice(courseId, currency)).amount).toBe(isoAmount);
      const student = await ctx.createUser();
      const checkout = await startCheckout(ctx, student.token, courseId, 'stripe', currency);
      const held = await stripeLineItem(ctx, checkout.providerSessionId);
      expect(held).toEqual({ unitAmount: stripeAmount, currency: currency.toLowerCase(), amountTotal: stripeAmount });
    },
  );

  it.each([
    ['JPY', 'typescript', '7500'],
    ['HUF', 'postgres', '20796'],
    ['TWD', 'postgres', '1899'],
  ])(
    'when a student checks out in %s with PayPal, then the order holds whole units without decimals',
    async (currency, course, value) => {
      const courseId = course === 'typescript' ? typescript : postgres;
      const student = await ctx.createUser();
      const checkout = await startCheckout(ctx, student.token, courseId, 'paypal', currency);
      expect(await paypalOrderAmount(ctx, checkout.providerSessionId)).toEqual({ currency_code: currency, value });
    },
  );

  it('when MGA and UGX are paid on Stripe, then the webhook amounts read back to the expected ISO amounts and the sale completes', async () => {
    for (const currency of ['MGA', 'UGX']) {
      const student = await ctx.createUser();
      const checkout = await startCheckout(ctx, student.token, postgres, 'stripe', currency);
      await payStripe(ctx, checkout.providerSessionId);
      // A wire amount read back wrongly would differ from the expected amount: requires_review, not completed.
      const row = await waitForStatus(ctx, checkout.paymentId, 'completed');
      expect(row.currency).toBe(currency);
    }
  });

  it('when HUF is paid with PayPal, then the captured whole forints match the expected amount', async () => {
    const student = await ctx.createUser();
    const checkout = await startCheckout(ctx, student.token, postgres, 'paypal', 'HUF');
    await approvePayPal(ctx, checkout.providerSessionId);
    const captured = await api(ctx.app)
      .post(`/api/payments/paypal/capture/${checkout.providerSessionId}`)
      .auth(student.token, { type: 'bearer' });
    expect(captured.status).toBe(200);
    expect(captured.body).toMatchObject({ status: 'completed', amount: { amount: 2079600, currency: 'HUF' } });
  });

  it('when a student asks PayPal to take KWD, then 400 names the rule and no payment row is written', async () => {
    const price = await coursePrice(typescript, 'KWD');
    expect(price.providers).toEqual(['stripe']);
    const student = await ctx.createUser();
    const res = await api(ctx.app)
      .post(`/api/payments/checkout/${typescript}`)
      .auth(student.token, { type: 'bearer' })
      .send({ provider: 'paypal', currency: 'KWD' });
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      code: 'currency_not_supported_by_provider',
      message: 'PayPal does not accept payments in KWD',
      details: { provider: 'paypal', price: { amount: 15050, currency: 'KWD' }, providers: ['stripe'] },
      requestId: expect.any(String),
    });
    expect(await paymentCount(student.id)).toBe(0);
    for (const currency of ['MGA', 'UGX', 'ISK']) {
      const other = await api(ctx.app)
        .post(`/api/payments/checkout/${postgres}`)
        .auth(student.token, { type: 'bearer' })
        .send({ provider: 'paypal', currency });
      expect(other.body.error.code).toBe('currency_not_supported_by_provider');
    }
    expect(await paymentCount(student.id)).toBe(0);
  });

  it("when a conversion lands below Stripe's minimum, then Stripe is not offered and its checkout is refused, PayPal still is", async () => {
    // 29.00 USD * 0.01 = 0.29 CHF: under Stripe's CHF 0.50, a charge for PayPal
    await ctx.db.dataSource.query(
      `INSERT INTO exchange_rates (base_currency, quote_currency, rate, source, valid_from)
       VALUES ('USD', 'CHF', 0.01, 'manual', now() - interval '1 second')`,
    );
    const price = await coursePrice(testing, 'CHF');
    expect(price).toMatchObject({ amount: 29, currency: 'CHF', providers: ['paypal'] });
    expect(price.unavailable).toEqual([
      {
        provider: 'stripe',
        code: 'amount_below_provider_minimum',
        message: "0.29 CHF is below Stripe's minimum charge of 0.50 CHF",
      },
    ]);
    const student = await ctx.createUser();
    const refused = await api(ctx.app)
      .post(`/api/payments/checkout/${testing}`)
      .auth(student.token, { type: 'bearer' })
      .send({ provider: 'stripe', currency: 'CHF' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('amount_below_provider_minimum');
    expect(await paymentCount(student.id)).toBe(0);
    const paypal = await startCheckout(ctx, student.token, testing, 'paypal', 'CHF');
    expect(await paypalOrderAmount(ctx, paypal.providerSessionId)).toEqual({ currency_code: 'CHF', value: '0.29' });
  });

  it('when a near-zero rate converts a price to 0, then no provider is offered and every checkout is refused', async () => {
    await ctx.db.dataSource.query(
      `INSERT INTO exchange_rates (base_currency, quote_currency, rate, source, valid_from)
       VALUES ('USD', 'AUD', 0.0001, 'manual', now() - interval '1 second')`,
    );
    const price = await coursePrice(testing, 'AUD');
    expect(price).toMatchObject({ amount: 0, currency: 'AUD', providers: [] });
    expect(price.unavailable.map((u) => u.code)).toEqual([
      'amount_below_provider_minimum',
      'amount_below_provider_minimum',
    ]);
    const student = await ctx.createUser();
    for (const provider of ['stripe', 'paypal']) {
      const res = await api(ctx.app)
        .post(`/api/payments/checkout/${testing}`)
        .auth(student.token, { type: 'bearer' })
        .send({ provider, currency: 'AUD' });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('amount_below_provider_minimum');
    }
    expect(await paymentCount(student.id)).toBe(0);
  });

  it('when the rate changes between the page and the checkout, then an expectedAmount gets 409 price_changed with the new price, and the new amount goes through', async () => {
    const admin = await ctx.createUser('admin');
    const shown = await coursePrice(postgres, 'CAD'); // 59.00 USD * 1.3684 = 80.7356 -> 80.74
    expect(shown.amount).toBe(8074);
    const put = await api(ctx.app)
      .put('/api/admin/exchange-rates')
      .auth(admin.token, { type: 'bearer' })
      .send([{ base: 'USD', quote: 'CAD', rate: '1.4' }]);
    expect(put.status).toBe(200);

    const student = await ctx.createUser();
    const stale = await api(ctx.app)
      .post(`/api/payments/checkout/${postgres}`)
      .auth(student.token, { type: 'bearer' })
      .send({ provider: 'stripe', currency: 'CAD', expectedAmount: shown.amount });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('price_changed');
    expect(stale.body.error.message).toBe(
      'The price is now 82.60 CAD (you saw 80.74); confirm the new price to continue',
    );
    expect(stale.body.error.details).toEqual({
      expectedAmount: 8074,
      price: { amount: 8260, currency: 'CAD', providers: ['stripe', 'paypal'], unavailable: [] },
    });
    expect(await paymentCount(student.id)).toBe(0);

    const confirmed = await api(ctx.app)
      .post(`/api/payments/checkout/${postgres}`)
      .auth(student.token, { type: 'bearer' })
      .send({ provider: 'stripe', currency: 'CAD', expectedAmount: 8260 });
    expect(confirmed.status).toBe(201);
    expect((await stripeLineItem(ctx, confirmed.body.providerSessionId)).unitAmount).toBe(8260);

    const [row] = await ctx.db.dataSource.query(
      `SELECT amount, exchange_rate::text AS rate, exchange_rate_source AS source, exchange_rate_valid_from AS valid_from,
              base_amount, base_currency
         FROM payments WHERE id = $1`,
      [confirmed.body.paymentId],
    );
    expect(row).toMatchObject({
      amount: '8260',
      rate: '1.400000000000',
      source: 'manual',
      base_amount: '5900',
      base_currency: 'USD',
    });
    expect(row.valid_from).toBeInstanceOf(Date);

    const view = await api(ctx.app)
      .get(`/api/payments/${confirmed.body.paymentId}`)
      .auth(student.token, { type: 'bearer' });
    expect(view.body.conversion).toEqual({
      rate: '1.4',
      source: 'manual',
      validFrom: new Date(row.valid_from).toISOString(),
      from: { amount: 5900, currency: 'USD' },
    });
  });

  it('when no expectedAmount is sent, then the checkout charges the current price', async () => {
    const student = await ctx.createUser();
    const res = await api(ctx.app)
      .post(`/api/payments/checkout/${postgres}`)
      .auth(student.token, { type: 'bearer' })
      .send({ provider: 'paypal', currency: 'CAD' });
    expect(res.status).toBe(201);
    expect(await paypalOrderAmount(ctx, res.body.providerSessionId)).toEqual({ currency_code: 'CAD', value: '82.60' });
  });

  it('when expectedAmount is not a whole number of minor units, then 400 names the field', async () => {
    const student = await ctx.createUser();
    const res = await api(ctx.app)
      .post(`/api/payments/checkout/${postgres}`)
      .auth(student.token, { type: 'bearer' })
      .send({ provider: 'stripe', currency: 'CAD', expectedAmount: 82.6 });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      { path: 'expectedAmount', message: 'must be a whole number of minor units' },
    ]);
  });
});
