import { stripeId } from '../../shared/ids';
import { JsonObject, nowSeconds } from '../../shared/json';
import { Customer, Invoice, Metadata, Price, Recurring, Subscription, SubscriptionItem } from '../types';
import { emptyAddress } from './common';

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
}

/** Shape of `object.subscription.json` (basil+: periods live on the items). */
export function newSubscription(input: SubscriptionInput): Subscription {
  const id = stripeId('sub', 24);
  const now = nowSeconds();
  const items: SubscriptionItem[] = input.items.map(({ price, quantity }) => ({
    id: stripeId('si', 14),
    object: 'subscription_item',
    billing_thresholds: null,
    created: now,
    current_period_end: periodEnd(now, price.recurring as Recurring),
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
    billing_cycle_anchor: now,
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
    status: 'incomplete',
    test_clock: null,
    transfer_data: null,
    trial_end: null,
    trial_settings: { end_behavior: { missing_payment_method: 'create_invoice' } },
    trial_start: null,
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

export type BillingReason = 'subscription_create' | 'subscription_cycle';

/** Shape of `object.invoice.json` for a subscription invoice (basil+: linked via `parent`). */
export function newInvoice(sub: Subscription, customer: Customer, reason: BillingReason, sequence: number): Invoice {
  const id = stripeId('in', 24);
  const now = nowSeconds();
  const items = sub.items.data;
  const periodStart = items[0].current_period_start;
  const lines = items.map((item) => {
    const amount = item.price.unit_amount * item.quantity;
    return {
      id: stripeId('il', 24),
      object: 'line_item',
      amount,
      currency: sub.currency,
      description: `${item.quantity} × ${item.price.nickname ?? 'subscription'} (at ${item.price.unit_amount} / ${item.price.recurring?.interval})`,
      discount_amounts: [],
      discountable: true,
      discounts: [],
      invoice: id,
      livemode: false,
      metadata: {},
      parent: {
        invoice_item_details: null,
        subscription_item_details: {
          invoice_item: null,
          proration: false,
          proration_details: { credited_items: null },
          subscription: sub.id,
          subscription_item: item.id,
        },
        type: 'subscription_item_details',
      },
      period: { end: item.current_period_end, start: item.current_period_start },
      pretax_credit_amounts: [],
      pricing: {
        price_details: { price: item.price.id, product: item.price.product },
        type: 'price_details',
        unit_amount_decimal: String(item.price.unit_amount),
      },
      quantity: item.quantity,
      quantity_decimal: String(item.quantity),
      subscription: sub.id,
      subtotal: amount,
      taxes: [],
    };
  });
  const total = lines.reduce((sum, l) => sum + l.amount, 0);
  return {
    id,
    object: 'invoice',
    account_country: 'US',
    account_name: 'LMS Sandbox',
    account_tax_ids: null,
    amount_due: total,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: total,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: true,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: reason,
    collection_method: 'charge_automatically',
    created: now,
    currency: sub.currency,
    custom_fields: null,
    customer: customer.id,
    customer_account: null,
    customer_address: emptyAddress(),
    customer_email: customer.email,
    customer_name: customer.name,
    customer_phone: null,
    customer_shipping: null,
    customer_tax_exempt: 'none',
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    due_date: null,
    effective_at: now,
    ending_balance: 0,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: 'list', data: lines, has_more: false, total_count: lines.length, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: {},
    next_payment_attempt: null,
    number: `${String(customer.invoice_prefix)}-${String(sequence).padStart(4, '0')}`,
    on_behalf_of: null,
    parent: {
      quote_details: null,
      subscription_details: { metadata: { ...sub.metadata }, subscription: sub.id },
      type: 'subscription_details',
    },
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    // Stripe's invoice period covers usage before the invoice; for licensed prices both ends are the cycle start.
    period_end: periodStart,
    period_start: periodStart,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: 'draft',
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: total,
    subtotal_excluding_tax: total,
    test_clock: null,
    total,
    total_discount_amounts: [],
    total_excluding_tax: total,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: null,
  };
}
