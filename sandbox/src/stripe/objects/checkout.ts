import { checkoutSessionId, stripeId } from '../../shared/ids';
import { nowSeconds } from '../../shared/json';
import { CheckoutLineItem, CheckoutSession, Metadata, Price, TaxIdCollection } from '../types';

export interface SessionInput {
  mode: CheckoutSession['mode'];
  lineItems: CheckoutLineItem[];
  currency: string | null;
  customer: string | null;
  customerEmail: string | null;
  clientReferenceId: string | null;
  successUrl: string | null;
  cancelUrl: string | null;
  expiresAt: number;
  metadata: Metadata;
  uiMode: string;
  locale: string | null;
  pageBaseUrl: string;
  billingAddressCollection: CheckoutSession['billing_address_collection'];
  taxIdCollection: TaxIdCollection;
}

/** Shape of `object.checkout.session.payment-mode.json` (current API), with the sandbox's page URL. */
export function newCheckoutSession(input: SessionInput): CheckoutSession {
  const id = checkoutSessionId();
  const total = input.lineItems.reduce((sum, li) => sum + li.amount_total, 0);
  const paying = input.mode !== 'setup';
  return {
    id,
    object: 'checkout.session',
    adaptive_pricing: { enabled: false },
    after_expiration: null,
    allow_promotion_codes: null,
    allowed_payment_method_types: null,
    amount_subtotal: paying ? total : null,
    amount_total: paying ? total : null,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: input.billingAddressCollection,
    cancel_url: input.cancelUrl,
    client_reference_id: input.clientReferenceId,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: nowSeconds(),
    currency: input.currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: input.customer,
    customer_account: null,
    customer_creation: input.customer || input.mode !== 'payment' ? null : 'if_required',
    customer_details: null,
    customer_email: input.customerEmail,
    discounts: [],
    expires_at: input.expiresAt,
    integration_identifier: null,
    invoice: null,
    invoice_creation:
      input.mode === 'payment'
        ? {
            enabled: false,
            invoice_data: {
              account_tax_ids: null,
              custom_fields: null,
              description: null,
              footer: null,
              issuer: null,
              metadata: {},
              rendering_options: null,
            },
          }
        : null,
    livemode: false,
    locale: input.locale,
    managed_payments: null,
    metadata: input.metadata,
    mode: input.mode,
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: input.mode === 'payment' ? null : 'always',
    payment_method_configuration_details: null,
    payment_method_options: { card: { request_three_d_secure: 'automatic' } },
    payment_method_types: ['card'],
    payment_status: paying ? 'unpaid' : 'no_payment_required',
    permissions: null,
    phone_number_collection: { enabled: false },
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: 'open',
    submit_type: null,
    subscription: null,
    success_url: input.successUrl,
    tax_id_collection: input.taxIdCollection,
    total_details: paying ? { amount_discount: 0, amount_shipping: 0, amount_tax: 0 } : null,
    ui_mode: input.uiMode,
    url: `${input.pageBaseUrl}/c/pay/${id}`,
    wallet_options: null,
  };
}

/** Shape of a Checkout line item (`object: "item"`), as listed by `/v1/checkout/sessions/:id/line_items`. */
export function newLineItem(price: Price, quantity: number, description: string): CheckoutLineItem {
  const amount = price.unit_amount * quantity;
  return {
    id: stripeId('li', 24),
    object: 'item',
    adjustable_quantity: null,
    amount_discount: 0,
    amount_subtotal: amount,
    amount_tax: 0,
    amount_total: amount,
    currency: price.currency,
    description,
    metadata: {},
    price,
    quantity,
  };
}
