import type { Config } from '../../config/config';
import type { DomainEvent, PaymentEvent } from '../../domain/events/domain-event';
import type { Money } from '../../domain/money';
import { isExpired } from '../../domain/payment-methods/method-display';
import type { ProviderName } from '../../domain/payments/payment-status';
import { toDecimalString } from '../../domain/money';
import { ConflictError, NotFoundError, PaymentDeclinedError, RuleViolationError } from '../../errors/app-error';
import { ProviderError } from '../../errors/provider-error';
import type { Logger } from '../../logger';
import { SAVED_METHOD_MISSING } from '../../providers/payment-provider';
import type { CheckoutSession, ProviderLookup } from '../../providers/payment-provider';
import type { DataStore } from '../../repositories/data-store';
import type { PaymentMethodRecord } from '../../repositories/payment-method.repository';
import type { PaymentRecord } from '../../repositories/payment.repository';
import type { Principal } from '../auth/auth.service';
import type { CatalogService, PriceView } from '../catalog/catalog.service';
import type { CurrencyService } from '../catalog/currency.service';
import { canSee } from '../payments/access-policy';
import type { PaymentQueryService } from '../payments/payment-queries.service';
import type { PaymentView } from '../payments/payment-views';
import { ALREADY_OWNED, type SettlementService } from '../payments/settlement.service';
import { assertSameCheckout } from './idempotent-replay';
import { ensureProviderCustomer } from './provider-customers';

/** How long a retried checkout waits for a concurrent first attempt with the same key. */
const CHECKOUT_WAIT_MS = 15_000;

export interface CheckoutInput {
  userId: string;
  courseId: string;
  provider: ProviderName;
  currency?: string;
  /**
   * The amount (minor units, in the checkout's currency) the student was shown. When the price
   * has changed since (a new exchange rate), the checkout is refused with 409 `price_changed`
   * instead of charging a different amount than the one seen.
   */
  expectedAmount?: number;
  idempotencyKey?: string;
  /** Our id of a saved method to pay with (a vaulted PayPal wallet: no approval page). */
  paymentMethodId?: string;
}

export interface CheckoutResult {
  paymentId: string;
  provider: ProviderName;
  providerSessionId: string;
  checkoutUrl: string;
}

/** The buyer's commands: start a checkout, and capture an approved PayPal order. */
export class CheckoutService {
  constructor(
    private readonly store: DataStore,
    private readonly config: Config,
    private readonly providers: ProviderLookup,
    private readonly catalog: CatalogService,
    private readonly currencies: CurrencyService,
    private readonly settlement: SettlementService,
    private readonly queries: PaymentQueryService,
    private readonly logger: Logger,
  ) {}

