import { emailKeys, type EmailCauseData, type EmailKind } from '../../../domain/emails/email-kind';
import { LIVE_SUBSCRIPTION_STATES } from '../../../domain/subscriptions/subscription-state-machine';
import type { AttachedDocument } from '../../../emails/email-facts';
import type { OutboxEmail } from '../../../repositories/email-outbox.repository';
import type { SubscriptionRecord } from '../../../repositories/subscription.repository';
import type { DocumentAttachment, FactsLoader, LoadedEmail, LoaderContext } from './facts-loader';

/** The student's pages the emails link to. */
export const STUDENT_PAGES = {
  manage: '/account/subscription',
  paymentMethods: '/account/payment-methods',
  plans: '/plans',
} as const;

/** How long a started/renewed email waits for its cycle's invoice to be numbered before it goes without. */
export const INVOICE_WAIT_MS = 15 * 60_000;

interface Owner {
  subscription: SubscriptionRecord;
  to: string[];
  recipientName: string;
}

/** The subscription the email is about and its owner, who gets it; undefined once either is gone. */
async function ownerOf(email: OutboxEmail, { repos }: LoaderContext): Promise<Owner | undefined> {
  const subscription = email.subscriptionId ? await repos.subscriptions.findById(email.subscriptionId) : undefined;
  const user = subscription && (await repos.users.findById(subscription.userId));
  if (!subscription || !user) return undefined;
  return { subscription, to: [user.email], recipientName: user.name };
}

const gone = (email: OutboxEmail): LoadedEmail => ({
  status: 'obsolete',
  reason: `the subscription ${email.subscriptionId ?? '(none)'} or its owner no longer exists`,
});

function dataOf<K extends EmailKind>(email: OutboxEmail, _kind: K): EmailCauseData[K] {
  return email.data as EmailCauseData[K];
}

const at = (iso: string | undefined) => (iso ? new Date(iso) : undefined);

interface CycleInvoice {
  invoice?: AttachedDocument;
  attachments: DocumentAttachment[];
}

/**
 * The paid cycle's invoice, once numbered: attached. While its row waits for the issuing job the
 * email waits too, unless it has waited INVOICE_WAIT_MS already; then it goes without (the
 * student finds the invoice on the site).
 */
async function cycleInvoice(
  email: OutboxEmail,
  invoice: { id: string; number: string | null } | null,
): Promise<CycleInvoice | LoadedEmail> {
  if (invoice?.number) {
    const filename = `${invoice.number}.pdf`;
    return { invoice: { number: invoice.number, filename }, attachments: [{ documentId: invoice.id, filename }] };
  }
  if (invoice && Date.now() - email.createdAt.getTime() < INVOICE_WAIT_MS) {
    return { status: 'wait', reason: `the invoice of payment ${email.paymentId} is not issued yet` };
  }
  return { attachments: [] };
}

const isLoaded = (value: object): value is LoadedEmail => 'status' in value;

const subscriptionStarted: FactsLoader = async (email, context) => {
  const owner = await ownerOf(email, context);
  if (!owner) return gone(email);
  const { subscription: s } = owner;
  let paid: CycleInvoice = { attachments: [] };
  if (email.paymentId) {
    const payment = await context.repos.emailLifecycle.cyclePayment(email.paymentId);
    const found = await cycleInvoice(email, payment?.invoice ?? null);
    if (isLoaded(found)) return found;
    paid = found;
  }
  const trialEndsAt = email.paymentId ? undefined : (s.trialEnd ?? s.currentPeriodEnd ?? undefined);
  const renews = LIVE_SUBSCRIPTION_STATES.includes(s.status) && !s.cancelAtPeriodEnd && s.currentPeriodEnd;
  return {
    status: 'ready',
    to: owner.to,
    attachments: paid.attachments,
    facts: {
      kind: 'subscription_started',
      recipientName: owner.recipientName,
      planName: s.plan.name,
      price: s.price,
      interval: s.plan.interval,
      ...(trialEndsAt ? { trialEndsAt } : {}),
      ...(renews ? { renewsAt: renews } : {}),
      ...(paid.invoice ? { invoice: paid.invoice } : {}),
      manageUrl: context.links.link(STUDENT_PAGES.manage),
    },
  };
};

