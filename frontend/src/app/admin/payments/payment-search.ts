/**
 * The payments search as the address holds it: the same parameter names and values as
 * GET /api/admin/payments (amounts in minor units), so a search is a link and Back goes back to
 * the previous one. Values a link cannot mean are dropped rather than sent.
 */
import { ParamMap, Params } from '@angular/router';
import { PAYMENT_LABELS, PROVIDER_LABELS, STATUS_LABELS } from '../../core/payments/payment-labels';
import { PaymentLabel, PaymentProvider, PaymentStatus } from '../../core/payments/payment-models';
import { PaymentSearch } from '../admin-models';

/** What the form can ask for: the API's query without the page (`limit`, `cursor`). */
export type PaymentFilters = Omit<PaymentSearch, 'limit' | 'cursor'>;

type Key = keyof PaymentFilters;

export const FILTER_KEYS: readonly Key[] = [
  'q',
  'status',
  'label',
  'provider',
  'currency',
  'from',
  'to',
  'minAmount',
  'maxAmount',
  'reference',
  'sort',
];

const DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/;
const MINOR_UNITS = /^\d{1,15}$/;

function oneOf<T extends string>(allowed: Record<T, unknown>, value: string): T | undefined {
  return Object.hasOwn(allowed, value) ? (value as T) : undefined;
}

/** Reads one parameter; undefined when it is absent or not something the API takes. */
function readParam(key: Key, raw: string): PaymentFilters[Key] {
  const value = raw.trim();
  if (!value) return undefined;
  switch (key) {
    case 'status':
      return oneOf<PaymentStatus>(STATUS_LABELS, value);
    case 'label':
      return oneOf<PaymentLabel>(PAYMENT_LABELS, value);
    case 'provider':
      return oneOf<PaymentProvider>(PROVIDER_LABELS, value);
    case 'currency':
      return /^[A-Za-z]{3}$/.test(value) ? value.toUpperCase() : undefined;
    case 'from':
    case 'to':
      return DATE.test(value) ? value : undefined;
    case 'minAmount':
    case 'maxAmount':
      return MINOR_UNITS.test(value) ? Number(value) : undefined;
    case 'sort':
      return value === 'created_asc' || value === 'created_desc' ? value : undefined;
    case 'q':
    case 'reference':
      return value;
  }
}

export function filtersFromParams(params: ParamMap): PaymentFilters {
  const filters: Record<string, unknown> = {};
  for (const key of FILTER_KEYS) {
    const raw = params.get(key);
    const value = raw === null ? undefined : readParam(key, raw);
    if (value !== undefined) filters[key] = value;
  }
  return filters as PaymentFilters;
}

/** The query params of a search (only what is set), for `router.navigate`. */
export function filtersToParams(filters: PaymentFilters): Params {
  const params: Params = {};
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value !== undefined && value !== '') params[key] = String(value);
  }
  return params;
}

/** Two searches ask for the same payments. */
export function sameFilters(a: PaymentFilters, b: PaymentFilters): boolean {
  return FILTER_KEYS.every((key) => a[key] === b[key]);
}

/** Something narrows the search (the default sort alone does not). */
export function hasFilters(filters: PaymentFilters): boolean {
  return FILTER_KEYS.some((key) => key !== 'sort' && filters[key] !== undefined);
}
