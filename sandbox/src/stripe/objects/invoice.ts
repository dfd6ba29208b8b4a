import { stripeId } from '../../shared/ids';
import { clone } from '../../shared/json';
import { Customer, Invoice, InvoicePayment, PaymentIntent, Subscription } from '../types';

export type BillingReason = 'subscription_create' | 'subscription_cycle';

export interface InvoiceInput {
  sub: Subscription;
  customer: Customer;
  reason: BillingReason;
  /** The subscription's clock: `created` and `effective_at`. */
  now: number;
  /**
   * The invoice's own period (usage before the invoice): for a renewal, the period that just ended;
   * for the first invoice, a point at the start. The lines carry the period being paid for.
   */
  period: { start: number; end: number };
  /** The first invoice of a free trial: every line is 0 ("Trial period for …"). */
  trial?: boolean;
  taxIds: Array<{ type: string; value: string }>;
}

/** Shape of `object.invoice.json` for a subscription invoice (basil+: linked via `parent`, paid via `payments`). */
export function newInvoice(input: InvoiceInput): Invoice {
  const { sub, customer } = input;
  const id = stripeId('in', 24);
  const now = input.now;
  const lines = sub.items.data.map((item) => {
    const amount = input.trial ? 0 : item.price.unit_amount * item.quantity;
    const name = item.price.nickname ?? 'subscription';
    return {
      id: stripeId('il', 24),
      object: 'line_item',
      amount,
      currency: sub.currency,
      description: input.trial
        ? `Trial period for ${name}`
        : `${item.quantity} × ${name} (at ${item.price.unit_amount} / ${item.price.recurring?.interval})`,
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
      // What this line pays for: the item's current period (the trial, or the period just begun).
      period: { end: item.current_period_end, start: item.current_period_start },
      pretax_credit_amounts: [],
      pricing: {
        price_details: { price: item.price.id, product: item.price.product },
        type: 'price_details',
        unit_amount_decimal: input.trial ? '0' : String(item.price.unit_amount),
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
    billing_reason: input.reason,
    collection_method: 'charge_automatically',
    created: now,
    currency: sub.currency,
    custom_fields: null,
    customer: customer.id,
    customer_account: null,
    // Copied from the customer when the invoice is made (finalized invoices keep them).
    customer_address: customer.address ? clone(customer.address) : null,
    customer_email: customer.email,
    customer_name: customer.name,
    customer_phone: typeof customer.phone === 'string' ? customer.phone : null,
    customer_shipping: null,
    customer_tax_exempt: 'none',
    customer_tax_ids: input.taxIds.map((t) => ({ type: t.type, value: t.value })),
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    due_date: null,
    effective_at: null,
    ending_balance: null,
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
    number: null,
    on_behalf_of: null,
    parent: {
      quote_details: null,
      subscription_details: { metadata: { ...sub.metadata }, subscription: sub.id },
      type: 'subscription_details',
    },
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: input.period.end,
    period_start: input.period.start,
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

/** The default `invoice_payment` Stripe makes when it finalizes an invoice with an amount due. */
export function newInvoicePayment(invoice: Invoice, pi: PaymentIntent, now: number): InvoicePayment {
  return {
    id: stripeId('inpay', 24),
    object: 'invoice_payment',
    amount_paid: null,
    amount_requested: invoice.amount_due,
    created: now,
    currency: invoice.currency,
    invoice: invoice.id,
    is_default: true,
    livemode: false,
    payment: { payment_intent: pi.id, type: 'payment_intent' },
    status: 'open',
    status_transitions: { canceled_at: null, paid_at: null },
  };
}
