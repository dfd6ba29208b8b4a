import {
  convertMoney,
  currencyExponent,
  formatMoney,
  money,
  parseMoney,
  subtractMoney,
  toDecimalString,
  UnknownCurrencyError,
  InvalidMoneyError,
} from '../../src/domain/money';

describe('currency exponents', () => {
  it('when asked for JPY, USD and KWD, then gives 0, 2 and 3', () => {
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('USD')).toBe(2);
    expect(currencyExponent('KWD')).toBe(3);
  });

  it('when asked for ISK, UGX and MGA, then ISO 4217 gives 0, 0 and 2 (whatever Stripe writes on the wire)', () => {
    expect(currencyExponent('ISK')).toBe(0);
    expect(currencyExponent('UGX')).toBe(0);
    expect(currencyExponent('MGA')).toBe(2);
    expect(currencyExponent('HUF')).toBe(2);
    expect(currencyExponent('TWD')).toBe(2);
  });

  it('when the code is unknown or lower case, then it is rejected', () => {
    expect(() => currencyExponent('XYZ')).toThrow(UnknownCurrencyError);
    expect(() => currencyExponent('usd')).toThrow(UnknownCurrencyError);
  });
});

describe('money()', () => {
  it('when the amount is a non-negative safe integer in a known currency, then it is accepted', () => {
    expect(money(0, 'USD')).toEqual({ amount: 0, currency: 'USD' });
    expect(money(Number.MAX_SAFE_INTEGER, 'JPY').amount).toBe(9007199254740991);
  });

  it.each([
    [-1, 'USD', InvalidMoneyError],
    [10.5, 'USD', InvalidMoneyError],
    [Number.MAX_SAFE_INTEGER + 1, 'USD', InvalidMoneyError],
    [Number.NaN, 'USD', InvalidMoneyError],
    [100, 'ABC', UnknownCurrencyError],
  ])('when given %p %s, then it throws', (amount, currency, type) => {
    expect(() => money(amount, currency)).toThrow(type);
  });
});

describe('parseMoney and toDecimalString', () => {
  it.each([
    ['10.50', 'USD', 1050],
    ['10.5', 'USD', 1050],
    ['0.01', 'USD', 1],
    ['1500', 'JPY', 1500],
    ['1.250', 'KWD', 1250],
    ['1.25', 'KWD', 1250],
    ['10.500', 'USD', 1050],
    ['90071992547409.91', 'USD', Number.MAX_SAFE_INTEGER],
  ])('when parsing %s %s, then the minor units are %d', (value, currency, minor) => {
    expect(parseMoney(value, currency).amount).toBe(minor);
  });

  it.each([
    ['10.505', 'USD'],
    ['1.5', 'JPY'],
    ['1.2345', 'KWD'],
    ['-1.00', 'USD'],
    ['1e3', 'USD'],
    ['1,000.00', 'USD'],
    ['', 'USD'],
    ['90071992547409.92', 'USD'],
  ])('when parsing %p %s, then it is rejected', (value, currency) => {
    expect(() => parseMoney(value, currency)).toThrow(InvalidMoneyError);
  });

  it('when formatting to a decimal string, then it has exactly the currency decimals', () => {
    expect(toDecimalString(money(1050, 'USD'))).toBe('10.50');
    expect(toDecimalString(money(5, 'USD'))).toBe('0.05');
    expect(toDecimalString(money(1500, 'JPY'))).toBe('1500');
    expect(toDecimalString(money(1250, 'KWD'))).toBe('1.250');
    expect(toDecimalString(money(7, 'KWD'))).toBe('0.007');
    expect(toDecimalString(money(Number.MAX_SAFE_INTEGER, 'USD'))).toBe('90071992547409.91');
  });

  it('when formatting for people, then JPY has no decimals and large amounts stay exact', () => {
    expect(formatMoney(money(1500, 'JPY'))).toBe('¥1,500');
    expect(formatMoney(money(4500, 'EUR'))).toBe('€45.00');
    expect(formatMoney(money(1250, 'KWD'))).toBe('KWD\u00a01.250');
    expect(formatMoney(money(Number.MAX_SAFE_INTEGER, 'USD'))).toBe('$90,071,992,547,409.91');
  });

  it('when subtracting more than there is, then it refuses to go negative', () => {
    expect(subtractMoney(money(500, 'USD'), money(200, 'USD')).amount).toBe(300);
    expect(() => subtractMoney(money(100, 'USD'), money(200, 'USD'))).toThrow(InvalidMoneyError);
    expect(() => subtractMoney(money(100, 'USD'), money(50, 'EUR'))).toThrow(/Cannot combine/);
  });
});

