import type { RefundConfirmationFacts, RenderedEmail } from '../email-facts';
import { formatAmount, formatDate } from '../format';
import { button, details, greeting, paragraph, row, STUDENT_FOOTER, strong, user, type Block } from '../message';
import { renderMessage } from '../render-message';

/** Whether, with this refund, nothing of the payment is left to refund. */
function refundedInFull(facts: RefundConfirmationFacts): boolean {
  return facts.totalRefunded.amount >= facts.paymentTotal.amount;
}

function summary(facts: RefundConfirmationFacts): Block {
  const refunded = strong(formatAmount(facts.refunded));
  const total = formatAmount(facts.paymentTotal);
  const item = user(facts.itemTitle);
  if (facts.refunded.amount >= facts.paymentTotal.amount) {
    return paragraph('We refunded your payment of ', refunded, ' for ', item, ' in full.');
  }
  if (refundedInFull(facts)) {
    return paragraph(
      'We refunded ',
      refunded,
      ' of your payment for ',
      item,
      `. With this refund, your payment of ${total} is now refunded in full.`,
    );
  }
  const earlier = facts.totalRefunded.amount > facts.refunded.amount;
  return paragraph(
    'We refunded ',
    refunded,
    ` of your ${total} payment for `,
    item,
    earlier
      ? `. This is a partial refund: ${formatAmount(facts.totalRefunded)} of ${total} is refunded so far, this refund included.`
      : '. This is a partial refund of that payment.',
  );
}

function creditNoteNote(facts: RefundConfirmationFacts): Block {
  if (facts.creditNote) {
    return paragraph(
      'Your credit note ',
      strong(facts.creditNote.number),
      ` is attached to this email (${facts.creditNote.filename}). You can also download it from the Invoices page of your account.`,
    );
  }
  return paragraph(
    'Your credit note is being prepared. Once it is issued, you can download it from the Invoices page of your account.',
  );
}

export function refundConfirmation(facts: RefundConfirmationFacts): RenderedEmail {
  const amount = formatAmount(facts.refunded);
  const full = refundedInFull(facts);
  return renderMessage({
    subject: full ? `Your refund of ${amount}` : `Your partial refund of ${amount}`,
    preheader: `${amount} is on its way back to you for ${facts.itemTitle}.`,
    heading: full ? 'Your refund is on its way' : 'Your partial refund is on its way',
    blocks: [
      greeting(facts.recipientName),
      summary(facts),
      details(
        row('Refund for', user(facts.itemTitle)),
        row('Refunded now', strong(amount)),
        facts.totalRefunded.amount !== facts.refunded.amount &&
          row('Refunded in total', formatAmount(facts.totalRefunded)),
        row('Original payment', formatAmount(facts.paymentTotal)),
        row('Refunded on', formatDate(facts.refundedAt)),
      ),
      paragraph(
        'The money goes back to the card or account you paid with. Depending on your bank or payment provider, it can take several business days to show on your statement.',
      ),
      creditNoteNote(facts),
      button('See your payment history', facts.paymentUrl),
    ],
    footer: STUDENT_FOOTER,
  });
}
