import paypal from '@paypal/checkout-server-sdk';
import { Sandbox } from '../src';
import { paypalClient, startTestSandbox } from './helpers';

let sandbox: Sandbox;
let client: paypal.core.PayPalHttpClient;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  client = paypalClient(sandbox);
});
afterAll(() => sandbox.close());

interface Refusal {
  status: number;
  body: {
    name: string;
    message: string;
    details: { field?: string; value?: string; issue: string; description: string }[];
  };
}

function order(currency_code: string, value: string) {
  const req = new paypal.orders.OrdersCreateRequest();
  return client.execute<{ id: string; status: string }>(
    req.requestBody({ intent: 'CAPTURE', purchase_units: [{ amount: { currency_code, value } }] }),
  );
}

async function refusal(p: Promise<unknown>): Promise<Refusal> {
  const error = await p.then(
    () => undefined,
    (e: { statusCode: number; message: string }) => e,
  );
  if (!error) throw new Error('expected PayPal to refuse the order');
  return { status: error.statusCode, body: JSON.parse(error.message) };
}

describe('PayPal currency rules in the sandbox', () => {
  it.each(['KWD', 'BHD', 'ISK', 'UGX', 'MGA', 'KRW', 'INR'])(
    'when an order is in %s, which PayPal does not take, then 422 CURRENCY_NOT_SUPPORTED',
    async (currency) => {
      const refused = await refusal(order(currency, '15'));
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({
        name: 'UNPROCESSABLE_ENTITY',
        details: [
          { field: '/purchase_units/0/amount/currency_code', value: currency, issue: 'CURRENCY_NOT_SUPPORTED' },
        ],
      });
      expect(refused.body.details[0].description).toMatch(/^Currency code is not currently supported/);
    },
  );

  it.each([
    ['HUF', '1500.50'],
    ['HUF', '1500.00'],
    ['JPY', '7500.5'],
    ['TWD', '999.9'],
  ])('when %s carries decimals (%s), then 422 DECIMALS_NOT_SUPPORTED', async (currency, value) => {
    const refused = await refusal(order(currency, value));
    expect(refused.status).toBe(422);
    expect(refused.body.details[0]).toMatchObject({
      field: '/purchase_units/0/amount/value',
      value,
      issue: 'DECIMALS_NOT_SUPPORTED',
    });
  });

  it('when HUF, JPY and TWD are whole units, then the order is created with the value as sent', async () => {
    for (const [currency, value] of [
      ['HUF', '20796'],
      ['JPY', '7500'],
      ['TWD', '1899'],
    ]) {
      const created = await order(currency, value);
      expect(created.statusCode).toBe(201);
      const got = await client.execute<{ purchase_units: { amount: unknown }[] }>(
        new paypal.orders.OrdersGetRequest(created.result.id),
      );
      expect(got.result.purchase_units[0].amount).toEqual({ currency_code: currency, value });
    }
  });

  it('when a two-decimal currency has three decimals, then 422 DECIMAL_PRECISION', async () => {
    for (const value of ['10.999', '10.990']) {
      const refused = await refusal(order('USD', value));
      expect(refused.body.details[0]).toMatchObject({ issue: 'DECIMAL_PRECISION' });
      expect(refused.body.details[0].description).toBe(
        'If the currency supports decimals, only two decimal place precision is supported.',
      );
    }
    await expect(order('USD', '10.5')).resolves.toMatchObject({ statusCode: 201 });
  });

  it('when the amount is zero, then 422 CANNOT_BE_ZERO_OR_NEGATIVE', async () => {
    const refused = await refusal(order('EUR', '0.00'));
    expect(refused.status).toBe(422);
    expect(refused.body.details[0].issue).toBe('CANNOT_BE_ZERO_OR_NEGATIVE');
  });
});
