import type { AdminDigestFacts, RenderedEmail } from '../email-facts';
import { count, formatDateTime, formatDay, formatTime, providerName, utcDay } from '../format';
import { ADMIN_FOOTER, links, list, paragraph, section, strong, type Block, type Line } from '../message';
import { renderMessage } from '../render-message';

/** Webhook errors can be long (a provider's body, a stack): the digest shows their start. */
const ERROR_LENGTH = 200;

function shorten(text: string): string {
  const chars = [...text.trim()];
  return chars.length <= ERROR_LENGTH ? chars.join('') : `${chars.slice(0, ERROR_LENGTH - 1).join('')}…`;
}

function shown(listed: number, total: number, newest = false): Block | undefined {
  if (listed >= total) return undefined;
  return paragraph(newest ? `Showing the ${listed} newest of ${total}.` : `Showing ${listed} of ${total}.`);
}

function unhealedLine(unhealed: number): string {
  return unhealed === 1 ? '1 is not healed yet and needs a look.' : `${unhealed} are not healed yet and need a look.`;
}

export function adminDigest(facts: AdminDigestFacts): RenderedEmail {
  const day = formatDay(facts.day);
  // Times on the digest's own day need no date.
  const when = (at: Date) => (utcDay(at) === facts.day ? formatTime(at) : formatDateTime(at));
  const { failedWebhooks: webhooks, drift } = facts;
  const summary = [
    webhooks.total === 0 ? 'no failed webhooks' : count(webhooks.total, 'failed webhook'),
    drift.total === 0 ? 'no drift' : `${count(drift.total, 'drift finding')} (${drift.unhealed} unhealed)`,
  ];

  const webhookItems: Line[] = webhooks.items.map((item) => [
    `${when(item.at)} · ${providerName(item.provider)} · `,
    strong(item.eventType),
    ` · ${item.eventId}: ${shorten(item.error)}`,
  ]);
  const driftItems: Line[] = drift.items.map((item) => [
    `${when(item.at)} · `,
    strong(item.healed ? 'Healed' : 'Not healed'),
    ` · ${item.summary}`,
  ]);

  return renderMessage({
    subject: `Daily digest, ${day}: ${summary.join(', ')}`,
    preheader: `${summary.join(', ')}.`,
    heading: `Daily digest for ${day}`,
    blocks: [
      paragraph(`On ${day} (UTC): `, strong(summary[0] ?? ''), ' and ', strong(summary[1] ?? ''), '.'),
      section(`Failed webhook events (${webhooks.total})`),
      webhooks.total === 0
        ? paragraph('No webhook event failed.')
        : paragraph(
            'These events could not be processed. Once the cause is fixed, you can replay them from the webhooks page.',
          ),
      webhookItems.length > 0 && list(webhookItems),
      shown(webhookItems.length, webhooks.total, true),
      links({ label: 'Open the failed webhook events', url: facts.webhooksUrl }),
      section(`Reconciliation drift (${drift.total})`),
      drift.total === 0
        ? paragraph('Our records matched the providers’ records.')
        : paragraph(
            `Our records and the providers’ records differed ${count(drift.total, 'time')}; `,
            drift.unhealed === 0 ? 'all of these healed.' : strong(unhealedLine(drift.unhealed)),
          ),
      driftItems.length > 0 && list(driftItems),
      shown(driftItems.length, drift.total),
      links({ label: 'Open reconciliation', url: facts.reconciliationUrl }),
    ],
    footer: ADMIN_FOOTER,
  });
}
