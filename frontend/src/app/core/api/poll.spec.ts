import { HttpErrorResponse } from '@angular/common/http';
import { Observable, Subject, of, throwError } from 'rxjs';
import { PollProgress, pollAttempts, pollUntil } from './poll';

const CONFIG = { intervalMs: 1000, timeoutMs: 3000 };

describe('pollUntil', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** Answers the reads in order, one per call. */
  function answers(...values: (number | HttpErrorResponse)[]): () => Observable<number> {
    let call = 0;
    return () => {
      const value = values[Math.min(call++, values.length - 1)];
      return typeof value === 'number' ? of(value) : throwError(() => value);
    };
  }

  it('makes one read at once and one per interval until the timeout', () => {
    expect(pollAttempts(CONFIG)).toBe(4);
    expect(pollAttempts({ intervalMs: 2000, timeoutMs: 60_000 })).toBe(31);
  });

  it('when an answer is final, then it emits it, reports every answer with its attempt, and stops', async () => {
    const fetch = vi.fn(answers(1, 2, 3));
    const progress: PollProgress<number>[] = [];
    const result: (number | null)[] = [];
    let completed = false;
    pollUntil(
      fetch,
      (n) => n === 3,
      CONFIG,
      (p) => progress.push(p),
    ).subscribe({
      next: (v) => result.push(v),
      complete: () => (completed = true),
    });

    await vi.advanceTimersByTimeAsync(2000);
    expect(result).toEqual([3]);
    expect(completed).toBe(true);
    expect(progress.map((p) => [p.value, p.attempt, p.attempts])).toEqual([
      [1, 1, 4],
      [2, 2, 4],
      [3, 3, 4],
    ]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('when time runs out, then it emits null', async () => {
    const fetch = vi.fn(answers(1));
    const result: (number | null)[] = [];
    pollUntil(fetch, () => false, CONFIG).subscribe((v) => result.push(v));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(result).toEqual([null]);
    expect(fetch).toHaveBeenCalledTimes(4);
  });

  it('when a read fails for a moment, then it keeps asking; when it is fatal, then it errors', async () => {
    const transient = new HttpErrorResponse({ status: 503 });
    const fatal = new HttpErrorResponse({ status: 404 });
    const seen: unknown[] = [];
    pollUntil(answers(transient, fatal), () => false, CONFIG).subscribe({
      next: (v) => seen.push(v),
      error: (err: unknown) => seen.push(err),
    });
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen).toEqual([fatal]);
  });

  it('when a read is slow, then the next tick does not start a second one', async () => {
    const slow = new Subject<number>();
    const fetch = vi.fn(() => slow.asObservable());
    const result: (number | null)[] = [];
    pollUntil(fetch, (n) => n === 1, CONFIG).subscribe((v) => result.push(v));
    await vi.advanceTimersByTimeAsync(2500);
    expect(fetch).toHaveBeenCalledTimes(1);
    slow.next(1);
    expect(result).toEqual([1]);
  });
});
