import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { PaymentMethod } from '../core/payment-methods/payment-method-models';

/** The badges we draw; any other card network gets the plain card. */
export type BrandMark = 'visa' | 'mastercard' | 'amex' | 'discover' | 'jcb' | 'unionpay' | 'paypal' | 'card';

/** Stripe's brand names (and a few spellings other sources use) for the badges we draw. */
const CARD_BRANDS: Readonly<Record<string, BrandMark>> = {
  visa: 'visa',
  mastercard: 'mastercard',
  master_card: 'mastercard',
  amex: 'amex',
  american_express: 'amex',
  discover: 'discover',
  jcb: 'jcb',
  unionpay: 'unionpay',
  union_pay: 'unionpay',
};

export function brandMark(method: Pick<PaymentMethod, 'type' | 'brand'>): BrandMark {
  if (method.type === 'paypal') return 'paypal';
  return CARD_BRANDS[(method.brand ?? '').toLowerCase()] ?? 'card';
}

/**
 * A small badge for a method's network, drawn here (no logo files, nothing loaded at run time).
 * Decorative: the method's label next to it names the brand, so screen readers skip it.
 */
@Component({
  selector: 'app-method-brand',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'aria-hidden': 'true', 'data-testid': 'method-brand', '[attr.data-brand]': 'mark()' },
  template: `
    <svg viewBox="0 0 48 32" width="48" height="32" focusable="false">
      @switch (mark()) {
        @case ('visa') {
          <rect width="48" height="32" rx="4" fill="#1a1f71" />
          <text x="24" y="21" text-anchor="middle" class="word" font-size="13" font-style="italic" fill="#fff">
            VISA
          </text>
        }
        @case ('mastercard') {
          <rect width="48" height="32" rx="4" fill="#252525" />
          <circle cx="19" cy="16" r="9" fill="#eb001b" />
          <circle cx="29" cy="16" r="9" fill="#f79e1b" />
          <path d="M24 8.5a9 9 0 0 1 0 15 9 9 0 0 1 0-15z" fill="#ff5f00" />
        }
        @case ('amex') {
          <rect width="48" height="32" rx="4" fill="#2e77bc" />
          <text x="24" y="20" text-anchor="middle" class="word" font-size="10" fill="#fff">AMEX</text>
        }
        @case ('discover') {
          <rect x=".5" y=".5" width="47" height="31" rx="4" fill="#fff" stroke="#c4c4c4" />
          <circle cx="36" cy="16" r="6" fill="#f48120" />
          <text x="17" y="19" text-anchor="middle" class="word" font-size="7" fill="#231f20">DISC</text>
        }
        @case ('jcb') {
          <rect x=".5" y=".5" width="47" height="31" rx="4" fill="#fff" stroke="#c4c4c4" />
          <rect x="8" y="6" width="10" height="20" rx="3" fill="#0e4c96" />
          <rect x="19" y="6" width="10" height="20" rx="3" fill="#e21836" />
          <rect x="30" y="6" width="10" height="20" rx="3" fill="#009f3c" />
          <text x="13" y="19.5" text-anchor="middle" class="word" font-size="9" fill="#fff">J</text>
          <text x="24" y="19.5" text-anchor="middle" class="word" font-size="9" fill="#fff">C</text>
          <text x="35" y="19.5" text-anchor="middle" class="word" font-size="9" fill="#fff">B</text>
        }
        @case ('unionpay') {
          <rect x=".5" y=".5" width="47" height="31" rx="4" fill="#fff" stroke="#c4c4c4" />
          <path d="M9 5h11l-4 22H5z" fill="#e21836" />
          <path d="M20 5h11l-4 22H16z" fill="#00447c" />
          <path d="M31 5h11l-4 22H27z" fill="#007b84" />
          <text x="24" y="19.5" text-anchor="middle" class="word" font-size="8" fill="#fff">UP</text>
        }
        @case ('paypal') {
          <rect x=".5" y=".5" width="47" height="31" rx="4" fill="#fff" stroke="#c4c4c4" />
          <path d="M19 7h8.5c3.6 0 5.6 1.9 5 5.2-.7 3.7-3.4 5.4-7 5.4h-2.6L21.8 25H17.5z" fill="#003087" />
          <path d="M22.5 10h6.8c2.7 0 4.2 1.6 3.7 4.2-.6 3-2.9 4.6-5.9 4.6h-2.2L24 25.5h-3.6z" fill="#009cde" />
        }
        @default {
          <rect x=".5" y=".5" width="47" height="31" rx="4" fill="#eceff4" stroke="#9aa0a6" />
          <rect x="1" y="8" width="46" height="5" fill="#9aa0a6" />
          <rect x="6" y="20" width="16" height="3" rx="1.5" fill="#9aa0a6" />
        }
      }
    </svg>
  `,
  styles: `
    :host {
      display: inline-flex;
      flex: none;
      line-height: 0;
    }
    .word {
      font-family:
        system-ui,
        -apple-system,
        'Segoe UI',
        Roboto,
        Arial,
        sans-serif;
      font-weight: 700;
      letter-spacing: 0.5px;
    }
  `,
})
export class MethodBrand {
  readonly method = input.required<Pick<PaymentMethod, 'type' | 'brand'>>();
  protected readonly mark = computed(() => brandMark(this.method()));
}
