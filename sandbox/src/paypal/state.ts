import { CatalogProduct, Capture, Instrument, Order, PayPalEvent, Plan, Refund, Subscription } from './types';
import { JsonObject } from '../shared/json';

export interface OrderMeta {
  returnUrl?: string;
  cancelUrl?: string;
  instrument?: Instrument;
}

export interface SubscriptionMeta {
  baToken: string;
  returnUrl?: string;
  cancelUrl?: string;
  failNext: boolean;
}

/** All in-memory state of the PayPal side; `reset()` empties it (issued tokens survive, like a real app's). */
export class PayPalState {
  orders = new Map<string, Order>();
  orderMeta = new Map<string, OrderMeta>();
  captures = new Map<string, Capture>();
  refunds = new Map<string, Refund>();
  products = new Map<string, CatalogProduct>();
  plans = new Map<string, Plan>();
  subscriptions = new Map<string, Subscription>();
  subscriptionMeta = new Map<string, SubscriptionMeta>();
  /** Approval token (`BA-…`) → subscription id, for the approval page. */
  baTokens = new Map<string, string>();
  sales = new Map<string, JsonObject>();
  /** Events with the exact bytes that were signed, so verify-webhook-signature can check them. */
  events = new Map<string, { event: PayPalEvent; rawBody: string }>();

  reset(): void {
    Object.assign(this, new PayPalState());
  }
}
