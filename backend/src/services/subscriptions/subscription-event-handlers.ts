import type {
  SubscriptionChanged,
  SubscriptionPaymentFailed,
  SubscriptionPaymentSucceeded,
} from '../../domain/events/domain-event';
import { taxIncluded } from '../../domain/invoices/tax';
import type { ProviderName } from '../../domain/payments/payment-status';
import {
  changesAnything,
  planSubscriptionChange,
  replacesProblem,
  type PaymentProblem,
} from '../../domain/subscriptions/subscription-change';
import {
  decideSubscriptionChange,
  LIVE_SUBSCRIPTION_STATES,
} from '../../domain/subscriptions/subscription-state-machine';
import type { Logger } from '../../logger';
import type { SubscriptionRecord } from '../../repositories/subscription.repository';
import { paymentProblemEmail } from '../emails/lifecycle/payment-problem-email';
import { cyclePaidEmail, statusChangeEmail } from '../emails/lifecycle/subscription-emails';
import type { EventHandler, HandlerContext, HandlerOutcome } from '../webhooks/event-handler-registry';
import { settleIfDuplicate } from './duplicate-subscription';
import type { SubscriptionAccessSync } from './subscription-access-sync';

export interface SubscriptionEventHandlers {
  SubscriptionChanged: EventHandler<SubscriptionChanged>;
  SubscriptionPaymentSucceeded: EventHandler<SubscriptionPaymentSucceeded>;
  SubscriptionPaymentFailed: EventHandler<SubscriptionPaymentFailed>;
}

/**
 * The subscription lifecycle, moved only by provider events: each handler locks the subscription
 * the event points at (so parallel deliveries of one event queue up on one row instead of
 * racing), asks the state machine, stores what the domain planned, and re-syncs the access the
 * subscription grants, all in the caller's transaction.
 */
