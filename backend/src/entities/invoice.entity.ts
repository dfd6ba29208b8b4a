import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintNumber } from './column-types';

export type InvoiceKind = 'invoice' | 'credit_note';

/**
 * An invoice or credit note: requested (no number yet) with the sale or refund, then issued by
 * the issuing job. `data` is the frozen snapshot the PDF was rendered from, so a later change to
 * a course or the seller never rewrites history; a trigger refuses any change once issued.
 */
@Entity({ name: 'invoices' })
export class Invoice {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 40, unique: true, nullable: true })
  number: string | null;

  @Column({ type: 'varchar', length: 16 })
  kind: InvoiceKind;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'payment_id', type: 'uuid' })
  paymentId: string;

  @Column({ name: 'refund_id', type: 'uuid', nullable: true, unique: true })
  refundId: string | null;

  @Column({ type: 'bigint', transformer: bigintNumber })
  amount: number;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ type: 'jsonb', nullable: true })
  data: Record<string, unknown> | null;

  @Column({ name: 'issued_at', type: 'timestamptz', nullable: true })
  issuedAt: Date | null;

  @Column({ name: 'pdf_sha256', type: 'char', length: 64, nullable: true })
  pdfSha256: string | null;
}
