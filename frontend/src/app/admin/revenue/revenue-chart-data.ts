import type { ChartData } from 'chart.js';
import { formatMoney, isoExponent, minorToDecimalString } from '../../core/money/money';
import { CurrencyRevenue, RevenueReport } from '../admin-models';

/** One currency's chart: periods on the x axis, net and gross in major units on the y axis. */
export interface RevenueChart {
  currency: string;
  /** The currency's decimals, for the axis and tooltips. */
  exponent: number;
  data: ChartData<'line', number[], string>;
  /** What a screen reader hears instead of the picture. */
  summary: string;
}

/** Minor units as the major-unit number a chart plots (display only: totals are formatted exactly). */
export function toMajorUnits(amount: number, exponent: number): number {
  return Number(minorToDecimalString(amount, exponent));
}

/**
 * The charts of a report, one per currency (amounts in different currencies share no axis), in
 * the report's order. Every period is a tick, since the report lists empty periods with zeros.
 */
export function revenueCharts(
  report: RevenueReport,
  exponentOf: (currency: string) => number = isoExponent,
): RevenueChart[] {
  return report.currencies.map((revenue) => {
    const exponent = exponentOf(revenue.currency);
    const major = (amount: number) => toMajorUnits(amount, exponent);
    return {
      currency: revenue.currency,
      exponent,
      data: {
        labels: revenue.periods.map((p) => p.period),
        datasets: [
          { label: 'Net', data: revenue.periods.map((p) => major(p.net.amount)) },
          { label: 'Gross', data: revenue.periods.map((p) => major(p.gross.amount)) },
        ],
      },
      summary: summarize(report, revenue, exponent),
    };
  });
}

function summarize(report: RevenueReport, revenue: CurrencyRevenue, exponent: number): string {
  const money = (amount: number) => formatMoney(amount, revenue.currency, exponent);
  const { totals, periods } = revenue;
  const by = report.interval === 'day' ? 'day' : 'month';
  const parts = [
    `Revenue in ${revenue.currency} by ${by} from ${report.from} to ${report.to}:`,
    `net ${money(totals.net.amount)} of gross ${money(totals.gross.amount)}`,
    `from ${totals.count} ${totals.count === 1 ? 'payment' : 'payments'}`,
  ];
  const best = periods.reduce<(typeof periods)[number] | null>(
    (top, p) => (p.net.amount > 0 && (!top || p.net.amount > top.net.amount) ? p : top),
    null,
  );
  const peak = best ? `; highest net ${money(best.net.amount)} in ${best.period}` : '';
  return `${parts.join(' ')}${peak}.`;
}
