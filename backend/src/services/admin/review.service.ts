import type { Money } from '../../domain/money';
import { paidMoney } from '../../domain/payments/paid-money';
import type { ProviderName } from '../../domain/payments/payment-status';
import { planTransition } from '../../domain/payments/payment-transition';
import { decideReviewResolution, type ReviewResolution } from '../../domain/payments/review-resolution';
import { ConflictError, NotFoundError } from '../../errors/app-error';
import type { Logger } from '../../logger';
import type { DataStore, Repositories } from '../../repositories/data-store';
import type { ReviewQueueEntry } from '../../repositories/review-queue.repository';
import type { Principal } from '../auth/auth.service';
import type { PurchaseAccess } from '../entitlements/purchase-access';
import { isUuid } from '../ids';
import { decodeCursor, encodeCursor } from '../payments/history-cursor';
import type { PaymentQueryService } from '../payments/payment-queries.service';
import { toPaymentView, type PaymentView } from '../payments/payment-views';
import { refundDuplicatePurchase } from '../refunds/duplicate-purchase';
import type { RefundService } from '../refunds/refund.service';
import type { Page, ReviewItem } from './admin-views';

export interface ReviewQueueQuery {
  limit: number;
  cursor?: string;
}

export interface ResolveReviewInput {
  paymentId: string;
  resolution: ReviewResolution;
  /** Why, as the admin typed it; audited, and the refund's reason. */
  note: string;
}

/**
 * The review queue: payments whose provider confirmed other money than we expected wait here
 * until an admin accepts the sale (it completes, with enrollment and invoice) or refunds it (the
 * checkout is canceled and what the provider took is given back). Both happen under the
 * payment's lock through the state machine (admin cause); a refund is reserved in that
 * transaction and sent to the provider after commit, like every refund of ours.
 */
export class ReviewService {
  constructor(
    private readonly store: DataStore,
    private readonly refunds: RefundService,
    private readonly payments: PaymentQueryService,
    private readonly access: PurchaseAccess,
    private readonly logger: Logger,
  ) {}

  async queue(query: ReviewQueueQuery): Promise<Page<ReviewItem>> {
    const rows = await this.store.repos.reviewQueue.page({
      after: query.cursor ? decodeCursor(query.cursor) : undefined,
      limit: query.limit,
    });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: await this.items(page),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last.createdAtText, last.id) : null,
    };
  }

  /** Answers with the payment as GET /api/payments/:id shows it to the admin. */
  async resolve(admin: Principal, input: ResolveReviewInput): Promise<PaymentView> {
    const payment = isUuid(input.paymentId) ? await this.store.repos.payments.findById(input.paymentId) : undefined;
    if (!payment) throw new NotFoundError('Payment');
    const refundId = await this.store.transaction(async (tx) => {
      const locked = await tx.payments.lockForSettlement(payment.provider, { paymentId: payment.id }, payment.id);
      if (!locked) throw new NotFoundError('Payment');
      const now = new Date();
      const disputes = await tx.disputes.listForPayment(locked.id);
      const decision = decideReviewResolution(locked, disputes, input.resolution, input.note, now);
      if (decision.outcome === 'not_in_review') {
        throw new ConflictError('not_in_review', `This payment is ${decision.status}, not in review`, {
          status: decision.status,
        });
      }
      if (decision.outcome === 'under_dispute') {
        throw new ConflictError(
          'payment_under_dispute',
          'This payment is under a chargeback; it can be accepted now, or refunded once the dispute closes',
        );
      }
      // The provider's time of its last event stays what it was: an admin's decision is not a provider event.
      const transition = planTransition(locked, decision.change, {}, locked.lastEventAt ?? now, now);
      const { enrolled } = await tx.payments.recordTransition(locked.id, transition, {
        actor: 'admin',
        actorUserId: admin.userId,
        data: { resolution: input.resolution, note: input.note, from: decision.from },
      });
      if (decision.outcome === 'accept') {
        if (transition.grantsEnrollment && !enrolled) {
          this.logger.warn({ paymentId: locked.id }, 'accepted after review, but the course is owned: refunding');
          await refundDuplicatePurchase(tx, locked, payment.provider, 'admin');
        }
        // Facts that came while it waited (a chargeback opened, a refund at the provider) decide
        // the access the new enrollment gives, as they would have on a completed sale.
        const paid = paidMoney(locked.expected, locked.confirmed);
        await this.access.sync(tx, { id: locked.id, paid }, `payment:${locked.id}`, 'admin');
        return null;
      }
      return decision.refund && this.reserveRefund(tx, admin.userId, payment, decision.refund, input.note);
    });
    if (refundId) await this.refunds.submit(refundId, 'admin', admin.userId);
    return this.payments.getPayment(admin, payment.id);
  }

  private async reserveRefund(
    tx: Repositories,
    adminUserId: string,
    payment: { id: string; provider: ProviderName },
    amount: Money,
    note: string,
  ): Promise<string> {
    const n = (await tx.refunds.countRequested(payment.id)) + 1;
    const refund = await tx.refunds.create({
      paymentId: payment.id,
      provider: payment.provider,
      amount,
      status: 'pending',
      origin: 'admin',
      reason: note,
      idempotencyKey: `refund:${payment.id}:${n}`,
      requestedBy: adminUserId,
    });
    await tx.audit.append({
      actor: 'admin',
      actorUserId: adminUserId,
      action: 'refund.requested',
      entityType: 'refund',
      entityId: refund.id,
      data: { paymentId: payment.id, amount: amount.amount, currency: amount.currency, reason: note, review: true },
    });
    return refund.id;
  }

  private async items(page: ReviewQueueEntry[]): Promise<ReviewItem[]> {
    const ids = page.map((row) => row.id);
    const refunds = await this.store.repos.refunds.listForPayments(ids);
    const disputes = await this.store.repos.disputes.listForPayments(ids);
    const documents = await this.store.repos.invoices.forPayments(ids);
    return page.map((row) => {
      const view = toPaymentView(row, {
        refunds: refunds.filter((r) => r.paymentId === row.id),
        disputes: disputes.filter((d) => d.paymentId === row.id),
        documents: documents.filter((d) => d.paymentId === row.id),
      });
      return {
        id: view.id,
        user: row.user,
        provider: view.provider,
        status: view.status,
        label: view.label,
        amount: view.amount,
        refundedAmount: view.refundedAmount,
        refundableAmount: view.refundableAmount,
        course: view.course,
        subscription: view.subscription,
        providerSessionId: row.providerSessionId,
        providerPaymentId: row.providerPaymentId,
        createdAt: view.createdAt,
        completedAt: view.completedAt,
        reviewReason: row.reviewReason,
        confirmedAmount: row.confirmedAmount,
      };
    });
  }
}
