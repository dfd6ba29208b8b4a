import { Observable, OperatorFunction, map, scan, switchMap } from 'rxjs';
import { LOADING, LoadState, toLoadState } from './load-state';

/** A keyset-paginated list: `nextCursor` asks for the following page, null on the last one. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** What a paginated page needs to read one page: at least the cursor (null: the first page). */
export interface PageQuery {
  cursor: string | null;
}

/** The last page read (which cursor, and how it went) and every row read so far. */
export interface PagedList<T> {
  cursor: string | null;
  state: LoadState<Page<T>>;
  rows: T[];
}

/** Before the first answer (use it as `toSignal`'s `initialValue`). */
export const FIRST_PAGE: PagedList<never> = { cursor: null, state: LOADING, rows: [] };

/**
 * Reads the page each query asks for (a newer query cancels the older read) and keeps the rows
 * read so far: the first page (cursor null) starts the list again, a later page, or its retry,
 * adds to it. Never errors: a failed read is a `PagedList` whose state is `error`.
 *
 * ```ts
 * protected readonly list = toSignal(
 *   toObservable(computed(() => ({ cursor: this.cursor(), reload: this.reloads() }))).pipe(
 *     readPages(({ cursor }) => this.api.list({ cursor })),
 *   ),
 *   { initialValue: FIRST_PAGE },
 * );
 * ```
 */
export function readPages<Q extends PageQuery, T>(
  read: (query: Q) => Observable<Page<T>>,
): OperatorFunction<Q, PagedList<T>> {
  return (queries) =>
    queries.pipe(
      switchMap((query) =>
        read(query).pipe(
          toLoadState(),
          map((state) => ({ cursor: query.cursor, state })),
        ),
      ),
      scan((list: PagedList<T>, { cursor, state }): PagedList<T> => {
        const before = cursor === null ? [] : list.rows;
        return { cursor, state, rows: state.status === 'loaded' ? [...before, ...state.value.items] : before };
      }, FIRST_PAGE),
    );
}

/** The page "Load more" reads: the next one; while a page loads or after it failed, that page itself. */
export function nextCursorOf(list: PagedList<unknown>): string | null {
  return list.state.status === 'loaded' ? list.state.value.nextCursor : list.cursor;
}

/** 'first' while the first page loads, 'more' while a later page loads, else null. */
export function loadingOf(list: PagedList<unknown>): 'first' | 'more' | null {
  return list.state.status !== 'loading' ? null : list.cursor ? 'more' : 'first';
}

/** The message of the failed read, or null. */
export function errorOf(list: PagedList<unknown>): string | null {
  return list.state.status === 'error' ? list.state.error.message : null;
}
