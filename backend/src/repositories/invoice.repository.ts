import type { SqlRunner } from './sql-runner';

export class InvoiceRepository {
  constructor(private readonly sql: SqlRunner) {}

  /** The numbers of a payment's invoice and credit notes, in issue order. */
  async numbersForPayment(paymentId: string): Promise<string[]> {
    const rows = await this.sql.query<{ number: string }>(
      `SELECT number FROM invoices WHERE payment_id = $1 ORDER BY issued_at, number`,
      [paymentId],
    );
    return rows.map((r) => r.number);
  }
}
