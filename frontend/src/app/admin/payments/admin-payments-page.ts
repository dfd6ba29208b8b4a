import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router } from '@angular/router';
import { map } from 'rxjs';
import { pagedList } from '../../core/api/paged-list';
import { LoadMore } from '../../core/ui/load-more';
import { Loading } from '../../core/ui/loading';
import { AdminPaymentsApi } from './admin-payments-api';
import { AdminPaymentRow } from './admin-payment-row';
import { PaymentSearchForm } from './payment-search-form';
import { PaymentFilters, filtersFromParams, filtersToParams, hasFilters, sameFilters } from './payment-search';

/**
 * Every payment, searched by student, state, provider, currency, dates, amount or reference. The
 * search lives in the address: searching navigates, so a search can be shared and Back returns to
 * the previous one; the results follow the address, page by page.
 */
@Component({
  selector: 'app-admin-payments-page',
  imports: [LoadMore, Loading, AdminPaymentRow, PaymentSearchForm],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './admin-payments-page.html',
})
export class AdminPaymentsPage {
  private readonly api = inject(AdminPaymentsApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected readonly filters = toSignal(this.route.queryParamMap.pipe(map(filtersFromParams)), {
    requireSync: true,
    equal: sameFilters,
  });
  protected readonly list = pagedList(
    (filters, cursor) => this.api.search({ ...filters, cursor: cursor ?? undefined }),
    this.filters,
  );
  protected readonly hasFilters = hasFilters;

  protected search(filters: PaymentFilters): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: filtersToParams(filters) });
  }
}
