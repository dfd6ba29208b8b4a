import type { DisputeState } from '../../domain/events/domain-event';
import type { DataStore } from '../../repositories/data-store';
import { decodeCursor, encodeCursor } from '../payments/history-cursor';
import { toDisputeView, type DisputeView } from './dispute-views';

export interface DisputeListQuery {
  status?: DisputeState;
  limit: number;
  cursor?: string;
}

export interface AdminDisputeView extends DisputeView {
  userId: string;
  userEmail: string;
  courseTitle: string | null;
}

/** The admin's dispute list, newest first. */
export class DisputeQueryService {
  constructor(private readonly store: DataStore) {}

  async list(query: DisputeListQuery): Promise<{ items: AdminDisputeView[]; nextCursor: string | null }> {
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const rows = await this.store.repos.disputes.page({
      status: query.status,
      after: after && { openedAt: after.createdAt, id: after.id },
      limit: query.limit,
    });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((d) => ({
        ...toDisputeView(d),
        userId: d.userId,
        userEmail: d.userEmail,
        courseTitle: d.courseTitle,
      })),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last.openedAtText, last.id) : null,
    };
  }
}
