import type { InvoiceSnapshot } from '../domain/invoices/invoice-snapshot';
import { formatSignedMoney } from '../domain/money/money';
import { PROVIDER_DISPLAY_NAMES } from '../domain/payments/payment-status';

/**
 * Every string an invoice or credit note prints, worked out from the snapshot alone, apart from
 * where it goes on the page (invoice-layout.ts). Dates are printed as calendar dates in UTC.
 */
export interface InvoiceText {
  title: string;
  number: string;
  /** "Invoice INV-2026-000001": the document's name in the PDF metadata and page footers. */
  name: string;
  issued: string;
  /** On a credit note: the invoice it corrects and the refund it documents. */
  correction: string[];
  seller: PartyText;
  buyer: PartyText;
  columns: LineCells;
  lines: LineCells[];
  totals: { label: string; value: string; strong?: boolean }[];
  notes: string[];
  payment: string;
}

export interface PartyText {
  heading: string;
  name: string;
  lines: string[];
}

export interface LineCells {
  description: string;
  quantity: string;
  unitNet: string;
  net: string;
  tax: string;
  gross: string;
}

const RATE_SOURCES: Record<string, string> = { ecb: 'ECB', manual: 'set manually' };
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const QUANTITY = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

export function invoiceText(s: InvoiceSnapshot): InvoiceText {
  const money = (amount: number) => formatSignedMoney(amount, s.currency);
  const vat = `VAT ${s.tax.ratePercent} %`;
  const notes: string[] = [];
  if (s.tax.note) notes.push(s.tax.note);
  if (s.tax.pricesIncludeTax && s.tax.amount !== 0) notes.push('Prices include VAT.');
  if (s.exchangeRate) {
    const x = s.exchangeRate;
    const source = RATE_SOURCES[x.source] ?? x.source;
    notes.push(
      `Converted from ${formatSignedMoney(x.baseAmount, x.baseCurrency)} at ${x.rate} (${source}, ${formatDate(x.validFrom)})`,
    );
  }
  const correction: string[] = [];
  if (s.correction) {
    const c = s.correction;
    correction.push(`Corrects invoice ${c.invoiceNumber} of ${formatDate(c.invoiceIssuedAt)}`);
    correction.push(
      c.refundReference
        ? `Refund ${c.refundReference} of ${formatDate(c.refundedAt)}`
        : `Refunded ${formatDate(c.refundedAt)}`,
    );
  }
  const title = s.kind === 'credit_note' ? 'Credit note' : 'Invoice';
  return {
    title,
    number: `No. ${s.number}`,
    name: `${title} ${s.number}`,
    issued: `Issue date: ${formatDate(s.issuedAt)}`,
    correction,
    seller: {
      heading: 'From',
      name: s.seller.name,
      lines: [...s.seller.address, `VAT ID: ${s.seller.vatId}`, s.seller.email].filter(nonEmpty),
    },
    buyer: {
      heading: 'Bill to',
      name: s.buyer.name,
      lines: [
        s.buyer.email,
        ...s.buyer.address,
        ...s.buyer.taxIds.map((t) => `${taxIdType(t.type)}: ${t.value}`),
      ].filter(nonEmpty),
    },
    columns: {
      description: 'Description',
      quantity: 'Qty',
      unitNet: 'Unit net',
      net: 'Net',
      tax: 'VAT',
      gross: 'Gross',
    },
    lines: s.lines.map((l) => ({
      description: l.description,
      quantity: QUANTITY.format(l.quantity),
      unitNet: money(l.unitNet),
      net: money(l.net),
      tax: money(l.tax),
      gross: money(l.gross),
    })),
    totals: [
      { label: 'Net', value: money(s.totals.net) },
      { label: vat, value: money(s.totals.tax) },
      { label: s.kind === 'credit_note' ? 'Total credited' : 'Total', value: money(s.totals.gross), strong: true },
    ],
    notes,
    payment: `Payment: ${PROVIDER_DISPLAY_NAMES[s.payment.provider] ?? s.payment.provider}, reference ${s.payment.reference}, paid ${formatDate(s.payment.paidAt)}`,
  };
}

/** "2026-12-01T09:42:10Z" -> "1 December 2026" (UTC; no locale data, so it never varies). */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new Error(`Not an ISO 8601 date: '${iso}'`);
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** Stripe's `eu_vat` -> "EU VAT". */
function taxIdType(type: string): string {
  return type.replace(/_/g, ' ').toUpperCase();
}

function nonEmpty(line: string): boolean {
  return line.trim() !== '';
}
