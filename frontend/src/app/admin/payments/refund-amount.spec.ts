import { amountProblemMessage, checkRefundAmount, exampleAmount, parseMajorAmount } from './refund-amount';

describe('parseMajorAmount', () => {
  it.each([
    ['12.50', 2, 1250],
    ['12.5', 2, 1250],
    ['12', 2, 1200],
    ['12.', 2, 1200],
    ['.5', 2, 50],
    ['0.01', 2, 1],
    ['0', 2, 0],
    ['  7.05 ', 2, 705],
    ['1,234.56', 2, 123456],
    ['1500', 0, 1500],
    ['1,500', 0, 1500],
    ['1.234', 3, 1234],
    ['0.001', 3, 1],
    ['12', 3, 12000],
    ['90071992547409.91', 2, Number.MAX_SAFE_INTEGER],
  ])('when "%s" is typed in a currency with %i decimals, then it is %i minor units', (text, exponent, minor) => {
    expect(parseMajorAmount(text, exponent)).toEqual({ ok: true, minor });
  });

  it('when the sum would suffer from binary floating point, then it is still exact', () => {
    // 0.29 * 100 is 28.999999999999996 in floating point.
    expect(parseMajorAmount('0.29', 2)).toEqual({ ok: true, minor: 29 });
    expect(parseMajorAmount('1.005', 3)).toEqual({ ok: true, minor: 1005 });
  });

  it.each([
    ['', 2, 'empty'],
    ['   ', 2, 'empty'],
    ['-5', 2, 'negative'],
    ['-0.01', 2, 'negative'],
    ['abc', 2, 'not_a_number'],
    ['12,50', 2, 'not_a_number'],
    ['1e3', 2, 'not_a_number'],
    ['+5', 2, 'not_a_number'],
    ['.', 2, 'not_a_number'],
    ['1.2.3', 2, 'not_a_number'],
    ['Infinity', 2, 'not_a_number'],
    ['12.345', 2, 'too_many_decimals'],
    ['1500.5', 0, 'too_many_decimals'],
    ['1500.00', 0, 'too_many_decimals'],
    ['1.2345', 3, 'too_many_decimals'],
    ['90071992547409.92', 2, 'too_large'],
  ])('when "%s" is typed with %i decimals, then it is refused as %s', (text, exponent, problem) => {
    expect(parseMajorAmount(text, exponent)).toEqual({ ok: false, problem });
  });
});

describe('amountProblemMessage', () => {
  it('when a currency has no decimals, then it asks for a whole number with an example', () => {
    expect(amountProblemMessage('too_many_decimals', 'JPY', 0)).toBe(
      'JPY has no decimals: enter a whole number, e.g. 1200.',
    );
  });

  it("when a currency has decimals, then it names how many and shows the currency's own form", () => {
    expect(amountProblemMessage('too_many_decimals', 'EUR', 2)).toBe('EUR takes at most 2 decimals, e.g. 12.50.');
    expect(amountProblemMessage('too_many_decimals', 'KWD', 3)).toBe('KWD takes at most 3 decimals, e.g. 12.500.');
    expect(amountProblemMessage('not_a_number', 'EUR', 2)).toBe(
      'Enter the amount as a number with a point for decimals, e.g. 12.50.',
    );
    expect(exampleAmount(0)).toBe('1200');
  });
});

describe('checkRefundAmount', () => {
  const EUR_50 = { amount: 5000, currency: 'EUR' };
  const JPY_1500 = { amount: 1500, currency: 'JPY' };
  const KWD_12_345 = { amount: 12345, currency: 'KWD' };

  it('when the amount is within the refundable one, then it is that many minor units of its currency', () => {
    expect(checkRefundAmount('12.50', EUR_50, 2)).toEqual({ ok: true, amount: { amount: 1250, currency: 'EUR' } });
    expect(checkRefundAmount('50', EUR_50, 2)).toEqual({ ok: true, amount: { amount: 5000, currency: 'EUR' } });
    expect(checkRefundAmount('1500', JPY_1500, 0)).toEqual({ ok: true, amount: { amount: 1500, currency: 'JPY' } });
    expect(checkRefundAmount('12.345', KWD_12_345, 3)).toEqual({
      ok: true,
      amount: { amount: 12345, currency: 'KWD' },
    });
  });

  it('when the amount is zero, then it asks for more than zero', () => {
    expect(checkRefundAmount('0', EUR_50, 2)).toEqual({ ok: false, message: 'The amount must be more than zero.' });
    expect(checkRefundAmount('0.00', EUR_50, 2)).toEqual({ ok: false, message: 'The amount must be more than zero.' });
  });

  it('when the amount is above the refundable one, then it says how much can be refunded, formatted', () => {
    expect(checkRefundAmount('50.01', EUR_50, 2)).toEqual({ ok: false, message: 'At most €50.00 can be refunded.' });
    expect(checkRefundAmount('1501', JPY_1500, 0)).toEqual({ ok: false, message: 'At most ¥1,500 can be refunded.' });
    expect(checkRefundAmount('12.346', KWD_12_345, 3)).toMatchObject({ message: expect.stringMatching(/12\.345/) });
    expect(checkRefundAmount('99999999999999999', EUR_50, 2)).toEqual({
      ok: false,
      message: 'At most €50.00 can be refunded.',
    });
  });

  it("when the amount has more decimals than the currency's, then it is refused with the currency's rule", () => {
    expect(checkRefundAmount('12.505', EUR_50, 2)).toEqual({
      ok: false,
      message: 'EUR takes at most 2 decimals, e.g. 12.50.',
    });
    expect(checkRefundAmount('100.5', JPY_1500, 0)).toEqual({
      ok: false,
      message: 'JPY has no decimals: enter a whole number, e.g. 1200.',
    });
    expect(checkRefundAmount('1.2345', KWD_12_345, 3)).toEqual({
      ok: false,
      message: 'KWD takes at most 3 decimals, e.g. 12.500.',
    });
  });

  it('when the amount is negative, empty or not a number, then it says what to type', () => {
    expect(checkRefundAmount('-5', EUR_50, 2)).toEqual({
      ok: false,
      message: 'Enter the amount without a minus sign.',
    });
    expect(checkRefundAmount('', EUR_50, 2)).toEqual({ ok: false, message: 'Enter an amount.' });
    expect(checkRefundAmount('ten', JPY_1500, 0)).toEqual({
      ok: false,
      message: 'Enter the amount as a number with a point for decimals, e.g. 1200.',
    });
  });
});
