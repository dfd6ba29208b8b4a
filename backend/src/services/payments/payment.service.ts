import type { DataSource } from 'typeorm';
import type { Config } from '../../config/config';
import type { DomainEvent } from '../../domain/events/domain-event';
import type { PaymentStatus, ProviderName } from '../../domain/payments/payment-status';
import { Payment, User } from '../../entities';
import { ConflictError, NotFoundError, PaymentDeclinedError } from '../../errors/app-error';
import type { Logger } from '../../logger';
import type { ProviderLookup } from '../../providers/payment-provider';
import type { Principal } from '../auth/auth.service';
import type { CatalogService } from '../catalog.service';
import { isUniqueViolation } from '../db-errors';
import type { EnrollmentService } from '../enrollment.service';
import { isUuid } from '../ids';
import type { ProviderCustomerService } from '../provider-customer.service';
import type { PaymentEventApplier } from './payment-event-applier';
import { decodeCursor, encodeCursor } from './history-cursor';
import {
  PAYMENT_VIEW_COLUMNS,
  toPaymentView,
  type PaymentRow,
  type PaymentView,
  type RefundView,
} from './payment-views';

/** How long a retried checkout waits for a concurrent first attempt with the same key. */
const CHECKOUT_WAIT_MS = 15_000;

export interface CheckoutInput {
  userId: string;
  courseId: string;
  provider: ProviderName;
  currency?: string;
  idempotencyKey?: string;
}

export interface CheckoutResult {
  paymentId: string;
  provider: ProviderName;
  providerSessionId: string;
  checkoutUrl: string;
}

export interface HistoryQuery {
  limit: number;
  cursor?: string;
  status?: PaymentStatus;
  userId?: string;
}

