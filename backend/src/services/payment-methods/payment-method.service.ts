import type { DomainEvent } from '../../domain/events/domain-event';
import { decideRemoval } from '../../domain/payment-methods/method-removal';
import type { ProviderName } from '../../domain/payments/payment-status';
import { LIVE_SUBSCRIPTION_STATES } from '../../domain/subscriptions/subscription-state-machine';
import { ConflictError, NotFoundError } from '../../errors/app-error';
import type { Logger } from '../../logger';
import type { PaymentProvider, ProviderLookup } from '../../providers/payment-provider';
import type { DataStore } from '../../repositories/data-store';
import type { PaymentMethodRecord } from '../../repositories/payment-method.repository';
import { ensureProviderCustomer } from '../checkout/provider-customers';
import { isUuid } from '../ids';
import type { SettlementService } from '../payments/settlement.service';
import { detailsOf } from './method-details';
import { toPaymentMethodView, type PaymentMethodView, type SetupStartedView } from './payment-method-views';

export interface PaymentMethodServiceOptions {
  appBaseUrl: string;
  now?: () => Date;
}

/**
 * The student's saved methods: add one on the provider's page, list, choose the default, remove.
 * Every change is made at the provider first and then applied to our copy through the event
 * registry, as the provider's own webhook would, so both paths meet on the same rows.
 */
export class PaymentMethodService {
  private readonly now: () => Date;

