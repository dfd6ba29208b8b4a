import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issued documents. A completed payment or a succeeded refund inserts an unnumbered document row
 * in the same statement that records it (no lock beyond its own row); the issuing job later gives
 * pending rows their number, frozen snapshot and issue date in one short transaction that holds
 * the series' counter row, so numbers are gap-free and increase in issue order. The PDF is
 * rendered from the snapshot and stored once. A trigger keeps issued documents immutable.
 *
 * Payments also keep what the sale's invoice needs and the payment row is the only place that
 * knows: the buyer's details from the provider's checkout and the tax fixed at checkout.
 */
export class IssuedDocuments1765400000000 implements MigrationInterface {
  name = 'IssuedDocuments1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payments ADD COLUMN buyer_details jsonb`);
    // NULL on payments from before tax was recorded: their invoice works the tax out of the amount.
    await q.query(`ALTER TABLE payments ADD COLUMN tax_amount bigint CONSTRAINT ck_payments_tax_amount
      CHECK (tax_amount IS NULL OR (tax_amount >= 0 AND tax_amount <= amount))`);
    await q.query(`ALTER TABLE payments ADD COLUMN tax_rate_bp integer CONSTRAINT ck_payments_tax_rate
      CHECK (tax_rate_bp IS NULL OR tax_rate_bp BETWEEN 0 AND 10000)`);
    await q.query(`ALTER TABLE payments ADD COLUMN prices_include_tax boolean`);
    await q.query(`ALTER TABLE payments ADD CONSTRAINT ck_payments_tax_facts
      CHECK ((tax_amount IS NULL) = (tax_rate_bp IS NULL) AND (tax_amount IS NULL) = (prices_include_tax IS NULL))`);