describe('convertMoney', () => {
  it('when converting USD to EUR, then the result is exact and rounded half up once', () => {
    // 49.00 USD * 0.9215 = 45.1535 EUR -> 45.15
    expect(convertMoney(money(4900, 'USD'), 'EUR', '0.9215')).toEqual({ amount: 4515, currency: 'EUR' });
    // 0.50 USD * 0.9 = 0.45 exactly; 0.05 USD * 0.9 = 0.045 -> 0.05 (half up)
    expect(convertMoney(money(5, 'USD'), 'EUR', '0.9').amount).toBe(5);
  });

  it('when converting to a zero-decimal currency, then minor units scale down', () => {
    // 49.00 USD * 151.37 = 7417.13 JPY -> 7417
    expect(convertMoney(money(4900, 'USD'), 'JPY', '151.37')).toEqual({ amount: 7417, currency: 'JPY' });
    // 1500 JPY * 0.0066 = 9.90 USD
    expect(convertMoney(money(1500, 'JPY'), 'USD', '0.0066')).toEqual({ amount: 990, currency: 'USD' });
  });

  it('when converting with a step, then it rounds half up to whole steps (tens of fils, whole forints)', () => {
    // 49.00 USD * 0.30712 = 15.04888 KWD -> 15.049 without a step, 15.050 in tens of fils
    expect(convertMoney(money(4900, 'USD'), 'KWD', '0.30712')).toEqual({ amount: 15049, currency: 'KWD' });
    expect(convertMoney(money(4900, 'USD'), 'KWD', '0.30712', { step: 10 })).toEqual({
      amount: 15050,
      currency: 'KWD',
    });
    // 49.00 USD * 352.47 = 17271.03 HUF -> 17271.00 in whole forints
    expect(convertMoney(money(4900, 'USD'), 'HUF', '352.47', { step: 100 }).amount).toBe(1727100);
    // 100.00 USD * 172.705 = 17270.50 HUF: the half goes up; 17270.49 goes down
    expect(convertMoney(money(10000, 'USD'), 'HUF', '172.705', { step: 100 }).amount).toBe(1727100);
    expect(convertMoney(money(10000, 'USD'), 'HUF', '172.7049', { step: 100 }).amount).toBe(1727000);
  });

  it('when rounding up (minimums), then the result is never below the exact value', () => {
    // 0.50 USD * 0.30712 = 0.15356 KWD -> 0.160 in tens of fils (half up would also say 0.150)
    expect(convertMoney(money(50, 'USD'), 'KWD', '0.30712', { step: 10, rounding: 'up' }).amount).toBe(160);
    expect(convertMoney(money(50, 'USD'), 'KWD', '0.30712', { step: 10 }).amount).toBe(150);
    // exact results are not pushed up a step
    expect(convertMoney(money(50, 'USD'), 'EUR', '0.9', { rounding: 'up' }).amount).toBe(45);
  });

  it('when the step is not a positive whole number, then conversion refuses it', () => {
    for (const step of [0, -10, 2.5]) {
      expect(() => convertMoney(money(100, 'USD'), 'EUR', '0.9', { step })).toThrow(/step/);
    }
  });

  it('when amounts are near the safe-integer limit, then no precision is lost', () => {
    const big = money(9_000_000_000_000_001, 'JPY');
    expect(convertMoney(big, 'JPY', '1').amount).toBe(9_000_000_000_000_001);
    expect(() => convertMoney(money(Number.MAX_SAFE_INTEGER, 'USD'), 'JPY', '151.37')).toThrow(/too large/);
  });

  it('when the rate is malformed, zero or negative, then it is rejected', () => {
    for (const rate of ['', '0', '0.000', '-1.2', '1e3', 'abc', '1.2.3']) {
      expect(() => convertMoney(money(100, 'USD'), 'EUR', rate)).toThrow(InvalidMoneyError);
    }
  });
});