  constructor(
    private readonly store: DataStore,
    private readonly providers: ProviderLookup,
    private readonly settlement: SettlementService,
    private readonly logger: Logger,
    private readonly options: PaymentMethodServiceOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** The student's methods, newest first; `refresh` first re-reads them from each provider. */
  async list(userId: string, refresh = false): Promise<PaymentMethodView[]> {
    if (refresh) await this.refresh(userId);
    const methods = await this.store.repos.paymentMethods.listAttached(userId);
    return methods.map((m) => toPaymentMethodView(m, this.now()));
  }

  /** Starts adding a method: our setup row first (its id keys the provider call), then the provider's page. */
  async startSetup(userId: string, providerName: ProviderName): Promise<SetupStartedView> {
    const provider = this.providers.get(providerName);
    const { users, customers, paymentMethodSetups } = this.store.repos;
    const user = await users.findById(userId);
    if (!user) throw new NotFoundError('User');
    const { id: setupId, createdAt } = await paymentMethodSetups.create(userId, provider.name);
    const back = `${this.options.appBaseUrl}/account/payment-methods?setup=${setupId}&provider=${provider.name}`;
    try {
      const providerCustomerId = await ensureProviderCustomer(customers, provider, user);
      const session = await provider.paymentMethods.createSetupSession({
        setupId,
        userId,
        customer: { email: user.email, name: user.name, providerCustomerId },
        returnUrl: back,
        cancelUrl: `${back}&canceled=true`,
        idempotencyKey: `payment-method-setup:${setupId}`,
        startedAt: createdAt,
      });
      await paymentMethodSetups.recordProviderSetup(setupId, session.providerSetupId, session.setupUrl);
      return { setupId, provider: provider.name, setupUrl: session.setupUrl };
    } catch (error) {
      await paymentMethodSetups.close(setupId, 'failed');
      throw error;
    }
  }

  /**
   * Finishes a setup when the student is back from the provider's page. Answers the same method
   * when called again. The first method a student saves at a provider becomes its default.
   */
  async completeSetup(userId: string, setupId: string): Promise<PaymentMethodView> {
    const { paymentMethodSetups, paymentMethods, customers } = this.store.repos;
    const setup = isUuid(setupId) ? await paymentMethodSetups.findOwned(userId, setupId) : undefined;
    if (!setup) throw new NotFoundError('Setup');
    if (setup.status === 'completed' && setup.paymentMethodId) {
      const done = await paymentMethods.findById(setup.paymentMethodId);
      if (done) return toPaymentMethodView(done, this.now());
    }
    if (setup.status !== 'open' || !setup.providerSetupId) throw setupExpired();
    const provider = this.providers.get(setup.provider);
    const outcome = await provider.paymentMethods.completeSetup(setup.providerSetupId, {
      providerCustomerId: await customers.find(provider.name, userId),
      idempotencyKey: `payment-method-save:${setup.id}`,
    });
    if (outcome.kind === 'not_completed') {
      throw new ConflictError(
        'setup_not_completed',
        'The method was not saved: finish on the provider page, or start again',
      );
    }
    if (outcome.kind === 'expired') {
      await paymentMethodSetups.close(setup.id, 'expired');
      throw setupExpired();
    }
    // PayPal creates its vault customer with the first token: from now on it is this student's.
    await customers.insertOrKeep(provider.name, userId, outcome.method.providerCustomerId);
    await this.settlement.apply(outcome.events, 'user');
    const saved = await this.ownedByProviderRef(userId, provider.name, outcome.method.providerPaymentMethodId);
    await paymentMethodSetups.complete(setup.id, saved.id);
    const hasDefault = (await paymentMethods.listAttached(userId)).some(
      (m) => m.provider === provider.name && m.isDefault,
    );
    return hasDefault ? toPaymentMethodView(saved, this.now()) : this.makeDefault(userId, saved.id);
  }

  /**
   * Makes a method the one its provider charges by default: Stripe's customer invoice default
   * and every live Stripe subscription of the student's (so renewals use it); PayPal's is ours.
   */
  async makeDefault(userId: string, methodId: string): Promise<PaymentMethodView> {
    const method = await this.owned(userId, methodId);
    if (method.isDefault) return toPaymentMethodView(method, this.now());
    const provider = this.providers.get(method.provider);
    const pm = method.details.providerPaymentMethodId;
    if (provider.paymentMethods.keepsDefault) {
      const change = await this.store.repos.customers.nextDefaultChange(provider.name, userId);
      await provider.paymentMethods.setDefaultPaymentMethod(
        method.providerCustomerId,
        pm,
        `default-method:${userId}:${change}`,
      );
      for (const subscription of await this.liveSubscriptions(userId, provider.name)) {
        if (!subscription.providerSubscriptionId) continue;
        await provider.paymentMethods.setSubscriptionPaymentMethod(
          subscription.providerSubscriptionId,
          pm,
          `subscription-method:${subscription.id}:${change}`,
        );
      }
    }
    await this.applyAsUser(
      [
        {
          kind: 'DefaultPaymentMethodChanged',
          provider: provider.name,
          occurredAt: this.now(),
          ref: { providerCustomerId: method.providerCustomerId },
          providerPaymentMethodId: pm,
          confirmed: true,
        },
      ],
      userId,
      'payment_method.default_set',
      method.id,
    );
    return toPaymentMethodView(await this.owned(userId, methodId), this.now());
  }

  /**
   * Removes a method at the provider and here. The only method left to pay a live Stripe
   * subscription is refused (409 `method_in_use`); removing the default makes the newest other
   * method the default first, so renewals keep something to charge.
   */
  async remove(userId: string, methodId: string): Promise<void> {
    const method = await this.owned(userId, methodId);
    const provider = this.providers.get(method.provider);
    const live = await this.liveSubscriptions(userId, provider.name);
    const others = (await this.store.repos.paymentMethods.listAttached(userId)).filter(
      (m) => m.provider === method.provider && m.id !== method.id,
    );
    const decision = decideRemoval({
      methodPaysSubscriptions: provider.paymentMethods.keepsDefault,
      liveSubscriptions: live.length,
      isDefault: method.isDefault,
      otherMethodIds: others.map((m) => m.id),
    });
    if (decision.kind === 'refuse') {
      throw new ConflictError(
        decision.code,
        `${toPaymentMethodView(method, this.now()).label} pays your subscription; add another method before removing it`,
        { subscriptionIds: live.map((s) => s.id) },
      );
    }
    if (decision.promote) await this.makeDefault(userId, decision.promote);
    await provider.paymentMethods.detachPaymentMethod(
      method.details.providerPaymentMethodId,
      `detach-method:${method.id}`,
    );
    await this.applyAsUser(
      [
        {
          kind: 'PaymentMethodDetached',
          provider: provider.name,
          occurredAt: this.now(),
          ref: { providerCustomerId: method.providerCustomerId },
          providerPaymentMethodId: method.details.providerPaymentMethodId,
        },
      ],
      userId,
      'payment_method.removed',
      method.id,
    );
  }

  /**
   * The background sync (method-sync-job.ts): the provider's current methods and default, then,
   * when the student has methods there but no default, the newest becomes it.
   */
  async syncProvider(userId: string, name: ProviderName): Promise<void> {
    const providerCustomerId = await this.store.repos.customers.find(name, userId);
    if (!providerCustomerId || !this.providers.has(name)) return;
    const provider = this.providers.get(name);
    await this.settlement.apply(await this.providerSnapshot(provider, userId, providerCustomerId), 'system');
    const methods = (await this.store.repos.paymentMethods.listAttached(userId)).filter((m) => m.provider === name);
    const [newest] = methods;
    if (newest && !methods.some((m) => m.isDefault)) await this.makeDefault(userId, newest.id);
  }

  /**
   * Re-reads every provider the student has a customer at: what it lists is recorded, what it no
   * longer has is removed here (after asking for that method once more, so a method attached
   * while the list was being read is not lost: a removal is final).
   */
  async refresh(userId: string): Promise<void> {
    for (const name of this.providers.configured()) {
      const providerCustomerId = await this.store.repos.customers.find(name, userId);
      if (!providerCustomerId) continue;
      const events = await this.providerSnapshot(this.providers.get(name), userId, providerCustomerId);
      await this.settlement.apply(events, 'user');
    }
  }

  private async providerSnapshot(
    provider: PaymentProvider,
    userId: string,
    providerCustomerId: string,
  ): Promise<DomainEvent[]> {
    const occurredAt = this.now();
    const listed = await provider.paymentMethods.listPaymentMethods(providerCustomerId);
    const ref = { providerCustomerId };
    const events: DomainEvent[] = listed.methods.map((method) => ({
      kind: 'PaymentMethodAttached',
      provider: provider.name,
      occurredAt,
      ref: { providerCustomerId: method.providerCustomerId },
      method: detailsOf(method),
    }));
    const listedIds = new Set(listed.methods.map((m) => m.providerPaymentMethodId));
    const known = (await this.store.repos.paymentMethods.listAttached(userId)).filter(
      (m) => m.provider === provider.name && !listedIds.has(m.details.providerPaymentMethodId),
    );
    for (const missing of known) {
      const id = missing.details.providerPaymentMethodId;
      if (await provider.paymentMethods.getPaymentMethod(id)) continue;
      this.logger.info({ provider: provider.name, paymentMethodId: missing.id }, 'saved method gone at the provider');
      events.push({
        kind: 'PaymentMethodDetached',
        provider: provider.name,
        occurredAt,
        ref,
        providerPaymentMethodId: id,
      });
    }
    if (provider.paymentMethods.keepsDefault) {
      events.push({
        kind: 'DefaultPaymentMethodChanged',
        provider: provider.name,
        occurredAt,
        ref,
        providerPaymentMethodId: listed.defaultPaymentMethodId,
      });
    }
    return events;
  }

  private async owned(userId: string, methodId: string): Promise<PaymentMethodRecord> {
    const method = isUuid(methodId) ? await this.store.repos.paymentMethods.findOwned(userId, methodId) : undefined;
    if (!method) throw new NotFoundError('Payment method');
    return method;
  }

  private async ownedByProviderRef(
    userId: string,
    provider: ProviderName,
    providerPaymentMethodId: string,
  ): Promise<PaymentMethodRecord> {
    const found = (await this.store.repos.paymentMethods.listAttached(userId)).find(
      (m) => m.provider === provider && m.details.providerPaymentMethodId === providerPaymentMethodId,
    );
    // The provider saved it on a customer that is not this student's: never show it to them.
    if (!found) throw new ConflictError('setup_not_completed', 'The saved method could not be matched to your account');
    return found;
  }

  private async liveSubscriptions(userId: string, provider: ProviderName) {
    const all = await this.store.repos.subscriptions.listForUser(userId);
    return all.filter((s) => s.provider === provider && LIVE_SUBSCRIPTION_STATES.includes(s.status));
  }

  /** Applies our own change like a webhook and audits who asked, in one transaction. */
  private async applyAsUser(events: DomainEvent[], userId: string, action: string, methodId: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      await this.settlement.applyIn(tx, events, 'user');
      await tx.audit.append({
        actor: 'user',
        actorUserId: userId,
        action,
        entityType: 'payment_method',
        entityId: methodId,
      });
    });
  }
}

function setupExpired(): ConflictError {
  return new ConflictError('setup_expired', 'This setup can no longer be finished; start adding the method again');
}
