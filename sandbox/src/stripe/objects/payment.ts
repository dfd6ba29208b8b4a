import { createHash } from 'node:crypto';
import { stripeId, stripeSecret } from '../../shared/ids';
import { JsonObject, nowSeconds } from '../../shared/json';
import { TestCard } from '../cards';
import {
  AllowRedisplay,
  CardDetails,
  Charge,
  Dispute,
  Metadata,
  PaymentIntent,
  PaymentMethod,
  Refund,
  SetupFutureUsage,
  SetupIntent,
} from '../types';
import { emptyAddress } from './common';

export interface BillingInput {
  email?: string | null;
  name?: string | null;
  address?: JsonObject;
}

function cardDetails(card: TestCard): CardDetails {
  return {
    brand: card.brand,
    checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
    country: 'US',
    display_brand: card.brand,
    exp_month: 12,
    exp_year: new Date().getUTCFullYear() + 3,
    // Same number → same fingerprint, as Stripe does, so duplicate-card checks work.
    fingerprint: createHash('sha256')
      .update(card.number)
      .digest('base64')
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(0, 16),
    funding: 'credit',
    generated_from: null,
    last4: card.number.slice(-4),
    networks: { available: [card.brand], preferred: null },
    regulated_status: 'unregulated',
    three_d_secure_usage: { supported: true },
    wallet: null,
  };
}

/** Shape of `object.payment_method.card.json`. */
export function newPaymentMethod(
  card: TestCard,
  billing: BillingInput,
  customer: string | null,
  allowRedisplay: AllowRedisplay = 'unspecified',
): PaymentMethod {
  return {
    id: stripeId('pm', 24),
    object: 'payment_method',
    allow_redisplay: allowRedisplay,
    billing_details: {
      address: billing.address ? { ...billing.address } : emptyAddress(),
      email: billing.email ?? null,
      name: billing.name ?? null,
      phone: null,
      tax_id: null,
    },
    card: cardDetails(card),
    created: nowSeconds(),
    customer,
    customer_account: null,
    livemode: false,
    metadata: {},
    type: 'card',
  };
}

export interface PaymentIntentInput {
  id: string;
  amount: number;
  currency: string;
  customer: string | null;
  metadata: Metadata;
  description?: string | null;
  setupFutureUsage?: SetupFutureUsage;
}

/** Shape of `object.payment_intent.json` / the basil `payment_intent.succeeded` event object. */
export function newPaymentIntent(input: PaymentIntentInput): PaymentIntent {
  return {
    id: input.id,
    object: 'payment_intent',
    amount: input.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic_async',
    client_secret: `${input.id}_secret_${stripeSecret('', 25)}`,
    confirmation_method: 'automatic',
    created: nowSeconds(),
    currency: input.currency,
    customer: input.customer,
    customer_account: null,
    description: input.description ?? null,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: input.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: {
      card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' },
    },
    payment_method_types: ['card'],
    processing: null,
    receipt_email: null,
    review: null,
    setup_future_usage: input.setupFutureUsage ?? null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: 'requires_payment_method',
    transfer_data: null,
    transfer_group: null,
  };
}

export interface ChargeInput {
  id: string;
  pi: PaymentIntent;
  pm: PaymentMethod;
  outcome: 'succeeded' | 'failed' | 'pending';
  failure?: { code: string; declineCode: string; message: string };
}

/** Shape of `object.charge.json`, for a card charge made through a PaymentIntent. */
export function newCharge(input: ChargeInput): Charge {
  const { pi, pm } = input;
  const ok = input.outcome !== 'failed';
  const outcome: JsonObject = ok
    ? {
        advice_code: null,
        network_advice_code: null,
        network_decline_code: null,
        network_status: 'approved_by_network',
        reason: null,
        risk_level: 'normal',
        risk_score: 12,
        seller_message: 'Payment complete.',
        type: 'authorized',
      }
    : {
        advice_code: null,
        network_advice_code: null,
        network_decline_code: null,
        network_status: 'declined_by_network',
        reason: input.failure?.declineCode ?? 'generic_decline',
        risk_level: 'normal',
        risk_score: 40,
        seller_message: 'The bank did not return any further details with this decline.',
        type: 'issuer_declined',
      };
  return {
    id: input.id,
    object: 'charge',
    amount: pi.amount,
    amount_captured: input.outcome === 'succeeded' ? pi.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: input.outcome === 'succeeded' ? stripeId('txn', 24) : null,
    billing_details: pm.billing_details,
    calculated_statement_descriptor: 'LMS SANDBOX',
    captured: input.outcome === 'succeeded',
    created: nowSeconds(),
    currency: pi.currency,
    customer: pi.customer,
    description: pi.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: ok ? null : (input.failure?.code ?? 'card_declined'),
    failure_message: ok ? null : (input.failure?.message ?? 'Your card was declined.'),
    fraud_details: {},
    livemode: false,
    metadata: { ...pi.metadata },
    on_behalf_of: null,
    outcome,
    paid: input.outcome === 'succeeded',
    payment_intent: pi.id,
    payment_method: pm.id,
    payment_method_details: {
      card: {
        amount_authorized: ok ? pi.amount : null,
        authorization_code: ok ? String(100000 + (pi.amount % 900000)) : null,
        brand: pm.card.brand,
        checks: pm.card.checks,
        country: 'US',
        exp_month: pm.card.exp_month,
        exp_year: pm.card.exp_year,
        extended_authorization: { status: 'disabled' },
        fingerprint: pm.card.fingerprint,
        funding: 'credit',
        incremental_authorization: { status: 'unavailable' },
        installments: null,
        last4: pm.card.last4,
        mandate: null,
        multicapture: { status: 'unavailable' },
        network: pm.card.brand,
        network_token: { used: false },
        network_transaction_id: ok ? stripeSecret('', 15) : null,
        overcapture: { maximum_amount_capturable: pi.amount, status: 'unavailable' },
        regulated_status: 'unregulated',
        three_d_secure: null,
        wallet: null,
      },
      type: 'card',
    },
    radar_options: {},
    receipt_email: null,
    receipt_number: null,
    receipt_url: ok ? `https://pay.stripe.com/receipts/payment/${stripeSecret('', 40)}` : null,
    refunded: false,
    // No `refunds` list: since API 2022-11-15 a Charge carries it only when expanded (expand.ts).
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: input.outcome,
    transfer_data: null,
    transfer_group: null,
  };
}

