import type { RenderedEmail, SubscriptionEndingSoonFacts } from '../email-facts';
import { formatDate } from '../format';
import { button, greeting, paragraph, STUDENT_FOOTER, strong, user } from '../message';
import { renderMessage } from '../render-message';

export function subscriptionEndingSoon(facts: SubscriptionEndingSoonFacts): RenderedEmail {
  const endsOn = formatDate(facts.endsAt);
  return renderMessage({
    subject: `Your ${facts.planName} subscription ends on ${endsOn}`,
    preheader: 'You can resume it before then to keep your access.',
    heading: 'Your subscription ends soon',
    blocks: [
      greeting(facts.recipientName),
      paragraph(
        'Your subscription to ',
        user(facts.planName),
        ' is set to end on ',
        strong(endsOn),
        '. After that, the courses of your plan will no longer be open to you, and you will not be charged again.',
      ),
      paragraph('If you would like to keep learning, you can resume your subscription before then.'),
      button('Resume your subscription', facts.manageUrl),
      paragraph('If you meant to end it, there is nothing you need to do.'),
    ],
    footer: STUDENT_FOOTER,
  });
}
