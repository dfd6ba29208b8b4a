import { JsonObject } from '../shared/json';

export type Money = JsonObject & { currency_code: string; value: string };
export type Link = JsonObject & { href: string; rel: string; method: string };

export type PurchaseUnit = JsonObject & {
  reference_id: string;
  amount: Money;
  custom_id?: string;
  invoice_id?: string;
  /** What PayPal embeds in the order once money moved: its captures and their refunds. */
  payments?: JsonObject & { captures: Capture[]; refunds?: Refund[] };
};

/** What the buyer chose on the approval page; decides how capture behaves. */
export type Instrument = 'balance' | 'declined' | 'denied' | 'pending';

export type Order = JsonObject & {
  id: string;
  intent: 'CAPTURE' | 'AUTHORIZE';
  status: 'CREATED' | 'SAVED' | 'APPROVED' | 'VOIDED' | 'COMPLETED' | 'PAYER_ACTION_REQUIRED';
  purchase_units: PurchaseUnit[];
  create_time: string;
  update_time?: string;
  links: Link[];
};

export type Capture = JsonObject & {
  id: string;
  status: 'COMPLETED' | 'DECLINED' | 'PARTIALLY_REFUNDED' | 'PENDING' | 'REFUNDED' | 'FAILED';
  amount: Money;
  create_time: string;
  update_time: string;
  links: Link[];
};

export type RefundStatus = 'CANCELLED' | 'FAILED' | 'PENDING' | 'COMPLETED';

export type Refund = JsonObject & {
  id: string;
  status: RefundStatus;
  amount: Money;
  links: Link[];
  invoice_id?: string;
  custom_id?: string;
  note_to_payer?: string;
  create_time: string;
  update_time: string;
};

export type DisputeStage = 'INQUIRY' | 'CHARGEBACK' | 'PRE_ARBITRATION' | 'ARBITRATION';
export type DisputeStatus =
  'OPEN' | 'WAITING_FOR_BUYER_RESPONSE' | 'WAITING_FOR_SELLER_RESPONSE' | 'UNDER_REVIEW' | 'RESOLVED' | 'OTHER';
export type DisputeOutcomeCode =
  | 'RESOLVED_BUYER_FAVOUR'
  | 'RESOLVED_SELLER_FAVOUR'
  | 'RESOLVED_WITH_PAYOUT'
  | 'CANCELED_BY_BUYER'
  | 'ACCEPTED'
  | 'DENIED'
  | 'NONE';

/** Disputes API v1 `dispute` (shape of `dispute.get.response.json` and the `CUSTOMER.DISPUTE.*` resources). */
export type Dispute = JsonObject & {
  dispute_id: string;
  create_time: string;
  update_time: string;
  disputed_transactions: Array<JsonObject & { seller_transaction_id: string; transaction_status: string }>;
  reason: string;
  status: DisputeStatus;
  dispute_amount: Money;
  dispute_outcome?: JsonObject & { outcome_code: DisputeOutcomeCode; amount_refunded?: Money };
  dispute_life_cycle_stage: DisputeStage;
  dispute_channel: 'INTERNAL' | 'EXTERNAL';
  messages: Array<JsonObject & { posted_by: string; time_posted: string; content: string }>;
  money_movements: JsonObject[];
  links: Link[];
};

export type CatalogProduct = JsonObject & { id: string; name: string };

export type Plan = JsonObject & {
  id: string;
  product_id: string;
  status: string;
  billing_cycles: Array<
    JsonObject & {
      tenure_type: string;
      sequence: number;
      total_cycles: number;
      frequency: JsonObject & { interval_unit: string; interval_count: number };
      pricing_scheme: JsonObject & { fixed_price: Money };
    }
  >;
  payment_preferences: JsonObject & { payment_failure_threshold?: number };
};

export type Subscription = JsonObject & {
  id: string;
  plan_id: string;
  status: 'APPROVAL_PENDING' | 'APPROVED' | 'ACTIVE' | 'SUSPENDED' | 'CANCELLED' | 'EXPIRED';
  status_update_time: string;
  links: Link[];
};

/** v1 amount (`{total, currency}`), as sales and their refunds carry it. */
export type V1Amount = JsonObject & { total: string; currency: string };

/** v1 `sale`: one subscription payment (`PAYMENT.SALE.COMPLETED` / `.DENIED`). */
export type Sale = JsonObject & {
  id: string;
  state: 'completed' | 'partially_refunded' | 'refunded' | 'denied' | 'pending';
  amount: V1Amount;
  billing_agreement_id: string;
  create_time: string;
  update_time: string;
  links: Link[];
};

/** v1 `refund` of a sale (`POST /v1/payments/sale/:id/refund`, `PAYMENT.SALE.REFUNDED`). */
export type SaleRefund = JsonObject & {
  id: string;
  state: 'completed' | 'pending' | 'failed' | 'cancelled';
  amount: V1Amount;
  sale_id: string;
  create_time: string;
  update_time: string;
  links: Link[];
};

export type PayPalEvent = JsonObject & { id: string; event_type: string; create_time: string; resource: JsonObject };

/** A vault v3 HATEOAS link: PayPal adds `encType` to these. */
export type VaultLink = Link & { encType: string };

/** `payment_source.paypal` of a setup or payment token (vault v3 `paypal_wallet_response`). */
export type VaultedWallet = JsonObject & {
  usage_type: string;
  customer_type: string;
  permit_multiple_payment_tokens: boolean;
  email_address?: string;
  payer_id?: string;
  name?: JsonObject & { given_name: string; surname: string };
};

/** Vault v3 setup token: PAYER_ACTION_REQUIRED → APPROVED (the payer agreed) → VAULTED (made a payment token). */
export type SetupToken = JsonObject & {
  id: string;
  customer: JsonObject & { id: string };
  status: 'PAYER_ACTION_REQUIRED' | 'APPROVED' | 'VAULTED';
  payment_source: JsonObject & { paypal: VaultedWallet };
  links: VaultLink[];
};

/** Vault v3 payment token (`payment_token_response`) of a PayPal wallet. */
export type PaymentToken = JsonObject & {
  id: string;
  customer: JsonObject & { id: string };
  payment_source: JsonObject & { paypal: VaultedWallet & { email_address: string; payer_id: string } };
  links: VaultLink[];
};
