import { stripeId } from '../../shared/ids';
import { JsonObject } from '../../shared/json';
import { Metadata, Price, Recurring, Subscription, SubscriptionItem } from '../types';

const DAY = 86400;

/** End of one billing period; months and years follow the calendar like Stripe's anchors do. */
export function periodEnd(start: number, recurring: Recurring): number {
  const d = new Date(start * 1000);
  const n = recurring.interval_count;
  switch (recurring.interval) {
    case 'day':
      return start + n * DAY;
    case 'week':
      return start + n * 7 * DAY;
    case 'month':
      d.setUTCMonth(d.getUTCMonth() + n);
      return Math.floor(d.getTime() / 1000);
    case 'year':
      d.setUTCFullYear(d.getUTCFullYear() + n);
      return Math.floor(d.getTime() / 1000);
  }
}

export interface SubscriptionInput {
  customer: string;
  items: Array<{ price: Price; quantity: number }>;
  metadata: Metadata;
  defaultPaymentMethod: string | null;
  /** The subscription's clock (unix seconds): its start. */
  now: number;
  /** End of a free trial: the subscription starts `trialing` and its first period is the trial. */
  trialEnd?: number;
}

/** Shape of `object.subscription.json` (basil+: periods live on the items). */
export function newSubscription(input: SubscriptionInput): Subscription {
  const id = stripeId('sub', 24);
  const now = input.now;
  const trialEnd = input.trialEnd ?? null;
  const items: SubscriptionItem[] = input.items.map(({ price, quantity }) => ({
    id: stripeId('si', 14),
    object: 'subscription_item',
    billing_thresholds: null,
    created: now,
    current_period_end: trialEnd ?? periodEnd(now, price.recurring as Recurring),
    current_period_start: now,
    discounts: [],
    metadata: {},
    plan: planFromPrice(price),
    price,
    quantity,
    subscription: id,
    tax_rates: [],
  }));
  return {
    id,
    object: 'subscription',
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: trialEnd ?? now,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: 'classic' },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, reason: null },
    collection_method: 'charge_automatically',
    created: now,
    currency: input.items[0].price.currency,
    customer: input.customer,
    customer_account: null,
    days_until_due: null,
    default_payment_method: input.defaultPaymentMethod,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    ended_at: null,
    invoice_settings: { account_tax_ids: null, issuer: { type: 'self' } },
    items: {
      object: 'list',
      data: items,
      has_more: false,
      total_count: items.length,
      url: `/v1/subscription_items?subscription=${id}`,
    },
    latest_invoice: null,
    livemode: false,
    managed_payments: null,
    metadata: input.metadata,
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: 'off' },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: now,
    status: trialEnd ? 'trialing' : 'incomplete',
    test_clock: null,
    transfer_data: null,
    trial_end: trialEnd,
    trial_settings: { end_behavior: { missing_payment_method: 'create_invoice' } },
    trial_start: trialEnd ? now : null,
  };
}

/** The legacy `plan` mirror of a price that subscription items still carry. */
function planFromPrice(price: Price): JsonObject {
  const recurring = price.recurring as Recurring;
  return {
    id: price.id,
    object: 'plan',
    active: true,
    amount: price.unit_amount,
    amount_decimal: String(price.unit_amount),
    billing_scheme: 'per_unit',
    created: price.created,
    currency: price.currency,
    interval: recurring.interval,
    interval_count: recurring.interval_count,
    livemode: false,
    metadata: {},
    meter: null,
    nickname: null,
    product: price.product,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: null,
    usage_type: 'licensed',
  };
}
