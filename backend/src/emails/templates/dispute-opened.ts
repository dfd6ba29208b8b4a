import type { DisputeOpenedFacts, RenderedEmail } from '../email-facts';
import { formatAmount, formatDateTime, providerName } from '../format';
import { ADMIN_FOOTER, button, details, paragraph, row, strong, user } from '../message';
import { renderMessage } from '../render-message';

/** A provider's code in words, with the code itself to search for: "Product not received (product_not_received)". */
function inWords(code: string): string {
  const words = code.replace(/[_-]+/g, ' ').trim();
  if (words === '' || words === code) return code;
  return `${words.charAt(0).toUpperCase()}${words.slice(1)} (${code})`;
}

export function disputeOpened(facts: DisputeOpenedFacts): RenderedEmail {
  const amount = formatAmount(facts.amount);
  const provider = providerName(facts.provider);
  return renderMessage({
    subject: `Dispute opened: ${amount} for ${facts.itemTitle}`,
    preheader: `${facts.buyerName} disputed a payment of ${amount} with ${provider}.`,
    heading: 'A payment is disputed',
    blocks: [
      paragraph(
        'A buyer opened a dispute on a payment of ',
        strong(amount),
        ` with ${provider}. Review the payment and respond in the ${provider} dashboard before the deadline it gives; an unanswered dispute is usually lost.`,
      ),
      details(
        row('Buyer', user(facts.buyerName)),
        row('Buyer email', facts.buyerEmail),
        row('Item', user(facts.itemTitle)),
        row('Amount', strong(amount)),
        row('Reason', inWords(facts.reason)),
        row('Status', inWords(facts.status)),
        row('Provider', provider),
        row('Dispute id', facts.providerDisputeId),
        row('Opened', formatDateTime(facts.openedAt)),
      ),
      button('Open the payment', facts.paymentUrl),
    ],
    footer: ADMIN_FOOTER,
  });
}
