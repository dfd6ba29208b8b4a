import { count, formatAmount, formatDate, formatDateTime, formatDay } from '../../../src/emails/format';

describe('email formatting', () => {
  it.each([
    [{ amount: 1500, currency: 'JPY' }, '¥1,500'],
    [{ amount: 1250, currency: 'KWD' }, 'KWD\u00a01.250'],
    [{ amount: 1050, currency: 'EUR' }, '€10.50'],
    [{ amount: 5, currency: 'EUR' }, '€0.05'],
    [{ amount: 123456789, currency: 'JPY' }, '¥123,456,789'],
  ])('when the amount is %j, then it reads %j with its currency decimals', (m, expected) => {
    expect(formatAmount(m)).toBe(expected);
  });

  it('when a date is printed, then it is the UTC calendar day in words', () => {
    expect(formatDate(new Date('2026-12-01T09:42:10Z'))).toBe('1 December 2026');
    // 23:30 at UTC-2 is already the next day in UTC
    expect(formatDate(new Date('2026-12-31T23:30:00-02:00'))).toBe('1 January 2027');
  });

  it('when a date and time is printed, then the time is UTC, 24-hour, and says so', () => {
    expect(formatDateTime(new Date('2026-12-01T09:05:59Z'))).toBe('1 December 2026, 09:05 UTC');
    expect(formatDateTime(new Date('2026-06-30T23:59:00+05:30'))).toBe('30 June 2026, 18:29 UTC');
  });

  it('when a day is YYYY-MM-DD, then it is printed in words; anything else is printed as it is', () => {
    expect(formatDay('2026-12-01')).toBe('1 December 2026');
    expect(formatDay('2026-02-30')).toBe('2026-02-30');
    expect(formatDay('yesterday')).toBe('yesterday');
  });

  it('when counting, then one is singular and any other number plural', () => {
    expect([count(0, 'event'), count(1, 'event'), count(2, 'event')]).toEqual(['0 events', '1 event', '2 events']);
  });
});
