import { createdRange } from '../../../src/services/admin/admin-payments.service';

describe('created range of the admin payments search', () => {
  it('when both ends are dates, then the range covers whole UTC days, the last one included', () => {
    expect(createdRange('2026-03-01', '2026-03-01')).toEqual({
      from: '2026-03-01T00:00:00Z',
      before: '2026-03-02T00:00:00.000Z',
    });
  });

  it('when `to` is the last day of a month or a leap year, then the next midnight is in the next month', () => {
    expect(createdRange(undefined, '2028-02-28').before).toBe('2028-02-29T00:00:00.000Z');
    expect(createdRange(undefined, '2026-12-31').before).toBe('2027-01-01T00:00:00.000Z');
  });

  it('when the ends are date-times, then they are used as given (microseconds and offsets kept)', () => {
    expect(createdRange('2026-03-01T10:00:00.123456+02:00', '2026-03-01T12:00:00Z')).toEqual({
      from: '2026-03-01T10:00:00.123456+02:00',
      before: '2026-03-01T12:00:00Z',
    });
  });

  it('when an end is missing, then that side is open', () => {
    expect(createdRange()).toEqual({ from: undefined, before: undefined });
    expect(createdRange('2026-03-01')).toEqual({ from: '2026-03-01T00:00:00Z', before: undefined });
  });
});
