import fc from 'fast-check';
import { periodsOf, rangeOf, rangeProblems, utcDate } from '../../../src/domain/reports/revenue-periods';

describe('revenue periods', () => {
  it('when the range is a few days, then every UTC day is listed, both ends included', () => {
    expect(periodsOf('2026-02-27', '2026-03-02', 'day')).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
    expect(periodsOf('2028-02-28', '2028-03-01', 'day')).toEqual(['2028-02-28', '2028-02-29', '2028-03-01']);
  });

  it('when the interval is month, then every month touched is listed, across years', () => {
    expect(periodsOf('2026-11-15', '2027-02-01', 'month')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(periodsOf('2026-12-01', '2026-12-31', 'month')).toEqual(['2026-12']);
  });

  it('when a range is turned into instants, then it runs from midnight UTC to the midnight after the last day', () => {
    expect(rangeOf('2026-12-01', '2026-12-31')).toEqual({
      start: new Date('2026-12-01T00:00:00Z'),
      end: new Date('2027-01-01T00:00:00Z'),
    });
  });

  it('when from is after to, then the problem is on to', () => {
    expect(rangeProblems('2026-12-02', '2026-12-01', 'day')).toEqual([
      { path: 'to', message: 'must not be before from (2026-12-02)' },
    ]);
  });

  it('when a date does not exist, then the problem names the parameter', () => {
    expect(utcDate('2026-02-30')).toBeUndefined();
    expect(rangeProblems('2026-02-30', '2026-13-01', 'day')).toEqual([
      { path: 'from', message: 'must be a calendar date (YYYY-MM-DD)' },
      { path: 'to', message: 'must be a calendar date (YYYY-MM-DD)' },
    ]);
  });

  it('when the range is longer than 366 days by day or 120 months by month, then it is refused', () => {
    expect(rangeProblems('2027-01-01', '2028-01-01', 'day')).toEqual([]); // 366 days
    expect(rangeProblems('2027-01-01', '2028-01-02', 'day')).toEqual([
      { path: 'to', message: 'the range spans 367 days; at most 366 days by day' },
    ]);
    expect(rangeProblems('2020-01-31', '2029-12-01', 'month')).toEqual([]); // 120 months
    expect(rangeProblems('2020-01-31', '2030-01-01', 'month')).toEqual([
      { path: 'to', message: 'the range spans 121 months; at most 120 months by month' },
    ]);
  });

  it('when any valid day range is listed, then it has one period per day, ascending, without gaps', () => {
    const day = fc.integer({ min: 0, max: 20000 }).map((n) => new Date(Date.UTC(2000, 0, 1) + n * 86_400_000));
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 365 }), (start, length) => {
        const from = start.toISOString().slice(0, 10);
        const to = new Date(start.getTime() + length * 86_400_000).toISOString().slice(0, 10);
        const periods = periodsOf(from, to, 'day');
        expect(rangeProblems(from, to, 'day')).toEqual([]);
        expect(periods).toHaveLength(length + 1);
        expect(periods[0]).toBe(from);
        expect(periods[periods.length - 1]).toBe(to);
        expect([...new Set(periods)].sort()).toEqual(periods);
      }),
    );
  });
});
