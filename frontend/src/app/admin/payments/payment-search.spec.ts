import { convertToParamMap } from '@angular/router';
import { filtersFromParams, filtersToParams, hasFilters, sameFilters } from './payment-search';

describe('payment search in the address', () => {
  it('when every filter is in the query string, then each is read with its type', () => {
    const filters = filtersFromParams(
      convertToParamMap({
        q: ' ana@example.com ',
        status: 'completed',
        label: 'partially_refunded',
        provider: 'paypal',
        currency: 'eur',
        from: '2026-03-01',
        to: '2026-03-31',
        minAmount: '1250',
        maxAmount: '5000',
        reference: 'pi_123',
        sort: 'created_asc',
      }),
    );
    expect(filters).toEqual({
      q: 'ana@example.com',
      status: 'completed',
      label: 'partially_refunded',
      provider: 'paypal',
      currency: 'EUR',
      from: '2026-03-01',
      to: '2026-03-31',
      minAmount: 1250,
      maxAmount: 5000,
      reference: 'pi_123',
      sort: 'created_asc',
    });
  });

  it('when a link carries values the API cannot take, then they are dropped rather than sent', () => {
    const filters = filtersFromParams(
      convertToParamMap({
        status: 'lost',
        label: 'constructor',
        provider: 'adyen',
        currency: 'EURO',
        from: 'yesterday',
        minAmount: '12.50',
        maxAmount: '-1',
        sort: 'amount',
        q: '   ',
        cursor: 'abc',
      }),
    );
    expect(filters).toEqual({});
  });

  it('when a date-time is in the link, then it is kept as the API reads it', () => {
    expect(filtersFromParams(convertToParamMap({ from: '2026-03-01T10:00:00Z' }))).toEqual({
      from: '2026-03-01T10:00:00Z',
    });
  });

  it('when a search is written to the address, then only the set filters become params, as strings', () => {
    expect(filtersToParams({ status: 'failed', currency: 'JPY', minAmount: 0, maxAmount: 1500, q: '' })).toEqual({
      status: 'failed',
      currency: 'JPY',
      minAmount: '0',
      maxAmount: '1500',
    });
    expect(filtersToParams({})).toEqual({});
  });

  it('when a search goes to the address and back, then it is the same search', () => {
    const search = { q: 'Ana', provider: 'stripe', minAmount: 100, to: '2026-01-31' } as const;
    const roundTrip = filtersFromParams(convertToParamMap(filtersToParams(search)));
    expect(roundTrip).toEqual(search);
    expect(sameFilters(roundTrip, search)).toBe(true);
    expect(sameFilters(roundTrip, { ...search, minAmount: 101 })).toBe(false);
  });

  it('when only the sort is set, then nothing narrows the search', () => {
    expect(hasFilters({ sort: 'created_asc' })).toBe(false);
    expect(hasFilters({ reference: 'INV-2026-000001' })).toBe(true);
  });
});
