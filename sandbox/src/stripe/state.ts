import { JsonObject } from '../shared/json';
import {
  CheckoutLineItem,
  CheckoutSession,
  Charge,
  Customer,
  CustomerUpdate,
  Dispute,
  Invoice,
  InvoicePayment,
  PaymentIntent,
  PaymentMethod,
  Price,
  Product,
  Refund,
  SetupIntent,
  StripeEvent,
  StripeObject,
  SetupFutureUsage,
  Subscription,
} from './types';

/** The account's "Manage failed payments" settings, as far as the sandbox models them. */
export interface BillingSettings {
  /** The subscription after the last retry failed. */
  dunningEndState: 'canceled' | 'unpaid';
  /** Payment attempts in all (the first one included) before the end state. */
  attempts: number;
  /** The invoice after the last retry failed: left open (past due) or marked uncollectible. */
  invoiceEndState: 'open' | 'uncollectible';
}

export function defaultBillingSettings(): BillingSettings {
  return { dunningEndState: 'canceled', attempts: 4, invoiceEndState: 'open' };
}

/** What the buyer entered on the page, checked: the session's `customer_details` and the card's billing details. */
export interface Buyer {
  email: string | null;
  name: string;
  /** Stripe's address shape; only what the page asked for is filled. */
  address: JsonObject;
  taxIds: Array<{ type: string; value: string }>;
}

/** Sandbox-only facts about a session that Stripe keeps internally (not on the wire). */
export interface SessionMeta {
  lineItems: CheckoutLineItem[];
  paymentIntentMetadata: Record<string, string>;
  subscriptionMetadata: Record<string, string>;
  /** `customer_update`: what Checkout copies onto the session's existing customer once paid. */
  customerUpdate: CustomerUpdate;
  /** `subscription_data[trial_period_days]`: the subscription starts trialing, the card is only saved. */
  trialPeriodDays?: number;
  /**
   * What the buyer entered before the 3-D Secure step, kept while the PaymentIntent (or SetupIntent)
   * is `requires_action`: the card, or the saved method chosen, and whether to save a new card.
   */
  pendingAuth?: { card: string; buyer: Buyer; paymentMethod?: string; save?: boolean };
  /** `payment_intent_data[setup_future_usage]`: a new card is kept on the customer once paid. */
  setupFutureUsage?: SetupFutureUsage;
  /** A delayed-notification payment waiting for `/settle`. */
  awaitingSettlement?: boolean;
}

/** All in-memory state of the Stripe side; `reset()` empties it. */
export class StripeState {
  customers = new Map<string, Customer>();
  products = new Map<string, Product>();
  prices = new Map<string, Price>();
  sessions = new Map<string, CheckoutSession>();
  sessionMeta = new Map<string, SessionMeta>();
  paymentIntents = new Map<string, PaymentIntent>();
  charges = new Map<string, Charge>();
  refunds = new Map<string, Refund>();
  paymentMethods = new Map<string, PaymentMethod>();
  /** PaymentMethod → full test card number, so later charges behave like that card. */
  pmCards = new Map<string, string>();
  /**
   * PaymentMethods that can never be attached or used again: detached from their customer, or used
   * for a payment without being on a customer (Stripe keeps no reusable card for those).
   */
  consumedPaymentMethods = new Set<string>();
  setupIntents = new Map<string, SetupIntent>();
  subscriptions = new Map<string, Subscription>();
  /** Subscriptions whose next renewal is forced to fail (`/_sandbox/subscriptions/:id/fail_next_payment`). */
  failNextPayment = new Set<string>();
  invoices = new Map<string, Invoice>();
  /** `inpay_…` objects: basil+ links an invoice to its PaymentIntent only through these. */
  invoicePayments = new Map<string, InvoicePayment>();
  /** Invoice → its default InvoicePayment (created when an invoice with an amount due is finalized). */
  defaultInvoicePayment = new Map<string, string>();
  /** Subscription → its test clock (unix seconds) once advanced; until then it follows the wall clock. */
  clocks = new Map<string, number>();
  /** Dunning: what happens after the last failed retry (`/_sandbox/billing/settings`). */
  billingSettings: BillingSettings = defaultBillingSettings();
  /** Tax IDs Checkout attached to a customer (Stripe's tax_id objects are not modelled), copied onto invoices. */
  customerTaxIds = new Map<string, Array<{ type: string; value: string }>>();
  /** Succeeded refunds of card 4000 0000 0000 5126 → when (unix seconds) they fail, as that card's refunds do. */
  refundFailsAt = new Map<string, number>();
  disputes = new Map<string, Dispute>();
  events = new Map<string, StripeEvent>();
  /** Creation order, so lists come back newest first even within one second. */
  private seq = 0;
  private readonly order = new Map<string, number>();

  track<T extends { id: string }>(obj: T): T {
    this.order.set(obj.id, ++this.seq);
    return obj;
  }

  rank(id: string): number {
    return this.order.get(id) ?? 0;
  }

  /** Looks an object up by its id prefix, which is how `expand[]` resolves ids. */
  find(id: string): StripeObject | undefined {
    const maps: Array<[string, Map<string, StripeObject>]> = [
      ['cus_', this.customers],
      ['prod_', this.products],
      ['price_', this.prices],
      ['cs_', this.sessions],
      ['pi_', this.paymentIntents],
      ['ch_', this.charges],
      ['re_', this.refunds],
      ['pm_', this.paymentMethods],
      ['seti_', this.setupIntents],
      ['sub_', this.subscriptions],
      ['in_', this.invoices],
      ['inpay_', this.invoicePayments],
      ['dp_', this.disputes],
      ['evt_', this.events],
    ];
    for (const [prefix, map] of maps) if (id.startsWith(prefix)) return map.get(id);
    return undefined;
  }

  reset(): void {
    const fresh = new StripeState();
    Object.assign(this, fresh);
  }
}
