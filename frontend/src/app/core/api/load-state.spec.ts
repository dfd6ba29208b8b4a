import { HttpErrorResponse } from '@angular/common/http';
import { Subject, firstValueFrom, throwError, toArray } from 'rxjs';
import { LOADING, LoadState, toLoadState } from './load-state';

describe('toLoadState', () => {
  it('says loading at once, then gives the value when it arrives', () => {
    const answer = new Subject<number>();
    const seen: LoadState<number>[] = [];
    answer.pipe(toLoadState()).subscribe((s) => seen.push(s));
    expect(seen).toEqual([LOADING]);
    answer.next(1);
    expect(seen).toEqual([LOADING, { status: 'loaded', value: 1 }]);
  });

  it('turns a failed read into an ApiError and completes instead of erroring', async () => {
    const failed = throwError(() => new HttpErrorResponse({ status: 0 }));
    const states = await firstValueFrom(failed.pipe(toLoadState(), toArray()));
    expect(states[0]).toBe(LOADING);
    expect(states[1]).toMatchObject({ status: 'error', error: { code: 'network_error' } });
  });
});
