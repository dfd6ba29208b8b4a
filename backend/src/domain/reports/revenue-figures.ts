import { convertMoney, money, type Money } from '../money';

/**
 * Revenue per currency and period, from the sums the database grouped: gross (completed
 * payments by completion time), refunds (by the time they succeeded), lost chargebacks (by
 * closing time), net = gross - refunds - disputes lost (negative when a period gave back more
 * than it took), and the count of completed payments.
 */
export interface RevenueSums {
  /** `YYYY-MM-DD` or `YYYY-MM`, as periodsOf names it. */
  period: string;
  currency: string;
  /** Minor units. */
  gross: number;
  refunds: number;
  disputesLost: number;
  count: number;
}

export interface RevenueFigures {
  gross: Money;
  refunds: Money;
  disputesLost: Money;
  /** May be negative: Money's shape, not money()'s check. */
  net: Money;
  count: number;
}

export interface CurrencyRevenue {
  currency: string;
  totals: RevenueFigures;
  periods: (RevenueFigures & { period: string })[];
}

/** The rate one currency's totals were converted with, as the report names it. */
export interface RateApplied {
  from: string;
  to: string;
  rate: string;
  source: string;
  validFrom: string;
  /** Derived as the inverse of the stored to -> from rate. */
  inverted: boolean;
}

export interface ConvertedRevenue {
  currency: string;
  totals: RevenueFigures;
  rates: RateApplied[];
  missing: string[];
}

/** A rate for conversion (quote units per base unit), as CurrencyService hands it out. */
export interface ConversionRateFact {
  rate: string;
  source: string;
  validFrom: Date;
  inverted: boolean;
}

/**
 * Every currency that has anything in the range, each with every period listed (zeros where
 * nothing happened), sorted by currency code.
 */
export function buildRevenue(sums: readonly RevenueSums[], periods: readonly string[]): CurrencyRevenue[] {
  const byCurrency = new Map<string, Map<string, RevenueSums>>();
  for (const row of sums) {
    const periodsOfCurrency = byCurrency.get(row.currency) ?? new Map<string, RevenueSums>();
    const known = periodsOfCurrency.get(row.period);
    periodsOfCurrency.set(row.period, known ? add(known, row) : row);
    byCurrency.set(row.currency, periodsOfCurrency);
  }
  return [...byCurrency.keys()].sort().map((currency) => {
    const found = byCurrency.get(currency)!;
    const rows = periods.map((period) => found.get(period) ?? zeroSums(period, currency));
    return {
      currency,
      totals: figuresOf(rows.reduce((sum, row) => add(sum, row), zeroSums('', currency))),
      periods: rows.map((row) => ({ period: row.period, ...figuresOf(row) })),
    };
  });
}

/**
 * Every currency's totals in `target`: its own figures as they are, the others converted each
 * with its rate (exact arithmetic, rounded once half up to the target's minor unit, as prices
 * are), figure by figure, so the converted net is the converted gross less the converted refunds
 * and disputes. A currency without a rate is left out and listed in `missing`.
 */
export function convertRevenue(
  currencies: readonly CurrencyRevenue[],
  target: string,
  rates: ReadonlyMap<string, ConversionRateFact | undefined>,
): ConvertedRevenue {
  const total = zeroSums('', target);
  const applied: RateApplied[] = [];
  const missing: string[] = [];
  for (const { currency, totals } of currencies) {
    if (currency === target) {
      add(total, sumsOf(totals, target), total);
      continue;
    }
    const rate = rates.get(currency);
    if (!rate) {
      missing.push(currency);
      continue;
    }
    const convert = (m: Money) => convertMoney(m, target, rate.rate).amount;
    add(
      total,
      {
        period: '',
        currency: target,
        gross: convert(totals.gross),
        refunds: convert(totals.refunds),
        disputesLost: convert(totals.disputesLost),
        count: totals.count,
      },
      total,
    );
    applied.push({
      from: currency,
      to: target,
      rate: rate.rate,
      source: rate.source,
      validFrom: rate.validFrom.toISOString(),
      inverted: rate.inverted,
    });
  }
  return { currency: target, totals: figuresOf(total), rates: applied, missing };
}

function figuresOf(row: RevenueSums): RevenueFigures {
  return {
    gross: money(row.gross, row.currency),
    refunds: money(row.refunds, row.currency),
    disputesLost: money(row.disputesLost, row.currency),
    net: { amount: row.gross - row.refunds - row.disputesLost, currency: row.currency },
    count: row.count,
  };
}

function sumsOf(figures: RevenueFigures, currency: string): RevenueSums {
  return {
    period: '',
    currency,
    gross: figures.gross.amount,
    refunds: figures.refunds.amount,
    disputesLost: figures.disputesLost.amount,
    count: figures.count,
  };
}

function zeroSums(period: string, currency: string): RevenueSums {
  return { period, currency, gross: 0, refunds: 0, disputesLost: 0, count: 0 };
}

/** a + b, into `into` when given (a new row otherwise); sums beyond safe integers are refused. */
function add(a: RevenueSums, b: RevenueSums, into?: RevenueSums): RevenueSums {
  const out = into ?? { ...a };
  out.gross = safe(a.gross + b.gross);
  out.refunds = safe(a.refunds + b.refunds);
  out.disputesLost = safe(a.disputesLost + b.disputesLost);
  out.count = a.count + b.count;
  return out;
}

function safe(amount: number): number {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`Revenue sum ${amount} is beyond the safe integer range`);
  return amount;
}
