import { subscriptionFilters } from './subscription-filters';

describe('subscriptionFilters', () => {
  it('when the query params hold a known status, a provider and a search, then they are the filters (search trimmed)', () => {
    expect(subscriptionFilters({ status: 'past_due', provider: 'paypal', q: '  ana@ ' })).toEqual({
      status: 'past_due',
      provider: 'paypal',
      q: 'ana@',
    });
  });

  it('when values are unknown or blank, then those filters are off', () => {
    expect(subscriptionFilters({ status: 'paused', provider: 'adyen', q: '   ' })).toEqual({
      status: null,
      provider: null,
      q: null,
    });
  });
});
