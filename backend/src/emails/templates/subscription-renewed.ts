import type { RenderedEmail, SubscriptionRenewedFacts } from '../email-facts';
import { formatAmount, formatDate, formatDateTime } from '../format';
import { button, details, greeting, paragraph, row, STUDENT_FOOTER, strong, user } from '../message';
import { renderMessage } from '../render-message';

export function subscriptionRenewed(facts: SubscriptionRenewedFacts): RenderedEmail {
  const amount = formatAmount(facts.amount);
  return renderMessage({
    subject: `Your ${facts.planName} subscription has renewed`,
    preheader: `We received your payment of ${amount}. Thank you!`,
    heading: 'Your subscription has renewed',
    blocks: [
      greeting(facts.recipientName),
      paragraph(
        'We received your payment of ',
        strong(amount),
        ' for ',
        user(facts.planName),
        facts.paidUntil ? '. Your subscription is paid until ' : '. Thank you for staying with us.',
        ...(facts.paidUntil ? [strong(formatDate(facts.paidUntil)), '.'] : []),
      ),
      details(
        row('Plan', user(facts.planName)),
        row('Amount paid', strong(amount)),
        row('Paid on', formatDateTime(facts.paidAt)),
        facts.paidUntil && row('Paid until', formatDate(facts.paidUntil)),
      ),
      facts.invoice
        ? paragraph(
            'Your invoice ',
            strong(facts.invoice.number),
            ` is attached to this email (${facts.invoice.filename}).`,
          )
        : paragraph('Your invoice will be ready to download from your subscription page once it is issued.'),
      button('Manage your subscription', facts.manageUrl),
    ],
    footer: STUDENT_FOOTER,
  });
}