  /**
   * Starts a course purchase: the price comes from the server only, and a pending payment with
   * the expected amount is written before the provider is called.
   */
  async startCourseCheckout(input: CheckoutInput): Promise<CheckoutResult> {
    const provider = this.providers.get(input.provider);
    const { payments, enrollments, users } = this.store.repos;
    if (input.idempotencyKey) {
      const replay = await payments.findByIdempotencyKey(input.userId, input.idempotencyKey);
      if (replay) return this.replayCheckout(replay, input);
    }
    const { course, quote, price } = await this.catalog.priceCourse(input.courseId, input.currency);
    assertPriceStillShown(price, input.expectedAmount);
    assertProviderTakes(price, provider.name);
    if (await enrollments.ownsCourse(input.userId, course.id)) {
      throw new ConflictError('already_enrolled', 'You are already enrolled in this course');
    }
    const user = await users.findById(input.userId);
    if (!user) throw new NotFoundError('User');
    const saved = input.paymentMethodId
      ? await this.savedMethod(input.userId, input.paymentMethodId, provider.name)
      : undefined;
    // Paying with a saved method is a new checkout: an open one waits for an approval that is not coming.
    const reusable = await this.closeOtherCheckouts(input.userId, course.id, provider.name, quote.price, !saved);
    if (reusable) return reusable;

    const payment = await payments.createPendingCoursePayment({
      userId: user.id,
      courseId: course.id,
      provider: provider.name,
      amount: quote.price,
      conversion: quote.conversion ?? null,
      tax: quote.tax,
      idempotencyKey: input.idempotencyKey ?? null,
      paymentMethodId: saved?.id ?? null,
    });
    if (payment === 'idempotency_conflict') {
      // Two requests with the same Idempotency-Key raced: the first one's checkout is the answer.
      const winner = await payments.findByIdempotencyKey(input.userId, input.idempotencyKey!);
      if (!winner) throw new ConflictError('idempotency_key_reused', 'This Idempotency-Key is being used; retry');
      return this.replayCheckout(winner, input);
    }

    let session: CheckoutSession;
    try {
      session = await this.createAtProvider(payment, course.title, user, saved?.details.providerPaymentMethodId);
    } catch (error) {
      const events: DomainEvent[] = [
        {
          kind: 'PaymentFailed',
          provider: provider.name,
          occurredAt: new Date(),
          ref: { paymentId: payment.id },
          failureCode: 'checkout_not_created',
          failureReason: error instanceof Error ? error.message : 'The provider could not start the checkout',
        },
      ];
      // The provider no longer has the saved method (removed on its side): neither do we, then.
      if (saved && error instanceof ProviderError && error.code === SAVED_METHOD_MISSING) {
        events.push({
          kind: 'PaymentMethodDetached',
          provider: provider.name,
          occurredAt: new Date(),
          ref: { providerCustomerId: saved.providerCustomerId },
          providerPaymentMethodId: saved.details.providerPaymentMethodId,
        });
      }
      await this.settlement.apply(events, 'system');
      throw error;
    }
    // Settled at once (a vaulted wallet): apply the outcome now, as its webhook would.
    if (session.events?.length) await this.settleAtOnce(payment.id, session.events);
    return {
      paymentId: payment.id,
      provider: provider.name,
      providerSessionId: session.providerSessionId,
      checkoutUrl: session.checkoutUrl,
    };
  }

  /**
   * Finishes a checkout whose request died after its pending payment was written and before the
   * provider's checkout was stored: the create call is sent again, built exactly as the first one
   * was (same key `checkout:<paymentId>`, same parameters, the expiry counted from the row), so a
   * provider that got the first call answers with the same session or order, and one that did not
   * creates it now. Either way it is recorded and left open: its student never saw it, but a
   * retried checkout of the same course reuses it instead of making another, and unpaid it lapses
   * with the provider's lifetime like any other. Returns undefined when there is nothing to resume.
   */
  async resumeCheckout(paymentId: string): Promise<CheckoutSession | undefined> {
    const { payments, users } = this.store.repos;
    const found = await payments.findCheckoutToResume(paymentId);
    if (!found) return undefined;
    const user = await users.findById(found.payment.userId);
    if (!user) throw new NotFoundError('User');
    const session = await this.createAtProvider(
      found.payment,
      found.courseTitle,
      user,
      found.providerPaymentMethodId ?? undefined,
    );
    this.logger.info({ paymentId, provider: found.payment.provider }, 'crashed checkout resumed');
    return session;
  }

  /**
   * Captures an approved PayPal order for its owner. Capturing twice is harmless: PayPal replays
   * the first capture for the same request id, and the state machine ignores repeats.
   */
  async capturePayPalOrder(principal: Principal, orderId: string): Promise<PaymentView> {
    const payment = await this.store.repos.payments.findBySession('paypal', orderId);
    if (!payment || !canSee(principal, payment.userId)) throw new NotFoundError('Payment');
    if (payment.status !== 'completed') {
      const events = await this.settlement.captureApproved('paypal', payment.id, orderId);
      await this.settlement.apply(events, 'user');
      if (events.some((e) => e.kind === 'PaymentCanceled' && e.reason === ALREADY_OWNED)) {
        throw new ConflictError('already_enrolled', 'You already own this course; this payment was not taken');
      }
      const failed = events.find((e) => e.kind === 'PaymentFailed');
      if (failed && failed.kind === 'PaymentFailed') {
        throw new PaymentDeclinedError(failed.failureReason, {
          failureCode: failed.failureCode,
          paymentId: payment.id,
        });
      }
    }
    return this.queries.getPayment(principal, payment.id);
  }

