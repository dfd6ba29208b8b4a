import { ChaosOptions, seededRandom } from './chaos';
import { postRaw } from './post';

/** One event as the provider would send it; `sign` runs per attempt because signatures carry a fresh timestamp. */
export interface OutgoingEvent {
  eventId: string;
  type: string;
  body: string;
  sign: (body: string) => Record<string, string>;
}

export type AttemptOutcome = 'delivered' | 'http_error' | 'network_error' | 'timeout' | 'chaos_timeout';

/** One HTTP attempt in the delivery log (what `GET /_sandbox/deliveries` lists). */
export interface DeliveryAttempt {
  id: string;
  eventId: string;
  eventType: string;
  url: string;
  attempt: number;
  copy: number;
  at: string;
  outcome: AttemptOutcome;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  /** When the next retry is scheduled (ISO), null when this attempt was final. */
  nextRetryAt: string | null;
  /** True when this was the last attempt and it failed (the provider gives up). */
  abandoned: boolean;
}

export interface DeliveryQueueOptions {
  name: string;
  getUrl: () => string | undefined;
  getChaos: () => ChaosOptions | null;
  retryBaseMs: number;
  maxAttempts: number;
  timeoutMs: number;
  logger?: (line: string) => void;
}

interface Job {
  event: OutgoingEvent;
  url: string;
  attempt: number;
  copy: number;
}

/**
 * Asynchronous, at-least-once webhook delivery: retries non-2xx, network errors and timeouts
 * with exponential backoff, keeps a log of every attempt, and (with chaos on) duplicates,
 * reorders, delays and fakes timeouts.
 */
export class DeliveryQueue {
  private readonly timers = new Set<NodeJS.Timeout>();
  private inFlight = 0;
  private readonly log: DeliveryAttempt[] = [];
  private seq = 0;
  private random: () => number = Math.random;
  private idleWaiters: Array<() => void> = [];
  private closed = false;

  constructor(private readonly opts: DeliveryQueueOptions) {}

  /** Re-seeds chaos randomness (called when chaos settings change). */
  reseed(seed: number | undefined): void {
    this.random = seed === undefined ? Math.random : seededRandom(seed);
  }

  /** Queues an event; returns false when no endpoint is configured (the event is still recorded by the caller). */
  enqueue(event: OutgoingEvent, urlOverride?: string): boolean {
    const url = urlOverride ?? this.opts.getUrl();
    if (!url || this.closed) return false;
    const chaos = this.opts.getChaos();
    let copies = 1;
    if (chaos?.duplicateRate && this.random() < chaos.duplicateRate) copies += this.random() < 0.3 ? 2 : 1;
    for (let copy = 1; copy <= copies; copy++) {
      this.schedule({ event, url, attempt: 1, copy }, this.initialDelay(chaos));
    }
    return true;
  }

  attempts(): DeliveryAttempt[] {
    return [...this.log];
  }

  pending(): number {
    return this.timers.size + this.inFlight;
  }

  /** Resolves once nothing is scheduled or in flight (tests use it to wait for deliveries). */
  idle(): Promise<void> {
    if (this.pending() === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drops scheduled work and the log (sandbox reset). */
  clear(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.log.length = 0;
    this.notifyIfIdle();
  }

  close(): void {
    this.closed = true;
    this.clear();
  }

  private initialDelay(chaos: ChaosOptions | null): number {
    if (!chaos) return 0;
    let delay = 0;
    if (chaos.delayMs) {
      const [lo, hi] = chaos.delayMs;
      delay += lo + Math.floor(this.random() * (hi - lo + 1));
    }
    // Holding an event back long enough lets the ones created after it arrive first.
    if (chaos.reorderRate && this.random() < chaos.reorderRate) delay += 150 + Math.floor(this.random() * 450);
    return delay;
  }

  private schedule(job: Job, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(job);
    }, delayMs);
    this.timers.add(timer);
  }

  private async attempt(job: Job): Promise<void> {
    this.inFlight++;
    const started = Date.now();
    const chaos = this.opts.getChaos();
    let outcome: AttemptOutcome;
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const headers = job.event.sign(job.event.body);
      const res = await postRaw(job.url, headers, job.event.body, this.opts.timeoutMs);
      statusCode = res.status;
      outcome = res.status >= 200 && res.status < 300 ? 'delivered' : 'http_error';
      // A fake timeout: the receiver got the event, but the provider behaves as if no answer came.
      if (outcome === 'delivered' && chaos?.timeoutRate && this.random() < chaos.timeoutRate) outcome = 'chaos_timeout';
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      outcome = /timed out/.test(message) ? 'timeout' : 'network_error';
      error = message;
    }
    this.inFlight--;
    if (this.closed) return this.notifyIfIdle();
    const failed = outcome !== 'delivered';
    const last = job.attempt >= this.opts.maxAttempts;
    const retryIn = this.opts.retryBaseMs * 2 ** (job.attempt - 1);
    const record: DeliveryAttempt = {
      id: `dlv_${++this.seq}`,
      eventId: job.event.eventId,
      eventType: job.event.type,
      url: job.url,
      attempt: job.attempt,
      copy: job.copy,
      at: new Date(started).toISOString(),
      outcome,
      statusCode,
      error,
      durationMs: Date.now() - started,
      nextRetryAt: failed && !last ? new Date(Date.now() + retryIn).toISOString() : null,
      abandoned: failed && last,
    };
    this.log.push(record);
    this.opts.logger?.(
      `[${this.opts.name}] webhook ${job.event.type} ${job.event.eventId} -> ${job.url} attempt ${job.attempt}: ${outcome}${statusCode ? ` ${statusCode}` : ''}`,
    );
    if (failed && !last) this.schedule({ ...job, attempt: job.attempt + 1 }, retryIn);
    this.notifyIfIdle();
  }

  private notifyIfIdle(): void {
    if (this.pending() !== 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
