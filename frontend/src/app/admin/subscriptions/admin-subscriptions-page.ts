import { ChangeDetectionStrategy, Component } from '@angular/core';

/** Placeholder until this admin page is built (issue 14). */
@Component({
  selector: 'app-admin-subscriptions-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<section class="page"><h1>Subscriptions</h1></section>`,
})
export class AdminSubscriptionsPage {}
