import type { Principal } from '../auth/auth.service';

/**
 * The one read policy: a user sees what they own, an admin sees everything. Whoever may not see
 * a thing gets the same 404 as for a missing one.
 */
export function canSee(principal: Principal, ownerId: string): boolean {
  return principal.role === 'admin' || principal.userId === ownerId;
}
