import { JsonObject } from '../shared/json';

export type Money = JsonObject & { currency_code: string; value: string };
export type Link = JsonObject & { href: string; rel: string; method: string };

export type PurchaseUnit = JsonObject & {
  reference_id: string;
  amount: Money;
  custom_id?: string;
  invoice_id?: string;
  payments?: JsonObject & { captures: Capture[] };
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

export type Refund = JsonObject & { id: string; status: string; amount: Money; links: Link[] };

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

export type PayPalEvent = JsonObject & { id: string; event_type: string; create_time: string; resource: JsonObject };
