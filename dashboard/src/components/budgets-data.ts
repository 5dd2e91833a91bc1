/**
 * The Budgets page's pure logic: months for the period picker, amounts typed by a member
 * to minor units, and the rows the chart and the table show (from GET /budgets/status,
 * joined with the budgets and the categories).
 */
import type { Budget, BudgetPeriod, BudgetStatus } from "../shared/contract/budgets.js";
import type { Category } from "../shared/contract/categories.js";
import { MoneyParseError, toMinorUnits } from "../shared/money.js";

/** "2026-11" from a Date, in the viewer's own calendar. */
export function monthOf(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}`;
}

/** "2026-11" moved by `delta` months: shiftMonth("2026-01", -1) = "2025-12". */
export function shiftMonth(month: string, delta: number): string {
  const [year, monthNumber] = month.split("-").map(Number) as [number, number];
  const index = year * 12 + (monthNumber - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

export function isMonth(value: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
}

/** A field the page refuses before asking the API, shaped like the API's own refusals. */
export interface AmountResult {
  minor?: number;
  error?: string;
}

/**
 * What a member typed ("1,250.50", "$80", "80") to minor units, exactly. Anything that is
 * not a plain decimal amount is an error in words; the sign is left to the API to judge.
 */
export function parseAmount(text: string, currency: string): AmountResult {
  if (!text.trim()) return { error: "Enter an amount" };
  const cleaned = text
    .trim()
    .replace(/[\s,]/g, "")
    .replace(/^([+-]?)[^\d+\-.]+/, "$1");
  try {
    return { minor: toMinorUnits(cleaned, currency) };
  } catch (error) {
    if (error instanceof MoneyParseError) {
      return {
        error: /decimal places/.test(error.message)
          ? `Use at most ${decimals(currency)} decimal places for ${currency}`
          : "Enter an amount like 250 or 250.00",
      };
    }
    throw error;
  }
}

function decimals(currency: string): number {
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

export const PERIOD_LABELS: Record<BudgetPeriod, string> = {
  weekly: "Every week",
  monthly: "Every month",
  quarterly: "Every quarter",
  yearly: "Every year",
};

export const PERIOD_NOUNS: Record<BudgetPeriod, string> = {
  weekly: "week",
  monthly: "month",
  quarterly: "quarter",
  yearly: "year",
};

/** Expense categories for the picker, parents before their children: "Food › Groceries". */
export function categoryOptions(categories: readonly Category[]): { id: string; label: string }[] {
  const byId = new Map(categories.map((category) => [category.id, category]));
  return categories
    .filter((category) => category.kind === "expense")
    .map((category) => ({ id: category.id, label: categoryLabel(category.id, byId) }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

export function categoryLabel(id: string | null, byId: ReadonlyMap<string, Category>): string {
  if (id === null) return "Everything (overall)";
  const names: string[] = [];
  let current = byId.get(id);
  const seen = new Set<string>();
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    names.unshift(current.name);
    current = current.parentId ? byId.get(current.parentId) : undefined;
  }
  return names.length ? names.join(" › ") : "A removed category";
}

/** One budget's line in the chart and the table. */
export interface BudgetRow {
  budgetId: string;
  label: string;
  status: BudgetStatus;
  budget: Budget | undefined;
  rollover: boolean;
  /** How full the budget is, for the bar: the API's percent, or (when nothing is available) 0 or "over". */
  barPercent: number;
  level: "under" | "near" | "over";
}

/** Joins the statuses with their budgets and categories, overall first, then by name. */
export function budgetRows(
  statuses: readonly BudgetStatus[],
  budgets: readonly Budget[],
  categories: readonly Category[],
): BudgetRow[] {
  const budgetById = new Map(budgets.map((budget) => [budget.id, budget]));
  const categoryById = new Map(categories.map((category) => [category.id, category]));
  return statuses
    .map((status) => {
      const budget = budgetById.get(status.budgetId);
      const barPercent = status.percent ?? (status.spent > 0 ? OVER_WHEN_NOTHING_AVAILABLE : 0);
      const level: BudgetRow["level"] = status.over ? "over" : barPercent >= 80 ? "near" : "under";
      return {
        budgetId: status.budgetId,
        label: `${categoryLabel(status.categoryId, categoryById)} (${PERIOD_NOUNS[status.period]})`,
        status,
        budget,
        rollover: budget?.rollover ?? false,
        barPercent,
        level,
      };
    })
    .sort(
      (a, b) =>
        Number(a.status.categoryId !== null) - Number(b.status.categoryId !== null) || a.label.localeCompare(b.label),
    );
}

/** Where a bar stops when the budget had nothing available and money was spent anyway. */
export const OVER_WHEN_NOTHING_AVAILABLE = 150;

/** The right end of the chart's scale: past 100 % so the mark shows, capped so one outlier does not squash the rest. */
export function chartMax(rows: readonly BudgetRow[]): number {
  const highest = Math.max(0, ...rows.map((row) => row.barPercent));
  return Math.min(Math.max(110, Math.ceil(highest / 10) * 10), 200);
}

/** "Jan 1 – Jan 31, 2026" for a period. */
export function periodLabel(start: string, end: string): string {
  const format = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });
  return format.formatRange(new Date(`${start}T00:00:00Z`), new Date(`${end}T00:00:00Z`));
}