const subscriptionRenewed: FactsLoader = async (email, context) => {
  const owner = await ownerOf(email, context);
  const payment = email.paymentId ? await context.repos.emailLifecycle.cyclePayment(email.paymentId) : undefined;
  if (!owner || !payment) return gone(email);
  const paid = await cycleInvoice(email, payment.invoice);
  if (isLoaded(paid)) return paid;
  // The subscription's period is this payment's while no later cycle was paid.
  const paidUntil = payment.latest ? owner.subscription.currentPeriodEnd : null;
  return {
    status: 'ready',
    to: owner.to,
    attachments: paid.attachments,
    facts: {
      kind: 'subscription_renewed',
      recipientName: owner.recipientName,
      planName: owner.subscription.plan.name,
      amount: payment.amount,
      paidAt: payment.paidAt,
      ...(paidUntil ? { paidUntil } : {}),
      ...(paid.invoice ? { invoice: paid.invoice } : {}),
      manageUrl: context.links.link(STUDENT_PAGES.manage),
    },
  };
};

const renewalFailed: FactsLoader = async (email, context) => {
  const owner = await ownerOf(email, context);
  if (!owner) return gone(email);
  const data = dataOf(email, 'renewal_failed');
  // Stripe reports one 3-D Secure attempt as failed and as needing action: the student gets the
  // email that says what to do, not also one that says to change the card.
  const prefix = emailKeys.renewalFailed(owner.subscription.id, '');
  const cycle = email.key.startsWith(prefix) ? email.key.slice(prefix.length) : undefined;
  if (
    cycle &&
    (await context.repos.emailLifecycle.emailExists(emailKeys.actionRequired(owner.subscription.id, cycle)))
  ) {
    return { status: 'obsolete', reason: 'the same cycle asks the student to confirm the payment instead' };
  }
  const nextAttemptAt = at(data.nextAttemptAt);
  return {
    status: 'ready',
    to: owner.to,
    attachments: [],
    facts: {
      kind: 'renewal_failed',
      recipientName: owner.recipientName,
      planName: owner.subscription.plan.name,
      ...(data.amount ? { amount: data.amount } : {}),
      reason: data.failureReason,
      ...(nextAttemptAt ? { nextAttemptAt } : {}),
      updatePaymentMethodUrl: context.links.link(STUDENT_PAGES.paymentMethods),
      manageUrl: context.links.link(STUDENT_PAGES.manage),
    },
  };
};

const paymentActionRequired: FactsLoader = async (email, context) => {
  const owner = await ownerOf(email, context);
  if (!owner) return gone(email);
  const data = dataOf(email, 'payment_action_required');
  return {
    status: 'ready',
    to: owner.to,
    attachments: [],
    facts: {
      kind: 'payment_action_required',
      recipientName: owner.recipientName,
      planName: owner.subscription.plan.name,
      ...(data.amount ? { amount: data.amount } : {}),
      actionUrl: data.actionUrl,
      manageUrl: context.links.link(STUDENT_PAGES.manage),
    },
  };
};

const subscriptionCanceled: FactsLoader = async (email, context) => {
  const owner = await ownerOf(email, context);
  if (!owner) return gone(email);
  const data = dataOf(email, 'subscription_canceled');
  const accessEndsAt = at(data.accessEndsAt);
  return {
    status: 'ready',
    to: owner.to,
    attachments: [],
    facts: {
      kind: 'subscription_canceled',
      recipientName: owner.recipientName,
      planName: owner.subscription.plan.name,
      canceledAt: new Date(data.canceledAt),
      ...(accessEndsAt ? { accessEndsAt } : {}),
      plansUrl: context.links.link(STUDENT_PAGES.plans),
    },
  };
};

const subscriptionEndingSoon: FactsLoader = async (email, context) => {
  const owner = await ownerOf(email, context);
  if (!owner) return gone(email);
  const { subscription: s } = owner;
  const endsAt = new Date(dataOf(email, 'subscription_ending_soon').endsAt);
  if (!LIVE_SUBSCRIPTION_STATES.includes(s.status)) {
    return { status: 'obsolete', reason: `the subscription is ${s.status} already` };
  }
  if (!s.cancelAtPeriodEnd) return { status: 'obsolete', reason: 'the subscription was resumed' };
  if (s.currentPeriodEnd?.getTime() !== endsAt.getTime()) {
    return { status: 'obsolete', reason: 'the subscription now ends at another time' };
  }
  return {
    status: 'ready',
    to: owner.to,
    attachments: [],
    facts: {
      kind: 'subscription_ending_soon',
      recipientName: owner.recipientName,
      planName: s.plan.name,
      endsAt,
      manageUrl: context.links.link(STUDENT_PAGES.manage),
    },
  };
};

/** The subscription lifecycle emails: to the subscription's owner, facts read at send time. */
export const subscriptionFactsLoaders = {
  subscription_started: subscriptionStarted,
  subscription_renewed: subscriptionRenewed,
  renewal_failed: renewalFailed,
  payment_action_required: paymentActionRequired,
  subscription_canceled: subscriptionCanceled,
  subscription_ending_soon: subscriptionEndingSoon,
};
