/**
 * What went wrong with a payment provider, in provider-neutral terms. Adapters translate SDK and
 * HTTP failures into these; only the HTTP error middleware turns a kind into a status.
 * - declined: the buyer's payment was refused (card or instrument declined);
 * - rejected: the provider refused the operation on a business rule (e.g. refund above what is left);
 * - invalid_request: the provider rejected what we sent, or the caller gave us too little to ask;
 * - not_found: the provider does not know the object;
 * - conflict: the object's state does not allow it now (already captured, not approved, ...);
 * - unavailable: the provider could not be reached, failed, or answered something unusable;
 * - misconfigured: our credentials or setup are wrong (an operator problem, not the user's).
 */
export type ProviderErrorKind =
  'declined' | 'rejected' | 'invalid_request' | 'not_found' | 'conflict' | 'unavailable' | 'misconfigured';

export const PROVIDER_ERROR_KINDS: readonly ProviderErrorKind[] = [
  'declined',
  'rejected',
  'invalid_request',
  'not_found',
  'conflict',
  'unavailable',
  'misconfigured',
];

/** The machine code of a kind when the adapter has nothing more specific to say. */
export const DEFAULT_PROVIDER_ERROR_CODES: Readonly<Record<ProviderErrorKind, string>> = {
  declined: 'payment_declined',
  rejected: 'provider_rejected_request',
  invalid_request: 'provider_rejected_request',
  not_found: 'provider_resource_missing',
  conflict: 'provider_conflict',
  unavailable: 'provider_unavailable',
  misconfigured: 'provider_misconfigured',
};

export interface ProviderErrorOptions {
  /** Stable machine code, e.g. 'order_already_captured'; the kind's default when omitted. */
  code?: string;
  /** Safe to show to API clients (no SDK objects, no secrets). */
  details?: Record<string, unknown>;
}

export class ProviderError extends Error {
  readonly code: string;
  readonly details?: Record<string, unknown>;

  constructor(
    readonly kind: ProviderErrorKind,
    /** The provider's name ('stripe', 'paypal'); a string so errors/ imports no other layer. */
    readonly provider: string,
    message: string,
    options: ProviderErrorOptions = {},
  ) {
    super(message);
    this.name = 'ProviderError';
    this.code = options.code ?? DEFAULT_PROVIDER_ERROR_CODES[kind];
    if (options.details !== undefined) this.details = options.details;
  }
}

/** The provider could not be reached or failed: the answer every adapter gives for outages. */
export function providerUnavailable(provider: string): ProviderError {
  return new ProviderError('unavailable', provider, `${provider} is unavailable, please try again shortly`, {
    details: { provider },
  });
}
