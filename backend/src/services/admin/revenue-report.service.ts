import { convertRevenue, buildRevenue, type ConversionRateFact } from '../../domain/reports/revenue-figures';
import { revenueCsv } from '../../domain/reports/revenue-csv';
import { periodsOf, rangeOf, rangeProblems, type RevenueInterval } from '../../domain/reports/revenue-periods';
import { ValidationError } from '../../errors/app-error';
import type { DataStore } from '../../repositories/data-store';
import type { CurrencyService } from '../catalog/currency.service';
import type { ConvertedRevenue, CurrencyRevenue, RevenueReport } from './admin-views';

export interface RevenueQuery {
  /** `YYYY-MM-DD`, inclusive (UTC days). */
  from: string;
  to: string;
  interval: RevenueInterval;
}

/**
 * Revenue per currency and period (GET /api/admin/reports/revenue): the database sums each fact
 * at its own time, the domain lists every period and works out net, and with REPORT_CURRENCY set
 * the totals are converted with the rates in force now, the same conversion checkout prices use.
 */
export class RevenueReportService {
  constructor(
    private readonly store: DataStore,
    private readonly currencies: CurrencyService,
    private readonly reportCurrency: string | undefined,
  ) {}

  async revenue(query: RevenueQuery): Promise<RevenueReport> {
    const problems = rangeProblems(query.from, query.to, query.interval);
    if (problems.length) {
      throw new ValidationError(
        `Invalid report range: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`,
        problems,
      );
    }
    const sums = await this.store.repos.revenueReports.sums(rangeOf(query.from, query.to), query.interval);
    const currencies: CurrencyRevenue[] = buildRevenue(sums, periodsOf(query.from, query.to, query.interval));
    return {
      from: query.from,
      to: query.to,
      interval: query.interval,
      currencies,
      converted: this.reportCurrency ? await this.converted(currencies, this.reportCurrency) : null,
    };
  }

  /** The report as CSV, with the file name it is downloaded as. */
  async csv(query: RevenueQuery): Promise<{ filename: string; body: string }> {
    const report = await this.revenue(query);
    return {
      filename: `revenue-${query.from}-${query.to}-${query.interval}.csv`,
      body: revenueCsv(report.currencies, periodsOf(query.from, query.to, query.interval)),
    };
  }

  private async converted(currencies: CurrencyRevenue[], target: string): Promise<ConvertedRevenue> {
    const now = new Date();
    const rates = new Map<string, ConversionRateFact | undefined>();
    for (const { currency } of currencies) {
      if (currency !== target) rates.set(currency, await this.currencies.conversionRate(currency, target, now));
    }
    return convertRevenue(currencies, target, rates);
  }
}
