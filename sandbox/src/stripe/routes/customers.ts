import { invalidParam, resourceMissing } from '../errors';
import { emptyAddress } from '../objects/common';
import { newCustomer } from '../objects/customer';
import { Params } from '../params';
import { Route, route } from '../router';
import { Customer } from '../types';
import { listOf, mustGet, mustRef } from './util';
import { StripeContext } from '../context';

const ADDRESS_PARTS = ['city', 'country', 'line1', 'line2', 'postal_code', 'state'] as const;

/** `address[line1]=…`: the parts given, the others null; `address=` clears it. Undefined when not sent. */
function addressParam(params: Params): Customer['address'] | undefined {
  if (!params.has('address')) return undefined;
  const a = params.obj('address')?.only(ADDRESS_PARTS);
  if (!a) return null;
  const address = emptyAddress();
  for (const part of ADDRESS_PARTS) address[part] = a.str(part) ?? null;
  return address;
}

/** A deleted customer still answers GET with a tombstone, but can no longer be changed. */
function live(ctx: StripeContext, id: string): Customer {
  const c = mustGet(ctx.state.customers, id);
  if (c.deleted) throw resourceMissing(id);
  return c;
}

export const customerRoutes: Route[] = [
  route('POST', '/v1/customers', ({ params, request }, ctx) => {
    const customer = newCustomer({
      email: params.str('email'),
      name: params.str('name'),
      description: params.str('description'),
      phone: params.str('phone'),
      metadata: params.metadata(),
    });
    const address = addressParam(params);
    if (address !== undefined) customer.address = address;
    ctx.state.track(customer);
    ctx.state.customers.set(customer.id, customer);
    const pm = params.str('payment_method');
    if (pm) {
      const method = mustRef(ctx.state.paymentMethods, pm, 'payment_method');
      method.customer = customer.id;
    }
    ctx.events.emit('customer.created', customer, request);
    return customer;
  }),
  route('GET', '/v1/customers', ({ params }, ctx) => {
    const email = params.str('email');
    const items = [...ctx.state.customers.values()].filter((c) => !c.deleted && (!email || c.email === email));
    return listOf(ctx.state, items, '/v1/customers', params);
  }),
  route('GET', '/v1/customers/:id', ({ path }, ctx) => {
    const c = mustGet(ctx.state.customers, path.id);
    return c.deleted ? { id: c.id, object: 'customer', deleted: true } : c;
  }),
  route('POST', '/v1/customers/:id', ({ path, params, request }, ctx) => {
    const c = live(ctx, path.id);
    const previous: Record<string, unknown> = {};
    const set = <K extends 'email' | 'name' | 'description' | 'phone'>(k: K) => {
      if (!params.has(k)) return;
      previous[k] = c[k];
      c[k] = params.str(k) ?? null;
    };
    (['email', 'name', 'description', 'phone'] as const).forEach(set);
    const address = addressParam(params);
    if (address !== undefined) {
      previous.address = c.address;
      c.address = address;
    }
    const metadata = params.metadata(c.metadata);
    if (metadata) {
      previous.metadata = c.metadata;
      c.metadata = metadata;
    }
    const settings = params.obj('invoice_settings');
    if (settings?.has('default_payment_method')) {
      const pmId = settings.str('default_payment_method') ?? null;
      if (pmId) {
        const pm = ctx.state.paymentMethods.get(pmId);
        if (!pm || pm.customer !== c.id) {
          throw invalidParam(
            'invoice_settings[default_payment_method]',
            `The customer does not have a payment method with the ID ${pmId}. The payment method must be attached to the customer.`,
            'resource_missing',
          );
        }
      }
      previous.invoice_settings = { default_payment_method: c.invoice_settings.default_payment_method };
      c.invoice_settings.default_payment_method = pmId;
    }
    ctx.events.emit('customer.updated', c, request, JSON.parse(JSON.stringify(previous)));
    return c;
  }),
  route('DELETE', '/v1/customers/:id', ({ path, request }, ctx) => {
    const c = live(ctx, path.id);
    ctx.events.emit('customer.deleted', c, request);
    c.deleted = true;
    return { id: c.id, object: 'customer', deleted: true };
  }),
];
