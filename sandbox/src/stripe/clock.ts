import { nowSeconds } from '../shared/json';
import { StripeState } from './state';
import { Subscription } from './types';

/**
 * A subscription's clock (unix seconds): where `/_sandbox/subscriptions/:id/advance` last moved it,
 * else the wall clock. Its objects' timestamps (periods, invoices, paid_at, retries) follow it; the
 * events about them are created, and delivered, at wall-clock time.
 */
export function subClock(state: StripeState, sub: Subscription): number {
  return state.clocks.get(sub.id) ?? nowSeconds();
}
