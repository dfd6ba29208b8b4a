import { OperatorFunction, catchError, map, of, startWith } from 'rxjs';
import { ApiError, toApiError } from './api-error';

/** What a page shows for one read: a loading indicator, the data, or an error alert. */
export type LoadState<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'loaded'; readonly value: T }
  | { readonly status: 'error'; readonly error: ApiError };

/** The state before the first answer (use it as `toSignal`'s `initialValue`). */
export const LOADING: LoadState<never> = { status: 'loading' };

/**
 * Turns one read (an HttpClient call) into the states a page shows: `loading` at once, then
 * `loaded` with the value or `error` with the ApiError. The result never errors, so the
 * `switchMap` it sits in keeps following its signals after a failure (retry, another currency…).
 *
 * ```ts
 * private readonly reloads = signal(0);
 * protected readonly courses = toSignal(
 *   toObservable(computed(() => ({ currency: this.currency.selected(), reload: this.reloads() }))).pipe(
 *     switchMap(({ currency }) => this.api.list(currency).pipe(toLoadState())),
 *   ),
 *   { initialValue: LOADING },
 * );
 * ```
 */
export function toLoadState<T>(): OperatorFunction<T, LoadState<T>> {
  return (source) =>
    source.pipe(
      map((value): LoadState<T> => ({ status: 'loaded', value })),
      catchError((err: unknown) => of<LoadState<T>>({ status: 'error', error: toApiError(err) })),
      startWith<LoadState<T>>(LOADING),
    );
}
