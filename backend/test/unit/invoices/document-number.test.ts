import {
  formatNumber,
  numberFormat,
  numberFormatProblem,
  seriesKey,
} from '../../../src/domain/invoices/document-number';

const at = (iso: string) => new Date(iso);

describe('document numbers', () => {
  it('when the default patterns number documents, then the year and the zero-padded counter fill them', () => {
    const invoices = numberFormat('INV-{YYYY}-{000000}');
    expect(formatNumber(invoices, at('2026-12-01T10:00:00Z'), 42)).toBe('INV-2026-000042');
    expect(formatNumber(numberFormat('CN-{YYYY}-{000000}'), at('2027-01-01T00:00:00Z'), 7)).toBe('CN-2027-000007');
    expect(formatNumber(invoices, at('2026-01-01T00:00:00Z'), 1_234_567)).toBe('INV-2026-1234567');
  });

  it('when the year turns (in UTC), then the series changes, so its counter restarts', () => {
    const invoices = numberFormat('INV-{YYYY}-{000000}');
    expect(seriesKey('invoice', invoices, at('2026-12-31T23:59:59Z'))).toBe('invoice:INV-2026-{n}');
    expect(seriesKey('invoice', invoices, at('2027-01-01T00:00:00Z'))).toBe('invoice:INV-2027-{n}');
    expect(seriesKey('credit_note', numberFormat('CN{0000}'), at('2027-01-01T00:00:00Z'))).toBe('credit_note:CN{n}');
  });

  it('when a pattern cannot number documents, then the problem is named', () => {
    expect(numberFormatProblem('INV-{YYYY}')).toMatch(/exactly one counter/);
    expect(numberFormatProblem('INV-{000}-{000}')).toMatch(/exactly one counter/);
    expect(numberFormatProblem('INV-{MM}-{0000}')).toMatch(/unknown placeholder \{MM\}/);
    expect(numberFormatProblem('INV {0000}')).toMatch(/only letters/);
    expect(numberFormatProblem('INV-{YYYY}-{000000}')).toBeUndefined();
    expect(() => numberFormat('nope')).toThrow(/exactly one counter/);
  });
});
