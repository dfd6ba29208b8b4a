import type { PaymentRef } from '../domain/events/domain-event';

/**
 * Defensive readers for provider JSON: payloads of several API versions reach the mappers, and a
 * field may be missing, null or of another type.
 */
export type Json = Record<string, unknown>;

export function obj(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function arr(value: unknown): Json[] {
  return Array.isArray(value) ? value.map(obj).filter((v): v is Json => v !== undefined) : [];
}

/** A PaymentRef without its empty fields (the payment's kind is kept when known). */
export function compactRef(ref: PaymentRef): PaymentRef {
  const out: PaymentRef = {};
  if (ref.paymentId) out.paymentId = ref.paymentId;
  if (ref.providerSessionId) out.providerSessionId = ref.providerSessionId;
  if (ref.providerPaymentId) out.providerPaymentId = ref.providerPaymentId;
  if (ref.kind) out.kind = ref.kind;
  return out;
}
