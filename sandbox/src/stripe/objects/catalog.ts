import { stripeId } from '../../shared/ids';
import { nowSeconds } from '../../shared/json';
import { Metadata, Price, Product, Recurring } from '../types';

export interface ProductInput {
  name: string;
  description?: string | null;
  metadata?: Metadata;
  active?: boolean;
}

export function newProduct(input: ProductInput): Product {
  const now = nowSeconds();
  return {
    id: stripeId('prod', 14),
    object: 'product',
    active: input.active ?? true,
    created: now,
    default_price: null,
    description: input.description ?? null,
    images: [],
    livemode: false,
    marketing_features: [],
    metadata: input.metadata ?? {},
    name: input.name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: null,
    type: 'service',
    unit_label: null,
    updated: now,
    url: null,
  };
}

export interface PriceInput {
  currency: string;
  unit_amount: number;
  product: string;
  recurring?: { interval: Recurring['interval']; interval_count: number } | null;
  metadata?: Metadata;
  nickname?: string | null;
  lookup_key?: string | null;
}

/** Shape of `object.price.json`; `recurring` null for one-time prices. */
export function newPrice(input: PriceInput): Price {
  const recurring: Recurring | null = input.recurring
    ? {
        interval: input.recurring.interval,
        interval_count: input.recurring.interval_count,
        meter: null,
        trial_period_days: null,
        usage_type: 'licensed',
      }
    : null;
  return {
    id: stripeId('price', 24),
    object: 'price',
    active: true,
    billing_scheme: 'per_unit',
    created: nowSeconds(),
    currency: input.currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: input.lookup_key ?? null,
    metadata: input.metadata ?? {},
    nickname: input.nickname ?? null,
    product: input.product,
    recurring,
    tax_behavior: 'unspecified',
    tiers_mode: null,
    transform_quantity: null,
    type: recurring ? 'recurring' : 'one_time',
    unit_amount: input.unit_amount,
    unit_amount_decimal: String(input.unit_amount),
  };
}
