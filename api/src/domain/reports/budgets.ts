/**
 * Categories next to their budgets. A month is compared with monthly budgets only: a
 * weekly, quarterly or yearly budget's period does not line up with the month, so
 * putting one month's spending beside it would mislead. A budget is in its own currency;
 * the report's spending is in the base currency (every currency converted), so the
 * budget is converted too, at the month's last day's rate, and shown in both.
 */
import type { CategorySpend, ReportBudget, ReportCategory } from "@tandem/shared";
import { type CategoryRef, rootsOf } from "../analytics/classify";

export interface MonthBudget {
  budgetId: string;
  categoryId: string | null;
  period: ReportBudget["period"];
  currency: string;
  active: boolean;
  available: number;
}

/** Amount in base minor units, or null without a rate. */
export type BudgetToBase = (amount: number, currency: string) => number | null;

export function reportBudget(budget: MonthBudget, spent: number, toBase: BudgetToBase): ReportBudget {
  const availableInBase = toBase(budget.available, budget.currency);
  return {
    budgetId: budget.budgetId,
    period: budget.period,
    currency: budget.currency,
    available: budget.available,
    availableInBase,
    percent:
      availableInBase === null || availableInBase <= 0 ? null : Math.round((spent * 1000) / availableInBase) / 10,
    over: availableInBase !== null && spent > availableInBase,
  };
}

/**
 * The rolled-up spending with each category's monthly budget attached. A budgeted
 * category with no spending still gets its row (spent 0): an untouched budget is news too.
 */
export function categoriesWithBudgets(
  items: readonly CategorySpend[],
  budgets: readonly MonthBudget[],
  categories: readonly CategoryRef[],
  toBase: BudgetToBase,
): ReportCategory[] {
  const monthly = budgets.filter((b) => b.active && b.period === "monthly" && b.categoryId !== null);
  const budgetOf = new Map<string, MonthBudget>();
  for (const b of [...monthly].sort((x, y) => x.budgetId.localeCompare(y.budgetId))) {
    if (!budgetOf.has(b.categoryId!)) budgetOf.set(b.categoryId!, b);
  }
  const attach = (categoryId: string | null, spent: number) => {
    const budget = categoryId ? budgetOf.get(categoryId) : undefined;
    return budget ? reportBudget(budget, spent, toBase) : null;
  };
  const rows: ReportCategory[] = items.map((item) => ({
    categoryId: item.categoryId,
    name: item.name,
    spent: item.amount,
    budget: attach(item.categoryId, item.amount),
    children: item.children.map((c) => ({
      categoryId: c.categoryId,
      name: c.name,
      spent: c.amount,
      budget: attach(c.categoryId, c.amount),
    })),
  }));
  addUnspentBudgets(rows, budgetOf, categories, attach);
  return rows;
}

function addUnspentBudgets(
  rows: ReportCategory[],
  budgetOf: ReadonlyMap<string, MonthBudget>,
  categories: readonly CategoryRef[],
  attach: (categoryId: string, spent: number) => ReportBudget | null,
) {
  const byId = new Map(categories.map((c) => [c.id, c]));
  const roots = rootsOf(categories);
  for (const categoryId of budgetOf.keys()) {
    const category = byId.get(categoryId);
    const rootId = roots.get(categoryId);
    if (!category || !rootId) continue;
    let root = rows.find((r) => r.categoryId === rootId);
    if (!root) {
      root = { categoryId: rootId, name: byId.get(rootId)!.name, spent: 0, budget: attach(rootId, 0), children: [] };
      // Before the uncategorised row, which stays last.
      const uncategorised = rows.findIndex((r) => r.categoryId === null);
      rows.splice(uncategorised === -1 ? rows.length : uncategorised, 0, root);
    }
    if (
      rootId !== categoryId &&
      category.parentId === rootId &&
      !root.children.some((c) => c.categoryId === categoryId)
    ) {
      root.children.push({ categoryId, name: category.name, spent: 0, budget: attach(categoryId, 0) });
    }
  }
}
