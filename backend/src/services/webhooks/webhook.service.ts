import type { IncomingHttpHeaders } from 'node:http';
import type { DomainEvent } from '../../domain/events/domain-event';
import { eventSubjects } from '../../domain/events/event-subjects';
import type { ProviderName } from '../../domain/payments/payment-status';
import { AppError } from '../../errors/app-error';
import type { Logger } from '../../logger';
import {
  WebhookVerificationError,
  type PaymentProvider,
  type ProviderEvent,
  type ProviderLookup,
} from '../../providers/payment-provider';
import type { DataStore, Repositories } from '../../repositories/data-store';
import {
  TransmissionReusedError,
  type InboxEvent,
  type StoredInboxEvent,
} from '../../repositories/webhook-event.repository';
import type { SettlementService } from '../payments/settlement.service';
import type { ApplyOutcome, EventHandlerRegistry } from './event-handler-registry';
import { NO_WEBHOOK_METRICS, type WebhookMetrics } from './webhook-metrics';
import { WEBHOOK_HANDOVER_JOB, type WebhookHandoverJob } from './webhook-jobs';

/**
 * What happened to a delivery before it was acknowledged:
 * - processed / unhandled / ignored: stored and applied in the same transaction;
 * - duplicate: already stored by an earlier delivery, nothing to do;
 * - deferred: stored, to be processed in the background (it needs a provider call first);
 * - retry: applying failed; stored with the error, to be retried with backoff.
 */
export type ReceiveOutcome = InboxOutcome | 'duplicate' | 'deferred' | 'retry';

/** How a processed event is filed in the inbox. */
export type InboxOutcome = 'processed' | 'unhandled' | 'ignored';

export interface ReceivedWebhook {
  /** Our row id; absent for a duplicate delivery. */
  rowId?: string;
  eventId: string;
  type: string;
  outcome: ReceiveOutcome;
}

export type ProcessOutcome = InboxOutcome | 'skipped';

const ERROR_TEXT_LIMIT = 2000;
/** A handed-over event whose inline attempt failed is tried again after this long. */
const HANDOVER_RETRY_SECONDS = 2;

/**
 * Who finishes the events stored for the background: this process (its dispatcher, after the
 * answer), or the worker processes, through a job written with the event (ROLE=api).
 */
export type BackgroundWork = 'in_process' | 'workers';

/**
 * The webhook inbox. `receive` verifies the signature over the raw body first, then stores the
 * event (unique per provider and event id) and applies it in one transaction before the provider
 * is answered, so a duplicate delivery finds the row and does nothing, and a crash before commit
 * leaves nothing behind but the provider's retry. A delivery whose signed transmission id already
 * carried another event is refused (400): its signature was made for another body. Events that need
 * a provider call first (a PayPal approval is captured, a PayPal capture a body claims is confirmed)
 * or whose processing failed are stored as `received` and finished by `process` in the background,
 * which is also what retries, restarts and replays use.
 */
export class WebhookService {
  constructor(
    private readonly store: DataStore,
    private readonly providers: ProviderLookup,
    private readonly settlement: SettlementService,
    private readonly registry: EventHandlerRegistry,
    private readonly logger: Logger,
    private readonly maxAttempts = 8,
    private readonly metrics: WebhookMetrics = NO_WEBHOOK_METRICS,
    private readonly backgroundWork: BackgroundWork = 'in_process',
  ) {}

  async receive(provider: ProviderName, rawBody: Buffer, headers: IncomingHttpHeaders): Promise<ReceivedWebhook> {
    const received = await this.receiveDelivery(provider, rawBody, headers);
    this.metrics.webhookReceived(provider, received.type, received.outcome);
    return received;
  }

  private async receiveDelivery(
    provider: ProviderName,
    rawBody: Buffer,
    headers: IncomingHttpHeaders,
  ): Promise<ReceivedWebhook> {
    const adapter = this.providers.get(provider);
    const event = toInboxEvent(await this.verify(adapter, rawBody, headers));
    try {
      return await this.storeAndApply(adapter, event);
    } catch (error) {
      // A signature made for another event's body (the same checksum): refused as forged, nothing stored.
      if (error instanceof TransmissionReusedError) throw this.rejected(provider, error.message);
      throw error;
    }
  }

