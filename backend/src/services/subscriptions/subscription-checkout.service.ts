import type { Config } from '../../config/config';
import type { SubscriptionChanged } from '../../domain/events/domain-event';
import { ConflictError, NotFoundError } from '../../errors/app-error';
import { ProviderError } from '../../errors/provider-error';
import type { Logger } from '../../logger';
import type { PaymentProvider, ProviderLookup, SubscriptionPlanPrice } from '../../providers/payment-provider';
import type { DataStore } from '../../repositories/data-store';
import type { SubscriptionRecord } from '../../repositories/subscription.repository';
import type { CatalogService, PricedPlan } from '../catalog/catalog.service';
import { assertProviderTakes } from '../checkout/checkout.service';
import { ensureProviderCustomer } from '../checkout/provider-customers';
import type { SettlementService } from '../payments/settlement.service';
import type { SubscriptionCheckoutResult } from './subscription-views';

/** An unfinished checkout is handed out again for this long (Stripe sessions live 24 hours). */
const REUSE_CHECKOUT_MS = 23 * 3600 * 1000;

export interface SubscriptionCheckoutInput {
  userId: string;
  planId: string;
  provider: string;
  currency?: string;
}

/** Starts a subscription: priced by the server, written incomplete, then sent to the provider's checkout. */
export class SubscriptionCheckoutService {
  constructor(
    private readonly store: DataStore,
    private readonly config: Config,
    private readonly providers: ProviderLookup,
    private readonly catalog: CatalogService,
    private readonly settlement: SettlementService,
    private readonly logger: Logger,
  ) {}

  async start(input: SubscriptionCheckoutInput): Promise<SubscriptionCheckoutResult> {
    const provider = this.providers.get(input.provider);
    const { users, subscriptions, customers } = this.store.repos;
    const priced = await this.catalog.pricePlan(input.planId, input.currency);
    assertProviderTakes(priced.price, provider.name);
    const user = await users.findById(input.userId);
    if (!user) throw new NotFoundError('User');
    await this.assertNoLivePlan(input.userId);
    await this.assertCurrencyAllowed(input.userId, provider, priced.quote.price.currency);

    const since = new Date(Date.now() - REUSE_CHECKOUT_MS);
    const open = await subscriptions.openCheckout(user.id, priced.plan.id, priced.quote.price, provider.name, since);
    if (open?.providerSessionId && open.checkoutUrl) {
      this.logger.debug({ subscriptionId: open.id }, 'open subscription checkout reused');
      return toResult(open, open.providerSessionId, open.checkoutUrl);
    }

    const subscription = await subscriptions.create({
      userId: user.id,
      planId: priced.plan.id,
      provider: provider.name,
      price: priced.quote.price,
      tax: { rateBasisPoints: priced.quote.tax.rateBasisPoints, pricesIncludeTax: priced.quote.tax.pricesIncludeTax },
    });
    try {
      const price = planPrice(priced);
      const providerPriceId = await this.providerPrice(provider, priced, price);
      const providerCustomerId = await ensureProviderCustomer(customers, provider, user);
      const base = this.config.appBaseUrl;
      const session = await provider.subscriptions.createSubscriptionCheckout({
        subscriptionId: subscription.id,
        userId: user.id,
        price,
        providerPriceId,
        customer: { email: user.email, name: user.name, providerCustomerId },
        returnUrl: `${base}/subscriptions/return?subscriptionId=${subscription.id}&provider=${provider.name}`,
        cancelUrl: `${base}/plans?checkout=canceled`,
        idempotencyKey: `subscription-checkout:${subscription.id}`,
      });
      // The provider's subscription id comes with its first event (PayPal's CREATED, Stripe's created).
      await subscriptions.recordCheckout(subscription.id, {
        providerSessionId: session.providerSessionId,
        checkoutUrl: session.checkoutUrl,
      });
      return toResult(subscription, session.providerSessionId, session.checkoutUrl);
    } catch (error) {
      await this.abandon(subscription, provider);
      throw translated(error, priced.quote.price.currency);
    }
  }

