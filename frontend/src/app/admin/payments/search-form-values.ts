/**
 * The payments search form's text fields and the search they stand for: amounts are typed in the
 * currency's major units ("12.50") and searched in minor units (1250).
 */
import { minorToDecimalString } from '../../core/money/money';
import { PaymentLabel, PaymentProvider, PaymentStatus } from '../../core/payments/payment-models';
import { PaymentFilters } from './payment-search';
import { amountProblemMessage, parseMajorAmount } from './refund-amount';

export interface SearchFormValues {
  q: string;
  status: string;
  label: string;
  provider: string;
  currency: string;
  from: string;
  to: string;
  minAmount: string;
  maxAmount: string;
  reference: string;
  sort: string;
}

export type SearchFormErrors = Partial<Record<keyof SearchFormValues, string>>;

export type SearchFormResult = { ok: true; filters: PaymentFilters } | { ok: false; errors: SearchFormErrors };

export function formValuesOf(filters: PaymentFilters, exponentOf: (currency: string) => number): SearchFormValues {
  const exponent = filters.currency ? exponentOf(filters.currency) : 2;
  const major = (minor: number | undefined) => (minor === undefined ? '' : minorToDecimalString(minor, exponent));
  return {
    q: filters.q ?? '',
    status: filters.status ?? '',
    label: filters.label ?? '',
    provider: filters.provider ?? '',
    currency: filters.currency ?? '',
    // A date input shows a day; a date-time from a link shows as its day.
    from: filters.from?.slice(0, 10) ?? '',
    to: filters.to?.slice(0, 10) ?? '',
    minAmount: major(filters.minAmount),
    maxAmount: major(filters.maxAmount),
    reference: filters.reference ?? '',
    sort: filters.sort === 'created_asc' ? 'created_asc' : '',
  };
}

/** The search the form asks for, or what to fix in which field. */
export function filtersOf(values: SearchFormValues, exponentOf: (currency: string) => number): SearchFormResult {
  const errors: SearchFormErrors = {};
  const filters: PaymentFilters = {};
  const text = (value: string) => value.trim() || undefined;
  filters.q = text(values.q);
  // The selects offer only the API's values.
  filters.status = text(values.status) as PaymentStatus | undefined;
  filters.label = text(values.label) as PaymentLabel | undefined;
  filters.provider = text(values.provider) as PaymentProvider | undefined;
  filters.currency = text(values.currency)?.toUpperCase();
  filters.from = text(values.from);
  filters.to = text(values.to);
  filters.reference = text(values.reference);
  filters.sort = values.sort === 'created_asc' ? 'created_asc' : undefined;

  const { currency } = filters;
  for (const key of ['minAmount', 'maxAmount'] as const) {
    const typed = values[key].trim();
    if (!typed) continue;
    if (!currency) {
      errors.currency = 'Choose a currency to search by amount.';
      continue;
    }
    const exponent = exponentOf(currency);
    const parsed = parseMajorAmount(typed, exponent);
    if (parsed.ok) filters[key] = parsed.minor;
    else errors[key] = amountProblemMessage(parsed.problem, currency, exponent);
  }
  if (filters.minAmount !== undefined && filters.maxAmount !== undefined && filters.maxAmount < filters.minAmount) {
    errors.maxAmount = 'The maximum is below the minimum.';
  }
  if (filters.from && filters.to && filters.to < filters.from) {
    errors.to = 'The end date is before the start date.';
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const set = Object.entries(filters).filter(([, value]) => value !== undefined);
  return { ok: true, filters: Object.fromEntries(set) as PaymentFilters };
}
