import type { RenderedEmail, SubscriptionStartedFacts } from '../email-facts';
import { formatDate } from '../format';
import { button, details, greeting, paragraph, row, STUDENT_FOOTER, strong, user, type Block } from '../message';
import { renderMessage } from '../render-message';
import { planPrice } from './plan-price';

function documentNote(facts: SubscriptionStartedFacts): Block | undefined {
  if (facts.invoice) {
    return paragraph(
      'The invoice for your first payment, ',
      strong(facts.invoice.number),
      `, is attached to this email (${facts.invoice.filename}).`,
    );
  }
  if (facts.trialEndsAt) return undefined;
  return paragraph(
    'The invoice for your first payment will be ready to download from your subscription page once it is issued.',
  );
}

export function subscriptionStarted(facts: SubscriptionStartedFacts): RenderedEmail {
  const price = planPrice(facts.price, facts.interval);
  const trial = facts.trialEndsAt;
  return renderMessage({
    subject: trial ? `Your free trial of ${facts.planName} has started` : `Welcome to ${facts.planName}`,
    preheader: trial
      ? `Your free trial runs until ${formatDate(trial)}.`
      : `Your subscription to ${facts.planName} is active.`,
    heading: trial ? 'Your free trial has started' : 'Your subscription is active',
    blocks: [
      greeting(facts.recipientName),
      trial
        ? paragraph(
            'Welcome to ',
            user(facts.planName),
            '! Your free trial runs until ',
            strong(formatDate(trial)),
            `. After that, your subscription continues at ${price}, unless you cancel before the trial ends.`,
          )
        : paragraph(
            'Welcome to ',
            user(facts.planName),
            '! Your subscription is active, and the courses of your plan are open to you now.',
          ),
      details(
        row('Plan', user(facts.planName)),
        row('Price', strong(price)),
        trial && row('Free trial until', formatDate(trial)),
        facts.renewsAt && row(trial ? 'First payment' : 'Next payment', formatDate(facts.renewsAt)),
      ),
      documentNote(facts),
      paragraph(
        'You can see your payments, change your payment method or cancel at any time from your subscription page.',
      ),
      button('Manage your subscription', facts.manageUrl),
    ],
    footer: STUDENT_FOOTER,
  });
}
