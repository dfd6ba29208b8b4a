import { renderInvoicePdf } from '../../../src/documents/invoice-pdf';
import { creditNoteFor, invoiceSnapshot, WORLD_BUYERS } from '../../support/invoice-snapshots';
import { pdfPages, pdfText } from './pdf-text';

const JAPANESE = WORLD_BUYERS[1];
const ARABIC = WORLD_BUYERS[2];

async function textOf(...args: Parameters<typeof invoiceSnapshot>): Promise<string> {
  return pdfText(await renderInvoicePdf(invoiceSnapshot(...args)));
}

describe('renderInvoicePdf', () => {
  it('when an invoice is rendered, then it is a PDF that names the document, both parties and the course', async () => {
    const pdf = await renderInvoicePdf(
      invoiceSnapshot({ buyer: { taxIds: [{ type: 'eu_vat', value: 'FR12345678901' }] } }),
    );
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await pdfText(pdf);
    expect(text).toContain('Invoice');
    expect(text).toContain('INV-2026-000042');
    expect(text).toContain('Issue date: 1 December 2026');
    expect(text).toContain('Lernwerk Akademie GmbH');
    expect(text).toContain('Friedrichstraße 123');
    expect(text).toContain('VAT ID: DE123456789');
    expect(text).toContain('billing@lernwerk.example');
    expect(text).toContain('Ada Lovelace');
    expect(text).toContain('ada@example.com');
    expect(text).toContain('EU VAT: FR12345678901');
    expect(text).toContain('TypeScript Payments Masterclass');
    expect(text).not.toContain('Corrects invoice');
  });

  it('when an invoice is in EUR at 20 %, then lines and totals show euros with two decimals and the VAT line', async () => {
    const text = await textOf({ lines: [{ description: 'Course', quantity: 2, unitNet: 3750 }] });
    expect(text).toContain('€37.50'); // unit net
    expect(text).toContain('€75.00'); // net
    expect(text).toContain('VAT 20 %');
    expect(text).toContain('€15.00'); // tax
    expect(text).toContain('€90.00'); // gross
  });

  it('when the currency is JPY, then amounts have no decimals', async () => {
    const text = await textOf({ currency: 'JPY', lines: [{ description: 'Course', unitNet: 1500 }] });
    expect(text).toContain('¥1,500');
    expect(text).toContain('¥1,800');
    expect(text).not.toMatch(/¥[\d,]+\./);
  });

  it('when the currency is KWD, then amounts have three decimals', async () => {
    const text = await textOf({ currency: 'KWD', lines: [{ description: 'Course', unitNet: 1250 }] });
    expect(text).toContain('KWD\u00a01.250');
    expect(text).toContain('KWD\u00a00.250');
    expect(text).toContain('KWD\u00a01.500');
  });

  it('when no VAT is charged, then the tax line says 0 % and the tax note is printed', async () => {
    const text = await textOf({ ratePercent: '0', taxNote: 'Not VAT-registered: no VAT is charged.' });
    expect(text).toContain('VAT 0 %');
    expect(text).toContain('Not VAT-registered: no VAT is charged.');
  });

  it('when the price was converted, then the exchange-rate note gives the base amount, rate, source and date', async () => {
    const text = await textOf({
      currency: 'JPY',
      lines: [{ description: 'Course', unitNet: 7417 }],
      exchangeRate: {
        rate: '151.37',
        source: 'ecb',
        validFrom: '2026-11-30T00:00:00.000Z',
        baseAmount: 4900,
        baseCurrency: 'USD',
      },
    });
    expect(text).toContain('Converted from $49.00 at 151.37 (ECB, 30 November 2026)');
  });

  it('when paid through PayPal, then the payment line names PayPal, the capture and the date', async () => {
    const text = await textOf({
      payment: { provider: 'paypal', reference: '8MC585209K746392H', paidAt: '2026-11-30T23:59:59.000Z' },
    });
    expect(text).toContain('Payment: PayPal, reference 8MC585209K746392H, paid 30 November 2026');
  });

  it('when a credit note is rendered, then it says so, corrects its invoice and shows negative amounts', async () => {
    const invoice = invoiceSnapshot({ lines: [{ description: 'Course', unitNet: 3750 }] });
    const text = await pdfText(
      await renderInvoicePdf(creditNoteFor(invoice, { refundedAt: '2026-12-02T10:00:00.000Z' })),
    );
    expect(text).toContain('Credit note');
    expect(text).toContain('CN-2026-000007');
    expect(text).toContain('Corrects invoice INV-2026-000042 of 1 December 2026');
    expect(text).toContain('Refund re_3QxAmpleRefund0007 of 2 December 2026');
    expect(text).toContain('Total credited');
    expect(text).toContain('-€45.00');
    expect(text).toContain('-€7.50');
    expect(text).toContain('Payment: Stripe, reference pi_3QxAmpleInvoice0042');
  });

  it('when a JPY credit note is rendered, then its negative total has a minus sign and no decimals', async () => {
    const invoice = invoiceSnapshot({ currency: 'JPY', lines: [{ description: 'Course', unitNet: 1500 }] });
    const text = await pdfText(await renderInvoicePdf(creditNoteFor(invoice, { refundReference: null })));
    expect(text).toContain('-¥1,800');
    expect(text).toContain('Refunded 3 December 2026');
  });

  it('when the buyer writes in Japanese, then the name and address come out of the PDF as written', async () => {
    const text = await textOf({ buyer: JAPANESE, lines: [{ description: '決済システム入門', unitNet: 3750 }] });
    expect(text).toContain('山田太郎');
    expect(text).toContain('東京都千代田区丸の内1-1-1');
    expect(text).toContain('決済システム入門');
  });

  it('when the buyer writes in Arabic, then the name comes out in reading (logical) order, not reversed', async () => {
    const text = await textOf({ buyer: ARABIC });
    expect(text).toContain('محمد العلي');
    expect(text).toContain('شارع الخليج العربي');
    expect(text).not.toContain([...'محمد العلي'].reverse().join(''));
  });

  it('when a line mixes Arabic, Latin and Arabic-Indic digits, then pdf.js reads it in logical order', async () => {
    const description = 'دورة TypeScript للمدفوعات — المستوى ٢';
    const text = await textOf({ lines: [{ description, unitNet: 3750 }] });
    expect(text).toContain(description);
  });

  it('when names are in Cyrillic, Greek, accented Latin and Vietnamese, then each survives extraction', async () => {
    for (const buyer of WORLD_BUYERS.slice(3)) {
      const text = await textOf({ buyer });
      expect(text).toContain(buyer.name);
      for (const line of buyer.address) expect(text).toContain(line);
    }
  });

  it('when text carries currency signs, then every one is embedded and extracted', async () => {
    // Not ₨ (U+20A8): pdf.js reads that compatibility character back as "Rs".
    const signs = '€ £ ¥ ₹ ₩ ₺ ₽ ₪ ₫ ₴ ₦ ₱ ₸ ₼ ₾ ₿ ₵ ₲ ₡ ₭ ₮ ﷼';
    const text = await textOf({ lines: [{ description: `Prices in ${signs}`, unitNet: 100 }] });
    expect(text).toContain(`Prices in ${signs}`);
  });

  it('when the same snapshot is rendered twice, at different times, then the bytes are identical', async () => {
    const snapshot = invoiceSnapshot({ buyer: ARABIC, currency: 'KWD' });
    const first = await renderInvoicePdf(snapshot);
    // Others rendered in between must not change it (fonts and shaping are shared in the process).
    await renderInvoicePdf(invoiceSnapshot({ buyer: JAPANESE, lines: [{ description: 'µ μ ﬁ fi', unitNet: 1 }] }));
    jest.useFakeTimers({
      now: new Date('2031-05-05T05:05:05Z'),
      doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'],
    });
    try {
      const second = await renderInvoicePdf(snapshot);
      expect(second.equals(first)).toBe(true);
    } finally {
      jest.useRealTimers();
    }
    // CreationDate and ModDate, both the issue date (pdfkit writes each as its own object)
    expect(first.toString('latin1').split('(D:20261201094210Z)')).toHaveLength(3);
  });

  it('when a process has rendered nothing before, then it gives the same bytes as one that rendered much', async () => {
    const snapshot = invoiceSnapshot({
      buyer: WORLD_BUYERS[6],
      lines: [{ description: 'ﬁnal µ-module ﬀ', unitNet: 1 }],
    });
    const warm = await renderInvoicePdf(snapshot);
    let fresh: typeof renderInvoicePdf | undefined;
    jest.isolateModules(() => {
      // a fresh copy of the renderer: fonts parsed anew, nothing shaped yet
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      fresh = (require('../../../src/documents/invoice-pdf') as { renderInvoicePdf: typeof renderInvoicePdf })
        .renderInvoicePdf;
    });
    expect(fresh).not.toBe(renderInvoicePdf);
    const cold = await fresh!(snapshot);
    expect(cold.equals(warm)).toBe(true);
  });

  it('when two snapshots differ, then so do their PDFs', async () => {
    const a = await renderInvoicePdf(invoiceSnapshot({ number: 'INV-2026-000001' }));
    const b = await renderInvoicePdf(invoiceSnapshot({ number: 'INV-2026-000002' }));
    expect(a.equals(b)).toBe(false);
  });

  it('when there are more lines than fit a page, then the table goes on over pages and every line is there', async () => {
    const lines = Array.from({ length: 60 }, (_, i) => ({
      description: `Module ${i + 1}: a course title long enough that it has to wrap onto a second line in its column`,
      unitNet: 1000 + i,
    }));
    const pdf = await renderInvoicePdf(invoiceSnapshot({ lines }));
    expect(await pdfPages(pdf)).toBeGreaterThan(1);
    const text = await pdfText(pdf);
    for (let i = 1; i <= 60; i++) expect(text).toContain(`Module ${i}:`);
    expect(text).toContain('page 2');
  });

  it('when amounts are near the safe-integer limit, then they are printed exactly', async () => {
    const text = await textOf({
      currency: 'JPY',
      ratePercent: '0',
      lines: [{ description: 'Course', unitNet: 9_007_199_254_740_991 }],
    });
    expect(text).toContain('¥9,007,199,254,740,991');
  });

  it('when the issue date is not a date, then rendering is refused', async () => {
    await expect(renderInvoicePdf(invoiceSnapshot({ issuedAt: 'yesterday' }))).rejects.toThrow(/date/);
  });
});
