import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  Injector,
  OnInit,
  afterNextRender,
  computed,
  inject,
  input,
  linkedSignal,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router } from '@angular/router';
import { MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { of, switchMap } from 'rxjs';
import { toApiError } from '../core/api/api-error';
import { LOADING, toLoadState } from '../core/api/load-state';
import { ExternalNavigation } from '../core/browser/external-navigation';
import { PaymentMethod } from '../core/payment-methods/payment-method-models';
import { PaymentMethodsApi } from '../core/payment-methods/payment-methods-api';
import { PaymentProvider } from '../core/payments/payment-models';
import { ErrorAlert } from '../core/ui/error-alert';
import { Loading } from '../core/ui/loading';
import { PaymentMethodActionsApi } from './payment-method-actions-api';
import { MethodAction, PaymentMethodItem } from './payment-method-item';
import {
  Notice,
  SETUP_CANCELED,
  actionFailed,
  madeDefault,
  noLongerSaved,
  removed,
  setupFailed,
  setupSaved,
} from './payment-method-notices';
import { PROVIDER_GROUPS } from './provider-groups';
import { RemoveMethodDialog } from './remove-method-dialog';

/**
 * The student's saved cards (Stripe) and PayPal accounts: add one on the provider's page, choose
 * each provider's default, remove one after a confirmation. The provider sends the student back
 * here with `?setup=<id>&provider=<p>[&canceled=true]`; the page then completes that setup, says
 * how it went and drops the parameters, so reloading the page does not complete it twice.
 */
@Component({
  selector: 'app-payment-methods-page',
  imports: [MatButton, ErrorAlert, Loading, PaymentMethodItem],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './payment-methods-page.html',
  styleUrl: './payment-methods-page.scss',
})
export class PaymentMethodsPage implements OnInit {
  private readonly api = inject(PaymentMethodsApi);
  private readonly actions = inject(PaymentMethodActionsApi);
  private readonly dialog = inject(MatDialog);
  private readonly external = inject(ExternalNavigation);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly destroyRef = inject(DestroyRef);
  private readonly injector = inject(Injector);

  /** Query params of the provider's return, bound by the router. */
  readonly setup = input<string>();
  readonly canceled = input<string>();

  /** Null while a return is being completed: the list is read after it, so it shows the new method. */
  private readonly reads = signal<{ refresh: boolean } | null>(null);
  protected readonly loaded = toSignal(
    toObservable(this.reads).pipe(switchMap((read) => (read ? this.api.list(read).pipe(toLoadState()) : of(LOADING)))),
    { initialValue: LOADING },
  );
  /** The list as read, then as "Make default" and "Remove" changed it. */
  protected readonly methods = linkedSignal<PaymentMethod[]>(() => {
    const state = this.loaded();
    return state.status === 'loaded' ? state.value : [];
  });
  protected readonly groups = computed(() =>
    PROVIDER_GROUPS.map((group) => ({
      ...group,
      methods: this.methods().filter((m) => m.provider === group.provider),
    })),
  );

  /** Completing the setup the student came back from. */
  protected readonly finishing = signal(false);
  /** The provider whose setup is being started (then the browser leaves for its page). */
  protected readonly adding = signal<PaymentProvider | null>(null);
  protected readonly running = signal<{ id: string; action: MethodAction } | null>(null);
  /** One request at a time: every button waits while one runs. */
  protected readonly working = computed(() => this.finishing() || this.adding() !== null || this.running() !== null);
  protected readonly notice = signal<Notice | null>(null);
  private readonly noticeBox = viewChild<ElementRef<HTMLElement>>('noticeBox');

  ngOnInit(): void {
    // A command, not a read: the inputs are known by now and a setup is completed once.
    const setupId = this.setup();
    if (!setupId) {
      this.reads.set({ refresh: false });
      return;
    }
    if (this.canceled() === 'true') {
      this.afterReturn(SETUP_CANCELED);
      return;
    }
    this.finishing.set(true);
    this.actions
      .completeSetup(setupId)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (method) => this.afterReturn(setupSaved(method)),
        error: (err: unknown) => this.afterReturn(setupFailed(toApiError(err))),
      });
  }

  protected retry(): void {
    this.reads.set({ refresh: false });
  }

  protected runningFor(method: PaymentMethod): MethodAction | null {
    const running = this.running();
    return running?.id === method.id ? running.action : null;
  }

  protected add(provider: PaymentProvider): void {
    if (this.working()) return;
    this.adding.set(provider);
    this.notice.set(null);
    this.actions
      .startSetup(provider)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        // The buttons stay disabled while the browser leaves for the provider's page.
        next: (started) => this.external.goTo(started.setupUrl),
        error: (err: unknown) => {
          this.adding.set(null);
          this.notice.set(actionFailed(toApiError(err)));
        },
      });
  }

  protected makeDefault(method: PaymentMethod): void {
    if (this.working()) return;
    this.running.set({ id: method.id, action: 'default' });
    this.notice.set(null);
    this.actions
      .makeDefault(method.id)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (updated) => {
          this.running.set(null);
          // One default per provider: the others of that provider stop being it.
          this.methods.update((list) =>
            list.map((m) =>
              m.id === updated.id ? updated : m.provider === updated.provider ? { ...m, isDefault: false } : m,
            ),
          );
          this.notice.set(madeDefault(updated));
        },
        error: (err: unknown) => this.failed(method, err),
      });
  }

  protected askToRemove(method: PaymentMethod): void {
    if (this.working()) return;
    this.notice.set(null);
    this.dialog
      .open<RemoveMethodDialog, PaymentMethod, boolean>(RemoveMethodDialog, {
        data: method,
        width: '28rem',
        maxWidth: 'calc(100vw - 32px)',
      })
      .afterClosed()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((confirmed) => {
        if (confirmed === true) this.remove(method);
      });
  }

  private remove(method: PaymentMethod): void {
    if (this.working()) return;
    this.running.set({ id: method.id, action: 'remove' });
    this.actions
      .remove(method.id)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        complete: () => {
          this.running.set(null);
          this.drop(method, removed(method));
        },
        error: (err: unknown) => this.failed(method, err),
      });
  }

  /** A 404 means the method is gone already: drop it here too. Anything else is shown as the API words it. */
  private failed(method: PaymentMethod, err: unknown): void {
    this.running.set(null);
    const error = toApiError(err);
    if (error.status === 404) this.drop(method, noLongerSaved(method));
    else this.notice.set(actionFailed(error));
  }

  /**
   * Takes the method off the list. Its buttons go with it, so focus moves to the notice that says
   * what happened rather than falling back to the top of the page.
   */
  private drop(method: PaymentMethod, notice: Notice): void {
    this.methods.update((list) => list.filter((m) => m.id !== method.id));
    this.notice.set(notice);
    afterNextRender({ write: () => this.noticeBox()?.nativeElement.focus() }, { injector: this.injector });
  }

  /** Says how the return went, drops its parameters from the address, and reads the list from the providers. */
  private afterReturn(notice: Notice): void {
    this.finishing.set(false);
    this.notice.set(notice);
    void this.router.navigate([], { relativeTo: this.route, queryParams: {}, replaceUrl: true });
    this.reads.set({ refresh: true });
  }
}
