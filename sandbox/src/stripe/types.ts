import { Json, JsonObject } from '../shared/json';

/**
 * Stored Stripe objects are the JSON the API returns. The aliases name the fields the sandbox
 * reads or changes; everything else is carried as plain JSON exactly as the factories built it.
 */
export type Metadata = Record<string, string>;

export type StripeObject = JsonObject & { id: string; object: string; created: number; livemode: boolean };

export type Customer = StripeObject & {
  email: string | null;
  name: string | null;
  address: (JsonObject & { country?: Json }) | null;
  metadata: Metadata;
  invoice_settings: JsonObject & { default_payment_method: string | null };
  /** Set by the customer's first subscription or invoice (recurring billing is in one currency). */
  currency: string | null;
  deleted?: boolean;
};

export type Product = StripeObject & { name: string; active: boolean; default_price: string | null };

export type Recurring = JsonObject & { interval: 'day' | 'week' | 'month' | 'year'; interval_count: number };

export type Price = StripeObject & {
  currency: string;
  unit_amount: number;
  product: string;
  recurring: Recurring | null;
  type: 'one_time' | 'recurring';
};

export type CardDetails = JsonObject & {
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  fingerprint: string;
};

/** `allow_redisplay`: whether Checkout may show the method to its customer again (only `always` by default). */
export type AllowRedisplay = 'always' | 'limited' | 'unspecified';

export type PaymentMethod = StripeObject & {
  customer: string | null;
  card: CardDetails;
  type: 'card';
  allow_redisplay: AllowRedisplay;
  billing_details: JsonObject & { address: JsonObject; email: string | null; name: string | null };
  metadata: Metadata;
};

export type PaymentIntent = StripeObject & {
  amount: number;
  amount_received: number;
  currency: string;
  customer: string | null;
  status: string;
  latest_charge: string | null;
  payment_method: string | null;
  last_payment_error: JsonObject | null;
  next_action: JsonObject | null;
  metadata: Metadata;
  setup_future_usage: SetupFutureUsage | null;
};

/** `setup_future_usage`: the card is kept on the customer for later payments, with or without them present. */
export type SetupFutureUsage = 'on_session' | 'off_session';

export type Charge = StripeObject & {
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  currency: string;
  customer: string | null;
  payment_intent: string | null;
  payment_method: string | null;
  refunded: boolean;
  disputed: boolean;
  status: 'succeeded' | 'pending' | 'failed';
  metadata: Metadata;
};

export type Refund = StripeObject & {
  amount: number;
  charge: string;
  currency: string;
  payment_intent: string | null;
  status: 'pending' | 'succeeded' | 'failed' | 'canceled' | 'requires_action';
  failure_reason?: string | null;
  failure_balance_transaction?: string | null;
  pending_reason?: string | null;
  metadata: Metadata;
};

export type DisputeStatus =
  | 'warning_needs_response'
  | 'warning_under_review'
  | 'warning_closed'
  | 'needs_response'
  | 'under_review'
  | 'won'
  | 'lost'
  | 'prevented';

export type Dispute = StripeObject & {
  amount: number;
  charge: string;
  status: DisputeStatus;
  currency: string;
  reason: string;
  is_charge_refundable: boolean;
  balance_transactions: JsonObject[];
  evidence: Record<string, Json>;
  evidence_details: JsonObject & { has_evidence: boolean; submission_count: number };
  metadata: Metadata;
};

export type SetupIntent = StripeObject & {
  customer: string | null;
  payment_method: string | null;
  status: string;
  last_setup_error: JsonObject | null;
  next_action: JsonObject | null;
};

export type SubscriptionItem = JsonObject & {
  id: string;
  price: Price;
  quantity: number;
  current_period_start: number;
  current_period_end: number;
};

export type Subscription = StripeObject & {
  customer: string;
  status: string;
  cancel_at_period_end: boolean;
  cancel_at: number | null;
  canceled_at: number | null;
  ended_at: number | null;
  currency: string;
  default_payment_method: string | null;
  latest_invoice: string | null;
  metadata: Metadata;
  items: JsonObject & { data: SubscriptionItem[] };
  trial_start: number | null;
  trial_end: number | null;
};

export type Invoice = StripeObject & {
  amount_due: number;
  auto_advance: boolean;
  billing_reason: string | null;
  amount_paid: number;
  amount_remaining: number;
  attempt_count: number;
  attempted: boolean;
  currency: string;
  customer: string;
  status: 'draft' | 'open' | 'paid' | 'uncollectible' | 'void';
  total: number;
  next_payment_attempt: number | null;
  status_transitions: JsonObject & {
    finalized_at: number | null;
    paid_at: number | null;
    marked_uncollectible_at: number | null;
  };
  hosted_invoice_url: string | null;
  status_details?: JsonObject;
};

/** basil+ `invoice_payment`: one payment (a PaymentIntent) towards an invoice. */
export type InvoicePayment = StripeObject & {
  amount_paid: number | null;
  amount_requested: number;
  currency: string;
  invoice: string;
  is_default: boolean;
  payment: JsonObject & { type: 'payment_intent'; payment_intent: string };
  status: 'open' | 'paid' | 'canceled';
  status_transitions: JsonObject & { canceled_at: number | null; paid_at: number | null };
};

export type CheckoutSession = StripeObject & {
  mode: 'payment' | 'subscription' | 'setup';
  status: 'open' | 'complete' | 'expired';
  payment_status: 'paid' | 'unpaid' | 'no_payment_required';
  amount_total: number | null;
  amount_subtotal: number | null;
  currency: string | null;
  customer: string | null;
  customer_email: string | null;
  client_reference_id: string | null;
  payment_intent: string | null;
  setup_intent: string | null;
  subscription: string | null;
  invoice: string | null;
  success_url: string | null;
  cancel_url: string | null;
  url: string | null;
  expires_at: number;
  metadata: Metadata;
  billing_address_collection: 'auto' | 'required' | null;
  tax_id_collection: TaxIdCollection;
  customer_details: JsonObject | null;
  saved_payment_method_options: SavedPaymentMethodOptions | null;
  allowed_payment_method_types: string[] | null;
};

/** A session's `saved_payment_method_options` as Stripe shows it (null members: not set). */
export type SavedPaymentMethodOptions = JsonObject & {
  allow_redisplay_filters: AllowRedisplay[] | null;
  payment_method_remove: 'enabled' | 'disabled' | null;
  payment_method_save: 'enabled' | 'disabled' | null;
};

export type TaxIdCollection = JsonObject & { enabled: boolean; required: 'if_supported' | 'never' };

/** `customer_update` of a session: what Checkout may copy onto an existing customer (not on the wire). */
export interface CustomerUpdate {
  address?: 'auto' | 'never';
  name?: 'auto' | 'never';
  shipping?: 'auto' | 'never';
}

/** A line of a Checkout Session (`object: "item"`). */
export type CheckoutLineItem = JsonObject & {
  id: string;
  object: 'item';
  amount_subtotal: number;
  amount_total: number;
  currency: string;
  description: string;
  price: Price;
  quantity: number;
};

export type StripeEvent = JsonObject & {
  id: string;
  object: 'event';
  livemode: boolean;
  type: string;
  created: number;
  data: JsonObject & { object: JsonObject };
};
