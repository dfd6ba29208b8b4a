import type { Money } from '../domain/money';
import type { PaymentStatus, ProviderName } from '../domain/payments/payment-status';
import type { RefundState } from '../domain/events/domain-event';
import { minorUnitsFromRow, moneyFromRow } from './row-mapping';
import type { SqlRunner } from './sql-runner';

/** A document of the sale as an email sees it: requested (number null until issued). */
export interface EmailDocument {
  id: string;
  number: string | null;
}

export interface Addressee {
  name: string;
  email: string;
}

/** What a purchase receipt says, read when it is sent. */
export interface ReceiptRecord {
  paymentId: string;
  status: PaymentStatus;
  provider: ProviderName;
  /** What the student paid: what the provider confirmed when it differed, else the price. */
  amount: Money;
  /** The tax included in `amount`; null when none was charged. */
  tax: Money | null;
  paidAt: Date | null;
  courseTitle: string | null;
  student: Addressee;
  invoice: EmailDocument | null;
}

/** What a refund confirmation says, read when it is sent. */
export interface RefundConfirmationRecord {
  refundId: string;
  status: RefundState;
  amount: Money;
  refundedAt: Date;
  paymentId: string;
  paymentTotal: Money;
  /** Succeeded refunds of the payment by now, in minor units of its currency. */
  totalRefunded: number;
  /** The course title or the plan name. */
  itemTitle: string | null;
  student: Addressee;
  creditNote: EmailDocument | null;
}

interface ReceiptRow {
  id: string;
  status: PaymentStatus;
  provider: ProviderName;
  amount: string;
  currency: string;
  confirmed_amount: string | null;
  confirmed_currency: string | null;
  tax_amount: string | null;
  completed_at: Date | null;
  course_title: string | null;
  user_name: string;
  user_email: string;
  invoice_id: string | null;
  invoice_number: string | null;
}

interface RefundRow {
  id: string;
  status: RefundState;
  amount: string;
  currency: string;
  refunded_at: Date;
  payment_id: string;
  paid_amount: string;
  paid_currency: string;
  total_refunded: string;
  item_title: string | null;
  user_name: string;
  user_email: string;
  credit_note_id: string | null;
  credit_note_number: string | null;
}

/** The reads behind the sale emails (the receipt, the refund confirmation), one query each. */
export class SaleEmailQueryRepository {
  constructor(private readonly sql: SqlRunner) {}

  async receipt(paymentId: string): Promise<ReceiptRecord | undefined> {
    const rows = await this.sql.query<ReceiptRow>(
      `SELECT p.id, p.status, p.provider, p.amount, p.currency, p.confirmed_amount, p.confirmed_currency,
              p.tax_amount, p.completed_at, c.title AS course_title, u.name AS user_name, u.email AS user_email,
              inv.id AS invoice_id, inv.number AS invoice_number
         FROM payments p
         JOIN users u ON u.id = p.user_id
         LEFT JOIN courses c ON c.id = p.course_id
         LEFT JOIN invoices inv ON inv.payment_id = p.id AND inv.kind = 'invoice'
        WHERE p.id = $1::uuid`,
      [paymentId],
    );
    const row = rows[0];
    if (!row) return undefined;
    const amount =
      row.confirmed_amount !== null && row.confirmed_currency !== null
        ? moneyFromRow(row.confirmed_amount, row.confirmed_currency)
        : moneyFromRow(row.amount, row.currency);
    const tax = row.tax_amount === null ? 0 : minorUnitsFromRow(row.tax_amount);
    return {
      paymentId: row.id,
      status: row.status,
      provider: row.provider,
      amount,
      tax: tax > 0 ? moneyFromRow(tax, row.currency) : null,
      paidAt: row.completed_at && new Date(row.completed_at),
      courseTitle: row.course_title,
      student: { name: row.user_name, email: row.user_email },
      invoice: row.invoice_id ? { id: row.invoice_id, number: row.invoice_number } : null,
    };
  }

  async refundConfirmation(refundId: string): Promise<RefundConfirmationRecord | undefined> {
    const rows = await this.sql.query<RefundRow>(
      `SELECT r.id, r.status, r.amount, r.currency, COALESCE(r.provider_updated_at, r.updated_at) AS refunded_at,
              p.id AS payment_id, COALESCE(p.confirmed_amount, p.amount) AS paid_amount,
              COALESCE(p.confirmed_currency, p.currency) AS paid_currency,
              (SELECT COALESCE(sum(o.amount), 0) FROM refunds o
                WHERE o.payment_id = p.id AND o.status = 'succeeded') AS total_refunded,
              COALESCE(c.title, pl.name) AS item_title, u.name AS user_name, u.email AS user_email,
              cn.id AS credit_note_id, cn.number AS credit_note_number
         FROM refunds r
         JOIN payments p ON p.id = r.payment_id
         JOIN users u ON u.id = p.user_id
         LEFT JOIN courses c ON c.id = p.course_id
         LEFT JOIN subscriptions s ON s.id = p.subscription_id
         LEFT JOIN plans pl ON pl.id = s.plan_id
         LEFT JOIN invoices cn ON cn.refund_id = r.id AND cn.kind = 'credit_note'
        WHERE r.id = $1::uuid`,
      [refundId],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      refundId: row.id,
      status: row.status,
      amount: moneyFromRow(row.amount, row.currency),
      refundedAt: new Date(row.refunded_at),
      paymentId: row.payment_id,
      paymentTotal: moneyFromRow(row.paid_amount, row.paid_currency),
      totalRefunded: minorUnitsFromRow(row.total_refunded),
      itemTitle: row.item_title,
      student: { name: row.user_name, email: row.user_email },
      creditNote: row.credit_note_id ? { id: row.credit_note_id, number: row.credit_note_number } : null,
    };
  }
}
