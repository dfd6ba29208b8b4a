import type { PaymentActionRequiredFacts, RenderedEmail } from '../email-facts';
import { formatAmount } from '../format';
import { button, greeting, links, paragraph, STUDENT_FOOTER, strong, user } from '../message';
import { renderMessage } from '../render-message';

export function paymentActionRequired(facts: PaymentActionRequiredFacts): RenderedEmail {
  const amount = facts.amount && formatAmount(facts.amount);
  return renderMessage({
    subject: `Action needed: confirm your payment for ${facts.planName}`,
    preheader: 'Your bank asks you to confirm the payment for your subscription.',
    heading: 'Please confirm your payment',
    blocks: [
      greeting(facts.recipientName),
      paragraph(
        'Your bank asks you to confirm the payment',
        ...(amount ? [' of ', strong(amount)] : []),
        ' for your ',
        user(facts.planName),
        ' subscription. This is an extra security check, such as a code sent to your phone or a confirmation in your banking app.',
      ),
      paragraph(
        'The payment is not complete until you confirm it. The button opens our payment provider’s secure page.',
      ),
      button('Confirm your payment', facts.actionUrl),
      paragraph('If you have already confirmed it, you can ignore this email.'),
      links({ label: 'Your subscription', url: facts.manageUrl }),
    ],
    footer: STUDENT_FOOTER,
  });
}