    await q.query(`ALTER TABLE invoices DROP CONSTRAINT invoices_amount_check`);
    await q.query(`ALTER TABLE invoices ALTER COLUMN number DROP NOT NULL`);
    await q.query(`ALTER TABLE invoices ALTER COLUMN data DROP NOT NULL`);
    await q.query(`ALTER TABLE invoices ALTER COLUMN issued_at DROP NOT NULL`);
    await q.query(`ALTER TABLE invoices ALTER COLUMN issued_at DROP DEFAULT`);
    // Requests are numbered in the order they were made (completion order).
    await q.query(`ALTER TABLE invoices ADD COLUMN seq bigserial`);
    await q.query(`ALTER TABLE invoices ADD COLUMN requested_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`ALTER TABLE invoices ADD COLUMN pdf bytea`);
    await q.query(`ALTER TABLE invoices ADD COLUMN pdf_sha256 char(64)`);
    await q.query(`ALTER TABLE invoices ADD CONSTRAINT ck_invoices_amount_sign
      CHECK ((kind = 'invoice' AND amount >= 0) OR (kind = 'credit_note' AND amount <= 0))`);
    await q.query(`ALTER TABLE invoices ADD CONSTRAINT ck_invoices_credit_note_refund
      CHECK ((kind = 'credit_note') = (refund_id IS NOT NULL))`);
    await q.query(`ALTER TABLE invoices ADD CONSTRAINT ck_invoices_issued
      CHECK ((number IS NULL) = (data IS NULL) AND (number IS NULL) = (issued_at IS NULL))`);
    await q.query(`ALTER TABLE invoices ADD CONSTRAINT ck_invoices_pdf
      CHECK ((pdf IS NULL) = (pdf_sha256 IS NULL) AND (pdf IS NULL OR number IS NOT NULL))`);
    await q.query(`CREATE INDEX ix_invoices_pending ON invoices (seq) WHERE number IS NULL`);
    // A payment's documents (its credit notes so far, the views' invoice links).
    await q.query(`CREATE INDEX ix_invoices_payment ON invoices (payment_id, seq)`);
    await q.query(`CREATE INDEX ix_invoices_unrendered ON invoices (seq) WHERE number IS NOT NULL AND pdf IS NULL`);
    await q.query(`DROP INDEX ix_invoices_user_issued`);
    await q.query(`CREATE INDEX ix_invoices_user_issued ON invoices (user_id, issued_at DESC, seq DESC)
      WHERE number IS NOT NULL`);

    await q.query(`
      CREATE TABLE document_series (
        key varchar(80) PRIMARY KEY,
        last_number integer NOT NULL CHECK (last_number > 0)
      )`);

    await q.query(`
      CREATE FUNCTION invoices_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          IF OLD.number IS NOT NULL THEN
            RAISE EXCEPTION 'issued document % cannot be deleted', OLD.number USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          RETURN OLD;
        END IF;
        IF OLD.number IS NOT NULL AND (
             NEW.number IS DISTINCT FROM OLD.number OR NEW.data IS DISTINCT FROM OLD.data
             OR NEW.issued_at IS DISTINCT FROM OLD.issued_at OR NEW.amount IS DISTINCT FROM OLD.amount
             OR NEW.currency IS DISTINCT FROM OLD.currency OR NEW.kind IS DISTINCT FROM OLD.kind
             OR NEW.user_id IS DISTINCT FROM OLD.user_id OR NEW.payment_id IS DISTINCT FROM OLD.payment_id
             OR NEW.refund_id IS DISTINCT FROM OLD.refund_id) THEN
          RAISE EXCEPTION 'issued document % cannot be changed; issue a credit note', OLD.number USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF OLD.pdf IS NOT NULL AND (NEW.pdf IS DISTINCT FROM OLD.pdf OR NEW.pdf_sha256 IS DISTINCT FROM OLD.pdf_sha256) THEN
          RAISE EXCEPTION 'the PDF of % is stored once', OLD.number USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER tr_invoices_immutable BEFORE UPDATE OR DELETE ON invoices
      FOR EACH ROW EXECUTE FUNCTION invoices_immutable()`);

    // Sales and refunds from before this release get their documents too, oldest first.
    await q.query(`
      INSERT INTO invoices (kind, user_id, payment_id, amount, currency, requested_at)
      SELECT 'invoice', user_id, id, amount, currency, COALESCE(completed_at, updated_at) FROM payments
       WHERE status = 'completed' ORDER BY completed_at, id
      ON CONFLICT DO NOTHING`);
    await q.query(`
      INSERT INTO invoices (kind, user_id, payment_id, refund_id, amount, currency, requested_at)
      SELECT 'credit_note', p.user_id, r.payment_id, r.id, -r.amount, r.currency, r.updated_at
        FROM refunds r JOIN payments p ON p.id = r.payment_id
       WHERE r.status = 'succeeded' ORDER BY r.updated_at, r.id
      ON CONFLICT DO NOTHING`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER tr_invoices_immutable ON invoices`);
    await q.query(`DROP FUNCTION invoices_immutable()`);
    await q.query(`DROP TABLE document_series`);
    await q.query(`DELETE FROM invoices WHERE number IS NULL OR kind = 'credit_note'`);
    await q.query(`DROP INDEX ix_invoices_user_issued`);
    await q.query(`CREATE INDEX ix_invoices_user_issued ON invoices (user_id, issued_at)`);
    await q.query(`DROP INDEX ix_invoices_unrendered`);
    await q.query(`DROP INDEX ix_invoices_payment`);
    await q.query(`DROP INDEX ix_invoices_pending`);
    for (const constraint of [
      'ck_invoices_pdf',
      'ck_invoices_issued',
      'ck_invoices_credit_note_refund',
      'ck_invoices_amount_sign',
    ]) {
      await q.query(`ALTER TABLE invoices DROP CONSTRAINT ${constraint}`);
    }
    for (const column of ['pdf_sha256', 'pdf', 'requested_at', 'seq'])
      await q.query(`ALTER TABLE invoices DROP COLUMN ${column}`);
    await q.query(`ALTER TABLE invoices ALTER COLUMN issued_at SET DEFAULT now()`);
    await q.query(`ALTER TABLE invoices ALTER COLUMN issued_at SET NOT NULL`);
    await q.query(`ALTER TABLE invoices ALTER COLUMN data SET NOT NULL`);
    await q.query(`ALTER TABLE invoices ALTER COLUMN number SET NOT NULL`);
    await q.query(`ALTER TABLE invoices ADD CONSTRAINT invoices_amount_check CHECK (amount >= 0)`);
    await q.query(`ALTER TABLE payments DROP CONSTRAINT ck_payments_tax_facts`);
    for (const column of ['prices_include_tax', 'tax_rate_bp', 'tax_amount', 'buyer_details']) {
      await q.query(`ALTER TABLE payments DROP COLUMN ${column}`);
    }
  }
}
