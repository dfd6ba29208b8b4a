import { RevenueReport } from '../admin-models';
import { revenueCharts, toMajorUnits } from './revenue-chart-data';
import { someRevenue as revenue } from './revenue-fixtures';

const REPORT: RevenueReport = {
  from: '2026-03-01',
  to: '2026-03-03',
  interval: 'day',
  currencies: [
    revenue('EUR', [
      ['2026-03-01', 4900, 4900, 1],
      ['2026-03-02', 0, 0, 0],
      ['2026-03-03', 9800, 8000, 2],
    ]),
    revenue('JPY', [
      ['2026-03-01', 1500, 1500, 1],
      ['2026-03-02', 0, 0, 0],
      ['2026-03-03', 0, -1500, 0],
    ]),
    revenue('KWD', [
      ['2026-03-01', 12345, 12345, 1],
      ['2026-03-02', 0, 0, 0],
      ['2026-03-03', 0, 0, 0],
    ]),
  ],
  converted: null,
};

describe('revenueCharts', () => {
  it('when a report has several currencies, then each gets its own chart, in the report order', () => {
    expect(revenueCharts(REPORT).map((c) => c.currency)).toEqual(['EUR', 'JPY', 'KWD']);
  });

  it('when periods are listed, then each is a tick and net and gross are plotted in major units with the currency decimals', () => {
    const [eur, jpy, kwd] = revenueCharts(REPORT);
    expect(eur.data.labels).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
    expect(eur.data.datasets.map((d) => [d.label, d.data])).toEqual([
      ['Net', [49, 0, 80]],
      ['Gross', [49, 0, 98]],
    ]);
    expect(jpy.exponent).toBe(0);
    expect(jpy.data.datasets[0].data).toEqual([1500, 0, -1500]);
    expect(kwd.exponent).toBe(3);
    expect(kwd.data.datasets[1].data).toEqual([12.345, 0, 0]);
  });

  it('when the server says how many decimals a currency has, then that is used', () => {
    const [eur] = revenueCharts({ ...REPORT, currencies: [REPORT.currencies[0]] }, () => 3);
    expect(eur.exponent).toBe(3);
    expect(eur.data.datasets[0].data).toEqual([4.9, 0, 8]);
  });

  it('when a chart is summed up for screen readers, then it names the currency, range, totals, count and best period', () => {
    const [eur, jpy] = revenueCharts(REPORT);
    expect(eur.summary).toBe(
      'Revenue in EUR by day from 2026-03-01 to 2026-03-03: net €129.00 of gross €147.00 from 3 payments; highest net €80.00 in 2026-03-03.',
    );
    expect(jpy.summary).toBe(
      'Revenue in JPY by day from 2026-03-01 to 2026-03-03: net ¥0 of gross ¥1,500 from 1 payment; highest net ¥1,500 in 2026-03-01.',
    );
  });

  it('when no period has a positive net, then the summary names no best period', () => {
    const [none] = revenueCharts({
      ...REPORT,
      interval: 'month',
      currencies: [revenue('USD', [['2026-03', 0, 0, 0]])],
    });
    expect(none.summary).toBe(
      'Revenue in USD by month from 2026-03-01 to 2026-03-03: net $0.00 of gross $0.00 from 0 payments.',
    );
  });
});

describe('toMajorUnits', () => {
  it('when converting, then the decimal point moves by the exponent without float drift', () => {
    expect(toMajorUnits(1999, 2)).toBe(19.99);
    expect(toMajorUnits(-5, 3)).toBe(-0.005);
    expect(toMajorUnits(1500, 0)).toBe(1500);
  });
});
