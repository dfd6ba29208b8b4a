import { buildRevenue, convertRevenue, type RevenueSums } from '../../../src/domain/reports/revenue-figures';

const sums = (
  period: string,
  currency: string,
  gross: number,
  refunds = 0,
  disputesLost = 0,
  count = 1,
): RevenueSums => ({
  period,
  currency,
  gross,
  refunds,
  disputesLost,
  count,
});

const periods = ['2026-12-01', '2026-12-02', '2026-12-03'];

describe('revenue figures', () => {
  it('when a currency has sales on some days only, then every day is listed and the others are zero', () => {
    const [eur] = buildRevenue([sums('2026-12-02', 'EUR', 4500, 1000, 0, 1)], periods);
    expect(eur!.periods.map((p) => [p.period, p.gross.amount, p.net.amount, p.count])).toEqual([
      ['2026-12-01', 0, 0, 0],
      ['2026-12-02', 4500, 3500, 1],
      ['2026-12-03', 0, 0, 0],
    ]);
    expect(eur!.periods[0]!.gross).toEqual({ amount: 0, currency: 'EUR' });
  });

  it('when refunds and lost disputes exceed the sales of a period, then its net is negative and the totals add up', () => {
    const [usd] = buildRevenue(
      [sums('2026-12-01', 'USD', 4900, 0, 0, 1), sums('2026-12-03', 'USD', 0, 2000, 4900, 0)],
      periods,
    );
    expect(usd!.periods[2]!.net).toEqual({ amount: -6900, currency: 'USD' });
    expect(usd!.totals).toEqual({
      gross: { amount: 4900, currency: 'USD' },
      refunds: { amount: 2000, currency: 'USD' },
      disputesLost: { amount: 4900, currency: 'USD' },
      net: { amount: -2000, currency: 'USD' },
      count: 1,
    });
  });

  it('when several currencies are present, then each stands alone, sorted by code', () => {
    const report = buildRevenue([sums('2026-12-01', 'USD', 100), sums('2026-12-01', 'EUR', 200)], periods);
    expect(report.map((c) => [c.currency, c.totals.gross.amount])).toEqual([
      ['EUR', 200],
      ['USD', 100],
    ]);
  });

  it('when nothing happened, then no currency is listed', () => {
    expect(buildRevenue([], periods)).toEqual([]);
  });

  it('when totals are converted, then each figure is converted once, half up, and net follows from them', () => {
    const currencies = buildRevenue(
      [
        sums('2026-12-01', 'EUR', 4500, 1000, 0, 1),
        sums('2026-12-01', 'USD', 4900, 0, 4900, 2),
        sums('2026-12-01', 'JPY', 7500, 0, 0, 1),
      ],
      periods,
    );
    const validFrom = new Date('2026-12-01T00:00:00Z');
    const converted = convertRevenue(
      currencies,
      'EUR',
      new Map([
        ['USD', { rate: '0.9215', source: 'demo', validFrom, inverted: false }],
        ['JPY', undefined],
      ]),
    );
    // USD 49.00 * 0.9215 = EUR 45.1535 -> 45.15; the lost dispute the same.
    expect(converted.totals).toEqual({
      gross: { amount: 4500 + 4515, currency: 'EUR' },
      refunds: { amount: 1000, currency: 'EUR' },
      disputesLost: { amount: 4515, currency: 'EUR' },
      net: { amount: 4500 + 4515 - 1000 - 4515, currency: 'EUR' },
      count: 3,
    });
    expect(converted.rates).toEqual([
      {
        from: 'USD',
        to: 'EUR',
        rate: '0.9215',
        source: 'demo',
        validFrom: '2026-12-01T00:00:00.000Z',
        inverted: false,
      },
    ]);
    expect(converted.missing).toEqual(['JPY']);
  });

  it('when a zero-decimal currency is converted to a two-decimal one, then the exponents are respected', () => {
    const currencies = buildRevenue([sums('2026-12-01', 'JPY', 7500)], periods);
    const converted = convertRevenue(
      currencies,
      'USD',
      new Map([['JPY', { rate: '0.006606', source: 'ecb', validFrom: new Date(), inverted: true }]]),
    );
    // ¥7500 * 0.006606 = $49.545 -> $49.55
    expect(converted.totals.gross).toEqual({ amount: 4955, currency: 'USD' });
    expect(converted.rates[0]!.inverted).toBe(true);
  });
});
