import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { PaymentMethod } from '../core/payment-methods/payment-method-models';
import { MethodBrand } from './method-brand';

/** What the page is doing with this method, if anything: its button then says so. */
export type MethodAction = 'default' | 'remove';

/** "MM/YYYY", or null when the method has no expiry (PayPal). */
export function formatExpiry(method: Pick<PaymentMethod, 'expMonth' | 'expYear'>): string | null {
  if (!method.expMonth || !method.expYear) return null;
  return `${String(method.expMonth).padStart(2, '0')}/${method.expYear}`;
}

/**
 * One saved method: its brand, label, expiry, "Expired" and "Default" tags, and "Make default"
 * (not for an expired card: nothing could be charged to it) and "Remove". The page runs the
 * requests; `disabled` holds the buttons while any of them runs.
 */
@Component({
  selector: 'li[app-payment-method-item]',
  imports: [MatButton, MethodBrand],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    class: 'method',
    'data-testid': 'payment-method',
    '[attr.data-method-id]': 'method().id',
    '[attr.data-provider]': 'method().provider',
    '[attr.data-default]': 'method().isDefault',
  },
  templateUrl: './payment-method-item.html',
  styleUrl: './payment-method-item.scss',
})
export class PaymentMethodItem {
  readonly method = input.required<PaymentMethod>();
  /** A request runs on this page: every button waits. */
  readonly disabled = input(false);
  /** The request running for this method. */
  readonly running = input<MethodAction | null>(null);
  readonly makeDefault = output<PaymentMethod>();
  readonly remove = output<PaymentMethod>();

  protected readonly expiry = computed(() => formatExpiry(this.method()));
}
