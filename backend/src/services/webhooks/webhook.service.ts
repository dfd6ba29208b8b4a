import type { IncomingHttpHeaders } from 'node:http';
import type { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '../../db/prepared-query';
import type { DomainEvent } from '../../domain/events/domain-event';
import type { ProviderName } from '../../domain/payments/payment-status';
import { AppError } from '../../errors/app-error';
import type { Logger } from '../../logger';
import {
  WebhookVerificationError,
  type PaymentProvider,
  type ProviderEvent,
  type ProviderLookup,
} from '../../providers/payment-provider';
import type { PaymentEventApplier } from '../payments/payment-event-applier';
import type { PaymentService } from '../payments/payment.service';

/**
 * What happened to a delivery before it was acknowledged:
 * - processed / ignored: stored and applied in the same transaction;
 * - duplicate: already stored by an earlier delivery, nothing to do;
 * - deferred: stored, to be processed in the background (it needs a provider call first);
 * - retry: applying failed; stored with the error, to be retried with backoff.
 */
export type ReceiveOutcome = 'processed' | 'ignored' | 'duplicate' | 'deferred' | 'retry';

export interface ReceivedWebhook {
  /** Our row id; absent for a duplicate delivery. */
  rowId?: string;
  eventId: string;
  type: string;
  outcome: ReceiveOutcome;
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
 * Webhook ingestion. `receive` verifies the signature over the raw body first, then stores the
 * event (unique per provider and event id) and applies it in one transaction before the provider
 * is answered, so a duplicate delivery finds the row and does nothing, and a crash before commit
 * leaves nothing behind but the provider's retry. Events that need a provider call first (a PayPal
 * approval is captured) or whose processing failed are stored as `received` and finished by
 * `process` in the background, which is also what retries, restarts and replays use.
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
    const event = await this.verify(adapter, rawBody, headers);
    let events: DomainEvent[];
    try {
      events = adapter.normalize(event);
    } catch (error) {
      return this.store(event, 'retry', error);
    }
    if (events.some((e) => e.kind === 'PaymentApproved')) return this.store(event, 'deferred');
    try {
      return await this.dataSource.transaction(async (manager) => {
        const rows = await preparedQuery<{ id: string }>(
          manager,
          'webhook_event_insert_processed',
          `INSERT INTO webhook_events (provider, event_id, type, payload, provider_created_at, status, attempts, processed_at)
           VALUES ($1, $2, $3, $4, $5, 'processed', 1, now())
           ON CONFLICT ON CONSTRAINT uq_webhook_events_provider_event DO NOTHING
           RETURNING id`,
          [provider, event.id, event.type, event.payload, event.createdAt],
        );
        const rowId = rows[0]?.id;
        if (!rowId) return { eventId: event.id, type: event.type, outcome: 'duplicate' as const };
        const outcome = await this.applyAll(manager, rowId, provider, events);
        return { rowId, eventId: event.id, type: event.type, outcome };
      });
    } catch (error) {
      this.logger.warn({ err: error, provider, eventId: event.id }, 'webhook processing failed; stored for retry');
      return this.store(event, 'retry', error);
    }
  }

  /** Verifies and stores without processing: the background finishes it (used for deferred events). */
  async accept(provider: ProviderName, rawBody: Buffer, headers: IncomingHttpHeaders): Promise<ReceivedWebhook> {
    const event = await this.verify(this.providers.get(provider), rawBody, headers);
    return this.store(event, 'deferred');
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
        return this.applyAll(manager, rowId, stored.provider, events);
      });
    } catch (error) {
      await this.recordFailure(rowId, error);
      throw error;
    }
  }

  private async verify(
    adapter: PaymentProvider,
    rawBody: Buffer,
    headers: IncomingHttpHeaders,
  ): Promise<ProviderEvent> {
    try {
      return await adapter.verifyWebhook(rawBody, headers);
    } catch (error) {
      if (error instanceof WebhookVerificationError) {
        this.logger.warn({ provider: adapter.name, reason: error.message }, 'webhook rejected');
        throw new AppError(400, 'invalid_signature', `Webhook signature verification failed: ${error.message}`);
      }
      throw error;
    }
  }

  /** Stores an event as `received` (with the first failure, if any); a duplicate stays as it was. */
  private async store(event: ProviderEvent, outcome: 'deferred' | 'retry', error?: unknown): Promise<ReceivedWebhook> {
    const lastError =
      error === undefined ? null : (error instanceof Error ? error.message : String(error)).slice(0, 2000);
    const rows: { id: string }[] = await this.dataSource.query(
      `INSERT INTO webhook_events (provider, event_id, type, payload, provider_created_at, attempts, last_error)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT ON CONSTRAINT uq_webhook_events_provider_event DO NOTHING
       RETURNING id`,
      [event.provider, event.id, event.type, event.payload, event.createdAt, error === undefined ? 0 : 1, lastError],
    );
    const rowId = rows[0]?.id;
    return { rowId, eventId: event.id, type: event.type, outcome: rowId ? outcome : 'duplicate' };
  }

  /** Applies an event's domain events; an event that touched none of our payments is marked ignored. */
  private async applyAll(
    manager: EntityManager,
    rowId: string,
    provider: ProviderName,
    events: DomainEvent[],
  ): Promise<'processed' | 'ignored'> {
    let touched = false;
    for (const event of events) {
      const result = await this.applier.apply(manager, event, `webhook:${provider}`);
      if (result.outcome !== 'unmatched' && result.outcome !== 'not_applicable') touched = true;
    }
    if (touched) return 'processed';
    await manager.query(`UPDATE webhook_events SET status = 'ignored' WHERE id = $1`, [rowId]);
    return 'ignored';
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
    const rows: { attempts: number }[] = await this.dataSource.query(
      `SELECT attempts FROM webhook_events WHERE id = $1`,
      [rowId],
    );
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
        result.push(
          ...(await this.payments.captureApproved(event.provider, event.ref.paymentId, event.ref.providerSessionId)),
        );
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
