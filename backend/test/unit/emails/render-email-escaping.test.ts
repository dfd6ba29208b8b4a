import type { EmailFacts } from '../../../src/emails/email-facts';
import { renderEmail } from '../../../src/emails/render-email';
import { factsOf, FIXTURES, KINDS, type Kind } from './email-fixtures';

const HOSTILE = '<script>alert(1)</script> & "quotes"';
const ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;';
const BAD_URL = 'javascript:alert(1)';

/** Every kind with each of its people's and catalog's words replaced by markup. */
const HOSTILE_FACTS: { [K in Kind]: EmailFacts } = {
  purchase_receipt: factsOf('purchase_receipt', { recipientName: HOSTILE, courseTitle: HOSTILE, paymentId: HOSTILE }),
  refund_confirmation: factsOf('refund_confirmation', { recipientName: HOSTILE, itemTitle: HOSTILE }),
  subscription_started: factsOf('subscription_started', { recipientName: HOSTILE, planName: HOSTILE }),
  subscription_renewed: factsOf('subscription_renewed', { recipientName: HOSTILE, planName: HOSTILE }),
  renewal_failed: factsOf('renewal_failed', { recipientName: HOSTILE, planName: HOSTILE, reason: HOSTILE }),
  payment_action_required: factsOf('payment_action_required', { recipientName: HOSTILE, planName: HOSTILE }),
  subscription_canceled: factsOf('subscription_canceled', { recipientName: HOSTILE, planName: HOSTILE }),
  subscription_ending_soon: factsOf('subscription_ending_soon', { recipientName: HOSTILE, planName: HOSTILE }),
  dispute_opened: factsOf('dispute_opened', {
    buyerName: HOSTILE,
    buyerEmail: HOSTILE,
    itemTitle: HOSTILE,
    reason: HOSTILE,
    providerDisputeId: HOSTILE,
  }),
  admin_digest: factsOf('admin_digest', {
    failedWebhooks: {
      total: 1,
      items: [
        {
          provider: 'stripe',
          eventType: HOSTILE,
          eventId: HOSTILE,
          error: HOSTILE,
          at: new Date('2026-12-01T10:00:00Z'),
        },
      ],
    },
    drift: {
      total: 1,
      unhealed: 1,
      items: [{ summary: HOSTILE, healed: false, at: new Date('2026-12-01T11:00:00Z') }],
    },
  }),
};

/** Every URL field of a kind set to `url`. */
function withUrls(kind: Kind, url: string): EmailFacts {
  const facts: Record<string, unknown> = { ...FIXTURES[kind] };
  for (const key of Object.keys(facts)) if (key.endsWith('Url')) facts[key] = url;
  return facts as unknown as EmailFacts;
}

const hrefs = (markup: string) => [...markup.matchAll(/href\s*=\s*["']?([^"'\s>]*)/gi)].map((m) => m[1]);

describe('renderEmail escaping', () => {
  it.each(KINDS)('when the words of a %s hold markup, then the HTML shows them escaped and never raw', (kind) => {
    const { html } = renderEmail(HOSTILE_FACTS[kind]);
    expect(html).toContain(ESCAPED);
    expect(html).not.toContain('<script');
    expect(html).not.toContain('"quotes"');
  });

  it.each(KINDS)('when the words of a %s hold markup, then the text part prints them literally', (kind) => {
    const { text } = renderEmail(HOSTILE_FACTS[kind]);
    expect(text).toContain(HOSTILE);
    expect(text).not.toContain('&lt;');
  });

  it.each(KINDS)(
    'when every link of a %s is javascript:, then no href is written for it and it shows as text',
    (kind) => {
      const { html, text } = renderEmail(withUrls(kind, BAD_URL));
      expect(hrefs(html)).toEqual([]);
      expect(html).not.toMatch(/href=["']?\s*javascript/i);
      expect(html).toContain(BAD_URL);
      expect(text).toContain(BAD_URL);
    },
  );

  it.each(KINDS)('when the links of a %s are relative or data: URLs, then none of them becomes an href', (kind) => {
    expect(hrefs(renderEmail(withUrls(kind, '/account/invoices')).html)).toEqual([]);
    expect(hrefs(renderEmail(withUrls(kind, 'data:text/html,<b>x</b>')).html)).toEqual([]);
  });

  it.each(KINDS)('when a %s is rendered, then every href is an absolute https link from its facts', (kind) => {
    const facts = FIXTURES[kind] as unknown as Record<string, unknown>;
    const urls = Object.keys(facts)
      .filter((key) => key.endsWith('Url'))
      .map((key) => facts[key]);
    const found = hrefs(renderEmail(FIXTURES[kind]).html).map((h) => h?.replaceAll('&amp;', '&'));
    expect(found.length).toBeGreaterThan(0);
    for (const href of found) {
      expect(href).toMatch(/^https:\/\//);
      expect(urls).toContain(href);
    }
  });

  it('when a name holds a line break, then the subject stays on one line and the text does not break there', () => {
    const rendered = renderEmail(factsOf('purchase_receipt', { courseTitle: 'Line one\r\nBcc: x@example.com' }));
    expect(rendered.subject).toBe('Your receipt for Line one Bcc: x@example.com');
    expect(rendered.text).not.toMatch(/one\r?\nBcc/);
  });
});
