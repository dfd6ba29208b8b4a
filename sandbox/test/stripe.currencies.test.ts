import Stripe from 'stripe';
import { Sandbox } from '../src';
import { control, startTestSandbox, stripeClient } from './helpers';

let sandbox: Sandbox;
let stripe: Stripe;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  stripe = stripeClient(sandbox);
});
afterAll(() => sandbox.close());

function session(currency: string, unitAmount: number, quantity = 1) {
  return stripe.checkout.sessions.create({
    mode: 'payment',
    line_items: [{ price_data: { currency, unit_amount: unitAmount, product_data: { name: 'Course' } }, quantity }],
    success_url: 'http://localhost:3000/success',
    cancel_url: 'http://localhost:3000/cancel',
  });
}

async function refusal(p: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const error = await p.then(
    () => undefined,
    (e: Stripe.errors.StripeError) => e,
  );
  if (!error) throw new Error('expected Stripe to refuse the request');
  return error;
}

describe('Stripe currency rules in the sandbox', () => {
  it.each([
    ['usd', 49, 'The Checkout Session’s total amount due must add up to at least $0.50 usd'],
    ['eur', 45, 'The Checkout Session’s total amount due must add up to at least €0.50 eur'],
    ['gbp', 29, 'The Checkout Session’s total amount due must add up to at least £0.30 gbp'],
    ['jpy', 49, 'The Checkout Session’s total amount due must add up to at least ¥50 jpy'],
    ['huf', 17400, 'The Checkout Session’s total amount due must add up to at least HUF 175.00 huf'],
  ])(
    'when a %s session totals %d, below the published minimum, then 400 amount_too_small',
    async (currency, amount, message) => {
      const error = await refusal(session(currency, amount));
      expect(error).toMatchObject({
        type: 'StripeInvalidRequestError',
        statusCode: 400,
        code: 'amount_too_small',
        doc_url: 'https://stripe.com/docs/error-codes/amount-too-small',
        message: message.replace('’', "'"),
      });
    },
  );

  it('when the total reaches the minimum (or quantity takes it there), then the session is created', async () => {
    await expect(session('usd', 50)).resolves.toMatchObject({ amount_total: 50 });
    await expect(session('usd', 25, 2)).resolves.toMatchObject({ amount_total: 50 });
    await expect(session('huf', 17500)).resolves.toMatchObject({ amount_total: 17500 });
  });

  it('when a currency has no published minimum, then the total must convert to 50 US cents', async () => {
    const kwd = await refusal(session('kwd', 150));
    expect(kwd.code).toBe('amount_too_small');
    expect(kwd.message).toBe(
      "The Checkout Session's total amount must convert to at least 50 cents. KWD 0.150 converts to approximately $0.48.",
    );
    await expect(session('kwd', 160)).resolves.toMatchObject({ amount_total: 160, currency: 'kwd' });
    // 100 USh, written with two decimals
    expect((await refusal(session('ugx', 10000))).code).toBe('amount_too_small');
  });

  it('when a three-decimal amount does not end in 0, then 400 invalid_charge_amount naming the unit amount', async () => {
    for (const currency of ['kwd', 'bhd', 'jod', 'omr', 'tnd']) {
      const error = await refusal(session(currency, 15055));
      expect(error).toMatchObject({
        statusCode: 400,
        code: 'invalid_charge_amount',
        param: 'line_items[0][price_data][unit_amount]',
      });
      expect(error.message).toContain('must be 0');
      await expect(session(currency, 15050)).resolves.toMatchObject({ amount_total: 15050 });
    }
  });

  it('when ISK, UGX, HUF or TWD amounts are not whole units (divisible by 100), then 400 invalid_charge_amount', async () => {
    for (const [currency, bad, good] of [
      ['isk', 199050, 199000],
      ['ugx', 2182150, 2182100],
      ['huf', 1750050, 1750000],
      ['twd', 150001, 150000],
    ] as const) {
      const error = await refusal(session(currency, bad));
      expect(error.code).toBe('invalid_charge_amount');
      expect(error.message).toContain('divisible by 100');
      await expect(session(currency, good)).resolves.toMatchObject({ amount_total: good, currency });
    }
  });

  it('when MGA is sent, then it is zero-decimal: whole ariary, shown without decimals', async () => {
    const created = await session('mga', 267394);
    expect(created.amount_total).toBe(267394);
    const html = await (await fetch((created.url as string).replace('localhost', '127.0.0.1'))).text();
    expect(html).toMatch(/MGA\s267,394(?!\.)/);
  });

  it('when ISK and UGX are sent with two decimals, then the page shows whole units', async () => {
    const isk = await session('isk', 817900);
    const html = await (await fetch((isk.url as string).replace('localhost', '127.0.0.1'))).text();
    expect(html).toMatch(/ISK\s8,179\.00/);
  });

  it('when an amount has more than 8 digits (12 for IDR), then 400 amount_too_large', async () => {
    const error = await refusal(session('usd', 100_000_000));
    expect(error).toMatchObject({ code: 'amount_too_large', message: 'Amount must be no more than $999,999.99 usd' });
    await expect(session('usd', 99_999_999)).resolves.toMatchObject({ amount_total: 99_999_999 });
    expect((await refusal(session('usd', 50_000_000, 2))).code).toBe('amount_too_large');
    await expect(session('idr', 999_999_999_999)).resolves.toMatchObject({ amount_total: 999_999_999_999 });
    expect((await refusal(session('idr', 1_000_000_000_000))).code).toBe('amount_too_large');
  });

  it('when the currency is not one Stripe presents, then 400 Invalid currency naming the parameter', async () => {
    const error = await refusal(session('xyz', 1000));
    expect(error).toMatchObject({ statusCode: 400, param: 'line_items[0][price_data][currency]' });
    expect(error.message).toMatch(/^Invalid currency: xyz\. Stripe currently supports these currencies: aed, afn/);
  });

  it('when a three-decimal refund does not end in 0, then it is refused like the charge would be', async () => {
    const paid = await session('kwd', 15050);
    const pay = await control(sandbox.stripe.url, `/checkout/sessions/${paid.id}/pay`, { card: '4242424242424242' });
    expect(pay.status).toBe(200);
    const done = await stripe.checkout.sessions.retrieve(paid.id);
    const intent = done.payment_intent as string;
    const error = await refusal(stripe.refunds.create({ payment_intent: intent, amount: 1255 }));
    expect(error).toMatchObject({ code: 'invalid_charge_amount', param: 'amount' });
    await expect(stripe.refunds.create({ payment_intent: intent, amount: 1250 })).resolves.toMatchObject({
      amount: 1250,
      currency: 'kwd',
    });
  });
});
