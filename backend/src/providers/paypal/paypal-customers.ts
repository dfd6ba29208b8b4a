import type { CustomerCapability } from '../payment-provider';

/** PayPal has no customer object for one-off orders: there is nothing to create. */
export class PayPalCustomers implements CustomerCapability {
  async ensureCustomer(): Promise<undefined> {
    return undefined;
  }
}
