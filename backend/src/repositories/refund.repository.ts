import type { Money } from '../domain/money';
import type { RefundStatus } from '../domain/payments/payment-status';
import { moneyFromRow } from './row-mapping';
import type { SqlRunner } from './sql-runner';

export interface RefundRecord {
  id: string;
  paymentId: string;
  amount: Money;
  status: RefundStatus;
  reason: string | null;
  createdAt: Date;
}

interface RefundRow {
  id: string;
  payment_id: string;
  amount: string;
  currency: string;
  status: RefundStatus;
  reason: string | null;
  created_at: Date;
}

export class RefundRepository {
  constructor(private readonly sql: SqlRunner) {}

  async listForPayment(paymentId: string): Promise<RefundRecord[]> {
    const rows = await this.sql.query<RefundRow>(
      `SELECT id, payment_id, amount, currency, status, reason, created_at FROM refunds
        WHERE payment_id = $1 ORDER BY created_at, id`,
      [paymentId],
    );
    return rows.map((r) => ({
      id: r.id,
      paymentId: r.payment_id,
      amount: moneyFromRow(r.amount, r.currency),
      status: r.status,
      reason: r.reason,
      createdAt: new Date(r.created_at),
    }));
  }
}
