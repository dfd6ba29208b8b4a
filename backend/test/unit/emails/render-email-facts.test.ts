import type { EmailFacts } from '../../../src/emails/email-facts';
import { renderEmail } from '../../../src/emails/render-email';
import { factsOf, FIXTURES } from './email-fixtures';

/** The facts a reader must find in both parts of each kind. */
const KEY_FACTS: [string, EmailFacts, string[]][] = [
  [
    'purchase_receipt',
    FIXTURES.purchase_receipt,
    ['¥1,500', '¥136', '日本語で学ぶ TypeScript 入門', 'INV-2026-000042', '1 December 2026'],
  ],
  [
    'refund_confirmation',
    FIXTURES.refund_confirmation,
    ['KWD\u00a01.250', 'KWD\u00a05.000', 'CN-2026-000007', '2 December 2026'],
  ],
  ['subscription_started', FIXTURES.subscription_started, ['€10.50 per month', 'Про: все курсы', '15 December 2026']],
  ['subscription_renewed', FIXTURES.subscription_renewed, ['€99.00', 'INV-2026-000108', '1 December 2027']],
  [
    'renewal_failed',
    FIXTURES.renewal_failed,
    [
      'KWD\u00a03.500',
      'Your card has insufficient funds.',
      '4 December 2026, 10:00 UTC',
      'https://learn.example.com/account/payment-methods',
    ],
  ],
  [
    'payment_action_required',
    FIXTURES.payment_action_required,
    ['¥12,000', 'プロ年間プラン', 'https://invoice.stripe.com/i/acct_1Nv0/test_YWNjdF8xTnYw?s=em'],
  ],
  ['subscription_canceled', FIXTURES.subscription_canceled, ['10 December 2026', '31 December 2026', 'Про: все курсы']],
  ['subscription_ending_soon', FIXTURES.subscription_ending_soon, ['8 December 2026', 'الخطة الشهرية']],
  [
    'dispute_opened',
    FIXTURES.dispute_opened,
    [
      '€49.00',
      'Ελένη Παπαδοπούλου',
      'eleni@example.gr',
      'product_not_received',
      'PayPal',
      'PP-D-27803',
      'https://learn.example.com/admin/payments/4b1e2c9a',
    ],
  ],
  [
    'admin_digest',
    FIXTURES.admin_digest,
    [
      '3 failed webhooks',
      '2 drift findings (1 unhealed)',
      'evt_1QxA',
      'refund amount exceeds the payment',
      'Refund ref_3 is missing at PayPal',
      'https://learn.example.com/admin/webhooks',
      'https://learn.example.com/admin/reconciliation',
    ],
  ],
];

/** The text part with its wrapping undone (a no-break space stays), to search it for phrases. */
const unwrapped = (text: string) => text.replace(/[ \n]+/g, ' ');

