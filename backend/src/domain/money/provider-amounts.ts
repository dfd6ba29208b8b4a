/**
 * Translations between our Money and each provider's wire format: the one place adapters call.
 * The rules behind them are the per-provider tables (stripe-currency-rules.ts,
 * paypal-currency-rules.ts); nothing else should know a provider's quirks.
 */
export { fromStripeAmount, toStripeAmount, type StripeAmount } from './stripe-currency-rules';
export { fromPayPalAmount, toPayPalAmount, type PayPalAmount } from './paypal-currency-rules';
