import { toDecimalString, type Money } from '../money';
import type { CurrencyRevenue } from './revenue-figures';

export const REVENUE_CSV_HEADER = ['period', 'currency', 'gross', 'refunds', 'disputes_lost', 'net', 'count'] as const;

/**
 * The report as CSV (RFC 4180: CRLF line ends, a field quoted when it holds a comma, a quote or
 * a line break, quotes doubled): one row per period and currency, ordered by period then
 * currency, amounts in major units with the currency's own decimals (JPY 1200, EUR 12.34,
 * KWD 1.234; a negative net as -12.34).
 */
export function revenueCsv(currencies: readonly CurrencyRevenue[], periods: readonly string[]): string {
  const sorted = [...currencies].sort((a, b) => a.currency.localeCompare(b.currency));
  const lines = [REVENUE_CSV_HEADER.map(csvField).join(',')];
  for (const [index, period] of periods.entries()) {
    for (const { currency, periods: figures } of sorted) {
      const f = figures[index];
      if (!f || f.period !== period) throw new RangeError(`${currency} has no figures for ${period}`);
      lines.push(
        [
          period,
          currency,
          decimal(f.gross),
          decimal(f.refunds),
          decimal(f.disputesLost),
          decimal(f.net),
          String(f.count),
        ]
          .map(csvField)
          .join(','),
      );
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** One CSV field, quoted only when it needs to be. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Major units with the currency's decimals, signed. */
function decimal(m: Money): string {
  return m.amount < 0 ? `-${toDecimalString({ amount: -m.amount, currency: m.currency })}` : toDecimalString(m);
}
