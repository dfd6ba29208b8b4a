import type { ProviderName } from '../../domain/payments/payment-status';
import { ConflictError } from '../../errors/app-error';
import type { PaymentRecord } from '../../repositories/payment.repository';

/** What a checkout request asks for, as a replay of an Idempotency-Key is compared with the key's checkout. */
export interface ReplayedRequest {
  courseId: string;
  provider: ProviderName;
  /** The currency the request means: the one it names, or the default one. */
  currency: string;
  expectedAmount?: number;
  paymentMethodId?: string;
}

type Compared = 'courseId' | 'provider' | 'currency' | 'expectedAmount' | 'paymentMethodId';

/** One request field that disagrees with the checkout the key was first used for. */
export interface ReplayDifference {
  field: Compared;
  first: string | number | null;
  now: string | number | null;
}

/**
 * Where a request that reuses an Idempotency-Key asks for something else than the checkout the
 * key made: another course, provider, currency or saved method, or an amount seen that is not
 * the one that checkout charges. An amount left out asks for nothing.
 */
export function replayDifferences(first: PaymentRecord, request: ReplayedRequest): ReplayDifference[] {
  const pairs: [Compared, string | number | null, string | number | null][] = [
    ['courseId', first.courseId, request.courseId],
    ['provider', first.provider, request.provider],
    ['currency', first.amount.currency, request.currency],
    ['paymentMethodId', first.paymentMethodId, request.paymentMethodId ?? null],
  ];
  if (request.expectedAmount !== undefined) pairs.push(['expectedAmount', first.amount.amount, request.expectedAmount]);
  return pairs.filter(([, was, now]) => was !== now).map(([field, was, now]) => ({ field, first: was, now }));
}

/** 409 `idempotency_key_reused` naming what differs, when the request is not a replay of the key's checkout. */
export function assertSameCheckout(first: PaymentRecord, request: ReplayedRequest): void {
  const differences = replayDifferences(first, request);
  if (differences.length === 0) return;
  const named = differences.map((d) => `${d.field} ${d.now ?? 'none'} (first ${d.first ?? 'none'})`).join(', ');
  throw new ConflictError(
    'idempotency_key_reused',
    `This Idempotency-Key was already used for a different checkout: ${named}; use a new key`,
    { differences },
  );
}
