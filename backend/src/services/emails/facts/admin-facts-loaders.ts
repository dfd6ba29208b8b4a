import type { EmailCauseData } from '../../../domain/emails/email-kind';
import type { AdminDigestFacts } from '../../../emails/email-facts';
import type { DriftItem } from '../../../repositories/email-digest-query.repository';
import { utcDay } from '../lifecycle/utc-day';
import type { FactsLoader, LoadedEmail, LoaderContext } from './facts-loader';

/** The admin console's pages the emails link to. */
export const ADMIN_PAGES = {
  payment: (paymentId: string) => `/admin/payments/${paymentId}`,
  webhooks: '/admin/webhooks',
  reconciliation: '/admin/reconciliation',
} as const;

/** How many failed events and drift lines the digest lists (newest first); the totals count all. */
export const DIGEST_ITEMS = 10;

/** Admin mail goes to MAIL_ADMIN_TO or every admin; with neither there is no one to tell. */
async function admins(context: LoaderContext): Promise<string[] | LoadedEmail> {
  const to = await context.adminRecipients();
  return to.length
    ? to
    : { status: 'obsolete', reason: 'no admin address: MAIL_ADMIN_TO is unset and there is no admin' };
}

const disputeOpened: FactsLoader = async (email, context) => {
  const dispute = email.disputeId ? await context.repos.emailLifecycle.disputeAlert(email.disputeId) : undefined;
  if (!dispute) return { status: 'obsolete', reason: `the dispute ${email.disputeId ?? '(none)'} no longer exists` };
  const to = await admins(context);
  if (!Array.isArray(to)) return to;
  return {
    status: 'ready',
    to,
    attachments: [],
    facts: {
      kind: 'dispute_opened',
      buyerName: dispute.buyer.name,
      buyerEmail: dispute.buyer.email,
      itemTitle: dispute.itemTitle,
      amount: dispute.amount,
      provider: dispute.provider,
      providerDisputeId: dispute.providerDisputeId,
      reason: dispute.reason,
      status: dispute.status,
      openedAt: dispute.openedAt,
      paymentUrl: context.links.link(ADMIN_PAGES.payment(dispute.paymentId)),
    },
  };
};

/** A drift line as an admin acts on it: what differed, about which record, and why a check failed. */
function driftSummary(item: DriftItem): string {
  const about = `${item.subject} ${item.subjectId}`;
  const what = item.detail || (item.error ? `the check failed: ${item.error}` : 'a difference was found');
  return `${what} (${about})`;
}

const adminDigest: FactsLoader = async (email, context) => {
  const { day } = email.data as EmailCauseData['admin_digest'];
  const range = utcDay(day);
  const digest = context.repos.emailDigest;
  const [counts, failed, drifts] = await Promise.all([
    digest.counts(range),
    digest.failedWebhooks(range, DIGEST_ITEMS),
    digest.drifts(range, DIGEST_ITEMS),
  ]);
  if (counts.failedWebhooks === 0 && counts.drifts === 0) {
    // Drift is pruned after a while, and a replayed event is no longer failed: a resend much later may find nothing.
    return { status: 'obsolete', reason: `nothing failed or drifted on ${day} any more` };
  }
  const to = await admins(context);
  if (!Array.isArray(to)) return to;
  const facts: AdminDigestFacts = {
    kind: 'admin_digest',
    day,
    failedWebhooks: {
      total: counts.failedWebhooks,
      items: failed.map((f) => ({
        provider: f.provider,
        eventType: f.eventType,
        eventId: f.eventId,
        error: f.error || 'no error was recorded',
        at: f.receivedAt,
      })),
    },
    drift: {
      total: counts.drifts,
      unhealed: counts.unhealedDrifts,
      items: drifts.map((d) => ({ summary: driftSummary(d), healed: d.healed, at: d.foundAt })),
    },
    webhooksUrl: context.links.link(ADMIN_PAGES.webhooks),
    reconciliationUrl: context.links.link(ADMIN_PAGES.reconciliation),
  };
  return { status: 'ready', to, attachments: [], facts };
};

/** Admin mail: the dispute alert and the daily digest. */
export const adminFactsLoaders = {
  dispute_opened: disputeOpened,
  admin_digest: adminDigest,
};
