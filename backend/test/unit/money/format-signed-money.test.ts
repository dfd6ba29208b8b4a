import { formatSignedMoney, InvalidMoneyError, UnknownCurrencyError } from '../../../src/domain/money';

describe('formatSignedMoney', () => {
  it.each([
    [4500, 'EUR', '€45.00'],
    [-4500, 'EUR', '-€45.00'],
    [1500, 'JPY', '¥1,500'],
    [-1500, 'JPY', '-¥1,500'],
    [1250, 'KWD', 'KWD\u00a01.250'],
    [-1250, 'KWD', '-KWD\u00a01.250'],
    [-7, 'KWD', '-KWD\u00a00.007'],
    [-5, 'USD', '-$0.05'],
    [0, 'GBP', '£0.00'],
  ])('when formatting %d %s, then it reads %p', (amount, currency, expected) => {
    expect(formatSignedMoney(amount, currency)).toBe(expected);
  });

  it('when the amount is zero or negative zero, then there is no minus sign', () => {
    expect(formatSignedMoney(-0, 'EUR')).toBe('€0.00');
  });

  it('when amounts are at the safe-integer limit, then every digit is exact', () => {
    expect(formatSignedMoney(Number.MAX_SAFE_INTEGER, 'USD')).toBe('$90,071,992,547,409.91');
    expect(formatSignedMoney(-Number.MAX_SAFE_INTEGER, 'USD')).toBe('-$90,071,992,547,409.91');
    expect(formatSignedMoney(-Number.MAX_SAFE_INTEGER, 'JPY')).toBe('-¥9,007,199,254,740,991');
    expect(formatSignedMoney(-Number.MAX_SAFE_INTEGER, 'KWD')).toBe('-KWD\u00a09,007,199,254,740.991');
  });

  it('when the amount is not a safe integer or the currency is unknown, then it throws', () => {
    expect(() => formatSignedMoney(10.5, 'EUR')).toThrow(InvalidMoneyError);
    expect(() => formatSignedMoney(Number.MAX_SAFE_INTEGER + 1, 'EUR')).toThrow(InvalidMoneyError);
    expect(() => formatSignedMoney(-Number.MAX_SAFE_INTEGER - 2, 'EUR')).toThrow(InvalidMoneyError);
    expect(() => formatSignedMoney(Number.NaN, 'EUR')).toThrow(InvalidMoneyError);
    expect(() => formatSignedMoney(100, 'XYZ')).toThrow(UnknownCurrencyError);
  });
});
