import { disputeFilters } from './dispute-filters';

describe('disputeFilters', () => {
  it('when the query params name a known status and provider, then they are the filters', () => {
    expect(disputeFilters({ status: 'needs_response', provider: 'stripe' })).toEqual({
      status: 'needs_response',
      provider: 'stripe',
    });
  });

  it('when a value is unknown or missing, then that filter is off', () => {
    expect(disputeFilters({ status: 'bogus', provider: undefined })).toEqual({ status: null, provider: null });
  });
});
