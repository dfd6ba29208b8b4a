import { ChangeDetectionStrategy, Component } from '@angular/core';

/** Placeholder until this admin page is built (issue 14). */
@Component({
  selector: 'app-review-queue-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<section class="page"><h1>Review queue</h1></section>`,
})
export class ReviewQueuePage {}
