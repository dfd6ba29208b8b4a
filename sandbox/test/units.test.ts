import { parseForm } from '../src/stripe/form';
import { decimalToMinor, formatMoney, minorToDecimal, paypalExponent, stripeExponent } from '../src/shared/money';
import { crc32 } from '../src';

describe('Stripe form decoding', () => {
  it('when the SDK encodes nested params, then brackets become objects and indexes arrays', () => {
    const body =
      'mode=payment&line_items[0][price_data][currency]=usd&line_items[0][quantity]=2&line_items[1][price]=price_1&metadata[order_id]=42&expand[0]=payment_intent&expand[1]=customer&email=a%2Bb%40c.d';
    expect(parseForm(body)).toEqual({
      mode: 'payment',
      line_items: [{ price_data: { currency: 'usd' }, quantity: '2' }, { price: 'price_1' }],
      metadata: { order_id: '42' },
      expand: ['payment_intent', 'customer'],
      email: 'a+b@c.d',
    });
  });

  it('when `[]` or percent-encoded brackets are used, then they decode the same way', () => {
    expect(parseForm('expand%5B%5D=a&expand%5B%5D=b')).toEqual({ expand: ['a', 'b'] });
    expect(parseForm('metadata[k]=')).toEqual({ metadata: { k: '' } });
  });
});

describe('money', () => {
  it('when converting, then minor units and decimal strings round-trip without floats', () => {
    expect(minorToDecimal(1500, 0)).toBe('1500');
    expect(minorToDecimal(5, 2)).toBe('0.05');
    expect(minorToDecimal(12345, 3)).toBe('12.345');
    expect(decimalToMinor('10.5', 2)).toBe(1050);
    expect(decimalToMinor('10.505', 2)).toBeNull();
    expect(decimalToMinor('1500', 0)).toBe(1500);
  });

  it('when formatting for a page, then each currency gets its own decimals', () => {
    expect(formatMoney(1500, 'jpy')).toBe('¥1,500');
    expect(formatMoney(4900, 'usd')).toBe('$49.00');
    expect(formatMoney(1, 'usd')).toBe('$0.01');
    expect(formatMoney(1500, 'HUF', 0)).toBe('HUF\u00a01,500');
  });

  it('when asked for wire decimals, then Stripe and PayPal each have their own (MGA 0 and UGX 2 on Stripe, HUF 0 on PayPal)', () => {
    expect([stripeExponent('mga'), stripeExponent('ugx'), stripeExponent('isk'), stripeExponent('kwd')]).toEqual([
      0, 2, 2, 3,
    ]);
    expect([stripeExponent('jpy'), stripeExponent('huf'), stripeExponent('usd')]).toEqual([0, 2, 2]);
    expect([paypalExponent('HUF'), paypalExponent('JPY'), paypalExponent('TWD'), paypalExponent('USD')]).toEqual([
      0, 0, 0, 2,
    ]);
  });

  it('when computing crc32, then it matches zlib’s value', () => {
    expect(crc32('hello')).toBe(907060870);
    expect(crc32('')).toBe(0);
  });
});
