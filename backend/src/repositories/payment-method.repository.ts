import type { SavedMethodDetails } from '../domain/events/domain-event';
import type { StoredMethod } from '../domain/payment-methods/method-change';
import type { ProviderName } from '../domain/payments/payment-status';
import { isoTime } from './row-mapping';
import type { SqlRunner } from './sql-runner';

export interface PaymentMethodRecord extends StoredMethod {
  id: string;
  userId: string;
  provider: ProviderName;
  providerCustomerId: string;
  /** Whether it is the provider customer's default (read with the customer row). */
  isDefault: boolean;
  createdAt: string;
}

interface PaymentMethodRow {
  id: string;
  user_id: string;
  provider: ProviderName;
  provider_customer_id: string;
  provider_payment_method_id: string;
  type: 'card' | 'paypal';
  brand: string | null;
  last4: string | null;
  exp_month: number | null;
  exp_year: number | null;
  email: string | null;
  status: 'attached' | 'detached';
  synced_at: Date;
  created_at: Date;
  is_default: boolean;
}

const SELECT = `SELECT m.*, (c.default_payment_method_id IS NOT DISTINCT FROM m.provider_payment_method_id) AS is_default
  FROM payment_methods m
  LEFT JOIN provider_customers c ON c.user_id = m.user_id AND c.provider = m.provider`;

export interface NewPaymentMethod {
  userId: string;
  provider: ProviderName;
  providerCustomerId: string;
  details: SavedMethodDetails;
  syncedAt: Date;
  status: 'attached' | 'detached';
}

/** Saved methods as the providers last told us; removed ones stay, detached, so they never come back. */
export class PaymentMethodRepository {
  constructor(private readonly sql: SqlRunner) {}

  /** Inserts a method we have not seen; undefined when the provider's id is already known. */
  async insertIfNew(method: NewPaymentMethod): Promise<string | undefined> {
    const d = method.details;
    const rows = await this.sql.query<{ id: string }>(
      `INSERT INTO payment_methods (user_id, provider, provider_customer_id, provider_payment_method_id, type,
         brand, last4, exp_month, exp_year, email, status, synced_at, detached_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::varchar, $12,
         CASE WHEN $11::varchar = 'detached' THEN $12::timestamptz END)
       ON CONFLICT ON CONSTRAINT uq_payment_methods_provider_ref DO NOTHING
       RETURNING id`,
      [
        method.userId,
        method.provider,
        method.providerCustomerId,
        d.providerPaymentMethodId,
        d.type,
        d.brand ?? null,
        d.last4 ?? null,
        d.expMonth ?? null,
        d.expYear ?? null,
        d.email ?? null,
        method.status,
        method.syncedAt,
      ],
    );
    return rows[0]?.id;
  }

  /** The method, locked for the rest of the transaction, so parallel facts about it queue up. */
  async lockByProviderRef(
    provider: ProviderName,
    providerPaymentMethodId: string,
  ): Promise<PaymentMethodRecord | undefined> {
    const rows = await this.sql.query<PaymentMethodRow>(
      `${SELECT} WHERE m.provider = $1 AND m.provider_payment_method_id = $2 FOR UPDATE OF m`,
      [provider, providerPaymentMethodId],
    );
    return rows[0] && toRecord(rows[0]);
  }

  async updateDetails(id: string, details: SavedMethodDetails, syncedAt: Date): Promise<void> {
    await this.sql.query(
      `UPDATE payment_methods SET brand = $2, last4 = $3, exp_month = $4, exp_year = $5, email = $6,
         synced_at = GREATEST(synced_at, $7), updated_at = now() WHERE id = $1`,
      [
        id,
        details.brand ?? null,
        details.last4 ?? null,
        details.expMonth ?? null,
        details.expYear ?? null,
        details.email ?? null,
        syncedAt,
      ],
    );
  }

  async markDetached(id: string, at: Date): Promise<void> {
    await this.sql.query(
      `UPDATE payment_methods SET status = 'detached', detached_at = $2, synced_at = GREATEST(synced_at, $2),
         updated_at = now() WHERE id = $1 AND status = 'attached'`,
      [id, at],
    );
  }

  /** The student's saved methods, newest first. */
  async listAttached(userId: string): Promise<PaymentMethodRecord[]> {
    const rows = await this.sql.query<PaymentMethodRow>(
      `${SELECT} WHERE m.user_id = $1 AND m.status = 'attached' ORDER BY m.created_at DESC, m.id DESC LIMIT 100`,
      [userId],
    );
    return rows.map(toRecord);
  }

  /** One attached method of the student's; another student's id is simply not found. */
  async findOwned(userId: string, id: string): Promise<PaymentMethodRecord | undefined> {
    const rows = await this.sql.query<PaymentMethodRow>(
      `${SELECT} WHERE m.user_id = $1 AND m.id = $2::uuid AND m.status = 'attached'`,
      [userId, id],
    );
    return rows[0] && toRecord(rows[0]);
  }

  async findById(id: string): Promise<PaymentMethodRecord | undefined> {
    const rows = await this.sql.query<PaymentMethodRow>(`${SELECT} WHERE m.id = $1::uuid`, [id]);
    return rows[0] && toRecord(rows[0]);
  }
}

function toRecord(row: PaymentMethodRow): PaymentMethodRecord {
  return {
    id: row.id,
    userId: row.user_id,
    provider: row.provider,
    providerCustomerId: row.provider_customer_id,
    status: row.status,
    syncedAt: new Date(row.synced_at),
    details: {
      providerPaymentMethodId: row.provider_payment_method_id,
      type: row.type,
      ...(row.brand !== null ? { brand: row.brand } : {}),
      ...(row.last4 !== null ? { last4: row.last4 } : {}),
      ...(row.exp_month !== null ? { expMonth: Number(row.exp_month) } : {}),
      ...(row.exp_year !== null ? { expYear: Number(row.exp_year) } : {}),
      ...(row.email !== null ? { email: row.email } : {}),
    },
    isDefault: row.status === 'attached' && row.is_default,
    createdAt: isoTime(row.created_at),
  };
}
