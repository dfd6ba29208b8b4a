import type { InvoicingConfig } from '../../config/config';
import { buyerParty, type RefundFacts, type SaleFacts } from '../../domain/invoices/document-snapshot';
import { taxIncluded } from '../../domain/invoices/tax';
import type { PendingDocument } from '../../repositories/invoice.repository';

/** What the sale's invoice says, from the stored facts of the payment and its buyer. */
export function saleFacts(doc: PendingDocument, invoicing: InvoicingConfig, issuedAt: Date): SaleFacts {
  const { sale } = doc;
  // Payments from before tax was recorded at checkout: the configured rate, worked out of the price.
  const tax = sale.tax
    ? { net: sale.paidAmount - sale.tax.amount, tax: sale.tax.amount, gross: sale.paidAmount, ...sale.tax }
    : { ...taxIncluded(sale.paidAmount, invoicing.tax.rateBasisPoints), ...invoicing.tax, pricesIncludeTax: true };
  return {
    seller: invoicing.seller,
    buyer: buyerParty(doc.account, sale.buyer),
    description: sale.description ?? (sale.kind === 'subscription' ? 'Subscription' : 'Course'),
    paid: { amount: sale.paidAmount, currency: doc.currency },
    tax,
    noTaxNote: invoicing.noTaxNote,
    exchangeRate: sale.exchangeRate && {
      rate: sale.exchangeRate.rate,
      source: sale.exchangeRate.source,
      validFrom: sale.exchangeRate.validFrom.toISOString(),
      baseAmount: sale.exchangeRate.baseAmount,
      baseCurrency: sale.exchangeRate.baseCurrency,
    },
    payment: {
      provider: sale.provider,
      reference: sale.providerReference ?? doc.paymentId,
      paidAt: (sale.completedAt ?? issuedAt).toISOString(),
    },
  };
}

/** What a credit note documents: the refund, and what earlier credit notes already took back. */
export function refundFacts(doc: PendingDocument, creditedBefore: number, issuedAt: Date): RefundFacts {
  return {
    amount: { amount: -doc.amount, currency: doc.currency },
    creditedBefore,
    reference: doc.refund?.providerRefundId ?? null,
    refundedAt: doc.refund?.refundedAt ?? issuedAt,
  };
}
