import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bigintNumber } from './column-types';

export type InvoiceKind = 'invoice' | 'credit_note';

/**
 * An issued invoice or credit note. `data` is the frozen snapshot rendered into the PDF
 * (seller, buyer, lines), so a later change to a course or the seller never rewrites history.
 */
@Entity({ name: 'invoices' })
@Index('ix_invoices_user_issued', ['userId', 'issuedAt'])
export class Invoice {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 40, unique: true })
  number: string;

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

  @Column({ type: 'jsonb' })
  data: Record<string, unknown>;

  @CreateDateColumn({ name: 'issued_at', type: 'timestamptz' })
  issuedAt: Date;
}
