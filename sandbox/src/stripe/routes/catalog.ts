import { checkCurrency } from '../currency-rules';
import { invalidParam } from '../errors';
import { newPrice, newProduct } from '../objects/catalog';
import { Params } from '../params';
import { Route, route } from '../router';
import { StripeContext } from '../context';
import { Price, Recurring } from '../types';
import { listOf, mustGet, mustRef } from './util';

const INTERVALS = ['day', 'week', 'month', 'year'] as const;

/** Parses `recurring[interval]` / `recurring[interval_count]` (shared by prices and price_data). */
export function parseRecurring(
  p: Params | undefined,
): { interval: Recurring['interval']; interval_count: number } | null {
  if (!p) return null;
  const interval = p.enum('interval', INTERVALS, true) as Recurring['interval'];
  const count = p.int('interval_count', false, 1) ?? 1;
  return { interval, interval_count: count };
}

/** Currency codes are three lower-case letters on Stripe's wire. */
export function parseCurrency(p: Params, key = 'currency', required = true): string | undefined {
  const c = p.str(key, required);
  if (c === undefined) return undefined;
  if (!/^[a-zA-Z]{3}$/.test(c))
    throw invalidParam(
      p.name(key),
      `Invalid currency: ${c}. Stripe currently supports these currencies: usd, eur, gbp, jpy, …`,
    );
  checkCurrency(c.toLowerCase(), p.name(key));
  return c.toLowerCase();
}

/** Creates a price from `price_data` (inline, as Checkout allows) or `/v1/prices` params. */
export function createPrice(ctx: StripeContext, p: Params, productId: string): Price {
  const price = newPrice({
    currency: parseCurrency(p) as string,
    unit_amount: p.int('unit_amount', true) as number,
    product: productId,
    recurring: parseRecurring(p.obj('recurring')),
    metadata: p.metadata(),
    nickname: p.str('nickname'),
    lookup_key: p.str('lookup_key'),
  });
  ctx.state.track(price);
  ctx.state.prices.set(price.id, price);
  return price;
}

export const catalogRoutes: Route[] = [
  route('POST', '/v1/products', ({ params, request }, ctx) => {
    const product = newProduct({
      name: params.str('name', true) as string,
      description: params.str('description'),
      metadata: params.metadata(),
      active: params.bool('active'),
    });
    ctx.state.track(product);
    ctx.state.products.set(product.id, product);
    ctx.events.emit('product.created', product, request);
    const dp = params.obj('default_price_data');
    if (dp) {
      const price = createPrice(ctx, dp, product.id);
      product.default_price = price.id;
      ctx.events.emit('price.created', price, request);
    }
    return product;
  }),
  route('GET', '/v1/products', ({ params }, ctx) =>
    listOf(ctx.state, ctx.state.products.values(), '/v1/products', params),
  ),
  route('GET', '/v1/products/:id', ({ path }, ctx) => mustGet(ctx.state.products, path.id)),
  route('POST', '/v1/prices', ({ params, request }, ctx) => {
    let productId = params.str('product');
    const productData = params.obj('product_data');
    if (productId) mustRef(ctx.state.products, productId, 'product');
    else if (productData) {
      const product = newProduct({ name: productData.str('name', true) as string, metadata: productData.metadata() });
      ctx.state.track(product);
      ctx.state.products.set(product.id, product);
      ctx.events.emit('product.created', product, request);
      productId = product.id;
    } else throw invalidParam('product', 'Missing required param: product.', 'parameter_missing');
    const price = createPrice(ctx, params, productId);
    ctx.events.emit('price.created', price, request);
    return price;
  }),
  route('GET', '/v1/prices', ({ params }, ctx) => {
    const product = params.str('product');
    const items = [...ctx.state.prices.values()].filter((p) => !product || p.product === product);
    return listOf(ctx.state, items, '/v1/prices', params);
  }),
  route('GET', '/v1/prices/:id', ({ path }, ctx) => mustGet(ctx.state.prices, path.id)),
];
