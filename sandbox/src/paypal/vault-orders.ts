import { PayPalContext } from './context';
import { notFound, unprocessable } from './errors';
import { captureOrder } from './orders';
import { orderLinks } from './objects';
import { Order, PaymentToken } from './types';

/**
 * Orders paid with a saved wallet (`payment_source.paypal.vault_id`): PayPal charges it while creating
 * the order, so the answer is already COMPLETED with the capture in `purchase_units[].payments.captures`,
 * and the capture's webhook follows (PAYMENT.CAPTURE.COMPLETED, or .DECLINED); no approval, hence no
 * CHECKOUT.ORDER.APPROVED. This is PayPal's documented "Sample API response" for a vault_id order.
 */

/**
 * The payment token an order names, checked before the order exists. [unverified: PayPal's answer for a
 * deleted or unknown vault_id; the sandbox says 404 RESOURCE_NOT_FOUND / INVALID_RESOURCE_ID on the field,
 * which is what PayPal answers for other unknown ids]
 */
export function vaultTokenFor(ctx: PayPalContext, vaultId: string, intent: string): PaymentToken {
  const token = ctx.state.paymentTokens.get(vaultId);
  if (!token) throw notFound('orders', '/payment_source/paypal/vault_id', vaultId, 'body');
  // PayPal also authorizes with a vault_id; the sandbox has no authorizations to emulate.
  if (intent !== 'CAPTURE')
    throw unprocessable('orders', 'UNSUPPORTED_INTENT', 'The sandbox charges saved wallets with intent CAPTURE only.');
  return token;
}

/**
 * Charges the saved wallet for a just-created order. The payer is the wallet's account. A token marked
 * `decline_next` gives a DECLINED capture (the order still COMPLETED, as PayPal reports a refused
 * charge of a saved method); `require_payer_action_next` leaves the order PAYER_ACTION_REQUIRED with a
 * `payer-action` link, as PayPal does when the payer must come back (e.g. to pick another funding source).
 */
export function chargeVaultedWallet(ctx: PayPalContext, order: Order, token: PaymentToken): Order {
  const meta = ctx.state.paymentTokenMeta.get(token.id);
  const next = meta?.next;
  if (meta) delete meta.next;
  const wallet = token.payment_source.paypal;
  const name = { given_name: wallet.name?.given_name ?? 'John', surname: wallet.name?.surname ?? 'Doe' };
  const address = { country_code: 'US' };
  order.payer = { name, email_address: wallet.email_address, payer_id: wallet.payer_id, address };
  order.payment_source = {
    paypal: {
      email_address: wallet.email_address,
      account_id: wallet.payer_id,
      account_status: 'VERIFIED',
      name: { ...name },
      address: { ...address },
    },
  };
  if (next === 'payer_action_required') {
    order.status = 'PAYER_ACTION_REQUIRED';
    order.links = orderLinks(order, ctx.baseUrl(), ctx.baseUrl());
    return order;
  }
  const orderMeta = ctx.state.orderMeta.get(order.id) ?? {};
  orderMeta.instrument = next === 'declined' ? 'denied' : 'balance';
  ctx.state.orderMeta.set(order.id, orderMeta);
  // The charge is the capture of an order approved by the saved agreement.
  order.status = 'APPROVED';
  return captureOrder(ctx, order, { declineEvent: 'PAYMENT.CAPTURE.DECLINED' });
}
