import type { EmailFacts } from '../../../src/emails/email-facts';
import { renderEmail } from '../../../src/emails/render-email';
import { factsOf, FIXTURES, KINDS } from './email-fixtures';

/** Variants whose copy differs from the main fixture's: no document yet, a full refund, no trial. */
const VARIANTS: [string, EmailFacts][] = [
  [
    'purchase_receipt before the invoice is issued, in EUR',
    factsOf('purchase_receipt', {
      invoice: undefined,
      tax: undefined,
      amount: { amount: 1050, currency: 'EUR' },
      provider: 'paypal',
    }),
  ],
  [
    'refund_confirmation in full, without a credit note yet',
    factsOf('refund_confirmation', {
      refunded: { amount: 5000, currency: 'KWD' },
      totalRefunded: { amount: 5000, currency: 'KWD' },
      creditNote: undefined,
    }),
  ],
  [
    'refund_confirmation that completes earlier partial refunds',
    factsOf('refund_confirmation', {
      refunded: { amount: 1250, currency: 'KWD' },
      totalRefunded: { amount: 5000, currency: 'KWD' },
    }),
  ],
  [
    'subscription_started with a first payment and its invoice, in JPY',
    factsOf('subscription_started', {
      trialEndsAt: undefined,
      price: { amount: 12000, currency: 'JPY' },
      interval: 'year',
      renewsAt: new Date('2027-12-01T00:00:00Z'),
      invoice: { number: 'INV-2026-000200', filename: 'INV-2026-000200.pdf' },
    }),
  ],
  [
    'renewal_failed without an amount or a next attempt',
    factsOf('renewal_failed', {
      amount: undefined,
      nextAttemptAt: undefined,
      reason: '',
    }),
  ],
  ['subscription_canceled with access ended at once', factsOf('subscription_canceled', { accessEndsAt: undefined })],
  [
    'admin_digest with more items than listed and nothing to heal',
    factsOf('admin_digest', {
      failedWebhooks: { ...FIXTURES.admin_digest.failedWebhooks, total: 37 },
      drift: { total: 0, unhealed: 0, items: [] },
    }),
  ],
];

describe('renderEmail snapshots', () => {
  it.each(KINDS)('when a %s is rendered, then subject, HTML and text match the snapshot', (kind) => {
    expect(renderEmail(FIXTURES[kind])).toMatchSnapshot();
  });

  it.each(VARIANTS)('when a %s is rendered, then subject, HTML and text match the snapshot', (_name, facts) => {
    expect(renderEmail(facts)).toMatchSnapshot();
  });
});
