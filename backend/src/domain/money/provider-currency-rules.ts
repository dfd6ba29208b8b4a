import { PROVIDER_DISPLAY_NAMES, type ProviderName } from '../payments/payment-status';
import { refusalFor, type AmountRefusal, type CurrencyRule } from './currency-rule';
import { toDecimalString, type Money } from './money';
import { PAYPAL_CURRENCY_RULES } from './paypal-currency-rules';
import { STRIPE_CURRENCY_RULES } from './stripe-currency-rules';

/** Every provider's table, by provider: the one lookup the catalog and checkout use. */
const RULES: Readonly<Record<ProviderName, ReadonlyMap<string, CurrencyRule>>> = {
  stripe: STRIPE_CURRENCY_RULES,
  paypal: PAYPAL_CURRENCY_RULES,
};

export function currencyRuleFor(provider: ProviderName, currency: string): CurrencyRule | undefined {
  return RULES[provider].get(currency);
}

/** The providers among `enabled` that accept the currency at all, in `enabled`'s order. */
export function providersAccepting(currency: string, enabled: readonly ProviderName[]): ProviderName[] {
  return enabled.filter((p) => RULES[p].has(currency));
}

/**
 * The step a converted price is rounded to: the least common multiple of the steps of every
 * enabled provider that accepts the currency (so one rounded price suits all of them), or one
 * minor unit when none does.
 */
export function commonPriceStep(currency: string, enabled: readonly ProviderName[]): number {
  return providersAccepting(currency, enabled)
    .map((p) => RULES[p].get(currency)!.step)
    .reduce(lcm, 1);
}

/** Why `provider` cannot take `price`, or undefined when it can (see refusalFor for minimums). */
export function providerRefusal(
  provider: ProviderName,
  price: Money,
  convertedMinimum?: Money,
): AmountRefusal | undefined {
  const rule = RULES[provider].get(price.currency);
  if (!rule) return { code: 'currency_not_supported_by_provider' };
  return refusalFor(rule, price, convertedMinimum);
}

export interface ProviderOffer {
  /** The enabled providers that can take the price. */
  providers: ProviderName[];
  /** The enabled providers that cannot, and why. */
  refusals: { provider: ProviderName; refusal: AmountRefusal }[];
}

/**
 * Which of the enabled providers can take a price. `convertedMinimums` holds, per provider
 * whose minimum is a floor in another currency, that floor converted into the price's currency.
 */
export function offerFor(
  price: Money,
  enabled: readonly ProviderName[],
  convertedMinimums: Partial<Record<ProviderName, Money>> = {},
): ProviderOffer {
  const offer: ProviderOffer = { providers: [], refusals: [] };
  for (const provider of enabled) {
    const refusal = providerRefusal(provider, price, convertedMinimums[provider]);
    if (refusal) offer.refusals.push({ provider, refusal });
    else offer.providers.push(provider);
  }
  return offer;
}

/** A refusal in words, for API messages. */
export function describeRefusal(provider: ProviderName, price: Money, refusal: AmountRefusal): string {
  const name = PROVIDER_DISPLAY_NAMES[provider];
  const amount = `${toDecimalString(price)} ${price.currency}`;
  switch (refusal.code) {
    case 'currency_not_supported_by_provider':
      return `${name} does not accept payments in ${price.currency}`;
    case 'amount_not_on_provider_step':
      return `${name} takes ${price.currency} only in steps of ${toDecimalString({ amount: refusal.step, currency: price.currency })}; ${amount} is not one`;
    case 'amount_below_provider_minimum':
      return `${amount} is below ${name}'s minimum charge of ${toDecimalString(refusal.minimum)} ${refusal.minimum.currency}`;
    case 'amount_above_provider_maximum':
      return `${amount} is more than ${name} takes (${refusal.maxWireDigits} digits)`;
    case 'provider_minimum_unknown':
      return `${name} needs ${price.currency} charges to be worth at least ${toDecimalString(refusal.floor)} ${refusal.floor.currency}, and no exchange rate is stored to check ${amount}`;
  }
}

function lcm(a: number, b: number): number {
  return (a / gcd(a, b)) * b;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
