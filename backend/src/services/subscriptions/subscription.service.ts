import type { DomainEvent } from '../../domain/events/domain-event';
import type { SubscriptionAccessRules } from '../../domain/subscriptions/subscription-access';
import { ConflictError, NotFoundError } from '../../errors/app-error';
import type { Logger } from '../../logger';
import type { ProviderLookup } from '../../providers/payment-provider';
import type { DataStore } from '../../repositories/data-store';
import type { SubscriptionRecord } from '../../repositories/subscription.repository';
import type { Principal } from '../auth/auth.service';
import { canSee } from '../payments/access-policy';
import type { PaymentQueryService } from '../payments/payment-queries.service';
import type { SettlementService } from '../payments/settlement.service';
import { pinned } from './pinned-events';
import { toSubscriptionView, type SubscriptionView } from './subscription-views';

/**
 * The student's subscriptions: views, and the cancel / resume commands. Commands go to the
 * provider with an idempotency key per request; the provider's answer is applied like a webhook,
 * through the event handlers, so the local state only ever follows the provider.
 */
export class SubscriptionService {
  constructor(
    private readonly store: DataStore,
    private readonly providers: ProviderLookup,
    private readonly settlement: SettlementService,
    private readonly payments: PaymentQueryService,
    private readonly rules: SubscriptionAccessRules,
    private readonly logger: Logger,
  ) {}

  async list(principal: Principal): Promise<SubscriptionView[]> {
    const records = await this.store.repos.subscriptions.listForUser(principal.userId);
    return records.map((record) => this.view(record, []));
  }

  async get(principal: Principal, id: string, refresh = false): Promise<SubscriptionView> {
    const record = await this.owned(principal, id);
    if (refresh && record.providerSubscriptionId) await this.refresh(record, record.providerSubscriptionId);
    return this.detail(principal, id);
  }

  async cancel(principal: Principal, id: string, atPeriodEnd: boolean): Promise<SubscriptionView> {
    const record = await this.owned(principal, id);
    const current = this.view(record, []);
    if (!current.actions.cancel) {
      throw new ConflictError(
        'subscription_not_cancelable',
        current.cancelAtPeriodEnd
          ? 'This subscription already ends at the end of its period'
          : `A ${record.status} subscription cannot be canceled`,
        { status: record.status },
      );
    }
    const providerSubscriptionId = started(record);
    const n = await this.store.repos.subscriptions.recordChangeRequest(record.id, atPeriodEnd ? 'period_end' : 'now');
    const events = await this.providers
      .get(record.provider)
      .subscriptions.cancelSubscription(
        { subscriptionId: record.id, providerSubscriptionId },
        { atPeriodEnd, idempotencyKey: `subscription:${record.id}:change:${n}:cancel` },
      );
    await this.applyAnswer(record, events);
    return this.detail(principal, id);
  }

  async resume(principal: Principal, id: string): Promise<SubscriptionView> {
    const record = await this.owned(principal, id);
    const provider = this.providers.get(record.provider);
    if (!provider.subscriptions.cancelsAtPeriodEnd) {
      throw new ConflictError(
        'resume_not_supported',
        'PayPal ended this subscription when it was canceled and cannot restart it; your access lasts to the end of the paid period, then you can subscribe again',
      );
    }
    if (!this.view(record, []).actions.resume) {
      throw new ConflictError(
        'subscription_not_canceling',
        'This subscription is not set to end, so there is nothing to resume',
      );
    }
    const n = await this.store.repos.subscriptions.recordChangeRequest(record.id, null);
    const events = await provider.subscriptions.resumeSubscription(
      { subscriptionId: record.id, providerSubscriptionId: started(record) },
      `subscription:${record.id}:change:${n}:resume`,
    );
    await this.applyAnswer(record, events);
    return this.detail(principal, id);
  }

  /**
   * Ends a duplicate plan at its provider at once (the job settleIfDuplicate enqueued); its
   * payments are refunded by their own jobs. Throws while the provider has not named it yet, so
   * the job retries.
   */
  async cancelDuplicate(subscriptionId: string): Promise<void> {
    const record = await this.store.repos.subscriptions.findById(subscriptionId);
    if (!record || record.status === 'canceled' || record.status === 'expired') return;
    const providerSubscriptionId = started(record);
    await this.store.repos.subscriptions.recordChangeRequest(record.id, 'now');
    const events = await this.providers
      .get(record.provider)
      .subscriptions.cancelSubscription(
        { subscriptionId: record.id, providerSubscriptionId },
        { atPeriodEnd: false, idempotencyKey: `subscription:${record.id}:duplicate` },
      );
    await this.settlement.apply(pinned(record.id, events), 'system');
    this.logger.info({ subscriptionId }, 'duplicate subscription canceled');
  }

  /** One subscription with its cycle payments. */
  private async detail(principal: Principal, id: string): Promise<SubscriptionView> {
    const record = await this.owned(principal, id);
    return this.view(record, await this.payments.forSubscription(record.id));
  }

  /** The view its owner gets (the admin list shows the same, without the cycle payments). */
  view(record: SubscriptionRecord, payments: SubscriptionView['payments']): SubscriptionView {
    const runsToPeriodEnd = this.providers.has(record.provider)
      ? this.providers.get(record.provider).subscriptions.cancelsAtPeriodEnd
      : false;
    return toSubscriptionView(record, payments, { rules: this.rules, runsToPeriodEnd, now: new Date() });
  }

  /** Another user's subscription is "not found", never "forbidden". */
  private async owned(principal: Principal, id: string): Promise<SubscriptionRecord> {
    const record = await this.store.repos.subscriptions.findById(id);
    if (!record || !canSee(principal, record.userId)) throw new NotFoundError('Subscription');
    return record;
  }

  private async refresh(record: SubscriptionRecord, providerSubscriptionId: string): Promise<void> {
    try {
      const events = await this.providers
        .get(record.provider)
        .subscriptions.getSubscription({ subscriptionId: record.id, providerSubscriptionId });
      await this.applyAnswer(record, events);
    } catch (error) {
      this.logger.warn({ err: error, subscriptionId: record.id }, 'could not refresh subscription from the provider');
    }
  }

  /** The provider's answer, pinned to our subscription whatever ids it echoes. */
  private async applyAnswer(record: SubscriptionRecord, events: DomainEvent[]): Promise<void> {
    await this.settlement.apply(pinned(record.id, events), 'user');
  }
}

function started(record: SubscriptionRecord): string {
  if (record.providerSubscriptionId) return record.providerSubscriptionId;
  throw new ConflictError('subscription_not_started', 'This subscription has not started at the provider yet');
}
