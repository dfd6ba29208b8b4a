import type { ProviderName } from '../payments/payment-status';

/**
 * Everything an issued invoice or credit note says, frozen at issue. The PDF is rendered from
 * this alone, once; nothing reads the live course, user or seller settings afterwards.
 *
 * Amounts are signed integers in the document currency's minor units: positive on an invoice,
 * negative on a credit note (it takes money back). `net + tax = gross` on every line and in the
 * totals.
 */
export type DocumentKind = 'invoice' | 'credit_note';

export interface SellerParty {
  name: string;
  /** Postal address, one line per element. */
  address: string[];
  vatId: string;
  email: string;
}

export interface BuyerTaxId {
  /** The provider's type, e.g. Stripe `eu_vat`, `gb_vat`. */
  type: string;
  value: string;
}

export interface BuyerParty {
  name: string;
  email: string;
  /** Billing address lines, where the checkout collected one (empty otherwise). */
  address: string[];
  taxIds: BuyerTaxId[];
}

export interface DocumentLine {
  description: string;
  quantity: number;
  /** Price of one unit before tax. */
  unitNet: number;
  net: number;
  tax: number;
  gross: number;
}

export interface DocumentTax {
  /** The rate as a decimal string, e.g. "20" or "7.7"; "0" when no tax is charged. */
  ratePercent: string;
  /** Whether the sale price included the tax (the tax was worked out of it) or had it added. */
  pricesIncludeTax: boolean;
  amount: number;
  /** Printed when no tax is charged (why not, e.g. the seller is not VAT-registered). */
  note: string | null;
}

export interface DocumentTotals {
  net: number;
  tax: number;
  gross: number;
}

/** A converted price: the rate used, where it came from, and the price it was converted from. */
export interface DocumentExchangeRate {
  /** Units of the sale currency per one unit of the base currency, as a decimal string. */
  rate: string;
  source: string;
  /** When the rate came into force (ISO 8601). */
  validFrom: string;
  baseAmount: number;
  baseCurrency: string;
}

export interface DocumentPayment {
  provider: ProviderName;
  /** The provider's payment reference (Stripe PaymentIntent, PayPal capture id). */
  reference: string;
  /** When the money came in (ISO 8601). */
  paidAt: string;
}

/** On a credit note: the invoice it corrects, and the refund it documents. */
export interface DocumentCorrection {
  invoiceNumber: string;
  invoiceIssuedAt: string;
  refundReference: string | null;
  refundedAt: string;
}

export interface InvoiceSnapshot {
  kind: DocumentKind;
  number: string;
  /** ISO 8601. */
  issuedAt: string;
  /** ISO 4217 code of every amount on the document. */
  currency: string;
  seller: SellerParty;
  buyer: BuyerParty;
  lines: DocumentLine[];
  tax: DocumentTax;
  totals: DocumentTotals;
  exchangeRate: DocumentExchangeRate | null;
  payment: DocumentPayment;
  correction: DocumentCorrection | null;
}
