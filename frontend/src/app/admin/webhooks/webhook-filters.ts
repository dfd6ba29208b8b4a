import { PaymentProvider } from '../../core/payments/payment-models';
import { WebhookEventStatus } from '../admin-models';
import { WEBHOOK_STATUSES } from './webhook-labels';

/** The inbox filters the API takes, as the URL's query params carry them. */
export interface WebhookFilters {
  provider: PaymentProvider | null;
  /** An exact event type, or a prefix ending in `*` (`charge.dispute.*`). */
  type: string | null;
  status: WebhookEventStatus | null;
  /** ISO dates (YYYY-MM-DD), whole UTC days, both inclusive. */
  from: string | null;
  to: string | null;
  /** The provider's event id (evt_..., WH-...), exact. */
  eventId: string | null;
}

export type WebhookQueryParams = Partial<Record<keyof WebhookFilters, string>>;

const PROVIDERS: readonly PaymentProvider[] = ['stripe', 'paypal'];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const PROVIDER_EVENT_ID = /^[A-Za-z0-9_.-]{1,255}$/;

/** Reads the filters from query params; a value the API would refuse counts as no filter. */
export function webhookFilters(params: WebhookQueryParams): WebhookFilters {
  const date = (value: string | undefined) => (value && ISO_DATE.test(value) ? value : null);
  return {
    provider: PROVIDERS.find((p) => p === params.provider) ?? null,
    type: params.type?.trim() || null,
    status: WEBHOOK_STATUSES.find((s) => s === params.status) ?? null,
    from: date(params.from),
    to: date(params.to),
    eventId: PROVIDER_EVENT_ID.exec(params.eventId?.trim() ?? '')?.[0] ?? null,
  };
}

/** Why the date range cannot be asked for, or null. */
export function dateRangeProblem(from: string | null, to: string | null): string | null {
  return from && to && from > to ? '“From” must be on or before “To”.' : null;
}
