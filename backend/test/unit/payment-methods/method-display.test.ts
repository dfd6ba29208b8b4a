import { isExpired, methodLabel } from '../../../src/domain/payment-methods/method-display';

describe('methodLabel', () => {
  it('when a card, then its brand name and last four digits', () => {
    expect(methodLabel({ providerPaymentMethodId: 'pm', type: 'card', brand: 'visa', last4: '4242' })).toBe(
      'Visa •••• 4242',
    );
    expect(methodLabel({ providerPaymentMethodId: 'pm', type: 'card', brand: 'amex', last4: '0005' })).toBe(
      'American Express •••• 0005',
    );
  });

  it('when a brand we have no name for, then it is capitalised; no brand reads "Card"', () => {
    expect(methodLabel({ providerPaymentMethodId: 'pm', type: 'card', brand: 'new_network', last4: '1' })).toBe(
      'New network •••• 1',
    );
    expect(methodLabel({ providerPaymentMethodId: 'pm', type: 'card' })).toBe('Card');
  });

  it('when a PayPal wallet, then its email', () => {
    expect(methodLabel({ providerPaymentMethodId: 't', type: 'paypal', email: 'ana@example.com' })).toBe(
      'PayPal (ana@example.com)',
    );
    expect(methodLabel({ providerPaymentMethodId: 't', type: 'paypal' })).toBe('PayPal');
  });
});

describe('isExpired', () => {
  it('when still in the expiry month, then not expired; from the first of the next month (UTC), expired', () => {
    const card = { expMonth: 11, expYear: 2026 };
    expect(isExpired(card, new Date('2026-11-30T23:59:59.999Z'))).toBe(false);
    expect(isExpired(card, new Date('2026-12-01T00:00:00.000Z'))).toBe(true);
  });

  it('when the card expires in December, then it lasts to the end of the year', () => {
    expect(isExpired({ expMonth: 12, expYear: 2026 }, new Date('2026-12-31T12:00:00Z'))).toBe(false);
    expect(isExpired({ expMonth: 12, expYear: 2026 }, new Date('2027-01-01T00:00:00Z'))).toBe(true);
  });

  it('when the method has no expiry (PayPal), then it never expires', () => {
    expect(isExpired({}, new Date('2999-01-01T00:00:00Z'))).toBe(false);
  });
});
