import { currencyExponent } from '../../src/domain/money';
import { DataStore } from '../../src/repositories/data-store';
import type { CurrencyRevenue, RevenueFigures, RevenueReport } from '../../src/services/admin/admin-views';
import { RevenueReportService } from '../../src/services/admin/revenue-report.service';
import { adminRefund, completedPurchase, waitForDispute, waitForRefunds, type Purchase } from '../support/post-sale';
import { courseIds, sandboxControl, startCheckout } from '../support/purchase';
import { api, createSandboxTestContext, type SandboxTestContext } from '../support/test-app';

const DAY_MS = 86_400_000;
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

interface Expected {
  gross: number;
  refunds: number;
  disputesLost: number;
  count: number;
}

/** What the report must say per currency, summed from the rows this test made. */
async function expectedFigures(ctx: SandboxTestContext, paymentIds: string[]): Promise<Map<string, Expected>> {
  const out = new Map<string, Expected>();
  const entry = (currency: string) => {
    const known = out.get(currency) ?? { gross: 0, refunds: 0, disputesLost: 0, count: 0 };
    out.set(currency, known);
    return known;
  };
  const payments: { amount: string; currency: string }[] = await ctx.db.dataSource.query(
    `SELECT amount, currency FROM payments WHERE id = ANY($1::uuid[]) AND status = 'completed'`,
    [paymentIds],
  );
  for (const p of payments) {
    entry(p.currency).gross += Number(p.amount);
    entry(p.currency).count += 1;
  }
  const refunds: { amount: string; currency: string }[] = await ctx.db.dataSource.query(
    `SELECT amount, currency FROM refunds WHERE payment_id = ANY($1::uuid[]) AND status = 'succeeded'`,
    [paymentIds],
  );
  for (const r of refunds) entry(r.currency).refunds += Number(r.amount);
  const disputes: { amount: string; currency: string }[] = await ctx.db.dataSource.query(
    `SELECT amount, currency FROM disputes WHERE payment_id = ANY($1::uuid[]) AND status = 'lost'`,
    [paymentIds],
  );
  for (const d of disputes) entry(d.currency).disputesLost += Number(d.amount);
  return out;
}

function figures(e: Expected, currency: string): RevenueFigures {
  return {
    gross: { amount: e.gross, currency },
    refunds: { amount: e.refunds, currency },
    disputesLost: { amount: e.disputesLost, currency },
    net: { amount: e.gross - e.refunds - e.disputesLost, currency },
    count: e.count,
  };
}

const zero = (currency: string) => figures({ gross: 0, refunds: 0, disputesLost: 0, count: 0 }, currency);

/** A CSV amount in major units back to minor units (the sign kept), checking it has the currency's decimals. */
function minorUnits(text: string, currency: string): number {
  const exponent = currencyExponent(currency);
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match || (match[3] ?? '').length !== exponent) throw new Error(`'${text}' is not a ${currency} amount`);
  const value = Number(`${match[2]}${match[3] ?? ''}`);
  return match[1] ? -value : value;
}

/** Half up, exactly, of amount * numerator / denominator. */
function convertExactly(amount: number, numerator: bigint, denominator: bigint): number {
  return Number((BigInt(amount) * numerator * 2n + denominator) / (2n * denominator));
}

