import { CurrencyRevenue, RevenueFigures, RevenueReport } from '../admin-models';

/** For specs: figures in one currency (refunds are what separates gross from net). */
export function someFigures(currency: string, gross: number, net: number, count: number): RevenueFigures {
  return {
    gross: { amount: gross, currency },
    refunds: { amount: gross - net, currency },
    disputesLost: { amount: 0, currency },
    net: { amount: net, currency },
    count,
  };
}

/** For specs: a currency's revenue from its periods as [period, gross, net, count]. */
export function someRevenue(currency: string, periods: [string, number, number, number][]): CurrencyRevenue {
  const sum = (i: 1 | 2 | 3) => periods.reduce((s, p) => s + p[i], 0);
  return {
    currency,
    totals: someFigures(currency, sum(1), sum(2), sum(3)),
    periods: periods.map(([period, gross, net, count]) => ({ period, ...someFigures(currency, gross, net, count) })),
  };
}

/** For specs: EUR and JPY over three days, nothing converted. */
export function aRevenueReport(overrides: Partial<RevenueReport> = {}): RevenueReport {
  return {
    from: '2026-03-01',
    to: '2026-03-03',
    interval: 'day',
    currencies: [
      someRevenue('EUR', [
        ['2026-03-01', 4900, 4900, 1],
        ['2026-03-02', 0, 0, 0],
        ['2026-03-03', 9800, 8000, 2],
      ]),
      someRevenue('JPY', [
        ['2026-03-01', 1500, 1500, 1],
        ['2026-03-02', 0, 0, 0],
        ['2026-03-03', 0, -1500, 0],
      ]),
    ],
    converted: null,
    ...overrides,
  };
}
