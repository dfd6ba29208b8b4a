import { emailFilters } from './email-filters';

describe('emailFilters', () => {
  it('when the query params are valid, then they are the filters (the search trimmed)', () => {
    expect(emailFilters({ status: 'failed', kind: 'renewal_failed', q: '  Ana+1@Example.com ' })).toEqual({
      status: 'failed',
      kind: 'renewal_failed',
      q: 'Ana+1@Example.com',
    });
  });

  it('when values are unknown, blank or longer than an address can be, then those filters are off', () => {
    expect(emailFilters({ status: 'delivered', kind: 'newsletter', q: '   ' })).toEqual({
      status: null,
      kind: null,
      q: null,
    });
    expect(emailFilters({ q: 'a'.repeat(321) }).q).toBeNull();
    expect(emailFilters({ q: 'a'.repeat(320) }).q).toHaveLength(320);
    expect(emailFilters({})).toEqual({ status: null, kind: null, q: null });
  });
});