describe('admin revenue report', () => {
  let ctx: SandboxTestContext;
  let admin: { id: string; token: string };
  const made: Purchase[] = [];
  let expected: Map<string, Expected>;
  const today = isoDay(Date.now());

  const revenue = (query: string, token = admin.token) =>
    api(ctx.app).get(`/api/admin/reports/revenue${query}`).auth(token, { type: 'bearer' });

  beforeAll(async () => {
    ctx = await createSandboxTestContext({ env: { REPORT_CURRENCY: 'EUR' } });
    admin = await ctx.createUser('admin');
    const [course] = await courseIds(ctx);
    for (const currency of ['EUR', 'USD', 'JPY']) {
      for (const provider of ['stripe', 'paypal'] as const) {
        made.push(await completedPurchase(ctx, provider, course!, { currency }));
      }
    }
    const [eurStripe, , usdStripe, usdPayPal] = made;
    // A partial refund (Stripe, EUR) and a full one (PayPal, USD).
    expect((await adminRefund(ctx, admin.token, eurStripe!.checkout.paymentId, { amount: 1000 })).status).toBe(201);
    expect((await adminRefund(ctx, admin.token, usdPayPal!.checkout.paymentId)).status).toBe(201);
    await waitForRefunds(ctx, eurStripe!.checkout.paymentId, (rows) => rows[0]?.status === 'succeeded');
    await waitForRefunds(ctx, usdPayPal!.checkout.paymentId, (rows) => rows[0]?.status === 'succeeded');
    // A chargeback lost (Stripe, USD).
    const dispute = (await sandboxControl(`${ctx.sandbox.stripe.url}/_sandbox/disputes`, {
      payment_intent: usdStripe!.providerPaymentId,
    })) as { id: string };
    await waitForDispute(ctx, usdStripe!.checkout.paymentId, 'needs_response');
    await sandboxControl(`${ctx.sandbox.stripe.url}/_sandbox/disputes/${dispute.id}/close`, { outcome: 'lost' });
    await waitForDispute(ctx, usdStripe!.checkout.paymentId, 'lost');
    // A checkout nobody paid counts for nothing.
    const idle = await ctx.createUser();
    await startCheckout(ctx, idle.token, course!, 'stripe', 'EUR');

    expected = await expectedFigures(
      ctx,
      made.map((p) => p.checkout.paymentId),
    );
  });
  afterAll(() => ctx.close());

  it('when the admin asks by day, then each currency has its gross, refunds, lost disputes, net and count on today, and zeros before', async () => {
    expect([...expected.keys()].sort()).toEqual(['EUR', 'JPY', 'USD']);
    expect(expected.get('EUR')!.refunds).toBeGreaterThan(0);
    expect(expected.get('USD')!.disputesLost).toBeGreaterThan(0);
    const from = isoDay(Date.now() - 2 * DAY_MS);
    const res = await revenue(`?from=${from}&to=${today}&interval=day`);
    expect(res.status).toBe(200);
    const body = res.body as RevenueReport;
    expect(body).toMatchObject({ from, to: today, interval: 'day' });
    expect(body.currencies.map((c) => c.currency)).toEqual(['EUR', 'JPY', 'USD']);
    for (const c of body.currencies) {
      const want = figures(expected.get(c.currency)!, c.currency);
      expect(c.totals).toEqual(want);
      expect(c.periods).toEqual([
        { period: from, ...zero(c.currency) },
        { period: isoDay(Date.now() - DAY_MS), ...zero(c.currency) },
        { period: today, ...want },
      ]);
    }
    // Yen are whole: two sales of the course at its yen price are twice that many yen.
    const course = await api(ctx.app).get(`/api/courses/${made[4]!.courseId}?currency=JPY`);
    const jpy = body.currencies.find((c) => c.currency === 'JPY')!;
    expect(jpy.totals.gross).toEqual({ amount: 2 * course.body.price.amount, currency: 'JPY' });
    expect(jpy.totals.count).toBe(2);
  });

  it('when the interval defaults, then it is by day; by month the current month holds it all and earlier months are zero', async () => {
    const byDefault = (await revenue(`?from=${today}&to=${today}`)).body as RevenueReport;
    expect(byDefault.interval).toBe('day');
    expect(byDefault.currencies.map((c) => c.periods.map((p) => p.period))).toEqual([[today], [today], [today]]);

    const now = new Date();
    const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
    const from = isoDay(lastMonth.getTime());
    const res = await revenue(`?from=${from}&to=${today}&interval=month`);
    expect(res.status).toBe(200);
    const body = res.body as RevenueReport;
    for (const c of body.currencies) {
      expect(c.periods).toEqual([
        { period: from.slice(0, 7), ...zero(c.currency) },
        { period: today.slice(0, 7), ...figures(expected.get(c.currency)!, c.currency) },
      ]);
    }
  });

  it('when nothing happened in the range, then no currency is listed and the converted totals are zero', async () => {
    const body = (await revenue('?from=2026-01-01&to=2026-01-31')).body as RevenueReport;
    expect(body.currencies).toEqual([]);
    expect(body.converted).toEqual({ currency: 'EUR', totals: zero('EUR'), rates: [], missing: [] });
  });

  it('when the CSV is asked for, then it downloads one row per period and currency with the same figures as the JSON', async () => {
    const from = isoDay(Date.now() - DAY_MS);
    const json = (await revenue(`?from=${from}&to=${today}`)).body as RevenueReport;
    const res = await revenue(`?from=${from}&to=${today}&format=csv`).buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="revenue-${from}-${today}-day.csv"`);
    const [header, ...lines] = res.text.split('\r\n');
    expect(header).toBe('period,currency,gross,refunds,disputes_lost,net,count');
    expect(lines.pop()).toBe('');
    const rows = lines.map((line) => line.split(','));
    expect(rows.map(([period, currency]) => `${period} ${currency}`)).toEqual(
      [from, today].flatMap((p) => ['EUR', 'JPY', 'USD'].map((c) => `${p} ${c}`)),
    );
    for (const [period, currency, gross, refunds, disputesLost, net, count] of rows) {
      const c = json.currencies.find((x: CurrencyRevenue) => x.currency === currency)!;
      const p = c.periods.find((x) => x.period === period)!;
      expect({
        gross: minorUnits(gross!, currency!),
        refunds: minorUnits(refunds!, currency!),
        disputesLost: minorUnits(disputesLost!, currency!),
        net: minorUnits(net!, currency!),
        count: Number(count),
      }).toEqual({
        gross: p.gross.amount,
        refunds: p.refunds.amount,
        disputesLost: p.disputesLost.amount,
        net: p.net.amount,
        count: p.count,
      });
    }
    const jpyToday = rows.find(([p, c]) => p === today && c === 'JPY')!;
    expect(jpyToday[2]).toBe(String(expected.get('JPY')!.gross));
    expect(rows.find(([p, c]) => p === today && c === 'EUR')![2]).toMatch(/^\d+\.\d{2}$/);
  });

  it('when REPORT_CURRENCY is EUR, then totals are converted with the rates in force, which are named; a currency without one is missing', async () => {
    const put = await api(ctx.app)
      .put('/api/admin/exchange-rates')
      .auth(admin.token, { type: 'bearer' })
      .send([{ base: 'USD', quote: 'EUR', rate: '0.9' }]);
    expect(put.status).toBe(200);
    const eur = expected.get('EUR')!;
    const usd = expected.get('USD')!;
    const usdInEur = (amount: number) => convertExactly(amount, 9n, 10n);

    const body = (await revenue(`?from=${today}&to=${today}`)).body as RevenueReport;
    const gross = eur.gross + usdInEur(usd.gross);
    const refunds = eur.refunds + usdInEur(usd.refunds);
    const disputesLost = eur.disputesLost + usdInEur(usd.disputesLost);
    expect(body.converted).toEqual({
      currency: 'EUR',
      totals: figures({ gross, refunds, disputesLost, count: eur.count + usd.count }, 'EUR'),
      rates: [
        { from: 'USD', to: 'EUR', rate: '0.9', source: 'manual', validFrom: expect.any(String), inverted: false },
      ],
      missing: ['JPY'],
    });
    expect(Date.parse(body.converted!.rates[0]!.validFrom)).toBeLessThanOrEqual(Date.now());

    // Only EUR -> JPY stored: JPY converts with its inverse (1/160 = 0.00625).
    await api(ctx.app)
      .put('/api/admin/exchange-rates')
      .auth(admin.token, { type: 'bearer' })
      .send([{ base: 'EUR', quote: 'JPY', rate: '160' }])
      .expect(200);
    const jpy = expected.get('JPY')!;
    const yenInEur = (amount: number) => convertExactly(amount, 625n, 1000n); // yen * 0.00625 * 100 cents
    const withYen = (await revenue(`?from=${today}&to=${today}`)).body as RevenueReport;
    expect(withYen.converted?.missing).toEqual([]);
    expect(withYen.converted?.rates).toEqual([
      { from: 'JPY', to: 'EUR', rate: '0.00625', source: 'manual', validFrom: expect.any(String), inverted: true },
      { from: 'USD', to: 'EUR', rate: '0.9', source: 'manual', validFrom: expect.any(String), inverted: false },
    ]);
    expect(withYen.converted?.totals.gross.amount).toBe(gross + yenInEur(jpy.gross));
    expect(withYen.converted?.totals.count).toBe(eur.count + usd.count + jpy.count);
  });

  it('when REPORT_CURRENCY is unset, then nothing is converted', async () => {
    const unconverted = new RevenueReportService(new DataStore(ctx.db.dataSource), ctx.services.currencies, undefined);
    const report = await unconverted.revenue({ from: today, to: today, interval: 'day' });
    expect(report.converted).toBeNull();
    expect(report.currencies.map((c) => c.currency)).toEqual(['EUR', 'JPY', 'USD']);
  });

  it('when the range or a parameter is invalid, then 400 names it', async () => {
    const cases: [string, string][] = [
      [`?to=${today}`, 'from'],
      [`?from=${today}`, 'to'],
      ['?from=2026-02-30&to=2026-03-01', 'from'],
      ['?from=2026-12-02&to=2026-12-01', 'to'],
      ['?from=2025-01-01&to=2026-01-02', 'to'],
      ['?from=2016-01-01&to=2026-01-01&interval=month', 'to'],
      ['?from=2026-12-01&to=2026-12-01&interval=week', 'interval'],
      ['?from=2026-12-01&to=2026-12-01&format=xml', 'format'],
      ['?from=2026-12-01T00:00:00Z&to=2026-12-01', 'from'],
    ];
    for (const [query, path] of cases) {
      const res = await revenue(query);
      expect([query, res.status, res.body.error.code]).toEqual([query, 400, 'validation_failed']);
      expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    }
    const unknown = await revenue(`?from=${today}&to=${today}&currency=EUR`);
    expect(unknown.status).toBe(400);
    // 366 days by day and 120 months by month are still fine.
    expect((await revenue('?from=2027-01-01&to=2028-01-01')).status).toBe(200);
    expect((await revenue('?from=2017-01-01&to=2026-12-31&interval=month')).status).toBe(200);
  });

  it('when a student or nobody asks, then 403 and 401', async () => {
    const student = await ctx.createUser();
    expect((await api(ctx.app).get(`/api/admin/reports/revenue?from=${today}&to=${today}`)).status).toBe(401);
    expect((await revenue(`?from=${today}&to=${today}`, student.token)).status).toBe(403);
    expect((await revenue(`?from=${today}&to=${today}&format=csv`, student.token)).status).toBe(403);
  });
});
