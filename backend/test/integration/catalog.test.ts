import { api, createTestContext, type TestContext } from '../support/test-app';

const BOTH = { providers: ['stripe', 'paypal'], unavailable: [] };

describe('catalog API', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  it('when listing courses without a currency, then the seeded courses come in the default currency as minor units', async () => {
    const res = await api(ctx.app).get('/api/courses');
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThanOrEqual(6);
    const ts = res.body.items.find((c: { slug: string }) => c.slug === 'typescript-fundamentals');
    expect(ts.price).toEqual({ amount: 4900, currency: 'USD', ...BOTH });
  });

  it('when asking for EUR and JPY, then explicit prices win', async () => {
    const eur = await api(ctx.app).get('/api/courses?currency=EUR');
    const jpy = await api(ctx.app).get('/api/courses?currency=jpy');
    const find = (body: { items: { slug: string; price: unknown }[] }) =>
      body.items.find((c) => c.slug === 'typescript-fundamentals')!.price;
    expect(find(eur.body)).toEqual({ amount: 4500, currency: 'EUR', ...BOTH });
    expect(find(jpy.body)).toEqual({ amount: 7500, currency: 'JPY', ...BOTH });
  });

  it('when a course has no explicit price in the currency, then the base price is converted with the stored rate', async () => {
    const jpy = await api(ctx.app).get('/api/courses?currency=JPY');
    const pg = jpy.body.items.find((c: { slug: string }) => c.slug === 'postgresql-for-developers');
    // 59.00 USD * 151.37 = 8930.83 -> 8931 JPY
    expect(pg.price).toEqual({ amount: 8931, currency: 'JPY', ...BOTH });

    const kwd = await api(ctx.app).get('/api/courses?currency=KWD');
    const ts = kwd.body.items.find((c: { slug: string }) => c.slug === 'typescript-fundamentals');
    // 49.00 USD * 0.30712 = 15.04888 -> 15.050 KWD (tens of fils, Stripe's step); PayPal takes no KWD
    expect(ts.price).toEqual({
      amount: 15050,
      currency: 'KWD',
      providers: ['stripe'],
      unavailable: [
        {
          provider: 'paypal',
          code: 'currency_not_supported_by_provider',
          message: 'PayPal does not accept payments in KWD',
        },
      ],
    });
  });

  it('when a newer rate is stored, then conversion uses it and a future rate is ignored', async () => {
    await ctx.db.dataSource.query(
      `INSERT INTO exchange_rates (base_currency, quote_currency, rate, valid_from) VALUES
        ('USD', 'CAD', '1.5', now() - interval '1 minute'), ('USD', 'CAD', '9.9', now() + interval '1 day')`,
    );
    const res = await api(ctx.app).get('/api/courses?currency=CAD');
    const ts = res.body.items.find((c: { slug: string }) => c.slug === 'typescript-fundamentals');
    expect(ts.price).toEqual({ amount: 7350, currency: 'CAD', ...BOTH });
  });

  it('when the currency is unsupported or malformed, then 400', async () => {
    for (const currency of ['XAU', 'BTC', 'EURO', '12', 'SEK']) {
      const res = await api(ctx.app).get(`/api/courses?currency=${currency}`);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toMatch(/unsupported_currency|validation_failed/);
    }
  });

  it('when an unknown query parameter is sent, then 400 names it', async () => {
    const res = await api(ctx.app).get('/api/courses?currency=USD&sort=price');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/sort/);
  });

  it('when fetching one course, then it has its price; unknown, malformed and unpublished ids are 404', async () => {
    const list = await api(ctx.app).get('/api/courses?currency=GBP');
    const first = list.body.items[0];
    const one = await api(ctx.app).get(`/api/courses/${first.id}?currency=GBP`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(first);

    await ctx.db.dataSource.query(`UPDATE courses SET published = false WHERE id = $1`, [first.id]);
    for (const id of [first.id, '00000000-0000-4000-8000-000000000000', 'not-a-uuid', "1' OR '1'='1"]) {
      const res = await api(ctx.app).get(`/api/courses/${encodeURIComponent(id)}`);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    const after = await api(ctx.app).get('/api/courses');
    expect(after.body.items.map((c: { id: string }) => c.id)).not.toContain(first.id);
    await ctx.db.dataSource.query(`UPDATE courses SET published = true WHERE id = $1`, [first.id]);
  });

  it('when listing plans, then monthly and yearly come with prices', async () => {
    const res = await api(ctx.app).get('/api/plans?currency=EUR');
    expect(res.status).toBe(200);
    expect(res.body.items.map((p: { interval: string }) => p.interval).sort()).toEqual(['month', 'year']);
    for (const plan of res.body.items) expect(plan.price.currency).toBe('EUR');
    const yen = await api(ctx.app).get('/api/plans?currency=JPY');
    expect(yen.body.items[0].price).toEqual({ amount: 2876, currency: 'JPY', ...BOTH });
  });

  it('when listing currencies, then each has its exponent, providers, price step and the rate in use with source and date', async () => {
    const res = await api(ctx.app).get('/api/currencies');
    expect(res.status).toBe(200);
    expect(res.body.defaultCurrency).toBe('USD');
    expect(res.body.maxRateAgeDays).toBe(7);
    const item = (code: string) => res.body.items.find((c: { code: string }) => c.code === code);
    expect(item('USD')).toEqual({
      code: 'USD',
      exponent: 2,
      priceStep: 1,
      providers: ['stripe', 'paypal'],
      rate: null,
    });
    expect(item('JPY')).toMatchObject({ exponent: 0, priceStep: 1, providers: ['stripe', 'paypal'] });
    expect(item('KWD')).toMatchObject({ exponent: 3, priceStep: 10, providers: ['stripe'] });
    expect(item('EUR').rate).toEqual({
      base: 'USD',
      quote: 'EUR',
      rate: '0.9215',
      source: 'demo',
      validFrom: '2026-01-01T00:00:00.000Z',
      stale: expect.any(Boolean),
    });
    expect(res.body.rates).toEqual(
      expect.arrayContaining([expect.objectContaining({ base: 'USD', quote: 'EUR', rate: '0.9215', source: 'demo' })]),
    );
  });

  it("when an explicit price is off a provider's step (written around the seed), then that provider is not offered", async () => {
    const [course] = await ctx.db.dataSource.query(`SELECT id FROM courses WHERE slug = 'web-security-essentials'`);
    // 15.055 KWD: Stripe needs tens of fils
    await ctx.db.dataSource.query(`INSERT INTO course_prices (course_id, currency, amount) VALUES ($1, 'KWD', 15055)`, [
      course.id,
    ]);
    const res = await api(ctx.app).get(`/api/courses/${course.id}?currency=KWD`);
    expect(res.body.price).toEqual({
      amount: 15055,
      currency: 'KWD',
      providers: [],
      unavailable: [
        {
          provider: 'stripe',
          code: 'amount_not_on_provider_step',
          message: 'Stripe takes KWD only in steps of 0.010; 15.055 KWD is not one',
        },
        {
          provider: 'paypal',
          code: 'currency_not_supported_by_provider',
          message: 'PayPal does not accept payments in KWD',
        },
      ],
    });
  });
});

describe('catalog with one provider configured', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    // Stripe keys and no PayPal ones: the sandbox is off and PayPal is not configured (nothing calls Stripe here).
    ctx = await createTestContext({
      env: { STRIPE_SECRET_KEY: 'sk_test_catalog_only', STRIPE_WEBHOOK_SECRET: 'whsec_catalog_only' },
    });
  });
  afterAll(() => ctx.close());

  it('when PayPal is not configured, then prices offer Stripe only and say PayPal is not set up', async () => {
    const res = await api(ctx.app).get('/api/courses?currency=EUR');
    const ts = res.body.items.find((c: { slug: string }) => c.slug === 'typescript-fundamentals');
    expect(ts.price).toEqual({
      amount: 4500,
      currency: 'EUR',
      providers: ['stripe'],
      unavailable: [
        { provider: 'paypal', code: 'provider_not_configured', message: 'PayPal is not set up on this site' },
      ],
    });
    const currencies = await api(ctx.app).get('/api/currencies');
    expect(currencies.body.items.find((c: { code: string }) => c.code === 'EUR').providers).toEqual(['stripe']);
  });
});
