import type { RenderedEmail, SubscriptionCanceledFacts } from '../email-facts';
import { formatDate } from '../format';
import { button, details, greeting, paragraph, row, STUDENT_FOOTER, strong, user } from '../message';
import { renderMessage } from '../render-message';

export function subscriptionCanceled(facts: SubscriptionCanceledFacts): RenderedEmail {
  const accessEndsAt =
    facts.accessEndsAt && facts.accessEndsAt.getTime() > facts.canceledAt.getTime() ? facts.accessEndsAt : undefined;
  return renderMessage({
    subject: `Your ${facts.planName} subscription is canceled`,
    preheader: accessEndsAt
      ? `You keep access until ${formatDate(accessEndsAt)}. You will not be charged again.`
      : 'You will not be charged again.',
    heading: 'Your subscription is canceled',
    blocks: [
      greeting(facts.recipientName),
      paragraph(
        'Your subscription to ',
        user(facts.planName),
        ` was canceled on ${formatDate(facts.canceledAt)}. You will not be charged again.`,
      ),
      accessEndsAt
        ? paragraph('You keep access to the courses of your plan until ', strong(formatDate(accessEndsAt)), '.')
        : paragraph('Access to the courses of your plan has ended.'),
      details(
        row('Plan', user(facts.planName)),
        row('Canceled on', formatDate(facts.canceledAt)),
        accessEndsAt && row('Access until', formatDate(accessEndsAt)),
      ),
      paragraph('We are sorry to see you go. If you change your mind, you can subscribe again at any time.'),
      button('See the plans', facts.plansUrl),
    ],
    footer: STUDENT_FOOTER,
  });
}
