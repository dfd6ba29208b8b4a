import { formatMoney, isoExponent, minorToDecimalString } from './money';

describe('money', () => {
  describe('isoExponent', () => {
    it('knows zero- and three-decimal currencies and defaults to 2', () => {
      expect(isoExponent('JPY')).toBe(0);
      expect(isoExponent('krw')).toBe(0);
      expect(isoExponent('KWD')).toBe(3);
      expect(isoExponent('BHD')).toBe(3);
      expect(isoExponent('EUR')).toBe(2);
      expect(isoExponent('XYZ')).toBe(2);
    });
  });

  describe('minorToDecimalString', () => {
    it('places the decimal point without floating point arithmetic', () => {
      expect(minorToDecimalString(1999, 2)).toBe('19.99');
      expect(minorToDecimalString(5, 2)).toBe('0.05');
      expect(minorToDecimalString(0, 2)).toBe('0.00');
      expect(minorToDecimalString(1500, 0)).toBe('1500');
      expect(minorToDecimalString(12345, 3)).toBe('12.345');
      expect(minorToDecimalString(-5, 3)).toBe('-0.005');
      expect(minorToDecimalString(Number.MAX_SAFE_INTEGER, 2)).toBe('90071992547409.91');
    });

    it('rejects amounts that are not integers in minor units', () => {
      expect(() => minorToDecimalString(19.99, 2)).toThrow(RangeError);
      expect(() => minorToDecimalString(100, -1)).toThrow(RangeError);
    });
  });

  describe('formatMoney', () => {
    it('when the currency is JPY, then it shows no decimals', () => {
      expect(formatMoney(1500, 'JPY')).toBe('¥1,500');
    });

    it('when the currency is KWD, then it shows three decimals', () => {
      expect(formatMoney(12345, 'KWD')).toMatch(/^KWD\s12\.345$/);
    });

    it('formats two-decimal currencies from minor units', () => {
      expect(formatMoney(4900, 'EUR')).toBe('€49.00');
      expect(formatMoney(1999, 'USD')).toBe('$19.99');
      expect(formatMoney(123456789, 'GBP')).toBe('£1,234,567.89');
    });

    it('uses the exponent it is given (from /api/currencies) over the built-in table', () => {
      expect(formatMoney(1500, 'JPY', 0)).toBe('¥1,500');
      expect(formatMoney(1, 'USD', 2)).toBe('$0.01');
    });

    it('formats for the given locale', () => {
      expect(formatMoney(4900, 'EUR', 2, 'de-DE')).toMatch(/^49,00\s€$/);
    });

    it('never shows binary rounding artefacts', () => {
      // 0.1 + 0.2 style issues: 1.005 EUR would round wrong with floats at 2 decimals.
      expect(formatMoney(100_000_000_000_001, 'USD')).toBe('$1,000,000,000,000.01');
    });
  });
});
