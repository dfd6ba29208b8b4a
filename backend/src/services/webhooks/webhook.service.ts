import type { IncomingHttpHeaders } from 'node:http';
import type { DataSource } from 'typeorm';
import type { DomainEvent } from '../../domain/events/domain-event';
import type { ProviderName } from '../../domain/payments/payment-status';
import { AppError } from '../../errors/app-error';
import type { Logger } from '../../logger';
import { WebhookVerificationError, type ProviderLookup } from '../../providers/payment-provider';
import type { PaymentEventApplier } from '../payments/payment-event-applier';
import type { PaymentService } from '../payments/payment.service';

export interface ReceivedWebhook {
  /** Our row id; absent for a duplicate delivery, which needs no processing. */
  rowId?: string;
  eventId: string;
  type: string;
  duplicate: boolean;
}

export type ProcessOutcome = 'processed' | 'ignored' | 'skipped';

interface StoredEvent {
  provider: ProviderName;
  event_id: string;
  type: string;
  payload: Record<string, unknown>;
  provider_created_at: Date | null;
  status: string;
}

/**
 * Webhook ingestion in two steps. `receive` verifies the signature and stores the event
 * (deduplicated by provider + event id) so the provider can be answered at once; `process`
 * applies it in one transaction that also marks it processed, so it takes effect exactly once
 * however often it is delivered, retried or replayed.
 */
export class WebhookService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly providers: ProviderLookup,
    private readonly payments: PaymentService,
    private readonly applier: PaymentEventApplier,
    private readonly logger: Logger,
    private readonly maxAttempts = 8,
  ) {}

  async receive(provider: ProviderName, rawBody: Buffer, headers: IncomingHttpHeaders): Promise<ReceivedWebhook> {
    const adapter = this.providers.get(provider);
    let event;
    try {
      event = await adapter.verifyWebhook(rawBody, headers);
    } catch (error) {
      if (error instanceof WebhookVerificationError) {
        this.logger.warn({ provider, reason: error.message }, 'webhook rejected');
        throw new AppError(400, 'invalid_signature', `Webhook signature verification failed: ${error.message}`);
      }
      throw error;
    }
    const rows: { id: string }[] = await this.dataSource.query(
      `INSERT INTO webhook_events (provider, event_id, type, payload, provider_created_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ON CONSTRAINT uq_webhook_events_provider_event DO NOTHING
       RETURNING id`,
      [provider, event.id, event.type, event.payload, event.createdAt],
    );
    return { rowId: rows[0]?.id, eventId: event.id, type: event.type, duplicate: rows.length === 0 };
  }

  async process(rowId: string): Promise<ProcessOutcome> {
    const stored = await this.load(rowId);
    if (!stored || stored.status === 'processed' || stored.status === 'ignored') return 'skipped';
    try {
      const events = await this.normalize(rowId, stored);
      return await this.dataSource.transaction(async (manager) => {
        // Claiming the row locks it until commit: a concurrent worker waits, then finds it done.
        const claimed: unknown[] = await manager.query(
          `UPDATE webhook_events SET status = 'processed', processed_at = now(), attempts = attempts + 1, last_error = NULL
            WHERE id = $1 AND status IN ('received', 'failed') RETURNING id`,
          [rowId],
        );
        if (claimed.length === 0) return 'skipped';
        let touched = false;
        for (const event of events) {
          const result = await this.applier.apply(manager, event, `webhook:${stored.provider}`);
          if (result.outcome !== 'unmatched' && result.outcome !== 'not_applicable') touched = true;
        }
        if (!touched) {
          await manager.query(`UPDATE webhook_events SET status = 'ignored' WHERE id = $1`, [rowId]);
          return 'ignored';
        }
        return 'processed';
      });
    } catch (error) {
      await this.recordFailure(rowId, error);
      throw error;
    }
  }

  /** Sets a stored event back to be processed again (admin replay, or after a fix). */
  async markForReplay(rowId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `UPDATE webhook_events SET status = 'received', attempts = 0, last_error = NULL WHERE id = $1 RETURNING id`,
      [rowId],
    );
    return rows.length > 0;
  }

  /** Events stored but not yet processed (a crash, a restart, or a failed inline attempt). */
  async unprocessed(olderThanSeconds: number, limit = 500): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM webhook_events WHERE status = 'received' AND received_at < now() - make_interval(secs => $1)
        ORDER BY received_at LIMIT $2`,
      [olderThanSeconds, limit],
    );
    return rows.map((r) => r.id);
  }

  async attempts(rowId: string): Promise<number> {
    const rows: { attempts: number }[] = await this.dataSource.query(`SELECT attempts FROM webhook_events WHERE id = $1`, [rowId]);
    return rows[0]?.attempts ?? 0;
  }

  private async load(rowId: string): Promise<StoredEvent | undefined> {
    const rows: StoredEvent[] = await this.dataSource.query(
      `SELECT provider, event_id, type, payload, provider_created_at, status FROM webhook_events WHERE id = $1`,
      [rowId],
    );
    return rows[0];
  }

  /** Normalizes, and turns a PayPal approval into the capture's outcome (a provider call, so outside the transaction). */
  private async normalize(rowId: string, stored: StoredEvent): Promise<DomainEvent[]> {
    const adapter = this.providers.get(stored.provider);
    const events = adapter.normalize({
      provider: stored.provider,
      id: stored.event_id,
      type: stored.type,
      createdAt: stored.provider_created_at ?? new Date(),
      payload: stored.payload,
    });
    const result: DomainEvent[] = [];
    for (const event of events) {
      result.push(event);
      if (event.kind === 'PaymentApproved' && event.ref.paymentId) {
        this.logger.debug({ rowId, paymentId: event.ref.paymentId }, 'capturing approved order');
        result.push(...(await this.payments.captureApproved(event.provider, event.ref.paymentId, event.ref.providerSessionId)));
      }
    }
    return result;
  }

  private async recordFailure(rowId: string, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    try {
      await this.dataSource.query(
        `UPDATE webhook_events SET attempts = attempts + 1, last_error = $2,
                status = CASE WHEN attempts + 1 >= $3 THEN 'failed' ELSE 'received' END
          WHERE id = $1 AND status IN ('received', 'failed')`,
        [rowId, message.slice(0, 2000), this.maxAttempts],
      );
    } catch (recordError) {
      // The database itself may be what failed; the event stays 'received' and is swept later.
      this.logger.error({ err: recordError, rowId }, 'could not record webhook failure');
    }
  }
}
