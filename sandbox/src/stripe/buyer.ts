import { JsonObject } from '../shared/json';
import { emptyAddress } from './objects/common';
import { Buyer } from './state';
import { TAX_ID_TYPES } from './tax-ids';
import { CheckoutSession, Customer } from './types';

/** The billing fields of the hosted page (and of the `pay` control), as the buyer typed them. */
export interface BuyerInput {
  email?: string;
  name?: string;
  address?: {
    line1?: string;
    line2?: string;
    city?: string;
    postal_code?: string;
    state?: string;
    country?: string;
  };
  taxId?: { type?: string; value?: string };
}

/** Stripe's page preselects the buyer's country (from their location); the sandbox has one place. */
export const DEFAULT_COUNTRY = 'US';
/** The cardholder name Stripe's docs use; Stripe's page always has one, so the sandbox does too. */
export const DEFAULT_NAME = 'Jenny Rosen';

/** Address parts the page shows only when `billing_address_collection` is `required`. */
const FULL_ADDRESS_ONLY = ['line1', 'line2', 'city', 'state'] as const;
/** What a full billing address must have (the sandbox does not model countries without postal codes). */
const REQUIRED_PARTS = ['line1', 'city', 'postal_code'] as const;

function clean(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

/**
 * Checks what the buyer entered against what the session asks for, as the page's own validation
 * would, and returns it in the shape Stripe reports (`customer_details`), or why it cannot be sent:
 * - `billing_address_collection: required`: line1, city and postal code are needed; otherwise
 *   (`auto`, unset) a card payment asks only for country and postal code, so other parts are refused;
 * - a tax ID only when `tax_id_collection[enabled]`, of a type Stripe knows, with a value; one is
 *   needed when `tax_id_collection[required]` is `if_supported` (the sandbox supports every country);
 * - email, name and country default to the customer's email, their name (else a fixed one) and US.
 */
export function collectBuyer(
  session: CheckoutSession,
  customer: Customer | null,
  input: BuyerInput,
): { buyer: Buyer } | { error: string } {
  const full = session.billing_address_collection === 'required';
  const given = input.address ?? {};
  const address: JsonObject = emptyAddress();
  const country = clean(given.country)?.toUpperCase() ?? DEFAULT_COUNTRY;
  if (!/^[A-Z]{2}$/.test(country)) return { error: `Country must be a two-letter ISO code, not '${country}'.` };
  address.country = country;
  address.postal_code = clean(given.postal_code) ?? null;
  for (const part of FULL_ADDRESS_ONLY) {
    const v = clean(given[part]);
    if (v && !full) {
      return {
        error: `This checkout asks only for country and postal code (billing_address_collection is not required), not ${part}.`,
      };
    }
    address[part] = v ?? null;
  }
  if (full) {
    const missing = REQUIRED_PARTS.filter((p) => !address[p]);
    if (missing.length) return { error: `Enter your full billing address: ${missing.join(', ')} missing.` };
  }

  const taxIds: Buyer['taxIds'] = [];
  const type = clean(input.taxId?.type);
  const value = clean(input.taxId?.value);
  if (type || value) {
    if (!session.tax_id_collection.enabled) {
      return { error: 'This checkout does not collect tax IDs (tax_id_collection[enabled] is not true).' };
    }
    if (!type || !value) return { error: 'A tax ID needs both its type and its value.' };
    if (!TAX_ID_TYPES.includes(type)) return { error: `Unknown tax ID type '${type}'.` };
    taxIds.push({ type, value });
  } else if (session.tax_id_collection.enabled && session.tax_id_collection.required === 'if_supported') {
    return { error: 'Enter a tax ID: this checkout requires one.' };
  }

  return {
    buyer: {
      email: clean(input.email) ?? customer?.email ?? session.customer_email ?? null,
      name: clean(input.name) ?? customer?.name ?? DEFAULT_NAME,
      address,
      taxIds,
    },
  };
}

/** The session's `customer_details` once the buyer has paid (fixture shape). */
export function customerDetails(buyer: Buyer, customer: Customer | null): JsonObject {
  return {
    address: { ...buyer.address },
    business_name: null,
    email: buyer.email,
    individual_name: null,
    name: buyer.name,
    phone: null,
    tax_exempt: typeof customer?.tax_exempt === 'string' ? customer.tax_exempt : 'none',
    tax_ids: buyer.taxIds.map((t) => ({ ...t })),
  };
}
