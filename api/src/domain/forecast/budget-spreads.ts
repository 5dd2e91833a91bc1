import { descendantsOf } from "../category-tree";
import type { ForecastSpreadInput } from "./forecast";

/** What the forecast needs of a budget's status for one period. */
export interface BudgetPeriodStatus {
  budgetId: string;
  categoryId: string | null;
  currency: string;
  periodStart: string;
  periodEnd: string;
  active: boolean;
  remaining: number;
}

export interface ExpectedOutflow {
  date: string;
  amount: number;
  categoryId: string | null;
  currency: string;
}

/**
 * Budgets' remaining spending as spreads. What confirmed recurring items in the
 * budget's categories will take in the same period is subtracted first (rent is both
 * a recurring item and inside a rent budget; counting it twice would sink the
 * forecast). Overspent budgets add nothing. `accountFor` picks the account a budget's
 * spending is expected from (the one that carried most of it lately).
 */
export function budgetSpreads(
  statuses: BudgetPeriodStatus[],
  outflows: ExpectedOutflow[],
  tree: { id: string; parentId: string | null }[],
  accountFor: (budget: BudgetPeriodStatus) => string | null,
): ForecastSpreadInput[] {
  const spreads: ForecastSpreadInput[] = [];
  for (const status of statuses) {
    if (!status.active || status.remaining <= 0) continue;
    const scope = status.categoryId ? new Set([status.categoryId, ...descendantsOf(tree, status.categoryId)]) : null;
    let covered = 0;
    for (const item of outflows) {
      if (item.amount >= 0 || item.currency !== status.currency) continue;
      if (item.date < status.periodStart || item.date > status.periodEnd) continue;
      if (scope && (!item.categoryId || !scope.has(item.categoryId))) continue;
      covered += -item.amount;
    }
    const left = status.remaining - covered;
    const accountId = accountFor(status);
    if (left <= 0 || !accountId) continue;
    spreads.push({ accountId, amount: -left, from: status.periodStart, to: status.periodEnd });
  }
  return spreads;
}
