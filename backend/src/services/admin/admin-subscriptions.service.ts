import type { SubscriptionState } from '../../domain/events/domain-event';
import type { ProviderName } from '../../domain/payments/payment-status';
import type { DataStore } from '../../repositories/data-store';
import { decodeCursor, encodeCursor } from '../payments/history-cursor';
import type { SubscriptionService } from '../subscriptions/subscription.service';
import type { AdminSubscriptionRow, Page } from './admin-views';

export interface AdminSubscriptionQuery {
  status?: SubscriptionState;
  provider?: ProviderName;
  /** Case-insensitive substring of the subscriber's email or name. */
  q?: string;
  limit: number;
  cursor?: string;
}

/** Everyone's subscriptions, newest first, each as its owner sees it plus who the owner is. */
export class AdminSubscriptionService {
  constructor(
    private readonly store: DataStore,
    private readonly subscriptions: SubscriptionService,
  ) {}

  async list(query: AdminSubscriptionQuery): Promise<Page<AdminSubscriptionRow>> {
    const rows = await this.store.repos.subscriptions.page({
      status: query.status,
      provider: query.provider,
      q: query.q,
      after: query.cursor ? decodeCursor(query.cursor) : undefined,
      limit: query.limit,
    });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => ({ user: row.user, subscription: this.subscriptions.view(row.record, []) })),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last.createdAtText, last.record.id) : null,
    };
  }
}
