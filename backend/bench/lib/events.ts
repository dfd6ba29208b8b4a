import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';

/** What the bench needs to know about one seeded pending payment. */
export interface SeededPayment {
  paymentId: string;
  userId: string;
  courseId: string;
  sessionId: string;
  /** Minor units, as stored in payments.amount. */
  amount: number;
  /** Upper case, as stored in payments.currency. */
  currency: string;
}

/** One HTTP delivery: the raw body is signed when sent, the way Stripe signs each attempt. */
export interface Delivery {
  eventId: string;
  body: Buffer;
  duplicate: boolean;
}

const API_VERSION = '2026-10-28.endive'; // the installed SDK's pinned version

/**
 * A `checkout.session.completed` event as Stripe sends it for a paid Checkout Session in payment
 * mode (shape of provider-fixtures/stripe/object.checkout.session.payment-mode.json, trimmed to the
 * fields a real payload always carries), so parsing and jsonb storage cost what they cost in
 * production rather than for a toy body.
 */
export function checkoutCompletedEvent(eventId: string, payment: SeededPayment, createdSeconds: number): object {
  const session = {
    id: payment.sessionId,
    object: 'checkout.session',
    after_expiration: null,
    allow_promotion_codes: null,
    amount_subtotal: payment.amount,
    amount_total: payment.amount,
    automatic_tax: { enabled: false, liability: null, status: null, provider: null },
    billing_address_collection: null,
    cancel_url: 'http://127.0.0.1/checkout/cancel',
    client_reference_id: payment.paymentId,
    client_secret: null,
    consent: null,
    consent_collection: null,
    created: createdSeconds - 60,
    currency: payment.currency.toLowerCase(),
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: `cus_bench_${payment.userId.slice(0, 8)}`,
    customer_creation: null,
    customer_details: {
      address: { city: null, country: 'GB', line1: null, line2: null, postal_code: null, state: null },
      email: 'student@bench.example',
      name: 'Bench Student',
      phone: null,
      tax_exempt: 'none',
      tax_ids: [],
    },
    customer_email: null,
    expires_at: createdSeconds + 86_340,
    invoice: null,
    invoice_creation: { enabled: false, invoice_data: null },
    livemode: false,
    locale: null,
    metadata: { payment_id: payment.paymentId, user_id: payment.userId, course_id: payment.courseId },
    mode: 'payment',
    payment_intent: `pi_${payment.sessionId.slice(3)}`,
    payment_link: null,
    payment_method_collection: 'if_required',
    payment_method_configuration_details: null,
    payment_method_options: { card: { request_three_d_secure: 'automatic' } },
    payment_method_types: ['card'],
    payment_status: 'paid',
    phone_number_collection: { enabled: false },
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: 'complete',
    submit_type: null,
    subscription: null,
    success_url: 'http://127.0.0.1/checkout/success',
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: 'hosted',
    url: null,
  };
  return {
    id: eventId,
    object: 'event',
    api_version: API_VERSION,
    created: createdSeconds,
    data: { object: session },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: 'checkout.session.completed',
  };
}

/** Deterministic PRNG (mulberry32), so a run's duplicate pattern can be reproduced from its seed. */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One event per payment plus `duplicateRatio` re-deliveries (same id, same body) of randomly
 * chosen events, each placed at a random point after its original, as Stripe's retries are.
 */
export function buildDeliveries(
  payments: SeededPayment[],
  eventIdPrefix: string,
  duplicateRatio: number,
  rng: () => number,
): { deliveries: Delivery[]; duplicates: number } {
  const createdSeconds = Math.floor(Date.now() / 1000);
  const originals = payments.map((payment, i) => {
    const eventId = `${eventIdPrefix}_${i}_${randomBytes(4).toString('hex')}`;
    const body = Buffer.from(JSON.stringify(checkoutCompletedEvent(eventId, payment, createdSeconds), null, 2));
    return { eventId, body };
  });
  // Order by a sort key: original i has key i; a duplicate of i gets a key in (i, n], i.e. it is
  // sent at a uniformly random later point of the stream.
  const keyed: { key: number; delivery: Delivery }[] = originals.map((o, i) => ({
    key: i,
    delivery: { ...o, duplicate: false },
  }));
  const duplicates = Math.round(payments.length * duplicateRatio);
  const chosen = new Set<number>();
  for (let attempts = 0; chosen.size < duplicates && attempts < duplicates * 20; attempts++) {
    chosen.add(Math.floor(rng() * payments.length));
  }
  for (const i of chosen) {
    const key = i + 0.5 + rng() * (payments.length - i);
    keyed.push({ key, delivery: { ...originals[i], duplicate: true } });
  }
  keyed.sort((a, b) => a.key - b.key);
  return { deliveries: keyed.map((k) => k.delivery), duplicates: chosen.size };
}

/** Signs with the Stripe SDK's own helper, so the header format is exactly what constructEvent expects. */
export function createSigner(secret: string): (body: Buffer) => string {
  const stripe = new Stripe('sk_test_bench_signer');
  return (body) => stripe.webhooks.generateTestHeaderString({ payload: body.toString('utf8'), secret });
}
