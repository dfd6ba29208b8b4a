import {
  buyerParty,
  creditNoteSnapshot,
  DocumentMismatchError,
  invoiceSnapshot,
  type SaleFacts,
} from '../../../src/domain/invoices/document-snapshot';
import { taxAdded, taxIncluded } from '../../../src/domain/invoices/tax';

const seller = {
  name: 'Akademie GmbH',
  address: ['Hauptstraße 1', '10115 Berlin'],
  vatId: 'DE123456789',
  email: 'a@b.example',
};
const issuedAt = new Date('2026-12-01T10:00:00Z');

function sale(overrides: Partial<SaleFacts> = {}): SaleFacts {
  return {
    seller,
    buyer: buyerParty({ name: 'Ana', email: 'ana@example.com' }, null),
    description: 'TypeScript Fundamentals',
    paid: { amount: 4900, currency: 'EUR' },
    tax: { ...taxIncluded(4900, 1900), rateBasisPoints: 1900, pricesIncludeTax: true },
    noTaxNote: 'No VAT is charged on this sale.',
    exchangeRate: null,
    payment: { provider: 'stripe', reference: 'pi_1', paidAt: '2026-12-01T09:59:00.000Z' },
    ...overrides,
  };
}

describe('document snapshots', () => {
  it('when an invoice is frozen, then its line and totals carry net, tax and gross that add up', () => {
    const snapshot = invoiceSnapshot(sale(), 'INV-2026-000001', issuedAt);
    expect(snapshot).toMatchObject({
      kind: 'invoice',
      number: 'INV-2026-000001',
      issuedAt: '2026-12-01T10:00:00.000Z',
      currency: 'EUR',
      lines: [{ description: 'TypeScript Fundamentals', quantity: 1, unitNet: 4118, net: 4118, tax: 782, gross: 4900 }],
      tax: { ratePercent: '19', pricesIncludeTax: true, amount: 782, note: null },
      totals: { net: 4118, tax: 782, gross: 4900 },
      correction: null,
    });
  });

  it('when the price had the tax added, then the invoice says so and its gross is what was paid', () => {
    const tax = { ...taxAdded(4000, 2000), rateBasisPoints: 2000, pricesIncludeTax: false };
    const snapshot = invoiceSnapshot(sale({ paid: { amount: 4800, currency: 'EUR' }, tax }), 'INV-1', issuedAt);
    expect(snapshot.totals).toEqual({ net: 4000, tax: 800, gross: 4800 });
    expect(snapshot.tax).toMatchObject({ pricesIncludeTax: false, ratePercent: '20' });
  });

  it('when no tax is charged, then the note says why', () => {
    const tax = { ...taxIncluded(4900, 0), rateBasisPoints: 0, pricesIncludeTax: true };
    expect(invoiceSnapshot(sale({ tax }), 'INV-1', issuedAt).tax).toEqual({
      ratePercent: '0',
      pricesIncludeTax: true,
      amount: 0,
      note: 'No VAT is charged on this sale.',
    });
  });

  it('when the tax split does not make the amount paid, then nothing is issued', () => {
    expect(() => invoiceSnapshot(sale({ paid: { amount: 5000, currency: 'EUR' } }), 'INV-1', issuedAt)).toThrow(
      DocumentMismatchError,
    );
  });

  it('when a sale is refunded in two parts, then the credit notes are negative, reference the invoice and cancel it exactly', () => {
    const invoice = invoiceSnapshot(sale(), 'INV-2026-000001', issuedAt);
    const first = creditNoteSnapshot(
      invoice,
      { amount: { amount: 1001, currency: 'EUR' }, creditedBefore: 0, reference: 're_1', refundedAt: issuedAt },
      'CN-2026-000001',
      issuedAt,
    );
    const second = creditNoteSnapshot(
      invoice,
      { amount: { amount: 3899, currency: 'EUR' }, creditedBefore: 1001, reference: 're_2', refundedAt: issuedAt },
      'CN-2026-000002',
      issuedAt,
    );
    expect(first).toMatchObject({
      kind: 'credit_note',
      number: 'CN-2026-000001',
      seller,
      correction: { invoiceNumber: 'INV-2026-000001', refundReference: 're_1' },
      lines: [{ description: 'Refund: TypeScript Fundamentals', gross: -1001 }],
    });
    for (const note of [first, second]) {
      expect(note.totals.net + note.totals.tax).toBe(note.totals.gross);
      expect(note.lines[0]!.net + note.lines[0]!.tax).toBe(note.lines[0]!.gross);
    }
    for (const part of ['net', 'tax', 'gross'] as const) {
      expect(invoice.totals[part] + first.totals[part] + second.totals[part]).toBe(0);
    }
  });

  it('when a refund would credit more than the invoice, or in another currency, then it is refused', () => {
    const invoice = invoiceSnapshot(sale(), 'INV-1', issuedAt);
    const note = (amount: number, currency: string, creditedBefore: number) =>
      creditNoteSnapshot(
        invoice,
        { amount: { amount, currency }, creditedBefore, reference: null, refundedAt: issuedAt },
        'CN-1',
        issuedAt,
      );
    expect(() => note(1000, 'EUR', 4000)).toThrow(/exceeds/);
    expect(() => note(100, 'USD', 0)).toThrow(/cannot correct/);
    expect(() => note(0, 'EUR', 0)).toThrow(DocumentMismatchError);
  });

  it('when the checkout collected a billing address and tax id, then the buyer carries them; otherwise the account', () => {
    expect(
      buyerParty(
        { name: 'Account Name', email: 'acct@example.com' },
        {
          name: 'Müller Consulting',
          address: { line1: 'Hauptstraße 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
          taxIds: [{ type: 'eu_vat', value: 'DE987654321' }],
        },
      ),
    ).toEqual({
      name: 'Müller Consulting',
      email: 'acct@example.com',
      address: ['Hauptstraße 1', '10115 Berlin', 'DE'],
      taxIds: [{ type: 'eu_vat', value: 'DE987654321' }],
    });
    expect(buyerParty({ name: 'Ana', email: 'ana@example.com' }, { name: '  ', taxIds: [] })).toEqual({
      name: 'Ana',
      email: 'ana@example.com',
      address: [],
      taxIds: [],
    });
  });
});
