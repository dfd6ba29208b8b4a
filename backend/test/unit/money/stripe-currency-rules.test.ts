import {
  fromStripeAmount,
  InvalidMoneyError,
  money,
  providerRefusal,
  STRIPE_CONVERTED_FLOOR,
  STRIPE_CURRENCY_RULES,
  toStripeAmount,
  UnsupportedCurrencyError,
} from '../../../src/domain/money';

const rule = (currency: string) => STRIPE_CURRENCY_RULES.get(currency)!;

describe('Stripe currency rules: wire encoding', () => {
  it('when sending a two-decimal currency, then the code is lower case and the amount is in cents', () => {
    expect(toStripeAmount(money(4500, 'EUR'))).toEqual({ amount: 4500, currency: 'eur' });
    expect(fromStripeAmount(4500, 'eur')).toEqual({ amount: 4500, currency: 'EUR' });
  });

  it("when sending an ISO zero-decimal currency on Stripe's zero-decimal list, then whole units go as they are", () => {
    expect(toStripeAmount(money(7500, 'JPY'))).toEqual({ amount: 7500, currency: 'jpy' });
    expect(toStripeAmount(money(55000, 'KRW'))).toEqual({ amount: 55000, currency: 'krw' });
    expect(fromStripeAmount(7500, 'jpy')).toEqual({ amount: 7500, currency: 'JPY' });
  });

  it('when sending MGA (ISO two decimals, zero-decimal on Stripe), then whole ariary are sent: ISO minor / 100', () => {
    expect(toStripeAmount(money(500000, 'MGA'))).toEqual({ amount: 5000, currency: 'mga' });
    expect(fromStripeAmount(5000, 'mga')).toEqual({ amount: 500000, currency: 'MGA' });
    expect(rule('MGA')).toMatchObject({ wireDecimals: 0, step: 100 });
  });

  it('when an MGA amount has a fraction of an ariary, then it is refused rather than sent 100 times too large or truncated', () => {
    expect(() => toStripeAmount(money(500050, 'MGA'))).toThrow(/steps of 100/);
  });

  it('when sending ISK or UGX (ISO zero decimals), then they are written as two-decimal values ending in 00', () => {
    expect(toStripeAmount(money(5, 'UGX'))).toEqual({ amount: 500, currency: 'ugx' });
    expect(toStripeAmount(money(1990, 'ISK'))).toEqual({ amount: 199000, currency: 'isk' });
    expect(fromStripeAmount(500, 'ugx')).toEqual({ amount: 5, currency: 'UGX' });
    expect(fromStripeAmount(199000, 'isk')).toEqual({ amount: 1990, currency: 'ISK' });
    expect(rule('ISK')).toMatchObject({ wireDecimals: 2, step: 1 });
    expect(rule('UGX')).toMatchObject({ wireDecimals: 2, step: 1 });
  });

  it('when Stripe reports an ISK or UGX amount not divisible by 100, then it is refused as unreadable', () => {
    expect(() => fromStripeAmount(199050, 'isk')).toThrow(InvalidMoneyError);
    expect(() => fromStripeAmount(501, 'ugx')).toThrow(InvalidMoneyError);
  });

  it('when sending HUF or TWD, then they stay two-decimal on the wire but only whole units are taken', () => {
    expect(toStripeAmount(money(1750000, 'HUF'))).toEqual({ amount: 1750000, currency: 'huf' });
    expect(toStripeAmount(money(150000, 'TWD'))).toEqual({ amount: 150000, currency: 'twd' });
    expect(() => toStripeAmount(money(1750050, 'HUF'))).toThrow(/steps of 100/);
    expect(() => toStripeAmount(money(150001, 'TWD'))).toThrow(/steps of 100/);
    expect(rule('HUF')).toMatchObject({ wireDecimals: 2, step: 100 });
  });

  it('when sending a three-decimal currency, then the amount is in thousandths and must end in 0', () => {
    for (const currency of ['BHD', 'JOD', 'KWD', 'OMR', 'TND']) {
      expect(toStripeAmount(money(15050, currency))).toEqual({ amount: 15050, currency: currency.toLowerCase() });
      expect(() => toStripeAmount(money(15055, currency))).toThrow(/steps of 10/);
      expect(rule(currency)).toMatchObject({ wireDecimals: 3, step: 10 });
    }
  });

  it('when the amount has more than 8 digits on the wire, then it is refused; IDR takes 12', () => {
    expect(toStripeAmount(money(99_999_999, 'USD')).amount).toBe(99_999_999);
    expect(() => toStripeAmount(money(100_000_000, 'USD'))).toThrow(/at most 8 digits/);
    // 999,999 ISK is 99,999,900 on the wire; one more krona is nine digits
    expect(toStripeAmount(money(999_999, 'ISK')).amount).toBe(99_999_900);
    expect(() => toStripeAmount(money(1_000_000, 'ISK'))).toThrow(/at most 8 digits/);
    expect(toStripeAmount(money(999_999_999_999, 'IDR')).amount).toBe(999_999_999_999);
    expect(() => toStripeAmount(money(1_000_000_000_000, 'IDR'))).toThrow(/at most 12 digits/);
  });

  it('when the currency is not one Stripe presents, then it is refused by name', () => {
    expect(() => toStripeAmount(money(100, 'IQD'))).toThrow(UnsupportedCurrencyError);
    expect(() => fromStripeAmount(100, 'iqd')).toThrow(UnsupportedCurrencyError);
  });
});

