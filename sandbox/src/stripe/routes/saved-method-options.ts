import { invalidParam } from '../errors';
import { Params } from '../params';
import { AllowRedisplay, CheckoutSession, SavedPaymentMethodOptions, SetupFutureUsage } from '../types';

const REDISPLAY: readonly AllowRedisplay[] = ['always', 'limited', 'unspecified'];
const TOGGLE = ['disabled', 'enabled'] as const;
const FUTURE_USAGE: readonly SetupFutureUsage[] = ['off_session', 'on_session'];

/** Checkout offers saved cards only with `allow_redisplay: always` unless the session says otherwise. */
export const DEFAULT_REDISPLAY_FILTERS: readonly AllowRedisplay[] = ['always'];

/**
 * `saved_payment_method_options[allow_redisplay_filters][]`, `[payment_method_save]` and
 * `[payment_method_remove]`, checked as Stripe checks enums (unknown keys refused). Given or not,
 * a payment or subscription session for a `customer` shows the options with the default filter,
 * since Checkout redisplays that customer's `always` cards anyway [unverified: the defaulted
 * object]; other sessions show null unless the options were given.
 */
export function savedPaymentMethodOptions(
  params: Params,
  mode: CheckoutSession['mode'],
  customer: string | null,
): SavedPaymentMethodOptions | null {
  const o = params
    .obj('saved_payment_method_options')
    ?.only(['allow_redisplay_filters', 'payment_method_remove', 'payment_method_save']);
  if (!o && !(customer && mode !== 'setup')) return null;
  const name = o?.name('allow_redisplay_filters') ?? 'saved_payment_method_options[allow_redisplay_filters]';
  const given = o?.strings('allow_redisplay_filters') ?? [];
  given.forEach((v, i) => {
    if (!(REDISPLAY as readonly string[]).includes(v)) {
      throw invalidParam(`${name}[${i}]`, `Invalid ${name}[${i}]: must be one of always, limited, or unspecified`);
    }
  });
  return {
    allow_redisplay_filters:
      given.length > 0 ? [...new Set(given as AllowRedisplay[])] : [...DEFAULT_REDISPLAY_FILTERS],
    payment_method_remove: o?.enum('payment_method_remove', TOGGLE) ?? null,
    payment_method_save: o?.enum('payment_method_save', TOGGLE) ?? null,
  };
}

/** `payment_intent_data[setup_future_usage]`: `on_session` or `off_session` (payment mode). */
export function setupFutureUsage(params: Params): SetupFutureUsage | undefined {
  return params.obj('payment_intent_data')?.enum('setup_future_usage', FUTURE_USAGE);
}
