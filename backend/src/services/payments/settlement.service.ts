import type { DomainEvent } from '../../domain/events/domain-event';
import { captureIdempotencyKey } from '../../domain/payments/capture-key';
import type { ProviderName } from '../../domain/payments/payment-status';
import type { Logger } from '../../logger';
import type { ProviderLookup } from '../../providers/payment-provider';
import { detailsOf } from '../payment-methods/method-details';
import type { DataStore, Repositories } from '../../repositories/data-store';
import type { ApplyOutcome, EventHandlerRegistry } from '../webhooks/event-handler-registry';

/** Why an approved checkout was not captured: the student owns the course through another grant. */
export const ALREADY_OWNED = 'already_owned';

export interface PrepareOptions {
  /**
   * Turn a buyer's approval into the capture's outcome (a provider call). The `?refresh=true`
   * read leaves approvals to the buyer's own capture call.
   */
  captureApprovals: boolean;
}

/**
 * "Apply what the provider says", written once: provider facts (from the inbox, reconciliation,
 * the capture route, a refresh) are first completed with any provider call they need, outside a
 * transaction, then applied through the event handler registry.
 */
export class SettlementService {
  constructor(
    private readonly store: DataStore,
    private readonly providers: ProviderLookup,
    private readonly registry: EventHandlerRegistry,
    private readonly logger: Logger,
  ) {}

  /**
   * Asks the provider to capture an approved checkout; idempotent per payment (`capture:<paymentId>`).
   * A course the student already owns through another grant is never captured: the approval
   * lapses at the provider, and our checkout is canceled with reason `already_owned`.
   */
  async captureApproved(provider: ProviderName, paymentId: string, providerSessionId?: string): Promise<DomainEvent[]> {
    const payment = await this.store.repos.payments.findById(paymentId);
    if (payment?.courseId && payment.status !== 'completed') {
      const owned = await this.store.repos.enrollments.ownsCourse(payment.userId, payment.courseId);
      if (owned) {
        this.logger.info({ paymentId }, 'course already owned: approval not captured');
        return [
          {
            kind: 'PaymentCanceled',
            provider,
            occurredAt: new Date(),
            ref: { paymentId, providerSessionId },
            reason: ALREADY_OWNED,
          },
        ];
      }
    }
    const key = captureIdempotencyKey(payment ?? { id: paymentId, status: 'pending', lastEventAt: null });
    return this.providers.get(provider).checkout.capture({ paymentId, providerSessionId }, key);
  }

  /**
   * Whether `prepare` would call a provider for these events (capture an approval, fetch the
   * refunds a charge.refunded does not list, read a dispute's payment or a method a setup saved, read the period a PayPal
   * sale paid for, confirm a payment a webhook body only claims): such webhooks are stored
   * first and finished in the background, never while the provider waits for its 200.
   */
  needsProviderCalls(events: DomainEvent[]): boolean {
    return events.some(needsProviderCall);
  }

