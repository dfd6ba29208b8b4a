import type { ParsedMail } from 'mailparser';
import type { SmtpInbox } from './smtp-inbox';
import { eventually, type TestContext } from './test-app';

/** An outbox row as the email tests read it. */
export interface OutboxRowView {
  id: string;
  idempotency_key: string;
  kind: string;
  status: string;
  user_id: string | null;
  payment_id: string | null;
  refund_id: string | null;
  attempts: number;
  last_error: string | null;
  recipients: string | null;
  subject: string | null;
  message_id: string | null;
  resends: number;
  handed_at: Date | null;
  sent_at: Date | null;
}

const COLUMNS = `id, idempotency_key, kind, status, user_id, payment_id, refund_id, attempts, last_error, recipients,
  subject, message_id, resends, handed_at, sent_at`;

/** The outbox rows of one payment (its receipt, its refunds' confirmations), oldest first. */
export function outboxOfPayment(ctx: TestContext, paymentId: string): Promise<OutboxRowView[]> {
  return ctx.db.dataSource.query(`SELECT ${COLUMNS} FROM email_outbox WHERE payment_id = $1 ORDER BY created_at, id`, [
    paymentId,
  ]);
}

export async function outboxRow(ctx: TestContext, id: string): Promise<OutboxRowView> {
  const rows: OutboxRowView[] = await ctx.db.dataSource.query(`SELECT ${COLUMNS} FROM email_outbox WHERE id = $1`, [
    id,
  ]);
  return rows[0];
}

/** Polls until the row of `kind` for the payment satisfies `check` (default: exists). */
export function waitForOutbox(
  ctx: TestContext,
  paymentId: string,
  kind: string,
  check: (row: OutboxRowView) => boolean = () => true,
  timeoutMs = 20_000,
): Promise<OutboxRowView> {
  return eventually(async () => {
    const row = (await outboxOfPayment(ctx, paymentId)).find((r) => r.kind === kind);
    return row && check(row) ? row : undefined;
  }, timeoutMs);
}

/** Messages the inbox received for an address. */
export function messagesTo(inbox: SmtpInbox, address: string): ParsedMail[] {
  return inbox.messages.filter((m) => {
    const to = Array.isArray(m.to) ? m.to : m.to ? [m.to] : [];
    return to.some((a) => a.value.some((v) => v.address?.toLowerCase() === address.toLowerCase()));
  });
}

/** The messages to `address`, once there is at least one. */
export async function waitForMessagesTo(inbox: SmtpInbox, address: string, timeoutMs = 20_000): Promise<ParsedMail[]> {
  await inbox.waitFor(() => messagesTo(inbox, address).length > 0, timeoutMs);
  return messagesTo(inbox, address);
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
