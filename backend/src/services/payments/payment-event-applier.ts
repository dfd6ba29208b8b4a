import type { EntityManager } from 'typeorm';
import type { DomainEvent, PaymentRef } from '../../domain/events/domain-event';
import { sameMoney, type Money } from '../../domain/money';
import { decideTransition } from '../../domain/payments/payment-state-machine';
import type { PaymentStatus, ProviderName } from '../../domain/payments/payment-status';
import type { Logger } from '../../logger';
import { preparedQuery } from '../../db/prepared-query';
import { audit } from '../audit';
import { isUuid } from '../ids';

export type ApplyOutcome = 'applied' | 'noop' | 'stale' | 'illegal' | 'unmatched' | 'not_applicable';

export interface ApplyResult {
  outcome: ApplyOutcome;
  paymentId?: string;
  status?: PaymentStatus;
}

interface LockedPayment {
  id: string;
  user_id: string;
  course_id: string | null;
  kind: 'course' | 'subscription';
  status: PaymentStatus;
  amount: string;
  currency: string;
  last_event_at: Date | null;
}

interface Change {
  to: PaymentStatus;
  failureCode?: string;
  failureReason?: string;
  reviewReason?: string;
}

/**
 * Applies one domain event to the payment it refers to, inside the caller's transaction: locks
 * the payment row, asks the state machine, then updates the row, enrolls on completion (the
 * unique (user, course) index makes a second enrollment a no-op) and audits, in one statement.
 * Webhook processing, PayPal capture and reconciliation all come through here.
 */
export class PaymentEventApplier {
  constructor(private readonly logger: Logger) {}

  async apply(manager: EntityManager, event: DomainEvent, actor: string): Promise<ApplyResult> {
    const change = changeFor(event);
    if (!change) return { outcome: 'not_applicable' };
    const payment = await this.lockPayment(manager, event.provider, event.ref);
    if (!payment) return { outcome: 'unmatched' };
    const resolved = change(payment);

    const decision = decideTransition(
      { status: payment.status, lastEventAt: payment.last_event_at },
      resolved.to,
      event.occurredAt,
    );
    if (decision.outcome === 'illegal') {
      this.logger.warn(
        { paymentId: payment.id, from: decision.from, to: decision.to, event: event.kind },
        'payment transition refused',
      );
      await audit(manager, {
        actor,
        action: 'payment.transition_refused',
        entityType: 'payment',
        entityId: payment.id,
        data: { from: decision.from, to: decision.to, event: event.kind, occurredAt: event.occurredAt.toISOString() },
      });
      return { outcome: 'illegal', paymentId: payment.id, status: payment.status };
    }
    if (decision.outcome !== 'apply') {
      await this.fillReferences(manager, payment.id, event.ref);
      return { outcome: decision.outcome, paymentId: payment.id, status: payment.status };
    }

    // One round trip: the transition, the enrollment it grants and its audit record commit together.
    await preparedQuery(
      manager,
      'payment_apply_transition',
      `WITH updated AS (
         UPDATE payments SET
           status = $2::varchar,
           last_event_at = GREATEST(COALESCE(last_event_at, $3::timestamptz), $3::timestamptz),
           provider_session_id = COALESCE(provider_session_id, $4::varchar),
           provider_payment_id = COALESCE(provider_payment_id, $5::varchar),
           completed_at = CASE WHEN $2::varchar = 'completed' THEN COALESCE(completed_at, now()) ELSE completed_at END,
           failure_code = CASE WHEN $2::varchar IN ('failed', 'canceled') THEN $6::varchar
                               WHEN $2::varchar = 'completed' THEN NULL ELSE failure_code END,
           failure_reason = CASE WHEN $2::varchar IN ('failed', 'canceled') THEN $7::text
                                 WHEN $2::varchar = 'completed' THEN NULL ELSE failure_reason END,
           review_reason = CASE WHEN $2::varchar = 'requires_review' THEN $8::text ELSE review_reason END,
           version = version + 1,
           updated_at = now()
         WHERE id = $1
         RETURNING id, user_id, course_id, kind
       ), enrolled AS (
         INSERT INTO enrollments (user_id, course_id, payment_id, source)
         SELECT user_id, course_id, id, 'purchase' FROM updated
          WHERE $2::varchar = 'completed' AND kind = 'course' AND course_id IS NOT NULL
         ON CONFLICT ON CONSTRAINT uq_enrollments_user_course DO NOTHING
         RETURNING id
       )
       INSERT INTO audit_logs (actor, action, entity_type, entity_id, data)
       SELECT $9::varchar, 'payment.' || $2::varchar, 'payment', id::text,
              $10::jsonb || jsonb_build_object('enrolled', (SELECT count(*) > 0 FROM enrolled))
         FROM updated`,
      [
        payment.id,
        resolved.to,
        event.occurredAt,
        event.ref.providerSessionId ?? null,
        event.ref.providerPaymentId ?? null,
        resolved.failureCode ?? null,
        resolved.failureReason ?? null,
        resolved.reviewReason ?? null,
        actor,
        JSON.stringify({
          from: decision.from,
          event: event.kind,
          occurredAt: event.occurredAt.toISOString(),
          ...reasonOf(resolved),
        }),
      ],
    );
    return { outcome: 'applied', paymentId: payment.id, status: resolved.to };
  }

