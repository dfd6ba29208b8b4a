/** What we know when a student asks to remove a saved method. */
export interface RemovalFacts {
  /** Whether the provider charges renewals to the customer's methods (Stripe); a PayPal subscription uses the PayPal account, not the vault. */
  methodPaysSubscriptions: boolean;
  /** The student's live subscriptions on this provider. */
  liveSubscriptions: number;
  isDefault: boolean;
  /** The student's other attached methods at this provider, newest first. */
  otherMethodIds: string[];
}

/**
 * - `refuse`: the only method left to pay a live subscription (409 `method_in_use`);
 * - `remove`: detach it; `promote` names the method that becomes the default when the removed
 *   one was (the newest other), so renewals keep a method to charge.
 */
export type RemovalDecision = { kind: 'refuse'; code: 'method_in_use' } | { kind: 'remove'; promote?: string };

export function decideRemoval(facts: RemovalFacts): RemovalDecision {
  const [newestOther] = facts.otherMethodIds;
  if (facts.methodPaysSubscriptions && facts.liveSubscriptions > 0 && !newestOther) {
    return { kind: 'refuse', code: 'method_in_use' };
  }
  return facts.isDefault && newestOther ? { kind: 'remove', promote: newestOther } : { kind: 'remove' };
}
