import { paypalDebugId } from '../shared/ids';

export interface PayPalErrorDetail {
  field?: string;
  value?: string;
  location?: string;
  issue: string;
  description: string;
}

export interface PayPalLink {
  href: string;
  rel: string;
  method: string;
}

/** PayPal's error body: `{name, message, debug_id, details[], links[]}` (OAuth errors use `{error, error_description}`). */
export type PayPalErrorBody =
  | { name: string; message: string; debug_id: string; details: PayPalErrorDetail[]; links: PayPalLink[] }
  /** The older v1 Payments API shape (sales and their refunds). */
  | { name: string; message: string; information_link: string; debug_id: string; details?: V1ErrorDetail[] }
  | { error: string; error_description: string };

export interface V1ErrorDetail {
  field: string;
  issue: string;
}

export class PayPalError extends Error {
  constructor(
    readonly status: number,
    readonly body: PayPalErrorBody,
  ) {
    super('name' in body ? body.message : body.error_description);
  }
}

/** Which API's docs an error links to (PayPal's `information_link`). */
export type Api =
  'orders' | 'payments' | 'subscriptions' | 'catalog-products' | 'webhooks' | 'customer-disputes' | 'payment-tokens';

/** The API version each error's docs live under (the vault's Payment Method Tokens API is v3). */
function apiVersion(api: Api): string {
  if (api === 'payment-tokens') return 'v3';
  return api === 'orders' || api === 'payments' ? 'v2' : 'v1';
}

function infoLink(api: Api, issue: string): PayPalLink {
  const version = apiVersion(api);
  return {
    href: `https://developer.paypal.com/docs/api/${api}/${version}/#error-${issue}`,
    rel: 'information_link',
    method: 'GET',
  };
}

function body(
  name: string,
  message: string,
  details: PayPalErrorDetail[],
  api: Api,
  extra: PayPalLink[] = [],
): PayPalErrorBody {
  return {
    name,
    message,
    debug_id: paypalDebugId(),
    details,
    links: [infoLink(api, details[0]?.issue ?? name), ...extra],
  };
}

export function invalidRequest(api: Api, details: PayPalErrorDetail[]): PayPalError {
  return new PayPalError(
    400,
    body('INVALID_REQUEST', 'Request is not well-formed, syntactically incorrect, or violates schema.', details, api),
  );
}

export function missingField(api: Api, field: string): PayPalError {
  return invalidRequest(api, [
    {
      field,
      location: 'body',
      issue: 'MISSING_REQUIRED_PARAMETER',
      description: 'A required field / parameter is missing.',
    },
  ]);
}

export function invalidField(
  api: Api,
  field: string,
  value: string,
  issue = 'INVALID_PARAMETER_VALUE',
  description = 'The value of a field is invalid.',
): PayPalError {
  return invalidRequest(api, [{ field, value, location: 'body', issue, description }]);
}

/** `location` is `body` when the missing resource is named in the request body (a vault_id, a setup token id). */
export function notFound(api: Api, field: string, value: string, location: 'path' | 'body' = 'path'): PayPalError {
  return new PayPalError(
    404,
    body(
      'RESOURCE_NOT_FOUND',
      'The specified resource does not exist.',
      [
        {
          field,
          value,
          location,
          issue: 'INVALID_RESOURCE_ID',
          description: 'Specified resource ID does not exist. Please check the resource ID and try again.',
        },
      ],
      api,
    ),
  );
}

export function unprocessable(
  api: Api,
  issue: string,
  description: string,
  extra: PayPalLink[] = [],
  detail: Partial<PayPalErrorDetail> = {},
): PayPalError {
  return new PayPalError(
    422,
    body(
      'UNPROCESSABLE_ENTITY',
      'The requested action could not be performed, semantically incorrect, or failed business validation.',
      [{ ...detail, issue, description }],
      api,
      extra,
    ),
  );
}

export function malformedJson(api: Api): PayPalError {
  return new PayPalError(
    400,
    body(
      'INVALID_REQUEST',
      'Request is not well-formed, syntactically incorrect, or violates schema.',
      [{ issue: 'MALFORMED_REQUEST_JSON', description: 'The request JSON is not well formed.', location: 'body' }],
      api,
    ),
  );
}

/**
 * A v1 Payments API error (`/v1/payments/sale|refund`): `{name, message, information_link, debug_id}`,
 * names and messages from PayPal's v1 error reference. [unverified: the information_link format]
 */
export function v1Error(status: number, name: string, message: string, details?: V1ErrorDetail[]): PayPalError {
  return new PayPalError(status, {
    name,
    message,
    information_link: `https://developer.paypal.com/docs/api/payments/v1/#error-${name}`,
    debug_id: paypalDebugId(),
    ...(details ? { details } : {}),
  });
}
