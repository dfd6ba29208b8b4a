import type {
  BuyerParty,
  DocumentExchangeRate,
  DocumentPayment,
  InvoiceSnapshot,
  SellerParty,
} from '../../src/domain/invoices/invoice-snapshot';

/**
 * Snapshots of issued invoices and credit notes for tests and the benchmark. Lines are given
 * net per unit; tax and totals are worked out exactly (half away from zero, per line) so that
 * `net + tax = gross` holds as it does on real documents.
 */
export interface LineOptions {
  description: string;
  quantity?: number;
  unitNet: number;
}

export interface InvoiceSnapshotOptions {
  number?: string;
  issuedAt?: string;
  currency?: string;
  ratePercent?: string;
  pricesIncludeTax?: boolean;
  taxNote?: string | null;
  lines?: LineOptions[];
  seller?: Partial<SellerParty>;
  buyer?: Partial<BuyerParty>;
  exchangeRate?: DocumentExchangeRate | null;
  payment?: Partial<DocumentPayment>;
}

export const SELLER: SellerParty = {
  name: 'Lernwerk Akademie GmbH',
  address: ['Friedrichstraße 123', '10117 Berlin', 'Germany'],
  vatId: 'DE123456789',
  email: 'billing@lernwerk.example',
};

export const BUYER: BuyerParty = {
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  address: ['12 St James’s Square', 'London SW1Y 4LB', 'GB'],
  taxIds: [],
};

/** Buyers from around the world, in the scripts the PDF fonts must cover. */
export const WORLD_BUYERS: BuyerParty[] = [
  { ...BUYER },
  { name: '山田太郎', email: 'taro@example.jp', address: ['東京都千代田区丸の内1-1-1', '100-0005', 'JP'], taxIds: [] },
  {
    name: 'محمد العلي',
    email: 'm.alali@example.kw',
    address: ['شارع الخليج العربي', 'مدينة الكويت', 'KW'],
    taxIds: [],
  },
  { name: 'Анна Кузнецова', email: 'anna@example.ru', address: ['ул. Тверская, 7', 'Москва 125009'], taxIds: [] },
  { name: 'Γιώργος Παπαδόπουλος', email: 'giorgos@example.gr', address: ['Οδός Ερμού 15', 'Αθήνα 105 63'], taxIds: [] },
  {
    name: 'François Müller-Ødegård',
    email: 'francois@example.fr',
    address: ['7 rue de l’Église', '75004 Paris', 'FR'],
    taxIds: [{ type: 'eu_vat', value: 'FR12345678901' }],
  },
  { name: 'Nguyễn Thị Hương', email: 'huong@example.vn', address: ['Hà Nội'], taxIds: [] },
];

export function invoiceSnapshot(options: InvoiceSnapshotOptions = {}): InvoiceSnapshot {
  const currency = options.currency ?? 'EUR';
  const ratePercent = options.ratePercent ?? '20';
  const lines = (options.lines ?? [{ description: 'TypeScript Payments Masterclass', unitNet: 3750 }]).map((l) => {
    const quantity = l.quantity ?? 1;
    const net = l.unitNet * quantity;
    const tax = taxOf(net, ratePercent);
    return { description: l.description, quantity, unitNet: l.unitNet, net, tax, gross: net + tax };
  });
  const totals = {
    net: sum(lines.map((l) => l.net)),
    tax: sum(lines.map((l) => l.tax)),
    gross: sum(lines.map((l) => l.gross)),
  };
  const issuedAt = options.issuedAt ?? '2026-12-01T09:42:10.000Z';
  return {
    kind: 'invoice',
    number: options.number ?? 'INV-2026-000042',
    issuedAt,
    currency,
    seller: { ...SELLER, ...options.seller },
    buyer: { ...BUYER, ...options.buyer },
    lines,
    tax: {
      ratePercent,
      pricesIncludeTax: options.pricesIncludeTax ?? true,
      amount: totals.tax,
      note:
        options.taxNote === undefined
          ? ratePercent === '0'
            ? 'Reverse charge: the recipient accounts for VAT.'
            : null
          : options.taxNote,
    },
    totals,
    exchangeRate: options.exchangeRate ?? null,
    payment: {
      provider: 'stripe',
      reference: 'pi_3QxAmpleInvoice0042',
      paidAt: issuedAt,
      ...options.payment,
    },
    correction: null,
  };
}

export interface CreditNoteOptions {
  number?: string;
  issuedAt?: string;
  refundReference?: string | null;
  refundedAt?: string;
}

/** The credit note that takes back all of `invoice`: every amount negated. */
export function creditNoteFor(invoice: InvoiceSnapshot, options: CreditNoteOptions = {}): InvoiceSnapshot {
  const issuedAt = options.issuedAt ?? '2026-12-03T15:00:00.000Z';
  const negate = (n: number) => (n === 0 ? 0 : -n);
  return {
    ...invoice,
    kind: 'credit_note',
    number: options.number ?? 'CN-2026-000007',
    issuedAt,
    lines: invoice.lines.map((l) => ({
      ...l,
      unitNet: negate(l.unitNet),
      net: negate(l.net),
      tax: negate(l.tax),
      gross: negate(l.gross),
    })),
    tax: { ...invoice.tax, amount: negate(invoice.tax.amount) },
    totals: { net: negate(invoice.totals.net), tax: negate(invoice.totals.tax), gross: negate(invoice.totals.gross) },
    exchangeRate: invoice.exchangeRate && {
      ...invoice.exchangeRate,
      baseAmount: negate(invoice.exchangeRate.baseAmount),
    },
    correction: {
      invoiceNumber: invoice.number,
      invoiceIssuedAt: invoice.issuedAt,
      refundReference: options.refundReference === undefined ? 're_3QxAmpleRefund0007' : options.refundReference,
      refundedAt: options.refundedAt ?? issuedAt,
    },
  };
}

/** `net * rate / 100`, rounded half away from zero, exactly (the rate is a decimal string). */
export function taxOf(net: number, ratePercent: string): number {
  const [whole, fraction = ''] = ratePercent.split('.');
  const numerator = BigInt(net) * BigInt(whole + fraction);
  const denominator = 100n * 10n ** BigInt(fraction.length);
  const magnitude = (abs(numerator) * 2n + denominator) / (2n * denominator);
  return Number(numerator < 0n ? -magnitude : magnitude);
}

function abs(n: bigint): bigint {
  return n < 0n ? -n : n;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
