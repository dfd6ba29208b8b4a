import type { EmailFacts, RenderedEmail } from './email-facts';
import { adminDigest } from './templates/admin-digest';
import { disputeOpened } from './templates/dispute-opened';
import { paymentActionRequired } from './templates/payment-action-required';
import { purchaseReceipt } from './templates/purchase-receipt';
import { refundConfirmation } from './templates/refund-confirmation';
import { renewalFailed } from './templates/renewal-failed';
import { subscriptionCanceled } from './templates/subscription-canceled';
import { subscriptionEndingSoon } from './templates/subscription-ending-soon';
import { subscriptionRenewed } from './templates/subscription-renewed';
import { subscriptionStarted } from './templates/subscription-started';

/**
 * Renders one message from its facts: subject, HTML (every value escaped) and plain text.
 * Each kind has its own template in templates/.
 */
export function renderEmail(facts: EmailFacts): RenderedEmail {
  switch (facts.kind) {
    case 'purchase_receipt':
      return purchaseReceipt(facts);
    case 'refund_confirmation':
      return refundConfirmation(facts);
    case 'subscription_started':
      return subscriptionStarted(facts);
    case 'subscription_renewed':
      return subscriptionRenewed(facts);
    case 'renewal_failed':
      return renewalFailed(facts);
    case 'payment_action_required':
      return paymentActionRequired(facts);
    case 'subscription_canceled':
      return subscriptionCanceled(facts);
    case 'subscription_ending_soon':
      return subscriptionEndingSoon(facts);
    case 'dispute_opened':
      return disputeOpened(facts);
    case 'admin_digest':
      return adminDigest(facts);
    default:
      return unknownKind(facts);
  }
}

/** A kind added to EmailFacts without a template fails to compile here. */
function unknownKind(facts: never): never {
  throw new Error(`no template for email kind ${(facts as { kind?: unknown }).kind as string}`);
}
