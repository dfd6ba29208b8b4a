import { dateRangeProblem, webhookFilters } from './webhook-filters';

describe('webhookFilters', () => {
  it('when the query params are valid, then they are the filters (type trimmed, a * prefix kept)', () => {
    expect(
      webhookFilters({
        provider: 'paypal',
        type: ' PAYMENT.CAPTURE.* ',
        status: 'unhandled',
        from: '2026-01-01',
        to: '2026-01-31',
        eventId: ' WH-1A2B ',
      }),
    ).toEqual({
      provider: 'paypal',
      type: 'PAYMENT.CAPTURE.*',
      status: 'unhandled',
      from: '2026-01-01',
      to: '2026-01-31',
      eventId: 'WH-1A2B',
    });
  });

  it('when values are unknown, blank or not ISO dates, then those filters are off', () => {
    expect(
      webhookFilters({
        provider: 'adyen',
        type: '  ',
        status: 'done',
        from: '1/2/2026',
        to: 'yesterday',
        eventId: 'evt 1',
      }),
    ).toEqual({
      provider: null,
      type: null,
      status: null,
      from: null,
      to: null,
      eventId: null,
    });
  });
});

describe('dateRangeProblem', () => {
  it('when "from" is after "to", then it says so; otherwise there is none', () => {
    expect(dateRangeProblem('2026-03-02', '2026-03-01')).toContain('on or before');
    expect(dateRangeProblem('2026-03-01', '2026-03-01')).toBeNull();
    expect(dateRangeProblem('2026-03-02', null)).toBeNull();
  });
});
