import type { Money } from '../../domain/money';
import type { PlanInterval } from '../email-facts';
import { formatAmount } from '../format';

/** "€10.00 per month", "¥12,000 per year". */
export function planPrice(price: Money, interval: PlanInterval): string {
  return `${formatAmount(price)} per ${interval}`;
}