  /**
   * One sale per course: an open checkout of this course with the same provider and price is
   * reused; any other open checkout is closed first (Stripe: the session is expired; PayPal
   * cannot void an unapproved order, so ours is canceled and a later approval is not captured
   * while the course is owned). A checkout whose money is already moving is never closed: the
   * answer is 409 `checkout_in_progress` naming it.
   */
  private async closeOtherCheckouts(
    userId: string,
    courseId: string,
    providerName: ProviderName,
    price: Money,
    mayReuse: boolean,
  ): Promise<CheckoutResult | undefined> {
    for (const found of await this.store.repos.payments.openForCourse(userId, courseId)) {
      const samePrice = found.amount.amount === price.amount && found.amount.currency === price.currency;
      const reusable = mayReuse && found.status === 'pending' && found.provider === providerName && samePrice;
      // A checkout without a session yet is being created by a concurrent request: wait for it.
      const open = reusable && !found.providerSessionId ? await this.awaitCheckoutCreated(found) : found;
      if (reusable && open.status === 'pending' && open.providerSessionId && open.checkoutUrl) {
        this.logger.debug({ paymentId: open.id }, 'open checkout reused');
        return toResult(open, open.providerSessionId, open.checkoutUrl);
      }
      if (open.status !== 'pending' || !open.providerSessionId) throw checkoutInProgress(open);
      const ref = { paymentId: open.id, providerSessionId: open.providerSessionId };
      const closed = await this.providers.get(open.provider).checkout.expireCheckout(ref);
      if (closed === 'already_paid') throw checkoutInProgress(open);
      await this.settlement.apply(
        [{ kind: 'PaymentCanceled', provider: open.provider, occurredAt: new Date(), ref, reason: 'superseded' }],
        'system',
      );
    }
    return undefined;
  }

  /**
   * The student's own saved method for this checkout: another student's or a removed one is 404;
   * Stripe takes none (its page offers the saved cards); an expired card is refused.
   */
  private async savedMethod(userId: string, methodId: string, provider: ProviderName): Promise<PaymentMethodRecord> {
    const method = await this.store.repos.paymentMethods.findOwned(userId, methodId);
    if (!method) throw new NotFoundError('Payment method');
    if (method.provider !== provider) {
      throw new RuleViolationError(
        'payment_method_provider_mismatch',
        `This saved method is paid through ${method.provider}`,
        {
          provider: method.provider,
        },
      );
    }
    if (!this.providers.get(provider).paymentMethods.paysCheckouts) {
      throw new RuleViolationError(
        'payment_method_not_applicable',
        `${provider} offers your saved methods on its own page; start the checkout without one`,
      );
    }
    if (isExpired(method.details, new Date())) {
      throw new RuleViolationError('payment_method_expired', 'This card has expired; choose another method');
    }
    return method;
  }

  /**
   * The provider call of a pending payment, and recording its answer: the one place a course
   * checkout's request is built, so a resumed checkout sends exactly what the first attempt sent.
   */
  private async createAtProvider(
    payment: PaymentRecord,
    courseTitle: string,
    user: { id: string; email: string; name: string },
    savedPaymentMethodId: string | undefined,
  ): Promise<CheckoutSession> {
    const provider = this.providers.get(payment.provider);
    const providerCustomerId = await ensureProviderCustomer(this.store.repos.customers, provider, user);
    const session = await provider.checkout.createCheckout({
      paymentId: payment.id,
      userId: user.id,
      lineItem: { description: courseTitle, amount: payment.amount },
      customer: { email: user.email, name: user.name, providerCustomerId },
      returnUrl: `${this.config.appBaseUrl}/checkout/return?paymentId=${payment.id}&provider=${provider.name}`,
      cancelUrl: `${this.config.appBaseUrl}/courses/${payment.courseId}?checkout=canceled`,
      idempotencyKey: `checkout:${payment.id}`,
      startedAt: payment.createdAt,
      ...(savedPaymentMethodId ? { savedPaymentMethodId } : {}),
    });
    await this.store.repos.payments.recordCheckoutSession(payment.id, session.providerSessionId, session.checkoutUrl);
    return session;
  }

