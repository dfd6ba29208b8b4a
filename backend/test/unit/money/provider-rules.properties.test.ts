import fc from 'fast-check';
import {
  commonPriceStep,
  convertMoney,
  currencyExponent,
  fromPayPalAmount,
  fromStripeAmount,
  money,
  PAYPAL_CURRENCY_RULES,
  providerRefusal,
  STRIPE_CURRENCY_RULES,
  toPayPalAmount,
  toStripeAmount,
  type CurrencyRule,
} from '../../../src/domain/money';

/** Any amount a rule takes: a multiple of its step whose wire form fits its digit limit. */
function acceptedAmount(rule: CurrencyRule): fc.Arbitrary<number> {
  const shift = rule.wireDecimals - currencyExponent(rule.currency);
  const maxWire = Math.min(10 ** rule.maxWireDigits - 1, Number.MAX_SAFE_INTEGER);
  const maxAmount =
    shift >= 0 ? Math.floor(maxWire / 10 ** shift) : Math.min(maxWire * 10 ** -shift, Number.MAX_SAFE_INTEGER);
  return fc.integer({ min: 0, max: Math.floor(maxAmount / rule.step) }).map((n) => n * rule.step);
}

const stripeRules = fc.constantFrom(...STRIPE_CURRENCY_RULES.values());
const paypalRules = fc.constantFrom(...PAYPAL_CURRENCY_RULES.values());

const THREE_DECIMAL = ['BHD', 'JOD', 'KWD', 'OMR', 'TND'];
const DIVISIBLE_BY_100 = ['ISK', 'UGX', 'HUF', 'TWD'];

describe('provider currency rules (properties)', () => {
  it("when any accepted amount goes to Stripe and back, then it reads back to the same minor units and obeys Stripe's rules", () => {
    fc.assert(
      fc.property(
        stripeRules.chain((rule) => fc.tuple(fc.constant(rule), acceptedAmount(rule))),
        ([rule, amount]) => {
          const m = money(amount, rule.currency);
          const wire = toStripeAmount(m);
          expect(Number.isSafeInteger(wire.amount)).toBe(true);
          expect(wire.currency).toBe(rule.currency.toLowerCase());
          expect(String(wire.amount).length).toBeLessThanOrEqual(rule.currency === 'IDR' ? 12 : 8);
          if (THREE_DECIMAL.includes(rule.currency)) expect(wire.amount % 10).toBe(0);
          if (DIVISIBLE_BY_100.includes(rule.currency)) expect(wire.amount % 100).toBe(0);
          expect(amount % rule.step).toBe(0);
          expect(fromStripeAmount(wire.amount, wire.currency)).toEqual(m);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("when any accepted amount goes to PayPal and back, then it reads back to the same minor units with PayPal's decimals", () => {
    fc.assert(
      fc.property(
        paypalRules.chain((rule) => fc.tuple(fc.constant(rule), acceptedAmount(rule))),
        ([rule, amount]) => {
          const m = money(amount, rule.currency);
          const wire = toPayPalAmount(m);
          const decimals = ['HUF', 'JPY', 'TWD'].includes(rule.currency) ? 0 : 2;
          expect(wire.value).toMatch(decimals === 0 ? /^\d+$/ : /^\d+\.\d{2}$/);
          expect(wire.value.length).toBeLessThanOrEqual(32);
          expect(wire.currency_code).toBe(rule.currency);
          expect(fromPayPalAmount(wire)).toEqual(m);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("when an amount is off a provider's step, then neither the wire translation nor the offer takes it", () => {
    const stepped = [...STRIPE_CURRENCY_RULES.values(), ...PAYPAL_CURRENCY_RULES.values()].filter((r) => r.step > 1);
    fc.assert(
      fc.property(
        fc.constantFrom(...stepped),
        fc.integer({ min: 0, max: 999_999 }),
        fc.integer({ min: 1, max: 99 }),
        (rule, steps, offset) => {
          const amount = steps * rule.step + (offset % rule.step || 1);
          const m = money(amount, rule.currency);
          const isStripe = STRIPE_CURRENCY_RULES.get(rule.currency) === rule;
          expect(() => (isStripe ? toStripeAmount(m) : toPayPalAmount(m))).toThrow(/steps of/);
          expect(providerRefusal(isStripe ? 'stripe' : 'paypal', m, money(0, rule.currency))?.code).toBe(
            'amount_not_on_provider_step',
          );
        },
      ),
    );
  });

  it('when a price is converted to the common step of the enabled providers, then every provider accepting the currency takes its step', () => {
    const currencies = [...new Set([...STRIPE_CURRENCY_RULES.keys(), ...PAYPAL_CURRENCY_RULES.keys()])];
    const enabled = fc.subarray(['stripe', 'paypal'] as const, { minLength: 1 });
    const rate = fc
      .tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 1, max: 999_999 }))
      .map(([whole, fraction]) => `${whole}.${String(fraction).padStart(6, '0')}`);
    fc.assert(
      fc.property(
        fc.constantFrom(...currencies),
        enabled,
        fc.integer({ min: 1, max: 10_000_000 }),
        rate,
        (currency, providers, base, r) => {
          const step = commonPriceStep(currency, providers);
          const price = convertMoney(money(base, 'USD'), currency, r, { step });
          for (const provider of providers) {
            const refusal = providerRefusal(provider, price, money(0, currency));
            expect(refusal?.code).not.toBe('amount_not_on_provider_step');
          }
        },
      ),
    );
  });

  it('when converting, then half-up lands within half a step of the exact value and rounding up never lands below it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000_000 }),
        fc.integer({ min: 1, max: 10 ** 9 }),
        fc.constantFrom(1, 10, 100),
        (amount, rateMillionths, step) => {
          const rate = `${Math.floor(rateMillionths / 1e6)}.${String(rateMillionths % 1e6).padStart(6, '0')}`;
          // exact value in target minor units, times 10^6 (USD -> EUR: same exponent)
          const exactTimes1e6 = BigInt(amount) * BigInt(rateMillionths);
          const nearest = BigInt(convertMoney(money(amount, 'USD'), 'EUR', rate, { step }).amount);
          const up = BigInt(convertMoney(money(amount, 'USD'), 'EUR', rate, { step, rounding: 'up' }).amount);
          const diff = nearest * 1_000_000n - exactTimes1e6;
          expect(diff * 2n <= BigInt(step) * 1_000_000n && -diff * 2n < BigInt(step) * 1_000_000n).toBe(true);
          expect(up * 1_000_000n >= exactTimes1e6).toBe(true);
          expect((up - BigInt(step)) * 1_000_000n < exactTimes1e6).toBe(true);
          expect(nearest % BigInt(step)).toBe(0n);
        },
      ),
    );
  });
});