  /** Stores a verified event and applies it, or leaves it for the background (see the class comment). */
  private async storeAndApply(adapter: PaymentProvider, event: InboxEvent): Promise<ReceivedWebhook> {
    const provider = adapter.name;
    let events: DomainEvent[];
    try {
      events = adapter.webhooks.normalize(toProviderEvent(event));
    } catch (error) {
      // Nothing to say what it is about until a fixed normalize reads it again (replay).
      return this.storeReceived(event, [], 'retry', error);
    }
    const subjects = eventSubjects(events);
    if (this.settlement.needsProviderCalls(events)) return this.storeReceived(event, subjects, 'deferred');
    try {
      return await this.store.transaction(async (tx) => {
        const rowId = await tx.webhookEvents.insertProcessed(event, subjects);
        if (!rowId) return { eventId: event.eventId, type: event.type, outcome: 'duplicate' as const };
        const outcome = await this.applyAndFile(tx, rowId, provider, events);
        return { rowId, eventId: event.eventId, type: event.type, outcome };
      });
    } catch (error) {
      if (error instanceof TransmissionReusedError) throw error;
      this.logger.warn({ err: error, provider, eventId: event.eventId }, 'webhook processing failed; stored for retry');
      return this.storeReceived(event, subjects, 'retry', error);
    }
  }

  /** Processes a stored event: background work, retries, restarts and replays. */
  async process(rowId: string): Promise<ProcessOutcome> {
    const stored = await this.store.repos.webhookEvents.find(rowId);
    if (!stored || (stored.status !== 'received' && stored.status !== 'failed')) return 'skipped';
    try {
      // Provider calls (a capture) happen before the transaction, never while holding row locks.
      const normalized = this.normalize(stored);
      const events = await this.settlement.prepare(normalized, { captureApprovals: true });
      // Prepared events may name more than the stored ones did (a dispute's payment, a refund list).
      const subjects = eventSubjects([...normalized, ...events]);
      const outcome = await this.store.transaction(async (tx) => {
        if (!(await tx.webhookEvents.claim(rowId, subjects))) return 'skipped';
        return this.applyAndFile(tx, rowId, stored.provider, events);
      });
      this.metrics.webhookProcessed(stored.provider, stored.type, outcome);
      return outcome;
    } catch (error) {
      this.metrics.webhookProcessed(stored.provider, stored.type, 'failed');
      await this.recordFailure(rowId, error);
      throw error;
    }
  }

  /** Sets a stored event back to be processed again (admin replay, or after a fix). */
  markForReplay(rowId: string): Promise<boolean> {
    return this.store.repos.webhookEvents.markForReplay(rowId);
  }

  /**
   * Sets back for processing the unhandled events whose domain events all have a handler now (a
   * release added one). Returns their row ids, for the caller to process.
   */
  async releaseUnhandled(batchSize = 200): Promise<string[]> {
    const released: string[] = [];
    let after: (StoredInboxEvent & { receivedAt: string }) | undefined;
    for (;;) {
      const batch = await this.store.repos.webhookEvents.unhandled(batchSize, after);
      for (const stored of batch) {
        if (!this.providers.has(stored.provider)) continue;
        const kinds = this.normalize(stored).map((e) => e.kind);
        if (kinds.every((kind) => this.registry.handles(kind)) && (await this.markForReplay(stored.id))) {
          released.push(stored.id);
        }
      }
      if (batch.length < batchSize) return released;
      after = batch[batch.length - 1];
    }
  }

  /** Events stored but not yet processed (a crash, a restart, or a failed inline attempt). */
  unprocessed(olderThanSeconds: number, limit = 500): Promise<string[]> {
    return this.store.repos.webhookEvents.unprocessedIds(olderThanSeconds, limit);
  }

  attempts(rowId: string): Promise<number> {
    return this.store.repos.webhookEvents.attempts(rowId);
  }

