import {
  CatalogProduct,
  Capture,
  Dispute,
  Instrument,
  Order,
  PayPalEvent,
  PaymentToken,
  Plan,
  Refund,
  Sale,
  SaleRefund,
  SetupToken,
  Subscription,
} from './types';

export interface OrderMeta {
  returnUrl?: string;
  cancelUrl?: string;
  instrument?: Instrument;
}

export interface CaptureMeta {
  /** Refunds of this capture stay PENDING (an eCheck-funded refund) until `/_sandbox/refunds/:id/settle`. */
  holdRefunds?: boolean;
}

export interface DisputeMeta {
  captureId: string;
  /** The refund-shaped reversal (`PAYMENT.CAPTURE.REVERSED`) that took the disputed money, while it is gone. */
  reversalId?: string;
  /** Whether the disputed money is out of the merchant's balance now (reversed and not reinstated). */
  fundsWithdrawn: boolean;
}

export interface SubscriptionMeta {
  baToken: string;
  returnUrl?: string;
  cancelUrl?: string;
  /** How the next payment attempt goes wrong (`/_sandbox/subscriptions/:id/fail_next_payment`), if it does. */
  failNext: false | 'failed' | 'denied';
}

export interface SetupTokenMeta {
  returnUrl: string;
  cancelUrl: string;
  brandName?: string;
  /** PayPal lets a setup token live about 3 days; after that it is gone (404). */
  expiresAt: number;
}

/** What the next order paid with this payment token does (`/_sandbox/vault/payment-tokens/:id/…_next`). */
export type VaultNextPayment = 'declined' | 'payer_action_required';

export interface PaymentTokenMeta {
  createdAt: string;
  next?: VaultNextPayment;
}

/** All in-memory state of the PayPal side; `reset()` empties it (issued tokens survive, like a real app's). */
export class PayPalState {
  orders = new Map<string, Order>();
  orderMeta = new Map<string, OrderMeta>();
  captures = new Map<string, Capture>();
  captureMeta = new Map<string, CaptureMeta>();
  refunds = new Map<string, Refund>();
  /** Money PayPal took back for a dispute: refund-shaped, readable at `/v2/payments/refunds/:id`, never a refund of ours. */
  reversals = new Map<string, Refund>();
  disputes = new Map<string, Dispute>();
  disputeMeta = new Map<string, DisputeMeta>();
  products = new Map<string, CatalogProduct>();
  plans = new Map<string, Plan>();
  subscriptions = new Map<string, Subscription>();
  subscriptionMeta = new Map<string, SubscriptionMeta>();
  /** Approval token (`BA-…`) → subscription id, for the approval page. */
  baTokens = new Map<string, string>();
  sales = new Map<string, Sale>();
  /** v1 refunds of sales (`/v1/payments/refund/:id`). */
  saleRefunds = new Map<string, SaleRefund>();
  /** Subscription → its test clock (ISO time) once advanced; until then it follows the wall clock. */
  clocks = new Map<string, string>();
  /** Vault v3: setup tokens (until they expire), payment tokens (until deleted), PayPal's vault customers. */
  setupTokens = new Map<string, SetupToken>();
  setupTokenMeta = new Map<string, SetupTokenMeta>();
  paymentTokens = new Map<string, PaymentToken>();
  paymentTokenMeta = new Map<string, PaymentTokenMeta>();
  vaultCustomers = new Set<string>();
  /** Events with the exact bytes that were signed, so verify-webhook-signature can check them. */
  events = new Map<string, { event: PayPalEvent; rawBody: string }>();

  reset(): void {
    Object.assign(this, new PayPalState());
  }
}
