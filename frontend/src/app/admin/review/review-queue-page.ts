import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  Injector,
  LOCALE_ID,
  afterNextRender,
  computed,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { DatePipe } from '@angular/common';
import { RouterLink } from '@angular/router';
import { MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { pagedList } from '../../core/api/paged-list';
import { CurrencyStore } from '../../core/money/currency-store';
import { Money } from '../../core/money/money-models';
import { formatMoney } from '../../core/money/money';
import { MoneyPipe } from '../../core/money/money-pipe';
import { PROVIDER_LABELS } from '../../core/payments/payment-labels';
import { LoadMore } from '../../core/ui/load-more';
import { Loading } from '../../core/ui/loading';
import { ReviewItem, ReviewResolution } from '../admin-models';
import { ResolveDialog, ResolveDialogData, ResolveResult } from './resolve-dialog';
import { ReviewApi } from './review-api';
import { ReviewNotice, alreadyResolvedNotice, resolvedNotice } from './review-notices';

/**
 * Payments whose provider confirmed something other than the checkout expected, oldest first.
 * Each is accepted (the sale completes) or refunded (the checkout is canceled), with a note;
 * a resolved payment leaves the queue and the page says what happened.
 */
@Component({
  selector: 'app-review-queue-page',
  imports: [DatePipe, RouterLink, MatButton, MoneyPipe, LoadMore, Loading],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './review-queue-page.html',
  styleUrl: './review-queue-page.scss',
})
export class ReviewQueuePage {
  private readonly api = inject(ReviewApi);
  private readonly dialog = inject(MatDialog);
  private readonly currencies = inject(CurrencyStore);
  private readonly locale = inject(LOCALE_ID);
  private readonly destroyRef = inject(DestroyRef);
  private readonly injector = inject(Injector);

  /** Bumped to read the queue again from its start. */
  private readonly generation = signal(0);
  protected readonly list = pagedList((_generation, cursor) => this.api.list(cursor), this.generation);
  /** Resolved here since the queue was read: no longer shown. */
  private readonly resolved = signal<ReadonlySet<string>>(new Set());
  protected readonly items = computed(() => this.list.rows().filter((item) => !this.resolved().has(item.id)));
  protected readonly notice = signal<ReviewNotice | null>(null);
  protected readonly providerLabels = PROVIDER_LABELS;
  private readonly noticeBox = viewChild<ElementRef<HTMLElement>>('noticeBox');

  protected reload(): void {
    this.notice.set(null);
    this.resolved.set(new Set());
    this.generation.update((n) => n + 1);
  }

  protected resolve(item: ReviewItem, resolution: ReviewResolution): void {
    this.notice.set(null);
    this.dialog
      .open<ResolveDialog, ResolveDialogData, ResolveResult>(ResolveDialog, {
        data: { item, resolution },
        width: '32rem',
        maxWidth: 'calc(100vw - 32px)',
      })
      .afterClosed()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((result) => {
        if (!result) return;
        const notice =
          result.kind === 'resolved'
            ? resolvedNotice(item, resolution, result.payment, (money) => this.format(money))
            : alreadyResolvedNotice(item);
        this.resolved.update((ids) => new Set([...ids, item.id]));
        this.notice.set(notice);
        // The item and its buttons are gone: focus the message saying what happened.
        afterNextRender({ write: () => this.noticeBox()?.nativeElement.focus() }, { injector: this.injector });
      });
  }

  private format(money: Money): string {
    return formatMoney(money.amount, money.currency, this.currencies.exponentOf(money.currency), this.locale);
  }
}
