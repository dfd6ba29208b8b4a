import { PayPalContext } from './context';
import { isoNow, subscriptionLinks } from './objects';
import { Subscription } from './types';

/** Status change with its time (the subscription's clock when given) and the links that go with the new status. */
export function setStatus(ctx: PayPalContext, sub: Subscription, status: Subscription['status'], at = isoNow()): void {
  sub.status = status;
  sub.status_update_time = at;
  sub.update_time = at;
  const baToken = ctx.state.subscriptionMeta.get(sub.id)?.baToken ?? '';
  sub.links = subscriptionLinks(sub, ctx.baseUrl(), ctx.baseUrl(), baToken);
}
