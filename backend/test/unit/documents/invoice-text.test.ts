import { formatDate, invoiceText } from '../../../src/documents/invoice-text';
import { creditNoteFor, invoiceSnapshot } from '../../support/invoice-snapshots';

describe('invoiceText', () => {
  it('when dates are ISO 8601, then they are printed as UTC calendar dates', () => {
    expect(formatDate('2026-12-01T09:42:10.000Z')).toBe('1 December 2026');
    expect(formatDate('2026-12-31T23:30:00-02:00')).toBe('1 January 2027');
    expect(() => formatDate('31/12/2026')).toThrow(/ISO 8601/);
  });

  it('when the buyer has tax ids, then each reads "<TYPE>: value"', () => {
    const text = invoiceText(
      invoiceSnapshot({
        buyer: {
          taxIds: [
            { type: 'eu_vat', value: 'DE123456789' },
            { type: 'gb_vat', value: 'GB123456789' },
          ],
        },
      }),
    );
    expect(text.buyer.lines).toEqual(expect.arrayContaining(['EU VAT: DE123456789', 'GB VAT: GB123456789']));
  });

  it('when parts of an address are blank, then no empty lines are printed', () => {
    const text = invoiceText(invoiceSnapshot({ buyer: { address: ['', 'Berlin', ' '], email: '' } }));
    expect(text.buyer.lines).toEqual(['Berlin']);
  });

  it('when an invoice is built, then its totals are net, the VAT line and the total, with the currency decimals', () => {
    const text = invoiceText(
      invoiceSnapshot({ currency: 'KWD', ratePercent: '7.7', lines: [{ description: 'x', unitNet: 10000 }] }),
    );
    expect(text.totals).toEqual([
      { label: 'Net', value: 'KWD\u00a010.000' },
      { label: 'VAT 7.7 %', value: 'KWD\u00a00.770' },
      { label: 'Total', value: 'KWD\u00a010.770', strong: true },
    ]);
    expect(text.name).toBe('Invoice INV-2026-000042');
    expect(text.correction).toEqual([]);
  });

  it('when a credit note is built, then it is named so and says what it corrects', () => {
    const text = invoiceText(creditNoteFor(invoiceSnapshot(), { refundedAt: '2026-12-02T00:00:00Z' }));
    expect(text.title).toBe('Credit note');
    expect(text.correction).toEqual([
      'Corrects invoice INV-2026-000042 of 1 December 2026',
      'Refund re_3QxAmpleRefund0007 of 2 December 2026',
    ]);
    expect(text.totals[2]).toEqual({ label: 'Total credited', value: '-€45.00', strong: true });
  });

  it('when the rate source is not one we name, then it is printed as stored', () => {
    const text = invoiceText(
      invoiceSnapshot({
        exchangeRate: {
          rate: '0.9215',
          source: 'demo',
          validFrom: '2026-11-02T00:00:00Z',
          baseAmount: 4900,
          baseCurrency: 'USD',
        },
      }),
    );
    expect(text.notes).toContain('Converted from $49.00 at 0.9215 (demo, 2 November 2026)');
  });
});
