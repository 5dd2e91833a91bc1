/**
 * A budget's standing in one period, from figures the adapter fetched: pure, so the
 * forecast can reuse it and the tests can pin every rounding.
 */
import { type BudgetPeriod, type BudgetStatus, safeMinor } from "@tandem/shared";
import { daysFrom, daysIn, type Period, periodContaining, periodsBetween } from "./periods";

export interface BudgetDefinition {
  id: string;
  categoryId: string | null;
  amount: number;
  currency: string;
  period: BudgetPeriod;
  startDate: string;
  endDate: string | null;
  rollover: boolean;
}

/** Half-to-even division of integers (d > 0): ties go to the even quotient, so rounding never drifts one way. */
export function divideHalfEven(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  const twice = 2n * (r < 0n ? -r : r);
  if (twice > d || (twice === d && q % 2n !== 0n)) return n < 0n ? q - 1n : q + 1n;
  return q;
}

const safe = (value: bigint): number => safeMinor(value, "amount");

/**
 * Linear projection to the period's end: spent so far × days in period / days elapsed.
 * Nothing elapsed yet (or the period is over) → what was spent is the projection.
 */
export function projectSpend(spent: number, daysElapsed: number, daysInPeriod: number): number {
  if (daysElapsed <= 0 || daysElapsed >= daysInPeriod) return spent;
  return safe(divideHalfEven(BigInt(spent) * BigInt(daysInPeriod), BigInt(daysElapsed)));
}

/**
 * What each period carries into the next: available (budgeted + carried in) minus spent,
 * unspent and overspent alike. Returns the carry INTO each given period (the first gets 0).
 */
export function rolloverInto(periods: readonly { budgeted: number; spent: number }[]): number[] {
  const carries: number[] = [];
  let carry = 0n;
  for (const p of periods) {
    carries.push(safe(carry));
    carry += BigInt(p.budgeted) - BigInt(p.spent);
  }
  return carries;
}

/** The periods whose spending the status needs: from the budget's first (rollover) or just the one. */
export function periodsNeeded(budget: BudgetDefinition, date: string): Period[] {
  const current = periodContaining(budget.period, date);
  if (!budget.rollover || budget.startDate > current.end) return [current];
  return periodsBetween(budget.period, budget.startDate, current.start);
}

const isActive = (budget: BudgetDefinition, p: Period) =>
  budget.startDate <= p.end && (budget.endDate === null || budget.endDate >= p.start);

/** The thresholds (percent of available) that `spent` has reached; an alert is due for each. */
export function thresholdsReached(spent: number, available: number, thresholds = [80, 100]): number[] {
  if (spent <= 0) return [];
  return thresholds.filter((t) => available <= 0 || BigInt(spent) * 100n >= BigInt(t) * BigInt(available));
}

/**
 * The status on `date` of the period containing it. `spentByPeriodStart` maps each
 * period's first day to its net spending (positive = money spent); a missing entry is 0.
 */
export function budgetStatus(
  budget: BudgetDefinition,
  date: string,
  spentByPeriodStart: ReadonlyMap<string, number>,
): BudgetStatus {
  const current = periodContaining(budget.period, date);
  const active = isActive(budget, current);
  const spent = spentByPeriodStart.get(current.start) ?? 0;

  let rolloverIn = 0;
  if (active && budget.rollover) {
    const chain = periodsNeeded(budget, date).map((p) => ({
      budgeted: isActive(budget, p) ? budget.amount : 0,
      spent: spentByPeriodStart.get(p.start) ?? 0,
    }));
    rolloverIn = rolloverInto(chain).at(-1) ?? 0;
  }
  const budgeted = active ? budget.amount : 0;
  const available = safe(BigInt(budgeted) + BigInt(rolloverIn));
  const remaining = safe(BigInt(available) - BigInt(spent));
  const daysInPeriod = daysIn(current);
  const daysElapsed = Math.min(daysInPeriod, Math.max(0, daysFrom(current.start, date) + 1));
  const projectedSpend = projectSpend(spent, daysElapsed, daysInPeriod);
  return {
    budgetId: budget.id,
    categoryId: budget.categoryId,
    period: budget.period,
    currency: budget.currency,
    periodStart: current.start,
    periodEnd: current.end,
    active,
    budgeted,
    rolloverIn,
    available,
    spent,
    remaining,
    percent: available > 0 ? Math.round((spent * 1000) / available) / 10 : null,
    daysElapsed,
    daysInPeriod,
    projectedSpend,
    projectedOver: projectedSpend > available,
    over: spent > available,
  };
}