  /** Completes provider facts with the provider calls they need; what comes back is ready to apply. */
  async prepare(events: DomainEvent[], options: PrepareOptions): Promise<DomainEvent[]> {
    const ready: DomainEvent[] = [];
    for (const event of events) {
      if (!needsProviderCall(event)) {
        ready.push(event);
      } else if (isUnconfirmedClaim(event)) {
        // Only the provider's own answer counts; it is prepared like any other fact.
        ready.push(...(await this.prepare(await this.confirmClaim(event), options)));
      } else if (event.kind === 'DisputeUpdated') {
        // A dispute names a charge or capture whose payment we may not have matched yet (its
        // completion event can still be on its way): the provider's own copy carries our id.
        const known = await this.providers.get(event.provider).disputes.getDispute(event.providerDisputeId);
        ready.push({ ...event, ref: { ...event.ref, ...known.ref } });
      } else if (event.kind === 'RefundsChanged') {
        // Stripe's charge.refunded no longer lists the refunds: ask for them.
        const refunds = await this.providers.get(event.provider).refunds.listRefunds(event.ref);
        ready.push(...refunds.map((refund) => ({ ...refund, ref: { ...event.ref, ...refund.ref } })));
      } else if (event.kind === 'SubscriptionPaymentSucceeded' && event.ref.providerSubscriptionId) {
        // PayPal's PAYMENT.SALE.COMPLETED says nothing of the period it paid: the subscription does.
        const providerSubscriptionId = event.ref.providerSubscriptionId;
        const current = await this.providers
          .get(event.provider)
          .subscriptions.getSubscription({ ...event.ref, providerSubscriptionId });
        ready.push(event, ...current);
      } else if (event.kind === 'PaymentMethodSaved') {
        // A finished setup names its method without describing it: read it (gone: detached).
        const method = await this.providers
          .get(event.provider)
          .paymentMethods.getPaymentMethod(event.providerPaymentMethodId);
        ready.push(
          method
            ? {
                kind: 'PaymentMethodAttached',
                provider: event.provider,
                occurredAt: event.occurredAt,
                ref: { providerCustomerId: method.providerCustomerId },
                method: detailsOf(method),
              }
            : {
                kind: 'PaymentMethodDetached',
                provider: event.provider,
                occurredAt: event.occurredAt,
                ref: event.ref,
                providerPaymentMethodId: event.providerPaymentMethodId,
              },
        );
      } else if (event.kind === 'PaymentApproved' && options.captureApprovals && event.ref.paymentId) {
        this.logger.debug({ paymentId: event.ref.paymentId }, 'capturing approved order');
        ready.push(
          event,
          ...(await this.captureApproved(event.provider, event.ref.paymentId, event.ref.providerSessionId)),
        );
      }
    }
    return ready;
  }

  /** Applies prepared events inside the caller's transaction. */
  applyIn(tx: Repositories, events: DomainEvent[], actor: string): Promise<ApplyOutcome[]> {
    if (events.some(isUnconfirmedClaim))
      throw new Error('a provider claim must be confirmed (prepare) before it is applied');
    return this.registry.applyAll(events, { tx, actor });
  }

  /** What the provider's API says about the object an unconfirmed webhook claim names. */
  private confirmClaim(event: DomainEvent): Promise<DomainEvent[]> {
    const webhooks = this.providers.get(event.provider).webhooks;
    if (!webhooks.confirm) throw new Error(`${event.provider} sent an unconfirmed claim it cannot confirm`);
    this.logger.debug({ provider: event.provider, kind: event.kind }, 'confirming a webhook claim with the provider');
    return webhooks.confirm(event);
  }

  /** Applies prepared events in a transaction of their own. */
  async apply(events: DomainEvent[], actor: string): Promise<ApplyOutcome[]> {
    if (events.length === 0) return [];
    return this.store.transaction((tx) => this.applyIn(tx, events, actor));
  }

  /** Prepares, then applies. */
  async settle(events: DomainEvent[], actor: string, options: PrepareOptions): Promise<DomainEvent[]> {
    return (await this.settleWithOutcomes(events, actor, options)).events;
  }

  /** Prepares, then applies, and says what applying each prepared event did (`outcomes[i]` is `events[i]`'s). */
  async settleWithOutcomes(events: DomainEvent[], actor: string, options: PrepareOptions): Promise<Settled> {
    const ready = await this.prepare(events, options);
    return { events: ready, outcomes: await this.apply(ready, actor) };
  }
}

/** Prepared provider facts and what applying each one did. */
export interface Settled {
  events: DomainEvent[];
  outcomes: ApplyOutcome[];
}

/** A webhook body's claim that money moved, not yet confirmed with the provider (UnconfirmedClaim). */
function isUnconfirmedClaim(event: DomainEvent): boolean {
  return (
    (event.kind === 'PaymentSucceeded' || event.kind === 'SubscriptionPaymentSucceeded') && event.unconfirmed === true
  );
}

function needsProviderCall(event: DomainEvent): boolean {
  return (
    isUnconfirmedClaim(event) ||
    event.kind === 'PaymentApproved' ||
    event.kind === 'RefundsChanged' ||
    event.kind === 'PaymentMethodSaved' ||
    (event.kind === 'DisputeUpdated' && !event.ref.paymentId) ||
    (event.kind === 'SubscriptionPaymentSucceeded' && !event.periodEnd && Boolean(event.ref.providerSubscriptionId))
  );
}
