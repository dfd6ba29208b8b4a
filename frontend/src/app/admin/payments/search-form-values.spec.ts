import { isoExponent } from '../../core/money/money';
import { SearchFormValues, filtersOf, formValuesOf } from './search-form-values';

const EMPTY: SearchFormValues = {
  q: '',
  status: '',
  label: '',
  provider: '',
  currency: '',
  from: '',
  to: '',
  minAmount: '',
  maxAmount: '',
  reference: '',
  sort: '',
};

describe('search form values', () => {
  it('when the form is empty, then the search has no filters', () => {
    expect(filtersOf(EMPTY, isoExponent)).toEqual({ ok: true, filters: {} });
  });

  it("when amounts are typed, then they become minor units of the chosen currency's decimals", () => {
    const values = { ...EMPTY, currency: 'KWD', minAmount: '1.5', maxAmount: '2' };
    expect(filtersOf(values, isoExponent)).toEqual({
      ok: true,
      filters: { currency: 'KWD', minAmount: 1500, maxAmount: 2000 },
    });
    expect(filtersOf({ ...EMPTY, currency: 'JPY', minAmount: '0' }, isoExponent)).toEqual({
      ok: true,
      filters: { currency: 'JPY', minAmount: 0 },
    });
  });

  it('when the end date is before the start date, then the end date is the field to fix', () => {
    expect(filtersOf({ ...EMPTY, from: '2026-03-10', to: '2026-03-01' }, isoExponent)).toEqual({
      ok: false,
      errors: { to: 'The end date is before the start date.' },
    });
  });

  it('when an amount is negative, then that field says so', () => {
    expect(filtersOf({ ...EMPTY, currency: 'EUR', maxAmount: '-3' }, isoExponent)).toEqual({
      ok: false,
      errors: { maxAmount: 'Enter the amount without a minus sign.' },
    });
  });

  it('when a search is shown, then amounts are in major units and a date-time shows as its day', () => {
    expect(
      formValuesOf(
        { currency: 'JPY', minAmount: 1500, from: '2026-03-01T10:00:00Z', sort: 'created_asc', status: 'failed' },
        isoExponent,
      ),
    ).toEqual({
      ...EMPTY,
      currency: 'JPY',
      minAmount: '1500',
      from: '2026-03-01',
      sort: 'created_asc',
      status: 'failed',
    });
    expect(formValuesOf({ currency: 'EUR', maxAmount: 1250 }, isoExponent).maxAmount).toBe('12.50');
  });
});
