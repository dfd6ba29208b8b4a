import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { MatButton } from '@angular/material/button';
import { of, switchMap } from 'rxjs';
import { DownloadDocumentButton } from '../core/invoices/download-document-button';
import { InvoiceRef } from '../core/invoices/invoice-models';
import { Loading } from '../core/ui/loading';
import { CheckoutApi } from './checkout-api';
import { INVOICE_POLL_CONFIG, InvoiceState, pollInvoice } from './invoice-poller';

/**
 * The invoice of a payment that has just completed: "being prepared" while the server issues it
 * (polling), then its download. Polling stops when the invoice is there, after the polling time,
 * or when the page goes away.
 */
@Component({
  selector: 'app-checkout-invoice',
  imports: [RouterLink, MatButton, DownloadDocumentButton, Loading],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let current = state();
    <section
      class="invoice"
      aria-labelledby="invoice-heading"
      data-testid="checkout-invoice"
      [attr.data-state]="current.kind"
    >
      <h2 id="invoice-heading">Invoice</h2>
      <div aria-live="polite">
        @switch (current.kind) {
          @case ('preparing') {
            <app-loading label="Your invoice is being prepared…" />
          }
          @case ('ready') {
            <p>Your invoice {{ current.invoice.number }} is ready.</p>
            <app-download-document-button
              [document]="current.invoice"
              label="Download invoice"
              [showNumber]="true"
              appearance="filled"
              data-testid="download-invoice"
            />
          }
          @case ('delayed') {
            <p data-testid="invoice-delayed">
              Your invoice is taking longer than usual. It will be listed under Invoices as soon as it is issued.
            </p>
            <div class="actions">
              <button mat-stroked-button type="button" (click)="checkAgain()" data-testid="invoice-check-again">
                Check again
              </button>
              <a routerLink="/account/invoices">Invoices</a>
            </div>
          }
          @case ('error') {
            <p class="alert alert-error" role="alert" data-testid="invoice-error">
              We couldn't get your invoice. {{ current.message }}
            </p>
            <a routerLink="/account/invoices">Invoices</a>
          }
        }
      </div>
    </section>
  `,
  styles: `
    .invoice {
      margin-top: 24px;
      padding-top: 16px;
      border-top: 1px solid var(--mat-sys-outline-variant);
    }
  `,
})
export class CheckoutInvoice {
  private readonly api = inject(CheckoutApi);
  private readonly pollConfig = inject(INVOICE_POLL_CONFIG);

  readonly paymentId = input.required<string>();
  /** The invoice the payment view already names, if any: then there is nothing to wait for. */
  readonly invoice = input<InvoiceRef | null | undefined>(null);

  private readonly checks = signal(0);
  protected readonly state = toSignal(
    toObservable(computed(() => ({ paymentId: this.paymentId(), known: this.invoice(), check: this.checks() }))).pipe(
      switchMap(({ paymentId, known }) =>
        known
          ? of<InvoiceState>({ kind: 'ready', invoice: known })
          : pollInvoice(() => this.api.invoice(paymentId), this.pollConfig),
      ),
    ),
    { initialValue: { kind: 'preparing' } as InvoiceState },
  );

  /** After the polling time ran out: poll once more. */
  protected checkAgain(): void {
    this.checks.update((n) => n + 1);
  }
}
