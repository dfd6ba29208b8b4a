import { previousUtcDay, utcDate, utcDay } from '../../../src/services/emails/lifecycle/utc-day';

describe('UTC days for the digest and the ending-soon keys', () => {
  it('when a day is given as YYYY-MM-DD, then it spans its 24 UTC hours, half-open', () => {
    expect(utcDay('2026-03-29')).toEqual({
      from: new Date('2026-03-29T00:00:00.000Z'),
      to: new Date('2026-03-30T00:00:00.000Z'),
    });
    expect(utcDay('2028-02-29').to).toEqual(new Date('2028-03-01T00:00:00.000Z'));
  });

  it.each(['2026-02-30', '2026-13-01', '2026-3-1', '20260301', '2026-03-01T00:00:00Z', ''])(
    'when the day is %p, then it is refused',
    (day) => {
      expect(() => utcDay(day)).toThrow(RangeError);
    },
  );

  it('when the digest runs shortly after midnight UTC, then it covers the day before, also across a year', () => {
    expect(previousUtcDay(new Date('2026-03-30T00:15:00Z'))).toBe('2026-03-29');
    expect(previousUtcDay(new Date('2027-01-01T00:15:00Z'))).toBe('2026-12-31');
  });

  it('when an instant is late in the UTC day, then its date is the UTC one', () => {
    expect(utcDate(new Date('2026-06-30T23:59:59.999Z'))).toBe('2026-06-30');
    expect(utcDate(new Date('2026-07-01T01:30:00+02:00'))).toBe('2026-06-30');
  });
});