export function subscriptionEventHandlers(
  access: SubscriptionAccessSync,
  /** Whether the provider itself runs a cancel to the period end (Stripe) or ends billing at once (PayPal). */
  runsToPeriodEnd: (provider: ProviderName) => boolean,
  logger: Logger,
): SubscriptionEventHandlers {
  const lock = async (event: { provider: ProviderName; ref: SubscriptionChanged['ref'] }, { tx }: HandlerContext) => {
    const subscription = await tx.subscriptions.lockByRef(event.provider, event.ref);
    if (subscription && event.ref.providerSubscriptionId && !subscription.providerSubscriptionId) {
      await tx.subscriptions.setProviderSubscriptionId(subscription.id, event.ref.providerSubscriptionId);
    }
    return subscription;
  };

  const resync = (subscription: SubscriptionRecord, context: HandlerContext) =>
    access.sync(context.tx, subscription, context.actor, new Date());

  /** A status a payment event implies, through the state machine like any other change. */
  const moveTo = async (
    subscription: SubscriptionRecord,
    status: 'active' | 'past_due',
    occurredAt: Date,
    context: HandlerContext,
  ) => {
    const decision = decideSubscriptionChange(subscription, status, occurredAt);
    if (decision.outcome !== 'apply') return;
    const facts = planSubscriptionChange(subscription, { status, occurredAt }, decision, true);
    await context.tx.subscriptions.applyFacts(subscription.id, facts);
    await context.tx.audit.append({
      actor: context.actor,
      action: `subscription.${status}`,
      entityType: 'subscription',
      entityId: subscription.id,
      data: { from: decision.from, occurredAt: occurredAt.toISOString(), cause: 'payment' },
    });
    await resync({ ...subscription, ...withoutUndefined(facts) }, context);
  };

  return {
    SubscriptionChanged: async (event, context) => {
      const subscription = await lock(event, context);
      if (!subscription) return 'unmatched';
      const decision = decideSubscriptionChange(subscription, event.status, event.occurredAt);
      if (decision.outcome === 'stale') return 'stale';
      if (decision.outcome === 'illegal') {
        logger.warn({ subscriptionId: subscription.id, ...decision }, 'subscription transition refused');
        await context.tx.audit.append({
          actor: context.actor,
          action: 'subscription.transition_refused',
          entityType: 'subscription',
          entityId: subscription.id,
          data: { from: decision.from, to: decision.to, occurredAt: event.occurredAt.toISOString() },
        });
        return 'illegal';
      }
      const facts = planSubscriptionChange(subscription, event, decision, runsToPeriodEnd(event.provider));
      const changed = changesAnything(subscription, facts);
      await context.tx.subscriptions.applyFacts(subscription.id, facts);
      if (decision.outcome === 'apply') {
        await context.tx.audit.append({
          actor: context.actor,
          action: `subscription.${facts.status}`,
          entityType: 'subscription',
          entityId: subscription.id,
          data: { from: decision.from, occurredAt: event.occurredAt.toISOString() },
        });
        if (decision.from === 'incomplete' && LIVE_SUBSCRIPTION_STATES.includes(facts.status)) {
          await settleIfDuplicate(context.tx, subscription, context.actor);
        }
        await statusChangeEmail(context.tx, subscription, decision.from, facts);
      }
      await resync({ ...subscription, ...withoutUndefined(facts) }, context);
      return changed ? 'applied' : 'noop';
    },

    SubscriptionPaymentSucceeded: async (event, context) => {
      const { tx, actor } = context;
      const subscription = await lock(event, context);
      if (!subscription) {
        // Stripe `invoice_payment.paid` names only the invoice: it completes a payment we recorded.
        const known = await tx.payments.findCyclePayment(event.provider, event.providerInvoiceId);
        if (!known) return 'unmatched';
        return event.providerPaymentId && (await tx.payments.fillCyclePaymentId(known.id, event.providerPaymentId))
          ? 'applied'
          : 'noop';
      }
      const tax = { ...taxIncluded(event.amount.amount, subscription.tax.rateBasisPoints), ...subscription.tax };
      const payment = await tx.payments.recordCyclePayment(
        {
          userId: subscription.userId,
          subscriptionId: subscription.id,
          provider: event.provider,
          providerInvoiceId: event.providerInvoiceId,
          providerPaymentId: event.providerPaymentId ?? null,
          amount: event.amount,
          paidAt: event.occurredAt,
          tax,
          buyer: event.buyer ?? null,
        },
        {
          actor,
          data: {
            subscriptionId: subscription.id,
            providerInvoiceId: event.providerInvoiceId,
            occurredAt: event.occurredAt.toISOString(),
          },
        },
      );
      if (!payment.inserted) return 'noop';
      await tx.subscriptions.recordPaid(subscription.id, event.occurredAt, event.periodEnd ?? null);
      if (await settleIfDuplicate(tx, subscription, actor, { id: payment.id, amount: event.amount })) return 'applied';
      await cyclePaidEmail(tx, subscription, payment.id);
      // A paid cycle settles a past_due subscription, whether or not a status event follows (PayPal sends none).
      if (subscription.status === 'past_due') await moveTo(subscription, 'active', event.occurredAt, context);
      return 'applied';
    },

    SubscriptionPaymentFailed: async (event, context): Promise<HandlerOutcome> => {
      const subscription = await lock(event, context);
      if (!subscription) return 'unmatched';
      const problem: PaymentProblem = {
        code: event.failureCode,
        reason: event.failureReason,
        actionUrl: event.actionUrl ?? null,
        nextAttemptAt: event.nextAttemptAt?.toISOString() ?? null,
        at: event.occurredAt.toISOString(),
      };
      if (!replacesProblem(subscription.paymentProblem, subscription.lastPaymentAt, problem)) return 'stale';
      await context.tx.subscriptions.setPaymentProblem(subscription.id, problem);
      await paymentProblemEmail(context.tx, subscription, event);
      // A failed cycle means money is owed, whether or not a status event says so (PayPal keeps it ACTIVE).
      if (subscription.status === 'active' || subscription.status === 'trialing') {
        await moveTo(subscription, 'past_due', event.occurredAt, context);
      }
      await context.tx.audit.append({
        actor: context.actor,
        action: 'subscription.payment_failed',
        entityType: 'subscription',
        entityId: subscription.id,
        data: {
          failureCode: event.failureCode,
          providerInvoiceId: event.providerInvoiceId ?? null,
          occurredAt: event.occurredAt.toISOString(),
        },
      });
      return 'applied';
    },
  };
}

/** The facts that were set, so a spread over the record keeps the record's values for the rest. */
function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
