import { defaultRevenueQuery, revenueQuery, revenueRangeProblem } from './revenue-query';

describe('defaultRevenueQuery', () => {
  it('when asked late in a UTC day, then it is the 30 UTC days up to that day, by day', () => {
    expect(defaultRevenueQuery(new Date('2026-03-30T23:59:00Z'))).toEqual({
      from: '2026-03-01',
      to: '2026-03-30',
      interval: 'day',
    });
  });

  it('when the range crosses a year, then the dates still count whole UTC days', () => {
    expect(defaultRevenueQuery(new Date('2026-01-10T00:05:00Z'))).toEqual({
      from: '2025-12-12',
      to: '2026-01-10',
      interval: 'day',
    });
  });
});

describe('revenueQuery', () => {
  const now = new Date('2026-03-30T12:00:00Z');

  it('when the URL gives dates and an interval, then they are used', () => {
    expect(revenueQuery({ from: '2025-01-01', to: '2025-12-31', interval: 'month' }, now)).toEqual({
      from: '2025-01-01',
      to: '2025-12-31',
      interval: 'month',
    });
  });

  it('when a param is missing or malformed, then the default takes its place', () => {
    expect(revenueQuery({ from: '1 March', interval: 'week' }, now)).toEqual({
      from: '2026-03-01',
      to: '2026-03-30',
      interval: 'day',
    });
  });
});

describe('revenueRangeProblem', () => {
  it('when "from" is after "to" or a date is missing, then it says so', () => {
    expect(revenueRangeProblem('2026-03-02', '2026-03-01')).toContain('on or before');
    expect(revenueRangeProblem('', '2026-03-01')).toBe('Choose both dates.');
    expect(revenueRangeProblem('2026-03-01', '2026-03-01')).toBeNull();
  });
});
