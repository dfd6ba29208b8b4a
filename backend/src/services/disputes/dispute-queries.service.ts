import type { DisputeState } from '../../domain/events/domain-event';
import type { ProviderName } from '../../domain/payments/payment-status';
import type { DataStore } from '../../repositories/data-store';
import type { AdminDisputeRow, Page } from '../admin/admin-views';
import { decodeCursor, encodeCursor } from '../payments/history-cursor';
import { toDisputeView } from './dispute-views';

export interface DisputeListQuery {
  status?: DisputeState;
  provider?: ProviderName;
  limit: number;
  cursor?: string;
}

/** The admin's dispute list, newest first, each with its buyer and the payment it is about. */
export class DisputeQueryService {
  constructor(private readonly store: DataStore) {}

  async list(query: DisputeListQuery): Promise<Page<AdminDisputeRow>> {
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const rows = await this.store.repos.disputes.page({
      status: query.status,
      provider: query.provider,
      after: after && { openedAt: after.createdAt, id: after.id },
      limit: query.limit,
    });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((d) => ({ ...toDisputeView(d), user: d.user, payment: d.payment })),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last.openedAtText, last.id) : null,
    };
  }
}
