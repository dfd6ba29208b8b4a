import { emailKeys, type EmailCauseData, type EmailKind } from '../../../domain/emails/email-kind';
import { LIVE_SUBSCRIPTION_STATES } from '../../../domain/subscriptions/subscription-state-machine';
import type { OutboxEmail } from '../../../repositories/email-outbox.repository';
import type { SubscriptionRecord } from '../../../repositories/subscription.repository';
import { documentOutcome, type DocumentOutcome } from './document-attachment';
import type { FactsLoader, LoadedEmail, LoaderContext } from './facts-loader';

/** The student's pages the emails link to. */
export const STUDENT_PAGES = {
  manage: '/account/subscription',
  paymentMethods: '/account/payment-methods',
  plans: '/plans',
} as const;

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

const subscriptionStarted: FactsLoader = async (email, context) => {
  const owner = await ownerOf(email, context);
  if (!owner) return gone(email);
  const { subscription: s } = owner;
  let paid: DocumentOutcome = { status: 'ready', attachments: [] };
  if (email.paymentId) {
    const payment = await context.repos.emailLifecycle.cyclePayment(email.paymentId);
    paid = documentOutcome(payment?.invoice ?? null, `invoice of payment ${email.paymentId}`, email.createdAt);
    if (paid.status === 'wait') return paid;
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
      ...(paid.attached ? { invoice: paid.attached } : {}),
      manageUrl: context.links.link(STUDENT_PAGES.manage),
    },
  };
};

const subscriptionRenewed: FactsLoader = async (email, context) => {
  const owner = await ownerOf(email, context);
  const payment = email.paymentId ? await context.repos.emailLifecycle.cyclePayment(email.paymentId) : undefined;
  if (!owner || !payment) return gone(email);
  const paid = documentOutcome(payment.invoice, `invoice of payment ${email.paymentId}`, email.createdAt);
  if (paid.status === 'wait') return paid;
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
      ...(paid.attached ? { invoice: paid.attached } : {}),
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
