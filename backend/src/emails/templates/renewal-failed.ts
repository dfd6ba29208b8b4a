import type { RenderedEmail, RenewalFailedFacts } from '../email-facts';
import { formatAmount, formatDateTime } from '../format';
import { button, details, greeting, links, paragraph, row, STUDENT_FOOTER, strong, user } from '../message';
import { renderMessage } from '../render-message';

export function renewalFailed(facts: RenewalFailedFacts): RenderedEmail {
  const amount = facts.amount && formatAmount(facts.amount);
  const reason = facts.reason.trim();
  return renderMessage({
    subject: `Your payment for ${facts.planName} did not go through`,
    preheader: 'Please update your payment method to keep your subscription.',
    heading: 'Your renewal payment did not go through',
    blocks: [
      greeting(facts.recipientName),
      paragraph(
        'We tried to renew your ',
        user(facts.planName),
        ' subscription',
        ...(amount ? [' and collect ', strong(amount)] : []),
        ', but the payment did not go through.',
      ),
      paragraph(
        facts.nextAttemptAt
          ? `To keep your subscription, please update your payment method. We will try again on ${formatDateTime(facts.nextAttemptAt)}.`
          : 'To keep your subscription, please update your payment method.',
      ),
      button('Update your payment method', facts.updatePaymentMethodUrl),
      details(
        row('Plan', user(facts.planName)),
        amount !== undefined && row('Amount', strong(amount)),
        reason !== '' && row('Reason', reason),
        facts.nextAttemptAt && row('Next attempt', formatDateTime(facts.nextAttemptAt)),
      ),
      paragraph('If you have already updated your payment method, you can ignore this email.'),
      links({ label: 'Your subscription', url: facts.manageUrl }),
    ],
    footer: STUDENT_FOOTER,
  });
}
