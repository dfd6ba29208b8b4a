import type { EmailKind } from '../../domain/emails/email-kind';
import { decideEmailMove, type EmailStatus } from '../../domain/emails/email-state-machine';
import { ConflictError, NotFoundError } from '../../errors/app-error';
import type { Logger } from '../../logger';
import type { DataStore } from '../../repositories/data-store';
import type { Page } from '../admin/admin-views';
import { isUuid } from '../ids';
import { decodeCursor, encodeCursor } from '../payments/history-cursor';
import { toAdminEmailView, type AdminEmailView } from './email-views';

export interface AdminEmailQuery {
  status?: EmailStatus;
  kind?: EmailKind;
  /** Part of a recipient's address, any case. */
  q?: string;
  limit: number;
  cursor?: string;
}

/**
 * The outbox for admins: what was owed, what became of it, and a resend. A resend queues the
 * email again (a new Message-ID, its attempts from zero) for the job to send; one still on its
 * way (queued, sending, retrying) is refused, so a resend never races the send it would repeat.
 */
export class EmailAdminService {
  constructor(
    private readonly store: DataStore,
    private readonly logger: Logger,
  ) {}

  async list(query: AdminEmailQuery): Promise<Page<AdminEmailView>> {
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const rows = await this.store.repos.emails.page({
      status: query.status,
      kind: query.kind,
      q: query.q,
      after,
      limit: query.limit,
    });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toAdminEmailView),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last.createdAtText, last.id) : null,
    };
  }

  async get(id: string): Promise<AdminEmailView> {
    const entry = isUuid(id) ? await this.store.repos.emails.findEntry(id) : undefined;
    if (!entry) throw new NotFoundError('Email');
    return toAdminEmailView(entry);
  }

  async resend(adminUserId: string, id: string): Promise<{ email: AdminEmailView }> {
    if (!isUuid(id)) throw new NotFoundError('Email');
    await this.store.transaction(async (tx) => {
      const email = await tx.emails.lock(id);
      if (!email) throw new NotFoundError('Email');
      const decision = decideEmailMove(email.status, 'resend');
      if (decision.outcome === 'illegal') {
        throw new ConflictError('email_in_flight', `The email is ${email.status}; it can be resent once it is settled`);
      }
      await tx.emails.move(email.id, { status: email.status }, decision.to, {
        attempts: 'reset',
        countResend: true,
        handBackAfterSeconds: 0,
        leaseSeconds: null,
        lastError: null,
      });
      await tx.audit.append({
        actor: 'admin',
        actorUserId: adminUserId,
        action: 'email.resent',
        entityType: 'email',
        entityId: email.id,
        data: { kind: email.kind, key: email.key, from: email.status, resends: email.resends + 1 },
      });
    });
    this.logger.info({ emailId: id, adminUserId }, 'email resend queued');
    return { email: await this.get(id) };
  }
}
