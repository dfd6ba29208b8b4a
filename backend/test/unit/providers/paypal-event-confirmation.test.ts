import type { PaymentSucceeded, SubscriptionPaymentSucceeded } from '../../../src/domain/events/domain-event';
import { PayPalHttpError, type PayPalApi } from '../../../src/providers/paypal/paypal-client';
import { PayPalEventConfirmation } from '../../../src/providers/paypal/paypal-event-confirmation';

type Json = Record<string, unknown>;
const now = new Date('2026-02-01T10:00:00Z');

/** PayPal answering GET capture / GET sale from a table of objects; unknown ids are PayPal's 404. */
function confirmation(objects: Record<string, Json>) {
  const calls: string[] = [];
  const get = (id: string) => {
    calls.push(id);
    const found = objects[id];
    if (!found) {
      const body = { name: 'RESOURCE_NOT_FOUND', details: [{ issue: 'INVALID_RESOURCE_ID' }] };
      return Promise.reject(new PayPalHttpError(404, body, JSON.stringify(body)));
    }
    return Promise.resolve({ statusCode: 200, headers: {}, result: found });
  };
  const api = { getCapture: get, getSale: get } as unknown as PayPalApi;
  return { confirm: new PayPalEventConfirmation(api, { now: () => now }), calls };
}

const claimedCapture: PaymentSucceeded = {
  kind: 'PaymentSucceeded',
  provider: 'paypal',
  occurredAt: new Date('2030-01-01T00:00:00Z'),
  ref: { paymentId: 'pay_expensive', providerSessionId: 'ORDER-FORGED', providerPaymentId: 'CAP1' },
  amount: { amount: 99_900, currency: 'USD' },
  unconfirmed: true,
};

const claimedSale: SubscriptionPaymentSucceeded = {
  kind: 'SubscriptionPaymentSucceeded',
  provider: 'paypal',
  occurredAt: new Date('2030-01-01T00:00:00Z'),
  ref: { subscriptionId: 'subs_other', providerSubscriptionId: 'I-OTHER' },
  providerInvoiceId: 'SALE1',
  providerPaymentId: 'SALE1',
  amount: { amount: 99_900, currency: 'USD' },
  unconfirmed: true,
};

const capture = (status: string): Json => ({
  id: 'CAP1',
  status,
  amount: { currency_code: 'EUR', value: '10.00' },
  custom_id: 'pay_cheap',
  supplementary_data: { related_ids: { order_id: 'ORDER-REAL' } },
  create_time: '2026-01-31T09:00:00Z',
  update_time: '2026-01-31T09:00:05Z',
});

const sale = (state: string): Json => ({
  id: 'SALE1',
  state,
  amount: { total: '5.00', currency: 'GBP' },
  billing_agreement_id: 'I-REAL',
  custom: 'subs_real',
  create_time: '2026-01-31T09:00:00Z',
  update_time: '2026-01-31T09:00:00Z',
});

describe('PayPal confirmation of what a webhook body claims', () => {
  it('when a capture is claimed, then the events come from GET capture: its amount, currency, order, custom id and time', async () => {
    const { confirm, calls } = confirmation({ CAP1: capture('COMPLETED') });
    expect(await confirm.confirm(claimedCapture)).toEqual([
      {
        kind: 'PaymentSucceeded',
        provider: 'paypal',
        occurredAt: new Date('2026-01-31T09:00:05Z'),
        ref: { paymentId: 'pay_cheap', providerSessionId: 'ORDER-REAL', providerPaymentId: 'CAP1' },
        amount: { amount: 1000, currency: 'EUR' },
      },
    ]);
    expect(calls).toEqual(['CAP1']);
  });

  it('when PayPal says the claimed capture is pending or declined, then that is what comes back', async () => {
    const pending = await confirmation({ CAP1: capture('PENDING') }).confirm.confirm(claimedCapture);
    expect(pending.map((e) => e.kind)).toEqual(['PaymentProcessing']);
    const declined = await confirmation({ CAP1: capture('DECLINED') }).confirm.confirm(claimedCapture);
    expect(declined.map((e) => e.kind)).toEqual(['PaymentFailed']);
  });

  it('when the claimed capture or sale does not exist at PayPal, or the claim names none, then nothing is confirmed', async () => {
    const { confirm } = confirmation({});
    expect(await confirm.confirm(claimedCapture)).toEqual([]);
    expect(await confirm.confirm(claimedSale)).toEqual([]);
    expect(await confirm.confirm({ ...claimedCapture, ref: { paymentId: 'pay_expensive' } })).toEqual([]);
  });

  it('when a sale is claimed, then the events come from GET sale: paid states pay, denied fails, pending is nothing yet', async () => {
    for (const state of ['completed', 'partially_refunded', 'refunded']) {
      expect(await confirmation({ SALE1: sale(state) }).confirm.confirm(claimedSale)).toEqual([
        {
          kind: 'SubscriptionPaymentSucceeded',
          provider: 'paypal',
          occurredAt: new Date('2026-01-31T09:00:00Z'),
          ref: { subscriptionId: 'subs_real', providerSubscriptionId: 'I-REAL' },
          providerInvoiceId: 'SALE1',
          providerPaymentId: 'SALE1',
          amount: { amount: 500, currency: 'GBP' },
        },
      ]);
    }
    const denied = await confirmation({ SALE1: sale('denied') }).confirm.confirm(claimedSale);
    expect(denied.map((e) => e.kind)).toEqual(['SubscriptionPaymentFailed']);
    expect(await confirmation({ SALE1: sale('pending') }).confirm.confirm(claimedSale)).toEqual([]);
  });

  it('when an event is no claim, then it is returned as it is, without asking PayPal', async () => {
    const { confirm, calls } = confirmation({});
    const confirmed = { ...claimedCapture, unconfirmed: undefined };
    expect(await confirm.confirm(confirmed)).toEqual([confirmed]);
    expect(calls).toEqual([]);
  });
});