  private async lockPayment(
    manager: EntityManager,
    provider: ProviderName,
    ref: PaymentRef,
  ): Promise<LockedPayment | undefined> {
    const id = ref.paymentId && isUuid(ref.paymentId) ? ref.paymentId : null;
    if (!id && !ref.providerSessionId && !ref.providerPaymentId) return undefined;
    const rows = await preparedQuery<LockedPayment>(
      manager,
      'payment_lock_by_ref',
      `SELECT id, user_id, course_id, kind, status, amount, currency, last_event_at
         FROM payments
        WHERE provider = $1 AND (id = $2::uuid OR provider_session_id = $3 OR provider_payment_id = $4)
        ORDER BY (id = $2::uuid) DESC NULLS LAST
        LIMIT 1
        FOR UPDATE`,
      [provider, id, ref.providerSessionId ?? null, ref.providerPaymentId ?? null],
    );
    return rows[0];
  }

  private async fillReferences(manager: EntityManager, paymentId: string, ref: PaymentRef): Promise<void> {
    if (!ref.providerSessionId && !ref.providerPaymentId) return;
    await manager.query(
      `UPDATE payments SET provider_session_id = COALESCE(provider_session_id, $2), provider_payment_id = COALESCE(provider_payment_id, $3)
        WHERE id = $1 AND (provider_session_id IS NULL OR provider_payment_id IS NULL)`,
      [paymentId, ref.providerSessionId ?? null, ref.providerPaymentId ?? null],
    );
  }
}

/** The target status an event asks for; a success depends on the amount we expected. */
function changeFor(event: DomainEvent): ((payment: LockedPayment) => Change) | undefined {
  switch (event.kind) {
    case 'PaymentSucceeded':
      return (payment) => successChange(payment, event.amount);
    case 'PaymentProcessing':
      return () => ({ to: 'processing' });
    case 'PaymentFailed':
      return () => ({ to: 'failed', failureCode: event.failureCode, failureReason: event.failureReason });
    case 'PaymentCanceled':
      return () => ({
        to: 'canceled',
        failureCode: event.reason,
        failureReason: `The checkout was closed (${event.reason})`,
      });
    default:
      // Approvals need a provider call first (the caller captures); refunds and disputes are
      // handled by their own services.
      return undefined;
  }
}

function successChange(payment: LockedPayment, received: Money): Change {
  const expected: Money = { amount: Number(payment.amount), currency: payment.currency };
  if (sameMoney(expected, received)) return { to: 'completed' };
  return {
    to: 'requires_review',
    reviewReason: `Provider confirmed ${received.amount} ${received.currency} but ${expected.amount} ${expected.currency} was expected`,
  };
}

function reasonOf(change: Change): Record<string, string> {
  const data: Record<string, string> = {};
  if (change.failureCode) data.failureCode = change.failureCode;
  if (change.failureReason) data.failureReason = change.failureReason;
  if (change.reviewReason) data.reviewReason = change.reviewReason;
  return data;
}
