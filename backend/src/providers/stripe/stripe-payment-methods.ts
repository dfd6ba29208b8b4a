import type Stripe from 'stripe';
import { ProviderError } from '../../errors/provider-error';
import type { Logger } from '../../logger';
import { obj, str, type Json } from '../json-reading';
import type {
  CustomerPaymentMethods,
  PaymentMethodCapability,
  SavedPaymentMethod,
  SetupOutcome,
  SetupSession,
  SetupSessionRequest,
} from '../payment-provider';
import { sessionExpiry, stripeSuccessUrl } from './stripe-checkout';
import type { StripeClient } from './stripe-client';
import { createHostedSession } from './stripe-hosted-session';
import { callStripe } from './stripe-errors';
import { idOf } from './stripe-json';
import { paymentMethodAttached, savedPaymentMethod } from './stripe-payment-method-mapper';

/** More saved cards than any student has; the list is read whole (auto-pagination) up to this. */
const MAX_LISTED_METHODS = 1000;

/** Metadata that lets the session and its SetupIntent point back at our setup. */
export function setupMetadata(request: SetupSessionRequest): Record<string, string> {
  return { setup_id: request.setupId, user_id: request.userId };
}

/**
 * Checkout in setup mode for one pending setup: a card saved on the student's customer (Stripe
 * marks it `allow_redisplay: always`, so Checkout offers it again). Quirk: stripe-node 23 (API
 * endive) removed `payment_method_types` from session creation; `allowed_payment_method_types`
 * limits the page to cards, and also spares the `currency` setup mode otherwise needs.
 */
export function setupSessionParams(request: SetupSessionRequest, now: Date): Stripe.Checkout.SessionCreateParams {
  const customer = request.customer.providerCustomerId;
  if (!customer) {
    throw new ProviderError(
      'invalid_request',
      'stripe',
      'Saving a card on Stripe needs the student’s Stripe customer',
      {
        code: 'validation_failed',
      },
    );
  }
  const metadata = setupMetadata(request);
  return {
    mode: 'setup',
    customer,
    allowed_payment_method_types: ['card'],
    success_url: stripeSuccessUrl(request.returnUrl),
    cancel_url: request.cancelUrl,
    metadata,
    setup_intent_data: { metadata },
    expires_at: sessionExpiry(request.startedAt, now),
  };
}

/**
 * Quirk: detaching a card that is no longer on a customer answers 400 `payment_method_unexpected_state`
 * ("The payment method you provided is not attached to a customer so detachment is impossible.");
 * a card Stripe no longer has is `resource_missing`. Both mean the card is already gone.
 */
const NOT_ATTACHED = /not attached to a customer/i;

function alreadyDetached(err: unknown): boolean {
  if (!(err instanceof ProviderError)) return false;
  if (err.kind === 'not_found') return true;
  return (
    err.kind === 'invalid_request' &&
    (err.details?.code === 'payment_method_unexpected_state' || NOT_ATTACHED.test(err.message))
  );
}

export interface StripePaymentMethodsOptions {
  now: () => Date;
  logger?: Logger;
}

const json = (o: unknown): Json => o as Json;

/** Saved cards on Stripe: Checkout in setup mode, the customer's cards and its invoice default. */
export class StripePaymentMethods implements PaymentMethodCapability {
  readonly paysCheckouts = false;
  readonly keepsDefault = true;

  constructor(
    private readonly stripe: StripeClient,
    private readonly options: StripePaymentMethodsOptions,
  ) {}

  async createSetupSession(request: SetupSessionRequest): Promise<SetupSession> {
    const params = setupSessionParams(request, this.options.now());
    const session = await createHostedSession(this.stripe, params, request.idempotencyKey, this.options.logger);
    return {
      providerSetupId: session.id,
      setupUrl: session.url,
      ...(session.expiresAt ? { expiresAt: session.expiresAt } : {}),
    };
  }

