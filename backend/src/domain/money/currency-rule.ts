import { currencyExponent } from './currencies';
import { InvalidMoneyError, type Money } from './money';

/**
 * What one provider demands of an amount in one currency. Our amounts are always ISO 4217 minor
 * units; a rule says how the provider reads them and which of them it takes.
 */
export interface CurrencyRule {
  readonly currency: string;
  /**
   * Decimals of the amount as the provider reads it. Usually the ISO exponent; not for Stripe's
   * MGA (ISO 2, read as whole ariary) or ISK/UGX (ISO 0, read as hundredths).
   */
  readonly wireDecimals: number;
  /**
   * Smallest step of a price in ISO minor units: every amount sent must be a multiple of it.
   * Never finer than the wire can express (MGA on Stripe: 100).
   */
  readonly step: number;
  readonly minimum: MinimumCharge;
  /** Most digits the provider takes in the wire amount (Stripe: 8, IDR 12). */
  readonly maxWireDigits: number;
}

/**
 * A fixed minimum in this currency (ISO minor units), or a floor in another currency that the
 * amount must convert to (Stripe, for currencies without a published minimum): checking the
 * latter needs an exchange rate, which the caller supplies.
 */
export type MinimumCharge = { kind: 'fixed'; amount: number } | { kind: 'converted'; floor: Money };

/** Why a provider cannot take an amount; the codes are the API's error codes. */
export type AmountRefusal =
  | { code: 'currency_not_supported_by_provider' }
  | { code: 'amount_not_on_provider_step'; step: number }
  | { code: 'amount_below_provider_minimum'; minimum: Money }
  | { code: 'amount_above_provider_maximum'; maxWireDigits: number }
  | { code: 'provider_minimum_unknown'; floor: Money };

/** Builds a rule, deriving the step the wire forces when the provider reads fewer decimals than ISO. */
export function currencyRule(
  currency: string,
  options: { wireDecimals?: number; step?: number; minimum: MinimumCharge; maxWireDigits: number },
): CurrencyRule {
  const exponent = currencyExponent(currency);
  const wireDecimals = options.wireDecimals ?? exponent;
  const wireStep = wireDecimals < exponent ? 10 ** (exponent - wireDecimals) : 1;
  const step = options.step ?? wireStep;
  if (step % wireStep !== 0)
    throw new Error(`${currency}: a step of ${step} cannot be written with ${wireDecimals} decimals`);
  return { currency, wireDecimals, step, minimum: options.minimum, maxWireDigits: options.maxWireDigits };
}

/**
 * ISO minor units -> the provider's integer units (cents, whole ariary, hundredths of a krona).
 * Refuses amounts off the rule's step, so nothing a provider would misread leaves the domain.
 */
export function toWireUnits(rule: CurrencyRule, m: Money, provider: string): number {
  if (m.currency !== rule.currency)
    throw new InvalidMoneyError(`${provider} rule for ${rule.currency} got ${m.currency}`);
  if (m.amount % rule.step !== 0) {
    throw new InvalidMoneyError(
      `${provider} takes ${m.currency} only in steps of ${rule.step} minor units, got ${m.amount}`,
    );
  }
  const shift = rule.wireDecimals - currencyExponent(m.currency);
  const wire = shift >= 0 ? m.amount * 10 ** shift : m.amount / 10 ** -shift;
  if (!Number.isSafeInteger(wire))
    throw new InvalidMoneyError(`${m.amount} ${m.currency} is too large for ${provider}`);
  if (String(wire).length > rule.maxWireDigits) {
    throw new InvalidMoneyError(
      `${provider} takes at most ${rule.maxWireDigits} digits for ${m.currency}, got ${wire}`,
    );
  }
  return wire;
}

/** The provider's integer units -> ISO minor units; refuses what has no exact ISO amount. */
export function fromWireUnits(rule: CurrencyRule, wire: number, provider: string): number {
  if (!Number.isSafeInteger(wire) || wire < 0) throw new InvalidMoneyError(`${provider} amount ${wire} is not whole`);
  const shift = rule.wireDecimals - currencyExponent(rule.currency);
  if (shift <= 0) {
    const amount = wire * 10 ** -shift;
    if (!Number.isSafeInteger(amount)) throw new InvalidMoneyError(`${provider} amount ${wire} is too large`);
    return amount;
  }
  const factor = 10 ** shift;
  if (wire % factor !== 0) {
    throw new InvalidMoneyError(`${provider} ${rule.currency} amount ${wire} is not a whole ISO minor unit`);
  }
  return wire / factor;
}

/**
 * Why the rule refuses the amount, or undefined when the provider takes it. A `converted`
 * minimum is checked against `convertedMinimum`, the floor already converted into this currency
 * by the caller (who has the rates); without it the minimum cannot be proven and the amount is
 * refused. Zero is never a charge.
 */
export function refusalFor(rule: CurrencyRule, m: Money, convertedMinimum?: Money): AmountRefusal | undefined {
  if (m.amount % rule.step !== 0) return { code: 'amount_not_on_provider_step', step: rule.step };
  const shift = BigInt(rule.wireDecimals - currencyExponent(m.currency));
  const wire = shift >= 0n ? BigInt(m.amount) * 10n ** shift : BigInt(m.amount) / 10n ** -shift;
  if (String(wire).length > rule.maxWireDigits) {
    return { code: 'amount_above_provider_maximum', maxWireDigits: rule.maxWireDigits };
  }
  let minimum: Money;
  if (rule.minimum.kind === 'fixed') minimum = { amount: rule.minimum.amount, currency: m.currency };
  else if (convertedMinimum) minimum = convertedMinimum;
  else return { code: 'provider_minimum_unknown', floor: rule.minimum.floor };
  if (m.amount === 0 || m.amount < minimum.amount) return { code: 'amount_below_provider_minimum', minimum };
  return undefined;
}

/** A provider asked to take a currency it does not accept. */
export class UnsupportedCurrencyError extends Error {
  constructor(
    readonly provider: string,
    readonly currency: string,
  ) {
    super(`${provider} does not take ${currency}`);
    this.name = 'UnsupportedCurrencyError';
  }
}