describe('renderEmail key facts', () => {
  it.each(KEY_FACTS)(
    'when a %s is rendered, then its HTML and its text carry the key facts',
    (_kind, facts, expected) => {
      const { html, text } = renderEmail(facts);
      for (const fact of expected) {
        expect(html).toContain(fact);
        expect(unwrapped(text)).toContain(fact);
      }
    },
  );

  it('when a renewal failed, then the update link is the first button and is printed on its own line in the text', () => {
    const { html, text } = renderEmail(FIXTURES.renewal_failed);
    const firstHref = /<a href="([^"]+)"/.exec(html)?.[1];
    expect(firstHref).toBe('https://learn.example.com/account/payment-methods');
    expect(text).toContain('\nUpdate your payment method:\nhttps://learn.example.com/account/payment-methods\n');
    expect(text.indexOf('account/payment-methods')).toBeLessThan(text.indexOf('Reason:'));
  });

  it("when a payment needs the student's action, then the provider's page is the button", () => {
    const { subject, html, text } = renderEmail(FIXTURES.payment_action_required);
    expect(subject).toBe('Action needed: confirm your payment for プロ年間プラン');
    expect(/<a href="([^"]+)"[^>]*>Confirm your payment<\/a>/.exec(html)?.[1]).toBe(
      FIXTURES.payment_action_required.actionUrl,
    );
    expect(text).toContain(`\nConfirm your payment:\n${FIXTURES.payment_action_required.actionUrl}\n`);
  });

  it('when a receipt has no invoice yet, then it says where to download it and names no document number', () => {
    const { html, text } = renderEmail(factsOf('purchase_receipt', { invoice: undefined }));
    for (const part of [html, unwrapped(text)]) {
      expect(part).not.toContain('INV-2026-000042');
      expect(part).not.toContain('attached');
      expect(part).toContain('Invoices page of your account');
    }
    expect(html).toContain('href="https://learn.example.com/account/invoices"');
  });

  it('when a receipt has its invoice, then the text names the attached file', () => {
    expect(renderEmail(FIXTURES.purchase_receipt).text).toContain('INV-2026-000042.pdf');
  });

  it('when a refund is partial, then subject and body say partial; when it is full, they say in full', () => {
    const partial = renderEmail(FIXTURES.refund_confirmation);
    expect(partial.subject).toBe('Your partial refund of KWD\u00a01.250');
    expect(partial.text).toContain('partial refund');
    expect(partial.text).not.toContain('in full');

    const full = renderEmail(
      factsOf('refund_confirmation', {
        refunded: { amount: 5000, currency: 'KWD' },
        totalRefunded: { amount: 5000, currency: 'KWD' },
      }),
    );
    expect(full.subject).toBe('Your refund of KWD\u00a05.000');
    expect(full.text).toContain('in full');
    expect(full.text).not.toContain('partial');
  });

  it('when a partial refund follows earlier ones, then the total refunded so far is given', () => {
    const { text } = renderEmail(
      factsOf('refund_confirmation', {
        refunded: { amount: 1000, currency: 'KWD' },
        totalRefunded: { amount: 3000, currency: 'KWD' },
      }),
    );
    expect(unwrapped(text)).toContain('KWD\u00a03.000 of KWD\u00a05.000 is refunded so far');
    expect(text).toContain('Refunded in total: KWD\u00a03.000');
  });

  it('when a refund has no credit note yet, then it says where the credit note will be', () => {
    const { text } = renderEmail(factsOf('refund_confirmation', { creditNote: undefined }));
    expect(text).not.toContain('CN-2026-000007');
    expect(unwrapped(text)).toContain('download it from the Invoices page of your account');
  });

  it('when a subscription starts with a payment, then the subject welcomes and the invoice is named; a trial says when it ends', () => {
    const paid = renderEmail(
      factsOf('subscription_started', {
        trialEndsAt: undefined,
        invoice: { number: 'INV-2026-000200', filename: 'INV-2026-000200.pdf' },
      }),
    );
    expect(paid.subject).toBe('Welcome to Про: все курсы');
    expect(paid.text).toContain('INV-2026-000200');
    expect(paid.text).not.toContain('trial');

    const trial = renderEmail(FIXTURES.subscription_started);
    expect(trial.subject).toBe('Your free trial of Про: все курсы has started');
    expect(unwrapped(trial.text)).toContain('Your free trial runs until 15 December 2026');
  });

  it('when the digest lists fewer items than the total, then it says how many it shows', () => {
    const { text } = renderEmail(
      factsOf('admin_digest', { failedWebhooks: { ...FIXTURES.admin_digest.failedWebhooks, total: 37 } }),
    );
    expect(text).toContain('Showing the 2 newest of 37.');
    expect(text).toContain('Failed webhook events (37)');
  });

  it('when a name is Arabic, then the HTML prints it with its own direction', () => {
    expect(renderEmail(FIXTURES.refund_confirmation).html).toContain('<span dir="auto">محمد الأحمد</span>');
  });

  it('when the kind is unknown, then rendering fails rather than sending an empty message', () => {
    expect(() => renderEmail({ kind: 'newsletter' } as unknown as EmailFacts)).toThrow(/no template.*newsletter/);
  });
});
