import { EmailKind, EmailStatus } from './email-models';
import { EMAIL_KINDS, EMAIL_STATUSES } from './email-labels';

/** The outbox filters the API takes, as the URL's query params carry them. */
export interface EmailFilters {
  status: EmailStatus | null;
  kind: EmailKind | null;
  /** Part of a recipient's address, case-insensitive. */
  q: string | null;
}

export type EmailQueryParams = Partial<Record<keyof EmailFilters, string>>;

/** The longest search the API takes (an address's maximum length). */
export const EMAIL_SEARCH_MAX = 320;

/** Reads the filters from query params; a value the API would refuse counts as no filter. */
export function emailFilters(params: EmailQueryParams): EmailFilters {
  const q = params.q?.trim() ?? '';
  return {
    status: EMAIL_STATUSES.find((s) => s === params.status) ?? null,
    kind: EMAIL_KINDS.find((k) => k === params.kind) ?? null,
    q: q && q.length <= EMAIL_SEARCH_MAX ? q : null,
  };
}
