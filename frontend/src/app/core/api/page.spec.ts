import { HttpErrorResponse } from '@angular/common/http';
import { Observable, Subject } from 'rxjs';
import { FIRST_PAGE, Page, PagedList, errorOf, loadingOf, nextCursorOf, readPages } from './page';

describe('readPages', () => {
  /** One pending answer per cursor asked for, in order. */
  let answers: Map<string | null, Subject<Page<string>>>;
  let queries: Subject<{ cursor: string | null }>;
  let seen: PagedList<string>[];
  const last = () => seen[seen.length - 1];

  function read({ cursor }: { cursor: string | null }): Observable<Page<string>> {
    const answer = new Subject<Page<string>>();
    answers.set(cursor, answer);
    return answer;
  }

  function answer(cursor: string | null, items: string[], nextCursor: string | null): void {
    answers.get(cursor)!.next({ items, nextCursor });
  }

  beforeEach(() => {
    answers = new Map();
    queries = new Subject();
    seen = [];
    queries.pipe(readPages(read)).subscribe((list) => seen.push(list));
  });

  it('when later pages arrive, then their rows are added after the earlier ones', () => {
    queries.next({ cursor: null });
    expect(loadingOf(last())).toBe('first');
    answer(null, ['a', 'b'], 'c2');
    expect(last().rows).toEqual(['a', 'b']);
    expect(nextCursorOf(last())).toBe('c2');

    queries.next({ cursor: 'c2' });
    expect(loadingOf(last())).toBe('more');
    expect(last().rows).toEqual(['a', 'b']);
    answer('c2', ['c'], null);
    expect(last().rows).toEqual(['a', 'b', 'c']);
    expect(nextCursorOf(last())).toBeNull();
    expect(loadingOf(last())).toBeNull();
  });

  it('when the first page is asked for again, then the list starts over', () => {
    queries.next({ cursor: null });
    answer(null, ['a'], 'c2');
    queries.next({ cursor: 'c2' });
    answer('c2', ['b'], null);
    queries.next({ cursor: null });
    answer(null, ['z'], null);
    expect(last().rows).toEqual(['z']);
  });

  it('when a later page fails, then the rows stay, the error shows and "Load more" reads that page again', () => {
    queries.next({ cursor: null });
    answer(null, ['a'], 'c2');
    queries.next({ cursor: 'c2' });
    answers.get('c2')!.error(new HttpErrorResponse({ status: 0 }));
    expect(last().rows).toEqual(['a']);
    expect(errorOf(last())).toContain("Can't reach the server");
    expect(nextCursorOf(last())).toBe('c2');
  });

  it('when nothing was asked yet, then it is loading the first page', () => {
    expect(loadingOf(FIRST_PAGE)).toBe('first');
    expect(errorOf(FIRST_PAGE)).toBeNull();
  });
});
