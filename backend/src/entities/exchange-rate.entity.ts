import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { decimalString } from './column-types';

/**
 * A stored rate: one major unit of `baseCurrency` buys `rate` major units of `quoteCurrency`.
 * The newest `validFrom` not in the future applies. Re-importing a date corrects its rate in
 * place; payments keep their own copy of the rate they used.
 */
@Entity({ name: 'exchange_rates' })
@Index('uq_exchange_rates_pair_from', ['baseCurrency', 'quoteCurrency', 'validFrom'], { unique: true })
export class ExchangeRate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'base_currency', type: 'char', length: 3 })
  baseCurrency: string;

  @Column({ name: 'quote_currency', type: 'char', length: 3 })
  quoteCurrency: string;

  @Column({ type: 'numeric', precision: 24, scale: 12, transformer: decimalString })
  rate: string;

  @Column({ type: 'varchar', length: 100, default: 'manual' })
  source: string;

  @Column({ name: 'valid_from', type: 'timestamptz', default: () => 'now()' })
  validFrom: Date;

  /** When the row was written or last corrected (not when it applies). */
  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;
}
