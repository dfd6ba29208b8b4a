import {
  fromPayPalAmount,
  InvalidMoneyError,
  money,
  PAYPAL_CURRENCY_RULES,
  providerRefusal,
  toPayPalAmount,
  UnsupportedCurrencyError,
} from '../../../src/domain/money';

describe('PayPal currency rules', () => {
  it('when sending a two-decimal currency, then the value is a decimal string with two decimals', () => {
    expect(toPayPalAmount(money(4500, 'EUR'))).toEqual({ currency_code: 'EUR', value: '45.00' });
    expect(toPayPalAmount(money(5, 'USD'))).toEqual({ currency_code: 'USD', value: '0.05' });
    expect(fromPayPalAmount({ currency_code: 'USD', value: '10.99' })).toEqual(money(1099, 'USD'));
  });

  it('when sending JPY, HUF or TWD, then the value has no decimals', () => {
    expect(toPayPalAmount(money(7500, 'JPY'))).toEqual({ currency_code: 'JPY', value: '7500' });
    expect(toPayPalAmount(money(150000, 'HUF'))).toEqual({ currency_code: 'HUF', value: '1500' });
    expect(toPayPalAmount(money(99900, 'TWD'))).toEqual({ currency_code: 'TWD', value: '999' });
    expect(fromPayPalAmount({ currency_code: 'HUF', value: '1500' })).toEqual(money(150000, 'HUF'));
    expect(fromPayPalAmount({ currency_code: 'TWD', value: '999' })).toEqual(money(99900, 'TWD'));
  });

  it('when a HUF or TWD amount has a fraction of a unit, then it is refused (PayPal would reject the order)', () => {
    expect(() => toPayPalAmount(money(150050, 'HUF'))).toThrow(/steps of 100/);
    expect(() => toPayPalAmount(money(99901, 'TWD'))).toThrow(/steps of 100/);
    expect(PAYPAL_CURRENCY_RULES.get('HUF')).toMatchObject({ wireDecimals: 0, step: 100 });
    expect(PAYPAL_CURRENCY_RULES.get('JPY')).toMatchObject({ wireDecimals: 0, step: 1 });
  });

  it('when PayPal reports more decimals than the currency takes, then only zeros are read', () => {
    expect(fromPayPalAmount({ currency_code: 'USD', value: '10.990' })).toEqual(money(1099, 'USD'));
    expect(() => fromPayPalAmount({ currency_code: 'USD', value: '10.999' })).toThrow(InvalidMoneyError);
    expect(() => fromPayPalAmount({ currency_code: 'HUF', value: '10.50' })).toThrow(InvalidMoneyError);
    expect(() => fromPayPalAmount({ currency_code: 'USD', value: '-1.00' })).toThrow(InvalidMoneyError);
  });

  it.each(['KWD', 'BHD', 'JOD', 'OMR', 'TND', 'ISK', 'UGX', 'MGA', 'KRW'])(
    'when pricing in %s, then PayPal does not accept the currency',
    (currency) => {
      expect(PAYPAL_CURRENCY_RULES.has(currency)).toBe(false);
      expect(() => toPayPalAmount(money(15050, currency))).toThrow(UnsupportedCurrencyError);
      expect(providerRefusal('paypal', money(15050, currency))).toEqual({ code: 'currency_not_supported_by_provider' });
    },
  );

  it("when listing the table, then it has PayPal's 24 payment currencies", () => {
    expect([...PAYPAL_CURRENCY_RULES.keys()].sort()).toEqual([
      'AUD',
      'BRL',
      'CAD',
      'CHF',
      'CNY',
      'CZK',
      'DKK',
      'EUR',
      'GBP',
      'HKD',
      'HUF',
      'ILS',
      'JPY',
      'MXN',
      'MYR',
      'NOK',
      'NZD',
      'PHP',
      'PLN',
      'SEK',
      'SGD',
      'THB',
      'TWD',
      'USD',
    ]);
  });

  it('when the amount is zero, then it is not a charge; one step is the minimum', () => {
    expect(providerRefusal('paypal', money(0, 'USD'))?.code).toBe('amount_below_provider_minimum');
    expect(providerRefusal('paypal', money(1, 'USD'))).toBeUndefined();
    expect(providerRefusal('paypal', money(100, 'HUF'))).toBeUndefined();
    expect(providerRefusal('paypal', money(50, 'HUF'))?.code).toBe('amount_not_on_provider_step');
  });
});
