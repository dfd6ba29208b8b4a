import { brandMark } from './method-brand';
import { formatExpiry } from './payment-method-item';

describe('brandMark', () => {
  it.each([
    ['visa', 'visa'],
    ['mastercard', 'mastercard'],
    ['amex', 'amex'],
    ['american_express', 'amex'],
    ['discover', 'discover'],
    ['jcb', 'jcb'],
    ['unionpay', 'unionpay'],
    ['Visa', 'visa'],
  ])('draws the %s card as %s', (brand, mark) => {
    expect(brandMark({ type: 'card', brand })).toBe(mark);
  });

  it('draws a network without a badge of its own, or none named, as a plain card', () => {
    expect(brandMark({ type: 'card', brand: 'diners' })).toBe('card');
    expect(brandMark({ type: 'card', brand: 'unknown' })).toBe('card');
    expect(brandMark({ type: 'card', brand: null })).toBe('card');
  });

  it('draws a PayPal wallet as PayPal', () => {
    expect(brandMark({ type: 'paypal', brand: null })).toBe('paypal');
  });
});

describe('formatExpiry', () => {
  it('writes MM/YYYY with the month on two digits, and nothing without an expiry', () => {
    expect(formatExpiry({ expMonth: 3, expYear: 2030 })).toBe('03/2030');
    expect(formatExpiry({ expMonth: 12, expYear: 2034 })).toBe('12/2034');
    expect(formatExpiry({ expMonth: null, expYear: null })).toBeNull();
  });
});
