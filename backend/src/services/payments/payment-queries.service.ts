import type { PaymentStatus } from '../../domain/payments/payment-status';
import { NotFoundError } from '../../errors/app-error';
import type { Logger } from '../../logger';
import type { ProviderLookup } from '../../providers/payment-provider';
import type { DataStore } from '../../repositories/data-store';
import type { PaymentSummary } from '../../repositories/payment-query.repository';
import type { Principal } from '../auth/auth.service';
import { isUuid } from '../ids';
import { canSee } from './access-policy';
import { decodeCursor, encodeCursor } from './history-cursor';
import { toPaymentView, type PaymentView } from './payment-views';
import type { SettlementService } from './settlement.service';

export interface HistoryQuery {
  limit: number;
  cursor?: string;
  status?: PaymentStatus;
  userId?: string;
}

/** Statuses the provider may still move without us having heard. */
const UNSETTLED: readonly PaymentStatus[] = ['pending', 'processing', 'failed'];

/** Payment views and history, for their owner or an admin. */
export class PaymentQueryService {
  constructor(
    private readonly store: DataStore,
    private readonly providers: ProviderLookup,
    private readonly settlement: SettlementService,
    private readonly logger: Logger,
  ) {}

  async getPayment(principal: Principal, id: string): Promise<PaymentView> {
    if (!isUuid(id)) throw new NotFoundError('Payment');
    const { paymentQueries, refunds, disputes, invoices } = this.store.repos;
    const summary = await paymentQueries.findSummary(id);
    if (!summary || !canSee(principal, summary.userId)) throw new NotFoundError('Payment');
    return toPaymentView(summary, {
      refunds: await refunds.listForPayment(id),
      disputes: await disputes.listForPayment(id),
      documents: await invoices.forPayment(id),
    });
  }

  /**
   * Asks the provider for the checkout's current state before answering, for the return page:
   * the buyer can arrive before the webhook (and after an earlier decline in the same checkout),
   * and the provider already knows the outcome. Provider trouble is logged, never fatal here.
   */
  async refreshFromProvider(principal: Principal, id: string): Promise<PaymentView> {
    const view = await this.getPayment(principal, id);
    const payment = await this.store.repos.payments.findById(view.id);
    if (!payment?.providerSessionId || !UNSETTLED.includes(payment.status) || !this.providers.has(payment.provider)) {
      return view;
    }
    try {
      const found = await this.providers.get(payment.provider).checkout.getPaymentState({
        paymentId: payment.id,
        providerSessionId: payment.providerSessionId,
        providerPaymentId: payment.providerPaymentId ?? undefined,
      });
      // An approval still needs the buyer's capture call; only settled facts are applied here.
      await this.settlement.settle(found, 'provider-refresh', { captureApprovals: false });
    } catch (error) {
      this.logger.warn({ err: error, paymentId: id }, 'could not refresh payment from the provider');
    }
    return this.getPayment(principal, id);
  }

  /** Newest first; students see their own, admins everyone's or one user's. */
  async history(
    principal: Principal,
    query: HistoryQuery,
  ): Promise<{ items: PaymentView[]; nextCursor: string | null }> {
    const rows = await this.store.repos.paymentQueries.page({
      userId: principal.role === 'admin' ? query.userId : principal.userId,
      status: query.status,
      after: query.cursor ? decodeCursor(query.cursor) : undefined,
      limit: query.limit,
    });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: await this.views(page),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last.createdAtText, last.id) : null,
    };
  }

  /** A subscription's paid cycles, newest first (the caller has checked who may see it). */
  async forSubscription(subscriptionId: string, limit = 100): Promise<PaymentView[]> {
    const rows = await this.store.repos.paymentQueries.page({ subscriptionId, limit });
    return this.views(rows.slice(0, limit));
  }

  private async views(page: PaymentSummary[]): Promise<PaymentView[]> {
    const ids = page.map((row) => row.id);
    const refunds = await this.store.repos.refunds.listForPayments(ids);
    const disputes = await this.store.repos.disputes.listForPayments(ids);
    const documents = await this.store.repos.invoices.forPayments(ids);
    return page.map((row) =>
      toPaymentView(row, {
        refunds: refunds.filter((r) => r.paymentId === row.id),
        disputes: disputes.filter((d) => d.paymentId === row.id),
        documents: documents.filter((d) => d.paymentId === row.id),
      }),
    );
  }
}
