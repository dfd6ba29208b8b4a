import type { BuyerDetails } from '../events/domain-event';
import type { Money } from '../money';
import type {
  BuyerParty,
  DocumentExchangeRate,
  DocumentPayment,
  InvoiceSnapshot,
  SellerParty,
} from './invoice-snapshot';
import { ratePercent, taxShare, type TaxedAmount } from './tax';

/** What a sale's invoice says, gathered when it is issued. */
export interface SaleFacts {
  seller: SellerParty;
  buyer: BuyerParty;
  description: string;
  /** What was paid, tax included. */
  paid: Money;
  /** The tax in it, as fixed at checkout. */
  tax: TaxedAmount & { rateBasisPoints: number; pricesIncludeTax: boolean };
  /** Printed when the rate is 0. */
  noTaxNote: string;
  exchangeRate: DocumentExchangeRate | null;
  payment: DocumentPayment;
}

export interface RefundFacts {
  /** The refund, positive, in the invoice's currency. */
  amount: Money;
  /** What earlier credit notes of this invoice already took back (positive). */
  creditedBefore: number;
  reference: string | null;
  refundedAt: Date;
}

export class DocumentMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DocumentMismatchError';
  }
}

export function invoiceSnapshot(facts: SaleFacts, number: string, issuedAt: Date): InvoiceSnapshot {
  const { paid, tax } = facts;
  if (tax.gross !== paid.amount || tax.net + tax.tax !== tax.gross) {
    throw new DocumentMismatchError(`Tax split ${tax.net} + ${tax.tax} does not make the ${paid.amount} paid`);
  }
  return {
    kind: 'invoice',
    number,
    issuedAt: issuedAt.toISOString(),
    currency: paid.currency,
    seller: facts.seller,
    buyer: facts.buyer,
    lines: [
      { description: facts.description, quantity: 1, unitNet: tax.net, net: tax.net, tax: tax.tax, gross: tax.gross },
    ],
    tax: {
      ratePercent: ratePercent(tax.rateBasisPoints),
      pricesIncludeTax: tax.pricesIncludeTax,
      amount: tax.tax,
      note: tax.rateBasisPoints === 0 ? facts.noTaxNote : null,
    },
    totals: { net: tax.net, tax: tax.tax, gross: tax.gross },
    exchangeRate: facts.exchangeRate,
    payment: facts.payment,
    correction: null,
  };
}

/**
 * A credit note for a refund of the sale `invoice` documents: the same parties and rate, the
 * refunded amount negative, and its share of the tax (see `taxShare`).
 */
export function creditNoteSnapshot(
  invoice: InvoiceSnapshot,
  refund: RefundFacts,
  number: string,
  issuedAt: Date,
): InvoiceSnapshot {
  if (refund.amount.currency !== invoice.currency) {
    throw new DocumentMismatchError(`A ${refund.amount.currency} refund cannot correct a ${invoice.currency} invoice`);
  }
  const after = refund.creditedBefore + refund.amount.amount;
  if (refund.amount.amount <= 0 || after > invoice.totals.gross) {
    throw new DocumentMismatchError(
      `Refunding ${refund.amount.amount} after ${refund.creditedBefore} exceeds the invoice's ${invoice.totals.gross}`,
    );
  }
  const tax = taxShare(invoice.totals, refund.creditedBefore, after);
  const gross = -refund.amount.amount;
  const net = gross + tax;
  const line = invoice.lines[0]!;
  return {
    ...invoice,
    kind: 'credit_note',
    number,
    issuedAt: issuedAt.toISOString(),
    lines: [{ description: `Refund: ${line.description}`, quantity: 1, unitNet: net, net, tax: -tax, gross }],
    tax: { ...invoice.tax, amount: -tax },
    totals: { net, tax: -tax, gross },
    correction: {
      invoiceNumber: invoice.number,
      invoiceIssuedAt: invoice.issuedAt,
      refundReference: refund.reference,
      refundedAt: refund.refundedAt.toISOString(),
    },
  };
}

/** The buyer as the invoice names them: the account, completed by what the checkout collected. */
export function buyerParty(account: { name: string; email: string }, details: BuyerDetails | null): BuyerParty {
  const address = details?.address;
  const cityLine = [address?.postalCode, address?.city].filter(Boolean).join(' ');
  return {
    name: details?.name?.trim() || account.name,
    email: account.email,
    address: [address?.line1, address?.line2, cityLine, address?.region, address?.country].filter(
      (part): part is string => Boolean(part && part.trim()),
    ),
    taxIds: details?.taxIds ?? [],
  };
}