export class PaymentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: Config,
    private readonly providers: ProviderLookup,
    private readonly catalog: CatalogService,
    private readonly enrollments: EnrollmentService,
    private readonly customers: ProviderCustomerService,
    private readonly applier: PaymentEventApplier,
    private readonly logger: Logger,
  ) {}

  /**
   * Starts a course purchase: the price comes from the server only, and a pending payment with
   * the expected amount is written before the provider is called.
   */
  async startCourseCheckout(input: CheckoutInput): Promise<CheckoutResult> {
    const provider = this.providers.get(input.provider);
    if (input.idempotencyKey) {
      const replay = await this.findByIdempotencyKey(input.userId, input.idempotencyKey);
      if (replay) return this.replayCheckout(replay, input);
    }
    const { course, quote } = await this.catalog.priceCourse(input.courseId, input.currency);
    if (await this.enrollments.isEnrolled(input.userId, course.id)) {
      throw new ConflictError('already_enrolled', 'You are already enrolled in this course');
    }
    const user = await this.dataSource.getRepository(User).findOneByOrFail({ id: input.userId });

    const repo = this.dataSource.getRepository(Payment);
    let payment: Payment;
    try {
      payment = await repo.save(
        repo.create({
          userId: user.id,
          kind: 'course',
          courseId: course.id,
          provider: provider.name,
          status: 'pending',
          amount: quote.price.amount,
          currency: quote.price.currency,
          exchangeRate: quote.conversion?.rate ?? null,
          baseAmount: quote.conversion?.from.amount ?? null,
          baseCurrency: quote.conversion?.from.currency ?? null,
          idempotencyKey: input.idempotencyKey ?? null,
        }),
      );
    } catch (error) {
      // Two requests with the same Idempotency-Key raced: the first one's checkout is the answer.
      if (input.idempotencyKey && isUniqueViolation(error, 'uq_payments_user_idempotency_key')) {
        const winner = await this.findByIdempotencyKey(input.userId, input.idempotencyKey);
        if (winner) return this.replayCheckout(winner, input);
      }
      throw error;
    }

    try {
      const providerCustomerId = await this.customers.ensure(provider, user);
      const returnBase = `${this.config.appBaseUrl}/checkout/return?paymentId=${payment.id}&provider=${provider.name}`;
      const session = await provider.createCheckout({
        paymentId: payment.id,
        userId: user.id,
        courseId: course.id,
        amount: quote.price,
        description: course.title,
        customer: { email: user.email, name: user.name, providerCustomerId },
        successUrl: provider.name === 'stripe' ? `${returnBase}&session_id={CHECKOUT_SESSION_ID}` : returnBase,
        cancelUrl: `${this.config.appBaseUrl}/courses/${course.id}?checkout=canceled`,
        idempotencyKey: `checkout:${payment.id}`,
      });
      await repo.update(
        { id: payment.id },
        { providerSessionId: session.providerSessionId, checkoutUrl: session.checkoutUrl },
      );
      return {
        paymentId: payment.id,
        provider: provider.name,
        providerSessionId: session.providerSessionId,
        checkoutUrl: session.checkoutUrl,
      };
    } catch (error) {
      await this.applyEvents(
        [
          {
            kind: 'PaymentFailed',
            provider: provider.name,
            occurredAt: new Date(),
            ref: { paymentId: payment.id },
            failureCode: 'checkout_not_created',
            failureReason: error instanceof Error ? error.message : 'The provider could not start the checkout',
          },
        ],
        'system',
      );
      throw error;
    }
  }

  /**
   * Captures an approved PayPal order for its owner. Capturing twice is harmless: PayPal replays
   * the first capture for the same request id, and the state machine ignores repeats.
   */
  async capturePayPalOrder(principal: Principal, orderId: string): Promise<PaymentView> {
    const rows: { id: string; user_id: string; status: PaymentStatus }[] = await this.dataSource.query(
      `SELECT id, user_id, status FROM payments WHERE provider = 'paypal' AND provider_session_id = $1`,
      [orderId],
    );
    const payment = rows[0];
    if (!payment || (payment.user_id !== principal.userId && principal.role !== 'admin')) {
      throw new NotFoundError('Payment');
    }
    if (payment.status !== 'completed') {
      const events = await this.captureApproved('paypal', payment.id, orderId);
      await this.applyEvents(events, 'user');
      const failed = events.find((e) => e.kind === 'PaymentFailed');
      if (failed && failed.kind === 'PaymentFailed') {
        throw new PaymentDeclinedError(failed.failureReason, {
          failureCode: failed.failureCode,
          paymentId: payment.id,
        });
      }
    }
    return this.getPayment(principal, payment.id);
  }

  /** Asks the provider to capture an approved checkout (idempotent per payment). */
  async captureApproved(
    providerName: ProviderName,
    paymentId: string,
    providerSessionId?: string,
  ): Promise<DomainEvent[]> {
    const provider = this.providers.get(providerName);
    return provider.capture({ paymentId, providerSessionId }, `capture:${paymentId}`);
  }

  /** Applies events in one transaction (capture results, reconciliation findings). */
  async applyEvents(events: DomainEvent[], actor: string): Promise<void> {
    if (events.length === 0) return;
    await this.dataSource.transaction(async (manager) => {
      for (const event of events) await this.applier.apply(manager, event, actor);
    });
  }

  /**
   * Asks the provider for the checkout's current state before answering, for the return page:
   * the buyer can arrive before the webhook (and after an earlier decline in the same checkout),
   * and the provider already knows the outcome. Provider trouble is logged, never fatal here.
   */
  async refreshFromProvider(principal: Principal, id: string): Promise<PaymentView> {
    const payment = await this.getPayment(principal, id);
    const row = await this.dataSource.getRepository(Payment).findOneBy({ id: payment.id });
    const unsettled: PaymentStatus[] = ['pending', 'processing', 'failed'];
    if (
      row?.providerSessionId &&
      unsettled.includes(row.status) &&
      this.providers.configured().includes(row.provider)
    ) {
      try {
        const found = await this.providers.get(row.provider).fetchPaymentState({
          paymentId: row.id,
          providerSessionId: row.providerSessionId,
          providerPaymentId: row.providerPaymentId ?? undefined,
        });
        // An approval still needs the buyer's capture call; only settled facts are applied here.
        await this.applyEvents(
          found.filter((e) => e.kind !== 'PaymentApproved'),
          'provider-refresh',
        );
      } catch (error) {
        this.logger.warn({ err: error, paymentId: id }, 'could not refresh payment from the provider');
      }
      return this.getPayment(principal, id);
    }
    return payment;
  }

  async getPayment(principal: Principal, id: string): Promise<PaymentView> {
    if (!isUuid(id)) throw new NotFoundError('Payment');
    const rows: PaymentRow[] = await this.dataSource.query(
      `SELECT ${PAYMENT_VIEW_COLUMNS} FROM payments p LEFT JOIN courses c ON c.id = p.course_id WHERE p.id = $1`,
      [id],
    );
    const row = rows[0];
    // Someone else's payment is indistinguishable from a missing one.
    if (!row || (row.user_id !== principal.userId && principal.role !== 'admin')) throw new NotFoundError('Payment');
    const refunds: {
      id: string;
      amount: string;
      currency: string;
      status: string;
      reason: string | null;
      created_at: Date;
    }[] = await this.dataSource.query(
      `SELECT id, amount, currency, status, reason, created_at FROM refunds WHERE payment_id = $1 ORDER BY created_at, id`,
      [id],
    );
    const invoices: { number: string }[] = await this.dataSource.query(
      `SELECT number FROM invoices WHERE payment_id = $1 ORDER BY issued_at, number`,
      [id],
    );
    const refundViews: RefundView[] = refunds.map((r) => ({
      id: r.id,
      amount: { amount: Number(r.amount), currency: r.currency },
      status: r.status,
      reason: r.reason,
      createdAt: new Date(r.created_at).toISOString(),
    }));
    return toPaymentView(
      row,
      refundViews,
      invoices.map((i) => i.number),
    );
  }

  /** Keyset pagination, newest first: stable under concurrent inserts, no OFFSET scans. */
  async history(
    principal: Principal,
    query: HistoryQuery,
  ): Promise<{ items: PaymentView[]; nextCursor: string | null }> {
    const userId = principal.role === 'admin' ? query.userId : principal.userId;
    const params: unknown[] = [];
    const where: string[] = [];
    if (userId) {
      params.push(userId);
      where.push(`p.user_id = $${params.length}`);
    }
    if (query.status) {
      params.push(query.status);
      where.push(`p.status = $${params.length}`);
    }
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor);
      params.push(cursor.createdAt, cursor.id);
      where.push(`(p.created_at, p.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(query.limit + 1);
    const rows: (PaymentRow & { cursor_ts: string })[] = await this.dataSource.query(
      `SELECT ${PAYMENT_VIEW_COLUMNS}, p.created_at::text AS cursor_ts FROM payments p LEFT JOIN courses c ON c.id = p.course_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY p.created_at DESC, p.id DESC LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => toPaymentView(row)),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last.cursor_ts, last.id) : null,
    };
  }

  /** A concurrent request with the same key may still be talking to the provider: wait for it, briefly. */
  private async awaitCheckoutCreated(payment: Payment): Promise<Payment> {
    const deadline = Date.now() + CHECKOUT_WAIT_MS;
    let current = payment;
    while (!current.providerSessionId && current.status === 'pending' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      current = (await this.dataSource.getRepository(Payment).findOneBy({ id: payment.id })) ?? current;
    }
    return current;
  }

  private async findByIdempotencyKey(userId: string, key: string): Promise<Payment | null> {
    return this.dataSource.getRepository(Payment).findOneBy({ userId, idempotencyKey: key });
  }

  private async replayCheckout(first: Payment, input: CheckoutInput): Promise<CheckoutResult> {
    if (first.courseId !== input.courseId || first.provider !== input.provider) {
      throw new ConflictError(
        'idempotency_key_reused',
        'This Idempotency-Key was already used for a different checkout; use a new key',
      );
    }
    const payment = await this.awaitCheckoutCreated(first);
    if (!payment.providerSessionId || !payment.checkoutUrl) {
      throw new ConflictError(
        'checkout_not_created',
        'The first attempt with this Idempotency-Key failed; retry with a new key',
      );
    }
    this.logger.debug({ paymentId: payment.id }, 'checkout replayed for idempotency key');
    return {
      paymentId: payment.id,
      provider: payment.provider,
      providerSessionId: payment.providerSessionId,
      checkoutUrl: payment.checkoutUrl,
    };
  }
}
