export * from './currencies';
export * from './money';
export * from './exchange';
export * from './currency-rule';
export * from './provider-currency-rules';
export * from './provider-amounts';
export { STRIPE_CONVERTED_FLOOR, STRIPE_CURRENCY_RULES } from './stripe-currency-rules';
export { PAYPAL_CURRENCY_RULES } from './paypal-currency-rules';
