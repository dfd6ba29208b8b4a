import { HttpErrorResponse } from '@angular/common/http';
import { EMPTY, Observable, catchError, exhaustMap, first, map, take, tap, throwError, timer } from 'rxjs';

/** How often to ask and for how long at most. */
export interface PollConfig {
  intervalMs: number;
  timeoutMs: number;
}

/** Where a poll is: the latest answer and how many of the allowed reads were made. */
export interface PollProgress<T> {
  value: T;
  /** 1 for the first read. */
  attempt: number;
  /** The most reads the poll makes before it gives up. */
  attempts: number;
}

/** How many reads a poll makes: one at once, then one per interval until the timeout. */
export function pollAttempts(config: PollConfig): number {
  return Math.floor(config.timeoutMs / config.intervalMs) + 1;
}

/** Errors that asking again cannot fix: the record is not ours, does not exist or the request is wrong. */
export function isFatalReadError(err: unknown): boolean {
  return err instanceof HttpErrorResponse && [400, 401, 403, 404].includes(err.status);
}

/**
 * Reads `fetch` at once and then every `intervalMs` until `done` says the answer is final, for at
 * most `timeoutMs`. Emits that answer, or `null` when time ran out, and completes. A read still
 * running when the next is due is not doubled; transient errors (network, 5xx, 429) are skipped;
 * fatal ones (see `isFatalReadError`) end the stream with the error. `onUpdate` sees every answer
 * with the attempt it came from. Unsubscribing stops the polling.
 */
export function pollUntil<T>(
  fetch: () => Observable<T>,
  done: (value: T) => boolean,
  config: PollConfig,
  onUpdate: (progress: PollProgress<T>) => void = () => undefined,
): Observable<T | null> {
  const attempts = pollAttempts(config);
  return timer(0, config.intervalMs).pipe(
    take(attempts),
    exhaustMap((tick) =>
      fetch().pipe(
        map((value): PollProgress<T> => ({ value, attempt: tick + 1, attempts })),
        catchError((err: unknown) => (isFatalReadError(err) ? throwError(() => err) : EMPTY)),
      ),
    ),
    tap(onUpdate),
    map((progress) => progress.value),
    first((value) => done(value), null),
  );
}
