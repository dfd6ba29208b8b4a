import type {
  DefaultPaymentMethodChanged,
  PaymentMethodAttached,
  PaymentMethodDetached,
  PaymentMethodSaved,
} from '../../domain/events/domain-event';
import { decideAttach, decideDefaultChange, decideDetach } from '../../domain/payment-methods/method-change';
import type { Logger } from '../../logger';
import type { EventHandler, HandlerOutcome } from '../webhooks/event-handler-registry';
import { enqueueMethodsSync } from './method-sync-job';

export interface PaymentMethodEventHandlers {
  PaymentMethodAttached: EventHandler<PaymentMethodAttached>;
  PaymentMethodDetached: EventHandler<PaymentMethodDetached>;
  DefaultPaymentMethodChanged: EventHandler<DefaultPaymentMethodChanged>;
  PaymentMethodSaved: EventHandler<PaymentMethodSaved>;
}

/**
 * Our copy of the students' saved methods, moved by what the providers say. A method belongs to
 * the student whose provider customer it is on; a fact about a customer we do not know (another
 * app on the same account) is not ours. Insert-or-lock keeps parallel and repeated deliveries
 * to one row; a detached method is final.
 */
export function paymentMethodEventHandlers(logger: Logger): PaymentMethodEventHandlers {
  return {
    PaymentMethodAttached: async (event, { tx }): Promise<HandlerOutcome> => {
      const userId = await tx.customers.ownerOf(event.provider, event.ref.providerCustomerId);
      if (!userId) return 'unmatched';
      const inserted = await tx.paymentMethods.insertIfNew({
        userId,
        provider: event.provider,
        providerCustomerId: event.ref.providerCustomerId,
        details: event.method,
        syncedAt: event.occurredAt,
        status: 'attached',
      });
      if (inserted) {
        const customer = await tx.customers.lockDefault(event.provider, event.ref.providerCustomerId);
        if (customer && !customer.providerPaymentMethodId)
          await enqueueMethodsSync(tx, { userId, provider: event.provider });
        return 'applied';
      }
      const current = await tx.paymentMethods.lockByProviderRef(event.provider, event.method.providerPaymentMethodId);
      if (!current) return 'unmatched';
      const decision = decideAttach(current, event.occurredAt, event.method);
      if (decision === 'update') {
        await tx.paymentMethods.updateDetails(current.id, event.method, event.occurredAt);
        return 'applied';
      }
      return decision === 'gone' ? 'noop' : decision;
    },

    PaymentMethodDetached: async (event, { tx }): Promise<HandlerOutcome> => {
      const current = await tx.paymentMethods.lockByProviderRef(event.provider, event.providerPaymentMethodId);
      if (!current) {
        // Detached before its attach reached us: keep a tombstone so the late attach cannot add it.
        const userId = event.ref && (await tx.customers.ownerOf(event.provider, event.ref.providerCustomerId));
        if (!event.ref || !userId) return 'unmatched';
        await tx.paymentMethods.insertIfNew({
          userId,
          provider: event.provider,
          providerCustomerId: event.ref.providerCustomerId,
          details: {
            providerPaymentMethodId: event.providerPaymentMethodId,
            type: event.provider === 'paypal' ? 'paypal' : 'card',
          },
          syncedAt: event.occurredAt,
          status: 'detached',
        });
        return 'applied';
      }
      if (decideDetach(current) === 'noop') return 'noop';
      await tx.paymentMethods.markDetached(current.id, event.occurredAt);
      // Stripe clears a default that pointed at the detached card without a customer.updated:
      // the customer now has none, and its newest other method should take over (a job).
      if (current.isDefault) await enqueueMethodsSync(tx, { userId: current.userId, provider: event.provider });
      return 'applied';
    },

    DefaultPaymentMethodChanged: async (event, { tx }): Promise<HandlerOutcome> => {
      const current = await tx.customers.lockDefault(event.provider, event.ref.providerCustomerId);
      if (!current) return 'unmatched';
      const decision = decideDefaultChange(current, event.occurredAt, event.providerPaymentMethodId, event.confirmed);
      if (decision === 'ambiguous') {
        await enqueueMethodsSync(tx, { userId: current.userId, provider: event.provider });
        return 'stale';
      }
      if (decision !== 'set') return decision;
      await tx.customers.setDefault(
        event.provider,
        event.ref.providerCustomerId,
        event.providerPaymentMethodId,
        event.occurredAt,
      );
      return 'applied';
    },

    // Settlement turns these into PaymentMethodAttached by fetching the method; one that reaches
    // the registry unprepared changes nothing by itself (the attach event brings the method too).
    PaymentMethodSaved: async (event, { tx }): Promise<HandlerOutcome> => {
      const known = await tx.paymentMethods.lockByProviderRef(event.provider, event.providerPaymentMethodId);
      if (known) return 'noop';
      logger.warn(
        { provider: event.provider },
        'saved method event applied without its method; left to its attach event',
      );
      return 'unmatched';
    },
  };
}