  private async verify(
    adapter: PaymentProvider,
    rawBody: Buffer,
    headers: IncomingHttpHeaders,
  ): Promise<ProviderEvent> {
    try {
      return await adapter.webhooks.verifyWebhook(rawBody, headers);
    } catch (error) {
      if (error instanceof WebhookVerificationError) throw this.rejected(adapter.name, error.message);
      throw error;
    }
  }

  /** The 400 for a delivery that is not the provider's (forged, stale, replayed); logged with why. */
  private rejected(provider: ProviderName, reason: string): AppError {
    this.metrics.webhookReceived(provider, null, 'rejected');
    this.logger.warn({ provider, reason }, 'webhook rejected');
    return new AppError(400, 'invalid_signature', `Webhook signature verification failed: ${reason}`);
  }

  private normalize(stored: StoredInboxEvent): DomainEvent[] {
    return this.providers.get(stored.provider).webhooks.normalize(toProviderEvent(stored));
  }

  /** Stores an event as `received` (with the first failure, if any); a duplicate stays as it was. */
  private async storeReceived(
    event: InboxEvent,
    subjects: readonly string[],
    outcome: 'deferred' | 'retry',
    error?: unknown,
  ): Promise<ReceivedWebhook> {
    const firstError = error === undefined ? undefined : errorText(error);
    const rowId =
      this.backgroundWork === 'workers'
        ? await this.store.transaction((tx) => storeAndHandOver(tx, event, subjects, outcome, firstError))
        : await this.store.repos.webhookEvents.insertReceived(event, subjects, firstError);
    return { rowId, eventId: event.eventId, type: event.type, outcome: rowId ? outcome : 'duplicate' };
  }

  /** Applies an event's domain events and files the row by what they did. */
  private async applyAndFile(
    tx: Repositories,
    rowId: string,
    provider: ProviderName,
    events: DomainEvent[],
  ): Promise<InboxOutcome> {
    const outcome = inboxOutcome(await this.settlement.applyIn(tx, events, `webhook:${provider}`));
    if (outcome !== 'processed') await tx.webhookEvents.markOutcome(rowId, outcome);
    return outcome;
  }

  private async recordFailure(rowId: string, error: unknown): Promise<void> {
    try {
      await this.store.repos.webhookEvents.recordFailure(rowId, errorText(error), this.maxAttempts);
    } catch (recordError) {
      // The database itself may be what failed; the event stays 'received' and is swept later.
      this.logger.error({ err: recordError, rowId }, 'could not record webhook failure');
    }
  }
}

/** Stores an event with the job that has a worker finish it, in one transaction: both or neither. */
async function storeAndHandOver(
  tx: Repositories,
  event: InboxEvent,
  subjects: readonly string[],
  outcome: 'deferred' | 'retry',
  firstError: string | undefined,
): Promise<string | undefined> {
  const rowId = await tx.webhookEvents.insertReceived(event, subjects, firstError);
  if (rowId) {
    const job: WebhookHandoverJob = { rowId };
    const startAfterSeconds = outcome === 'retry' ? HANDOVER_RETRY_SECONDS : 0;
    await tx.jobs.enqueue(WEBHOOK_HANDOVER_JOB, job, { startAfterSeconds, retryLimit: 5 });
  }
  return rowId;
}

/** Unhandled wins (the event must stay replayable), then anything that touched a payment of ours. */
export function inboxOutcome(outcomes: ApplyOutcome[]): InboxOutcome {
  if (outcomes.includes('unhandled')) return 'unhandled';
  return outcomes.some((o) => o !== 'unmatched') ? 'processed' : 'ignored';
}

/** What the inbox stores of a verified provider event. */
export function toInboxEvent(event: ProviderEvent): InboxEvent {
  return {
    provider: event.provider,
    eventId: event.id,
    type: event.type,
    payload: event.payload,
    createdAt: event.createdAt,
    ...(event.transmissionId ? { transmissionId: event.transmissionId } : {}),
  };
}

function toProviderEvent(event: InboxEvent): ProviderEvent {
  return {
    provider: event.provider,
    id: event.eventId,
    type: event.type,
    createdAt: event.createdAt ?? new Date(),
    payload: event.payload,
  };
}

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, ERROR_TEXT_LIMIT);
}
