import { unavailableReasons } from './provider-offer';

describe('unavailableReasons', () => {
  it('when a provider can take the price, then it has no reason', () => {
    expect(
      unavailableReasons({ amount: 1800, currency: 'EUR', providers: ['stripe', 'paypal'], unavailable: [] }),
    ).toEqual({ stripe: null, paypal: null });
  });

  it("when a provider cannot, then it gives the API's reason, or a plain one when the API gave none", () => {
    expect(
      unavailableReasons({
        amount: 5000,
        currency: 'KWD',
        providers: [],
        unavailable: [{ provider: 'paypal', code: 'currency_not_supported_by_provider', message: 'No KWD at PayPal' }],
      }),
    ).toEqual({ stripe: 'Stripe cannot take this price', paypal: 'No KWD at PayPal' });
  });

  it('when there is no price yet, then nothing is marked unavailable', () => {
    expect(unavailableReasons(null)).toEqual({ stripe: null, paypal: null });
  });
});