  /** The provider's price for this plan at this amount, created on first use and kept. */
  private async providerPrice(provider: PaymentProvider, priced: PricedPlan, price: SubscriptionPlanPrice) {
    const { catalog } = this.store.repos;
    const key = {
      planId: priced.plan.id,
      price: priced.quote.price,
      trialDays: price.trialDays,
      provider: provider.name,
    };
    const known = await catalog.providerPrice(key);
    if (known) return known;
    return catalog.keepProviderPrice(key, await provider.subscriptions.createPlanPrice(price));
  }

  /** One plan at a time: a live subscription (even one ending at its period end) must end first. */
  private async assertNoLivePlan(userId: string): Promise<void> {
    const live = (await this.store.repos.subscriptions.withAccessCandidates(userId, new Date())).find(
      (s) => s.status !== 'canceled',
    );
    if (!live) return;
    throw new ConflictError(
      'subscription_exists',
      live.cancelAtPeriodEnd
        ? `Your ${live.plan.name} plan is set to end on its period end; resume it instead of subscribing again`
        : `You already have the ${live.plan.name} plan (${live.status.replace('_', ' ')})`,
      { subscriptionId: live.id, status: live.status },
    );
  }

  /**
   * Stripe bills a customer in one currency once it has had a subscription: a plan in another
   * currency would be refused by Stripe with a raw error, so it is refused here in words first.
   */
  private async assertCurrencyAllowed(userId: string, provider: PaymentProvider, currency: string): Promise<void> {
    if (!provider.subscriptions.cancelsAtPeriodEnd) return;
    const billed = await this.store.repos.subscriptions.billedCurrencies(userId, provider.name);
    const other = billed.find((c) => c !== currency);
    if (billed.length > 0 && !billed.includes(currency) && other) throw currencyLocked(other, currency);
  }

  /** The checkout could not be created: the subscription never started (through the state machine). */
  private async abandon(subscription: SubscriptionRecord, provider: PaymentProvider): Promise<void> {
    const expired: SubscriptionChanged = {
      kind: 'SubscriptionChanged',
      provider: provider.name,
      occurredAt: new Date(),
      ref: { subscriptionId: subscription.id },
      status: 'expired',
    };
    await this.settlement.apply([expired], 'system');
  }
}

function planPrice(priced: PricedPlan): SubscriptionPlanPrice {
  const { plan, quote } = priced;
  return {
    planPriceId: `${plan.id}:${quote.price.currency}:${quote.price.amount}:${plan.trialDays}`,
    planName: plan.name,
    interval: plan.interval,
    amount: quote.price,
    trialDays: plan.trialDays,
  };
}

function currencyLocked(billedIn: string, asked: string): ConflictError {
  return new ConflictError(
    'subscription_currency_locked',
    `Stripe bills your account in ${billedIn}, so a plan in ${asked} cannot be added to it; choose ${billedIn} or pay with PayPal`,
    { currency: billedIn, requested: asked },
  );
}

/**
 * Stripe's own currency refusal (a lock we did not know of) in the same words as ours. The
 * currency it bills in is `customerCurrency`; the adapter's `currency` is the one asked for.
 */
function translated(error: unknown, asked: string): unknown {
  if (error instanceof ProviderError && error.code === 'subscription_currency_locked') {
    const billedIn =
      typeof error.details?.customerCurrency === 'string'
        ? error.details.customerCurrency.toUpperCase()
        : 'another currency';
    return currencyLocked(billedIn, asked);
  }
  return error;
}

function toResult(
  subscription: SubscriptionRecord,
  providerSessionId: string,
  checkoutUrl: string,
): SubscriptionCheckoutResult {
  return { subscriptionId: subscription.id, provider: subscription.provider, providerSessionId, checkoutUrl };
}
