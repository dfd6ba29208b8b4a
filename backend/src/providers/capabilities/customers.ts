export interface CustomerCapability {
  /** Creates (once) the provider's customer for our user; Stripe only, PayPal returns undefined. */
  ensureCustomer(user: { id: string; email: string; name: string }): Promise<string | undefined>;
}
