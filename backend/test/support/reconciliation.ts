import type { ProviderName } from '../../src/domain/payments/payment-status';
import { DataStore } from '../../src/repositories/data-store';
import type { PaymentRecord } from '../../src/repositories/payment.repository';
import type { SandboxTestContext } from './test-app';

/** Makes a payment look as if it had been written `interval` ago (a PostgreSQL interval: '20 minutes'). */
export async function age(ctx: SandboxTestContext, paymentId: string, interval: string): Promise<void> {
  await ctx.db.dataSource.query(`UPDATE payments SET created_at = now() - $2::interval WHERE id = $1`, [
    paymentId,
    interval,
  ]);
}

type CheckoutCall = 'createCheckout' | 'getPaymentState' | 'expireCheckout' | 'capture';

/**
 * Counts the checkout calls our adapter makes to one provider (each one goes through to the
 * sandbox), by the payment they name. A recording function is put in front of each method rather
 * than a jest spy: the adapters come wrapped for metrics (a proxy), which jest.spyOn cannot see through.
 */
export function countCheckoutCalls(ctx: SandboxTestContext, provider: ProviderName) {
  const checkout = ctx.providers.get(provider).checkout as unknown as Record<
    CheckoutCall,
    (...args: unknown[]) => unknown
  >;
  const names = ['createCheckout', 'getPaymentState', 'expireCheckout', 'capture'] as const;
  const calls = new Map<CheckoutCall, unknown[][]>(names.map((name) => [name, []]));
  const originals = names.map((name) => [name, checkout[name], Object.hasOwn(checkout, name)] as const);
  for (const [name, original] of originals) {
    checkout[name] = (...args: unknown[]) => {
      calls.get(name)?.push(args);
      return original(...args);
    };
  }
  return {
    /** The calls naming `paymentId` since counting started (or the last reset), by method. */
    of(paymentId: string): Partial<Record<CheckoutCall, number>> {
      const counts: Partial<Record<CheckoutCall, number>> = {};
      for (const [name, made] of calls) {
        const n = made.filter((args) => (args[0] as { paymentId?: string }).paymentId === paymentId).length;
        if (n > 0) counts[name] = n;
      }
      return counts;
    },
    reset(): void {
      for (const made of calls.values()) made.length = 0;
    },
    restore(): void {
      for (const [name, original, own] of originals) {
        if (own) checkout[name] = original;
        else delete checkout[name]; // back to the adapter's own method
      }
    },
  };
}

/**
 * Writes a pending course payment exactly as checkout writes it before calling the provider (the
 * payments repository), and calls no provider: a checkout whose request died right there.
 */
export async function pendingCheckoutRow(
  ctx: SandboxTestContext,
  input: { userId: string; courseId: string; provider: ProviderName; currency?: string },
): Promise<PaymentRecord> {
  const { quote } = await ctx.services.catalog.priceCourse(input.courseId, input.currency);
  const payment = await new DataStore(ctx.db.dataSource).repos.payments.createPendingCoursePayment({
    userId: input.userId,
    courseId: input.courseId,
    provider: input.provider,
    amount: quote.price,
    conversion: quote.conversion ?? null,
    tax: quote.tax,
    idempotencyKey: null,
    paymentMethodId: null,
  });
  if (payment === 'idempotency_conflict') throw new Error('unexpected idempotency conflict');
  return payment;
}
