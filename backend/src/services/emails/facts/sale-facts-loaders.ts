import { money } from '../../../domain/money';
import { documentOutcome } from './document-attachment';
import type { FactsLoader, LoadedEmail } from './facts-loader';

const purchaseReceipt: FactsLoader = async (email, { repos, links }): Promise<LoadedEmail> => {
  const sale = email.paymentId ? await repos.saleEmails.receipt(email.paymentId) : undefined;
  if (!sale) return { status: 'obsolete', reason: 'the payment no longer exists' };
  if (sale.status !== 'completed')
    return { status: 'obsolete', reason: `the payment is ${sale.status}, not completed` };
  const invoice = documentOutcome(sale.invoice, 'invoice', email.createdAt);
  if (invoice.status === 'wait') return invoice;
  return {
    status: 'ready',
    to: [sale.student.email],
    attachments: invoice.attachments,
    facts: {
      kind: 'purchase_receipt',
      recipientName: sale.student.name,
      courseTitle: sale.courseTitle ?? 'Course',
      amount: sale.amount,
      ...(sale.tax ? { tax: sale.tax } : {}),
      paidAt: sale.paidAt ?? email.createdAt,
      provider: sale.provider,
      paymentId: sale.paymentId,
      ...(invoice.attached ? { invoice: invoice.attached } : {}),
      paymentUrl: links.link('/account/payments'),
      invoicesUrl: links.link('/account/invoices'),
    },
  };
};

const refundConfirmation: FactsLoader = async (email, { repos, links }): Promise<LoadedEmail> => {
  const refund = email.refundId ? await repos.saleEmails.refundConfirmation(email.refundId) : undefined;
  if (!refund) return { status: 'obsolete', reason: 'the refund no longer exists' };
  // A card refund can still fail after it succeeded: a confirmation would then say the wrong thing.
  if (refund.status !== 'succeeded') return { status: 'obsolete', reason: `the refund is ${refund.status} now` };
  const creditNote = documentOutcome(refund.creditNote, 'credit note', email.createdAt);
  if (creditNote.status === 'wait') return creditNote;
  return {
    status: 'ready',
    to: [refund.student.email],
    attachments: creditNote.attachments,
    facts: {
      kind: 'refund_confirmation',
      recipientName: refund.student.name,
      itemTitle: refund.itemTitle ?? 'Purchase',
      refunded: refund.amount,
      paymentTotal: refund.paymentTotal,
      totalRefunded: money(refund.totalRefunded, refund.paymentTotal.currency),
      refundedAt: refund.refundedAt,
      ...(creditNote.attached ? { creditNote: creditNote.attached } : {}),
      paymentUrl: links.link('/account/payments'),
    },
  };
};

/** The purchase receipt and the refund confirmation. */
export const saleFactsLoaders = {
  purchase_receipt: purchaseReceipt,
  refund_confirmation: refundConfirmation,
};