  /**
   * Reads the session with its SetupIntent and card. Nothing is created here (Stripe saved the card
   * on its page, on the session's customer), so neither the key nor the customer is needed: reading
   * twice gives the same card.
   */
  async completeSetup(
    providerSetupId: string,
    _options?: { providerCustomerId?: string; idempotencyKey: string },
  ): Promise<SetupOutcome> {
    const session = await callStripe(
      'checkout.sessions.retrieve',
      () => this.stripe.checkout.sessions.retrieve(providerSetupId, { expand: ['setup_intent.payment_method'] }),
      this.options.logger,
    );
    if (session.status === 'expired') return { kind: 'expired' };
    const intent = obj(session.setup_intent);
    if (session.status !== 'complete' || !intent || str(intent.status) !== 'succeeded')
      return { kind: 'not_completed' };
    const pm = obj(intent.payment_method) ?? (await this.retrieve(idOf(intent.payment_method)));
    const event = pm ? paymentMethodAttached(pm, this.options.now()) : undefined;
    if (!event) {
      // Saved, but no longer a card on the customer (detached since, or another type): nothing to show.
      throw new ProviderError('conflict', 'stripe', 'The card this setup saved is no longer on the Stripe customer', {
        code: 'setup_method_unusable',
        details: { provider: 'stripe', session: providerSetupId },
      });
    }
    return { kind: 'saved', method: { ...event.method, ...event.ref }, events: [event] };
  }

  async getPaymentMethod(providerPaymentMethodId: string): Promise<SavedPaymentMethod | null> {
    const pm = await this.retrieve(providerPaymentMethodId);
    return (pm && savedPaymentMethod(pm)) ?? null;
  }

  /** The customer's cards (every page) and its invoice default; a deleted customer has neither. */
  async listPaymentMethods(providerCustomerId: string): Promise<CustomerPaymentMethods> {
    const customer = await callStripe(
      'customers.retrieve',
      () => this.stripe.customers.retrieve(providerCustomerId),
      this.options.logger,
    );
    if (customer.deleted) return { methods: [], defaultPaymentMethodId: null };
    const cards = await callStripe(
      'customers.listPaymentMethods',
      () =>
        this.stripe.customers
          .listPaymentMethods(providerCustomerId, { type: 'card', limit: 100 })
          .autoPagingToArray({ limit: MAX_LISTED_METHODS }),
      this.options.logger,
    );
    return {
      methods: cards.map((pm) => savedPaymentMethod(json(pm))).filter((m): m is SavedPaymentMethod => m !== undefined),
      defaultPaymentMethodId: idOf(customer.invoice_settings?.default_payment_method) ?? null,
    };
  }

  async setDefaultPaymentMethod(
    providerCustomerId: string,
    providerPaymentMethodId: string,
    idempotencyKey: string,
  ): Promise<void> {
    await callStripe(
      'customers.update',
      () =>
        this.stripe.customers.update(
          providerCustomerId,
          { invoice_settings: { default_payment_method: providerPaymentMethodId } },
          { idempotencyKey },
        ),
      this.options.logger,
    );
  }

  async setSubscriptionPaymentMethod(
    providerSubscriptionId: string,
    providerPaymentMethodId: string,
    idempotencyKey: string,
  ): Promise<void> {
    await callStripe(
      'subscriptions.update',
      () =>
        this.stripe.subscriptions.update(
          providerSubscriptionId,
          { default_payment_method: providerPaymentMethodId },
          { idempotencyKey },
        ),
      this.options.logger,
    );
  }

  /**
   * Detached for good (Stripe never re-attaches it). A card already off its customer is
   * `already_gone`. The same key again replays Stripe's first answer, so that one says `detached`.
   */
  async detachPaymentMethod(
    providerPaymentMethodId: string,
    idempotencyKey: string,
  ): Promise<'detached' | 'already_gone'> {
    try {
      await callStripe(
        'paymentMethods.detach',
        () => this.stripe.paymentMethods.detach(providerPaymentMethodId, {}, { idempotencyKey }),
        this.options.logger,
      );
      return 'detached';
    } catch (err) {
      if (alreadyDetached(err)) return 'already_gone';
      throw err;
    }
  }

  /** One PaymentMethod, or undefined when Stripe does not know it (`resource_missing`). */
  private async retrieve(id: string | undefined): Promise<Json | undefined> {
    if (!id) return undefined;
    try {
      const pm = await callStripe(
        'paymentMethods.retrieve',
        () => this.stripe.paymentMethods.retrieve(id),
        this.options.logger,
      );
      return json(pm);
    } catch (err) {
      if (err instanceof ProviderError && err.kind === 'not_found') return undefined;
      throw err;
    }
  }
}
