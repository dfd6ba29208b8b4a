import { JsonObject } from '../shared/json';
import { isoNow } from './objects';
import { PayPalState } from './state';
import { Money, Plan, Subscription } from './types';

export type Cycle = Plan['billing_cycles'][number];

export type CycleExecution = JsonObject & {
  tenure_type: string;
  sequence: number;
  cycles_completed: number;
  cycles_remaining: number;
  total_cycles: number;
};

export type BillingInfo = JsonObject & {
  outstanding_balance: Money;
  cycle_executions: CycleExecution[];
  next_billing_time?: string;
  failed_payments_count: number;
};

/**
 * A subscription's clock (ISO, seconds): where `/_sandbox/subscriptions/:id/advance` last moved it,
 * else the wall clock. Billing times, sales and payment times follow it; events carry real time.
 */
export function subClock(state: PayPalState, sub: Subscription): string {
  return state.clocks.get(sub.id) ?? isoNow();
}

export function billingInfo(sub: Subscription): BillingInfo {
  return sub.billing_info as BillingInfo;
}

/** The plan's cycles in the order they run: TRIAL ones first, by `sequence`. */
export function cyclesOf(plan: Plan): Cycle[] {
  return [...plan.billing_cycles].sort((a, b) => a.sequence - b.sequence);
}

/** `billing_info.cycle_executions` as PayPal starts them: nothing completed yet. */
export function newExecutions(plan: Plan): CycleExecution[] {
  return cyclesOf(plan).map((c) => ({
    tenure_type: c.tenure_type,
    sequence: c.sequence,
    cycles_completed: 0,
    cycles_remaining: c.total_cycles,
    current_pricing_scheme_version: 1,
    total_cycles: c.total_cycles,
  }));
}

/** The cycle that bills next (`total_cycles` 0 = a REGULAR cycle that repeats forever); none when all ran. */
export function nextCycle(plan: Plan, sub: Subscription): { cycle: Cycle; execution: CycleExecution } | undefined {
  const info = billingInfo(sub);
  for (const cycle of cyclesOf(plan)) {
    const execution = info.cycle_executions.find((e) => e.sequence === cycle.sequence);
    if (!execution) continue;
    if (cycle.total_cycles === 0 || execution.cycles_completed < cycle.total_cycles) return { cycle, execution };
  }
  return undefined;
}

/** Counts one run of a cycle. */
export function completeCycle(execution: CycleExecution): void {
  execution.cycles_completed += 1;
  if (execution.total_cycles > 0)
    execution.cycles_remaining = Math.max(0, execution.total_cycles - execution.cycles_completed);
}

/** The time one period of `cycle` after `iso` (months and years follow the calendar). */
export function addInterval(iso: string, cycle: Cycle): string {
  const d = new Date(iso);
  const n = cycle.frequency.interval_count;
  switch (cycle.frequency.interval_unit) {
    case 'DAY':
      d.setUTCDate(d.getUTCDate() + n);
      break;
    case 'WEEK':
      d.setUTCDate(d.getUTCDate() + 7 * n);
      break;
    case 'YEAR':
      d.setUTCFullYear(d.getUTCFullYear() + n);
      break;
    default:
      d.setUTCMonth(d.getUTCMonth() + n);
  }
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `iso` plus whole days. */
export function addDays(iso: string, days: number): string {
  return new Date(new Date(iso).getTime() + days * 86400 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
