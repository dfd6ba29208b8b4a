import type { PurchaseReceiptFacts, RenderedEmail } from '../email-facts';
import { formatAmount, formatDateTime, providerName } from '../format';
import { button, details, greeting, links, paragraph, row, STUDENT_FOOTER, strong, user, type Block } from '../message';
import { renderMessage } from '../render-message';

function invoiceNote(facts: PurchaseReceiptFacts): Block[] {
  if (facts.invoice) {
    return [
      paragraph(
        'Your invoice ',
        strong(facts.invoice.number),
        ` is attached to this email (${facts.invoice.filename}). You can also download it at any time from the Invoices page of your account.`,
      ),
    ];
  }
  return [
    paragraph(
      'Your invoice is being prepared. Once it is issued, you can download it from the Invoices page of your account.',
    ),
  ];
}

export function purchaseReceipt(facts: PurchaseReceiptFacts): RenderedEmail {
  const amount = formatAmount(facts.amount);
  return renderMessage({
    subject: `Your receipt for ${facts.courseTitle}`,
    preheader: `You paid ${amount} for ${facts.courseTitle}. Thank you!`,
    heading: 'Thank you for your purchase',
    blocks: [
      greeting(facts.recipientName),
      paragraph('We received your payment of ', strong(amount), ' for ', user(facts.courseTitle), '.'),
      details(
        row('Course', user(facts.courseTitle)),
        row('Amount paid', strong(amount)),
        facts.tax && row('Tax included', formatAmount(facts.tax)),
        row('Paid on', formatDateTime(facts.paidAt)),
        row('Paid with', providerName(facts.provider)),
        row('Payment reference', facts.paymentId),
      ),
      ...invoiceNote(facts),
      button('See your payment history', facts.paymentUrl),
      links({ label: 'Your invoices', url: facts.invoicesUrl }),
      paragraph('Keep this email for your records. Enjoy the course!'),
    ],
    footer: STUDENT_FOOTER,
  });
}
