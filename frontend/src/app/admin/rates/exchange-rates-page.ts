import { ChangeDetectionStrategy, Component } from '@angular/core';

/** Placeholder until this admin page is built (issue 14). */
@Component({
  selector: 'app-exchange-rates-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<section class="page"><h1>Exchange rates</h1></section>`,
})
export class ExchangeRatesPage {}
