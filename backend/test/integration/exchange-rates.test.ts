import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { createLogger } from '../../src/logger';
import { RatesRefreshService } from '../../src/services/rates/rates-refresh.service';
import { api, createTestContext, eventually, type TestContext } from '../support/test-app';

const ECB_FILE = readFileSync(path.join(__dirname, '../fixtures/ecb/eurofxref-daily-2026-11-30.xml'), 'utf8');
const DAY_MS = 24 * 3600 * 1000;

async function rateRows(ctx: TestContext, where = 'TRUE'): Promise<{ pair: string; rate: string; source: string }[]> {
  return ctx.db.dataSource.query(
    `SELECT base_currency || '>' || quote_currency AS pair, rate::text AS rate, source FROM exchange_rates
      WHERE ${where} ORDER BY 1`,
  );
}

describe('admin exchange rates', () => {
  let ctx: TestContext;
  let admin: { token: string };
  let student: { token: string };
  let postgres: string;

  beforeAll(async () => {
    ctx = await createTestContext();
    admin = await ctx.createUser('admin');
    student = await ctx.createUser();
    const [row] = await ctx.db.dataSource.query(`SELECT id FROM courses WHERE slug = 'postgresql-for-developers'`);
    postgres = row.id;
  });
  afterAll(() => ctx.close());

  const price = async (currency: string) =>
    (await api(ctx.app).get(`/api/courses/${postgres}?currency=${currency}`)).body.price.amount as number;

  it('when someone other than an admin calls the endpoints, then 401 or 403 and nothing changes', async () => {
    expect((await api(ctx.app).get('/api/admin/exchange-rates')).status).toBe(401);
    const asStudent = await api(ctx.app)
      .put('/api/admin/exchange-rates')
      .auth(student.token, { type: 'bearer' })
      .send([{ base: 'USD', quote: 'EUR', rate: '2' }]);
    expect(asStudent.status).toBe(403);
    const importing = await api(ctx.app)
      .post('/api/admin/exchange-rates/import')
      .auth(student.token, { type: 'bearer' })
      .set('Content-Type', 'application/xml')
      .send(ECB_FILE);
    expect(importing.status).toBe(403);
    expect(await rateRows(ctx, `source <> 'demo'`)).toEqual([]);
  });

  it.each([
    ['a negative rate', [{ base: 'USD', quote: 'EUR', rate: '-0.9' }], '0', /plain decimal/],
    ['a zero rate', [{ base: 'USD', quote: 'EUR', rate: '0.000' }], '0', /positive/],
    ['13 digits before the point', [{ base: 'USD', quote: 'EUR', rate: '1234567890123' }], '0', /12 digits before/],
    ['13 digits after the point', [{ base: 'USD', quote: 'EUR', rate: '0.1234567890123' }], '0', /12 digits after/],
    ['a JSON number', [{ base: 'USD', quote: 'EUR', rate: 0.9 }], '0.rate', /decimal string/],
    ['an unknown field', [{ base: 'USD', quote: 'EUR', rate: '0.9', note: 'x' }], '0', /unknown field\(s\): note/],
    ['a lower-case code', [{ base: 'usd', quote: 'EUR', rate: '0.9' }], '0.base', /upper case/],
    ['an unknown code', [{ base: 'USD', quote: 'XYZ', rate: '0.9' }], '0', /quote 'XYZ'/],
    ['the same currency twice', [{ base: 'USD', quote: 'USD', rate: '1' }], '0', /differ/],
    [
      'a malformed validFrom',
      [{ base: 'USD', quote: 'EUR', rate: '0.9', validFrom: 'tomorrow' }],
      '0.validFrom',
      /ISO 8601/,
    ],
    [
      'a duplicate pair',
      [
        { base: 'USD', quote: 'EUR', rate: '0.9', validFrom: '2026-11-01' },
        { base: 'USD', quote: 'EUR', rate: '0.8', validFrom: '2026-11-01' },
      ],
      '1',
      /twice/,
    ],
    ['an empty list', [], 'body', /at least one/],
    ['an object instead of a list', { base: 'USD', quote: 'EUR', rate: '0.9' }, 'body', /array/],
  ])('when PUT sends %s, then 400 names the field and nothing is stored', async (_what, body, field, message) => {
    const res = await api(ctx.app).put('/api/admin/exchange-rates').auth(admin.token, { type: 'bearer' }).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    const detail = res.body.error.details.find((d: { path: string }) => d.path === field);
    expect(detail?.message).toMatch(message);
    expect(await rateRows(ctx, `source <> 'demo'`)).toEqual([]);
  });

  it('when PUT stores rates, then GET lists them with source and date; the same again is unchanged, a new value corrects it', async () => {
    const send = (rate: string) =>
      api(ctx.app)
        .put('/api/admin/exchange-rates')
        .auth(admin.token, { type: 'bearer' })
        .send([{ base: 'USD', quote: 'SEK', rate, validFrom: '2026-11-02T09:30:00+01:00' }]);
    const first = await send('10.50');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ inserted: 1, updated: 0, unchanged: 0, maxAgeDays: 7 });
    expect(first.body.items).toContainEqual({
      base: 'USD',
      quote: 'SEK',
      rate: '10.5',
      source: 'manual',
      validFrom: '2026-11-02T08:30:00.000Z',
      stale: expect.any(Boolean),
    });
    expect((await send('10.5')).body).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
    expect((await send('10.6')).body).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });
    const list = await api(ctx.app).get('/api/admin/exchange-rates').auth(admin.token, { type: 'bearer' });
    expect(list.body.items.filter((r: { quote: string }) => r.quote === 'SEK')).toEqual([
      expect.objectContaining({ rate: '10.6', source: 'manual' }),
    ]);
    const [audit] = await ctx.db.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_logs WHERE action = 'exchange_rates.set'`,
    );
    expect(audit.n).toBe(3);
  });

  it('when a rate is stored for later, then GET lists it as upcoming and prices keep the current one', async () => {
    const before = await price('GBP'); // explicit GBP price: never converted
    const future = new Date(Date.now() + 5 * DAY_MS).toISOString();
    const res = await api(ctx.app)
      .put('/api/admin/exchange-rates')
      .auth(admin.token, { type: 'bearer' })
      .send([{ base: 'USD', quote: 'CHF', rate: '5', validFrom: future }]);
    expect(res.status).toBe(200);
    expect(res.body.upcoming).toEqual([expect.objectContaining({ quote: 'CHF', rate: '5', stale: false })]);
    expect(await price('CHF')).toBe(5216); // 59.00 USD * 0.8841 = 52.1619: the demo rate still
    expect(await price('GBP')).toBe(before);
  });

  it('when the import is not XML, then 415; when it is not an ECB file or is hostile XML, then 400 and nothing is stored', async () => {
    const asJson = await api(ctx.app)
      .post('/api/admin/exchange-rates/import')
      .auth(admin.token, { type: 'bearer' })
      .send({ USD: '1.1' });
    expect(asJson.status).toBe(415);
    expect(asJson.body.error.code).toBe('unsupported_media_type');
    for (const body of [
      '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
      ECB_FILE.replace("time='2026-11-30'", "time='2026-13-01'"),
      ECB_FILE.replace("rate='1.1564'", "rate='-1.1564'"),
      '<html><body>Service unavailable</body></html>',
    ]) {
      const res = await api(ctx.app)
        .post('/api/admin/exchange-rates/import')
        .auth(admin.token, { type: 'bearer' })
        .set('Content-Type', 'text/xml')
        .send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_rates_file');
    }
    expect(await rateRows(ctx, `source = 'ecb'`)).toEqual([]);
  });

  it('when the ECB daily file is imported, then the rates are stored with source ecb and the file date, cross rates derived, and converted prices change', async () => {
    expect(await price('JPY')).toBe(8931); // 59.00 USD * 151.37 (demo)
    expect(await price('CHF')).toBe(5216);
    const res = await api(ctx.app)
      .post('/api/admin/exchange-rates/import')
      .auth(admin.token, { type: 'bearer' })
      .set('Content-Type', 'application/xml')
      .send(ECB_FILE);
    expect(res.status).toBe(201);
    // 29 EUR -> X as published, then USD (the base of every course and the default) -> EUR and -> the 28 others
    expect(res.body).toEqual({
      source: 'ecb',
      date: '2026-11-30',
      validFrom: '2026-11-30T00:00:00.000Z',
      rates: 58,
      skipped: [],
      inserted: 58,
      updated: 0,
      unchanged: 0,
    });
    const rows = await rateRows(ctx, `source = 'ecb'`);
    expect(rows).toContainEqual({ pair: 'EUR>USD', rate: '1.156400000000', source: 'ecb' });
    // 1 / 1.1564 and 180.72 / 1.1564, rounded half up at the 12th decimal
    expect(rows).toContainEqual({ pair: 'USD>EUR', rate: '0.864752680733', source: 'ecb' });
    expect(rows).toContainEqual({ pair: 'USD>JPY', rate: '156.278104462124', source: 'ecb' });

    // 59.00 USD * 156.278104462124 = 9220.408... -> 9220 JPY; * (0.9318 / 1.1564) = 47.5408... -> 47.54 CHF
    expect(await price('JPY')).toBe(9220);
    expect(await price('CHF')).toBe(4754);
    const currencies = await api(ctx.app).get('/api/currencies');
    const jpy = currencies.body.items.find((c: { code: string }) => c.code === 'JPY');
    expect(jpy.rate).toMatchObject({
      base: 'USD',
      rate: '156.278104462124',
      source: 'ecb',
      validFrom: '2026-11-30T00:00:00.000Z',
    });

    const again = await api(ctx.app)
      .post('/api/admin/exchange-rates/import')
      .auth(admin.token, { type: 'bearer' })
      .set('Content-Type', 'text/xml; charset=utf-8')
      .send(ECB_FILE);
    expect(again.body).toMatchObject({ inserted: 0, updated: 0, unchanged: 58 });
  });

  it('when a rate in use is older than RATES_MAX_AGE_DAYS, then /api/currencies flags it stale, and a fresh one clears the flag', async () => {
    const put = (validFrom: Date) =>
      api(ctx.app)
        .put('/api/admin/exchange-rates')
        .auth(admin.token, { type: 'bearer' })
        .send([{ base: 'USD', quote: 'KWD', rate: '0.3071', validFrom: validFrom.toISOString() }]);
    const kwd = async () =>
      (await api(ctx.app).get('/api/currencies')).body.items.find((c: { code: string }) => c.code === 'KWD').rate;

    await put(new Date(Date.now() - 8 * DAY_MS));
    expect(await kwd()).toMatchObject({ rate: '0.3071', source: 'manual', stale: true });
    expect((await ctx.services.ratesRefresh.run()).stale).toContain('USD>KWD');

    await put(new Date(Date.now() - 6 * DAY_MS));
    expect(await kwd()).toMatchObject({ stale: false });
    expect((await ctx.services.ratesRefresh.run()).stale).not.toContain('USD>KWD');
  });
});

describe('scheduled rates import', () => {
  let server: Server;
  let url: string;
  let requests = 0;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      requests += 1;
      res.writeHead(200, { 'Content-Type': 'text/xml' });
      res.end(ECB_FILE);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/eurofxref-daily.xml`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('when RATES_SOURCE_URL is unset, then the daily job fetches nothing', async () => {
    const ctx = await createTestContext();
    try {
      const fetcher = jest.fn();
      const refresh = new RatesRefreshService(
        ctx.services.exchangeRates,
        ctx.services.currencies,
        ctx.config.rates.sourceUrl,
        createLogger('silent'),
        fetcher,
      );
      expect(refresh.fetches).toBe(false);
      const outcome = await refresh.run();
      expect(outcome.imported).toBeUndefined();
      expect(fetcher).not.toHaveBeenCalled();
      expect(await rateRows(ctx, `source = 'ecb'`)).toEqual([]);
    } finally {
      await ctx.close();
    }
  });

  it('when RATES_SOURCE_URL is set, then the pg-boss job fetches the ECB file from it and imports it', async () => {
    const ctx = await createTestContext({ jobs: true, env: { RATES_SOURCE_URL: url } });
    try {
      const before = requests;
      await ctx.jobQueue.send('exchange-rates-daily', {});
      const rows = await eventually(async () => {
        const found = await rateRows(ctx, `source = 'ecb'`);
        return found.length === 58 ? found : undefined;
      });
      expect(rows).toContainEqual({ pair: 'USD>JPY', rate: '156.278104462124', source: 'ecb' });
      expect(requests).toBe(before + 1);
      const [audit] = await ctx.db.dataSource.query(
        `SELECT actor, entity_id FROM audit_logs WHERE action = 'exchange_rates.import'`,
      );
      expect(audit).toEqual({ actor: 'system', entity_id: 'ecb:2026-11-30' });
    } finally {
      await ctx.close();
    }
  });
});
