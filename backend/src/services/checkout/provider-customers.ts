import type { PaymentProvider } from '../../providers/payment-provider';
import type { ProviderCustomerRepository } from '../../repositories/provider-customer.repository';

/** One provider customer per (user, provider): created on first checkout, reused after. */
export async function ensureProviderCustomer(
  customers: ProviderCustomerRepository,
  provider: PaymentProvider,
  user: { id: string; email: string; name: string },
): Promise<string | undefined> {
  const existing = await customers.find(provider.name, user.id);
  if (existing) return existing;
  const created = await provider.customers.ensureCustomer(user);
  // A concurrent first checkout may have won the insert; its customer is the one to use.
  return created ? customers.insertOrKeep(provider.name, user.id, created) : undefined;
}
