import { Signal, computed, linkedSignal, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { Observable } from 'rxjs';
import { FIRST_PAGE, Page, PagedList, errorOf, loadingOf, nextCursorOf, readPages } from './page';

/** A keyset-paginated list as a page shows it, with its "Load more" and "Try again". */
export interface PagedListView<T> {
  rows: Signal<T[]>;
  /** The page "Load more" reads; while a page loads or after it failed, that page itself. */
  nextCursor: Signal<string | null>;
  /** 'first' while the first page loads, 'more' while "Load more" runs. */
  loading: Signal<'first' | 'more' | null>;
  error: Signal<string | null>;
  loadMore(): void;
  /** Reads the page that failed again (the first one, or the one "Load more" wanted). */
  retry(): void;
}

/**
 * The list `read` gives, page by page; whenever `filters` changes it starts again from the first
 * page. Call it in an injection context (a field initializer), like `toSignal`.
 */
export function pagedList<T, F = null>(
  read: (filters: F, cursor: string | null) => Observable<Page<T>>,
  filters: Signal<F> = signal(null as F),
): PagedListView<T> {
  const cursor = linkedSignal<F, string | null>({ source: filters, computation: () => null });
  const reloads = signal(0);
  const list: Signal<PagedList<T>> = toSignal(
    toObservable(computed(() => ({ filters: filters(), cursor: cursor(), reload: reloads() }))).pipe(
      readPages(({ filters: current, cursor: page }) => read(current, page)),
    ),
    { initialValue: FIRST_PAGE },
  );
  const nextCursor = computed(() => nextCursorOf(list()));
  const loading = computed(() => loadingOf(list()));
  const retry = () => reloads.update((n) => n + 1);
  return {
    rows: computed(() => list().rows),
    nextCursor,
    loading,
    error: computed(() => errorOf(list())),
    retry,
    loadMore() {
      const next = nextCursor();
      if (!next || loading()) return;
      // After a failed "Load more" the cursor already points at that page: read it again.
      if (next === cursor()) retry();
      else cursor.set(next);
    },
  };
}