/** Shape of `object.refund.json`. */
export function newRefund(
  charge: Charge,
  amount: number,
  reason: string | null,
  metadata: Metadata,
  status: Refund['status'],
): Refund {
  return {
    id: stripeId('re', 24),
    object: 'refund',
    amount,
    balance_transaction: status === 'succeeded' ? stripeId('txn', 24) : null,
    charge: charge.id,
    created: nowSeconds(),
    currency: charge.currency,
    customer: charge.customer,
    customer_account: null,
    destination_details: {
      card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' },
      type: 'card',
    },
    livemode: false,
    metadata,
    payment_intent: charge.payment_intent,
    payment_method: charge.payment_method,
    // Basil+ says why a refund waits; card refunds wait on the issuer.
    ...(status === 'pending' ? { pending_reason: 'processing' } : {}),
    reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status,
    transfer_reversal: null,
  };
}

/** Chargeback (money withdrawn, evidence decides) or inquiry (questions first, no money moves). */
export type DisputeKind = 'chargeback' | 'inquiry';

/** Visa reason codes for the reasons the sandbox is asked for most; others get Visa's general code. */
const VISA_REASON_CODES: Record<string, string> = {
  fraudulent: '10.4',
  product_not_received: '13.1',
  duplicate: '12.6.1',
  credit_not_processed: '13.6',
  subscription_canceled: '13.2',
  product_unacceptable: '13.3',
};

/** Shape of `object.dispute.json` (an inquiry) and the basil `charge.dispute.created` object (a chargeback). */
export function newDispute(charge: Charge, amount: number, reason: string, kind: DisputeKind = 'chargeback'): Dispute {
  const now = nowSeconds();
  return {
    id: stripeId('dp', 24),
    object: 'dispute',
    amount,
    balance_transaction: null,
    balance_transactions: [],
    charge: charge.id,
    created: now,
    currency: charge.currency,
    enhanced_eligibility_types: [],
    evidence: {
      access_activity_log: null,
      billing_address: null,
      cancellation_policy: null,
      cancellation_policy_disclosure: null,
      cancellation_rebuttal: null,
      customer_communication: null,
      customer_email_address: null,
      customer_name: null,
      customer_purchase_ip: null,
      customer_signature: null,
      duplicate_charge_documentation: null,
      duplicate_charge_explanation: null,
      duplicate_charge_id: null,
      enhanced_evidence: {},
      product_description: null,
      receipt: null,
      refund_policy: null,
      refund_policy_disclosure: null,
      refund_refusal_explanation: null,
      service_date: null,
      service_documentation: null,
      shipping_address: null,
      shipping_carrier: null,
      shipping_date: null,
      shipping_documentation: null,
      shipping_tracking_number: null,
      uncategorized_file: null,
      uncategorized_text: null,
    },
    evidence_details: {
      due_by: now + 7 * 86400,
      enhanced_eligibility: {},
      has_evidence: false,
      past_due: false,
      submission_count: 0,
    },
    // An inquiry can still be settled with a refund; once charged back, Stripe refuses refunds.
    is_charge_refundable: kind === 'inquiry',
    livemode: false,
    metadata: {},
    payment_intent: charge.payment_intent,
    payment_method_details: {
      card: { brand: 'visa', case_type: kind, network_reason_code: VISA_REASON_CODES[reason] ?? '13.7' },
      type: 'card',
    },
    reason,
    status: kind === 'inquiry' ? 'warning_needs_response' : 'needs_response',
  };
}

/** Shape of `object.setup_intent.json`. */
export function newSetupIntent(customer: string | null, metadata: Metadata): SetupIntent {
  const id = stripeId('seti', 24);
  return {
    id,
    object: 'setup_intent',
    application: null,
    automatic_payment_methods: null,
    cancellation_reason: null,
    client_secret: `${id}_secret_${stripeSecret('', 32)}`,
    created: nowSeconds(),
    customer,
    description: null,
    excluded_payment_method_types: null,
    flow_directions: null,
    last_setup_error: null,
    latest_attempt: null,
    livemode: false,
    mandate: null,
    metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: { card: { mandate_options: null, network: null, request_three_d_secure: 'automatic' } },
    payment_method_types: ['card'],
    single_use_mandate: null,
    status: 'requires_payment_method',
    usage: 'off_session',
  };
}
