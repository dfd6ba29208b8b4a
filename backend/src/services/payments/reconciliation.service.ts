import type { DataSource } from 'typeorm';
import type { DomainEvent } from '../../domain/events/domain-event';
import type { ProviderName } from '../../domain/payments/payment-status';
import type { Logger } from '../../logger';
import type { ProviderLookup } from '../../providers/payment-provider';
import type { PaymentService } from './payment.service';

export interface ReconciliationReport {
  checked: number;
  updated: number;
  errors: number;
}

/**
 * Asks the provider about payments that have waited too long for a webhook and applies what it
 * says through the same state machine, so a lost webhook never loses a sale.
 */
export class ReconciliationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly providers: ProviderLookup,
    private readonly payments: PaymentService,
    private readonly logger: Logger,
    private readonly defaultOlderThanMinutes: number,
  ) {}

  async run(options: { olderThanSeconds?: number; limit?: number } = {}): Promise<ReconciliationReport> {
    const olderThan = options.olderThanSeconds ?? this.defaultOlderThanMinutes * 60;
    const rows: {
      id: string;
      provider: ProviderName;
      provider_session_id: string;
      provider_payment_id: string | null;
      status: string;
    }[] = await this.dataSource.query(
      `SELECT id, provider, provider_session_id, provider_payment_id, status FROM payments
          WHERE status IN ('pending', 'processing') AND provider_session_id IS NOT NULL
            AND created_at < now() - make_interval(secs => $1)
          ORDER BY created_at LIMIT $2`,
      [olderThan, options.limit ?? 200],
    );
    const report: ReconciliationReport = { checked: rows.length, updated: 0, errors: 0 };
    for (const row of rows) {
      try {
        if (!this.providers.configured().includes(row.provider)) continue;
        const provider = this.providers.get(row.provider);
        const ref = {
          paymentId: row.id,
          providerSessionId: row.provider_session_id,
          providerPaymentId: row.provider_payment_id ?? undefined,
        };
        const found = await provider.fetchPaymentState(ref);
        const events: DomainEvent[] = [];
        for (const event of found) {
          events.push(event);
          if (event.kind === 'PaymentApproved')
            events.push(...(await this.payments.captureApproved(row.provider, row.id, row.provider_session_id)));
        }
        if (events.length) {
          await this.payments.applyEvents(events, 'reconciliation');
          report.updated += 1;
        }
      } catch (error) {
        report.errors += 1;
        this.logger.warn({ err: error, paymentId: row.id }, 'reconciliation failed for payment');
      }
    }
    if (report.checked) this.logger.info(report, 'reconciliation run');
    return report;
  }
}