describe('Stripe currency rules: what Stripe accepts', () => {
  it('when listing the table, then KWD, ISK, UGX, MGA, HUF, TWD and JPY are accepted and every code is ISO', () => {
    for (const c of ['KWD', 'ISK', 'UGX', 'MGA', 'HUF', 'TWD', 'JPY', 'USD', 'EUR'])
      expect(STRIPE_CURRENCY_RULES.has(c)).toBe(true);
    expect(STRIPE_CURRENCY_RULES.size).toBeGreaterThan(130);
  });

  it.each([
    ['USD', 50],
    ['EUR', 50],
    ['GBP', 30],
    ['JPY', 50],
    ['HUF', 17500],
    ['HKD', 400],
    ['MXN', 1000],
    ['CHF', 50],
    ['CAD', 50],
    ['AUD', 50],
  ])('when pricing in %s, then the published minimum is %d minor units', (currency, minimum) => {
    expect(rule(currency).minimum).toEqual({ kind: 'fixed', amount: minimum });
    expect(providerRefusal('stripe', money(minimum, currency))).toBeUndefined();
  });

  it('when a 49-cent USD price converts to 0.45 EUR, then Stripe would refuse it: below the minimum', () => {
    expect(providerRefusal('stripe', money(45, 'EUR'))).toEqual({
      code: 'amount_below_provider_minimum',
      minimum: money(50, 'EUR'),
    });
    expect(providerRefusal('stripe', money(0, 'USD'))?.code).toBe('amount_below_provider_minimum');
  });

  it('when a currency has no published minimum, then it must convert to USD 0.50, which needs a rate', () => {
    expect(rule('KWD').minimum).toEqual({ kind: 'converted', floor: STRIPE_CONVERTED_FLOOR });
    expect(providerRefusal('stripe', money(15050, 'KWD'))).toEqual({
      code: 'provider_minimum_unknown',
      floor: money(50, 'USD'),
    });
    expect(providerRefusal('stripe', money(15050, 'KWD'), money(160, 'KWD'))).toBeUndefined();
    expect(providerRefusal('stripe', money(150, 'KWD'), money(160, 'KWD'))?.code).toBe('amount_below_provider_minimum');
  });

  it('when the amount is off the step or too long, then the refusal names that rule before the minimum', () => {
    expect(providerRefusal('stripe', money(15055, 'KWD'), money(160, 'KWD'))).toEqual({
      code: 'amount_not_on_provider_step',
      step: 10,
    });
    expect(providerRefusal('stripe', money(100_000_000, 'USD'))).toEqual({
      code: 'amount_above_provider_maximum',
      maxWireDigits: 8,
    });
  });
});
