import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { PagedListView } from '../api/paged-list';
import { ErrorAlert } from './error-alert';

/** Under a paged list: the failed read with "Try again", and "Load more" while there is more. */
@Component({
  selector: 'app-load-more',
  imports: [MatButton, ErrorAlert],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (list().error(); as message) {
      <app-error-alert [message]="message" retryLabel="Try again" (retry)="list().retry()" />
    }
    @if (list().nextCursor() && list().loading() !== 'first') {
      <div class="actions">
        <button
          mat-stroked-button
          type="button"
          (click)="list().loadMore()"
          [disabled]="list().loading() === 'more'"
          data-testid="load-more"
        >
          {{ list().loading() === 'more' ? 'Loading…' : 'Load more' }}
        </button>
      </div>
    }
  `,
})
export class LoadMore {
  readonly list = input.required<PagedListView<unknown>>();
}