  /** Applies a checkout's immediate outcome; a decline is the buyer's answer, as at capture. */
  private async settleAtOnce(paymentId: string, events: PaymentEvent[]): Promise<void> {
    await this.settlement.apply(events, 'user');
    const failed = events.find((e) => e.kind === 'PaymentFailed');
    if (failed?.kind === 'PaymentFailed') {
      throw new PaymentDeclinedError(failed.failureReason, { failureCode: failed.failureCode, paymentId });
    }
  }

  /** A concurrent request with the same key may still be talking to the provider: wait for it, briefly. */
  private async awaitCheckoutCreated(payment: PaymentRecord): Promise<PaymentRecord> {
    const deadline = Date.now() + CHECKOUT_WAIT_MS;
    let current = payment;
    while (!current.providerSessionId && current.status === 'pending' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      current = (await this.store.repos.payments.findById(payment.id)) ?? current;
    }
    return current;
  }

  /** The first answer for the key again, when the request is the same checkout (else 409 naming what differs). */
  private async replayCheckout(first: PaymentRecord, input: CheckoutInput): Promise<CheckoutResult> {
    assertSameCheckout(first, {
      courseId: input.courseId,
      provider: input.provider,
      currency: this.currencies.resolve(input.currency),
      expectedAmount: input.expectedAmount,
      paymentMethodId: input.paymentMethodId,
    });
    const payment = await this.awaitCheckoutCreated(first);
    if (!payment.providerSessionId || !payment.checkoutUrl) {
      throw new ConflictError(
        'checkout_not_created',
        'The first attempt with this Idempotency-Key failed; retry with a new key',
      );
    }
    this.logger.debug({ paymentId: payment.id }, 'checkout replayed for idempotency key');
    return toResult(payment, payment.providerSessionId, payment.checkoutUrl);
  }
}

function toResult(payment: PaymentRecord, providerSessionId: string, checkoutUrl: string): CheckoutResult {
  return { paymentId: payment.id, provider: payment.provider, providerSessionId, checkoutUrl };
}

function checkoutInProgress(open: PaymentRecord): ConflictError {
  return new ConflictError(
    'checkout_in_progress',
    `A ${open.provider} checkout of this course is already under way; finish it or wait for its outcome`,
    { paymentId: open.id, provider: open.provider, status: open.status },
  );
}

/** 409 `price_changed` with the new price when the student saw a different amount. */
function assertPriceStillShown(price: PriceView, expectedAmount: number | undefined): void {
  if (expectedAmount === undefined || expectedAmount === price.amount) return;
  throw new ConflictError(
    'price_changed',
    `The price is now ${toDecimalString(price)} ${price.currency} (you saw ${toDecimalString({
      amount: expectedAmount,
      currency: price.currency,
    })}); confirm the new price to continue`,
    { price, expectedAmount },
  );
}

/** 400 naming the rule when the provider cannot take this price; nothing has been written yet. */
export function assertProviderTakes(price: PriceView, provider: ProviderName): void {
  if (price.providers.includes(provider)) return;
  const reason = price.unavailable.find((u) => u.provider === provider);
  throw new RuleViolationError(
    reason?.code ?? 'provider_not_available',
    reason?.message ?? `${provider} cannot take this price`,
    {
      provider,
      price: { amount: price.amount, currency: price.currency },
      providers: price.providers,
    },
  );
}
