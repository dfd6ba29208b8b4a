import type { BuyerDetails, PostalAddress } from '../domain/events/domain-event';

/**
 * Builds BuyerDetails from what a provider returned, keeping only real values: providers write
 * "not collected" as null, an empty string or whitespace, and none of those belongs on an invoice.
 */

/** A trimmed, non-empty string, or undefined for anything else (null, numbers, "", "  "). */
export function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** The address without its empty parts; undefined when no part is left. */
export function postalAddress(parts: Record<keyof PostalAddress, unknown>): PostalAddress | undefined {
  const address: PostalAddress = {};
  for (const key of ['line1', 'line2', 'city', 'postalCode', 'region'] as const) {
    const v = text(parts[key]);
    if (v) address[key] = v;
  }
  // ISO 3166-1 alpha-2 is upper case; some payloads write it in lower case.
  const country = text(parts.country)?.toUpperCase();
  if (country) address.country = country;
  return Object.keys(address).length > 0 ? address : undefined;
}

/** The buyer without empty fields; undefined when the provider told us nothing about them. */
export function buyerDetails(input: {
  name?: unknown;
  email?: unknown;
  address?: PostalAddress;
  taxIds?: Array<{ type: unknown; value: unknown }>;
}): BuyerDetails | undefined {
  const name = text(input.name);
  const email = text(input.email);
  const taxIds = (input.taxIds ?? []).flatMap((t) => {
    const type = text(t.type);
    const value = text(t.value);
    return type && value ? [{ type, value }] : [];
  });
  if (!name && !email && !input.address && taxIds.length === 0) return undefined;
  return {
    ...(name ? { name } : {}),
    ...(email ? { email } : {}),
    ...(input.address ? { address: input.address } : {}),
    taxIds,
  };
}
