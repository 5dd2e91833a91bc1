/**
 * Reports from grouped sums: the SQL adapter does one GROUP BY per report, these pure
 * functions classify the groups (see classify.ts) and shape the answer.
 */
import type { CategorySpend } from "@tandem/shared";
import { nextMonth } from "@tandem/shared";
import { type CategoryRef, flowAmount, flowOf, rootsOf, toSafeNumber } from "./classify";

export const UNCATEGORISED = "Uncategorised";

/** A group of transactions: one category (or none), one month (or all), money in or out. */
export interface Group {
  categoryId: string | null;
  month?: string;
  /** Exact sum of the group's amounts. */
  total: bigint;
}

/** Net spending per category id (null = uncategorised), from groups; income and transfers left out. */
export function spendingByCategoryId(
  groups: readonly Group[],
  categories: readonly CategoryRef[],
): Map<string | null, bigint> {
  const kinds = new Map(categories.map((c) => [c.id, c.kind]));
  const out = new Map<string | null, bigint>();
  for (const g of groups) {
    const kind = g.categoryId ? (kinds.get(g.categoryId) ?? null) : null;
    if (flowOf(kind, Number(g.total)) !== "expense") continue;
    out.set(g.categoryId, (out.get(g.categoryId) ?? 0n) - g.total);
  }
  return out;
}

/**
 * Top-level categories with their subcategories' spending rolled in, each with its
 * direct children's roll-ups; uncategorised spending last. Largest first.
 */
export function rollUp(spend: ReadonlyMap<string | null, bigint>, categories: readonly CategoryRef[]): CategorySpend[] {
  const byId = new Map(categories.map((c) => [c.id, c]));
  const rolled = new Map<string, bigint>();
  for (const [id, amount] of spend) {
    if (id === null) continue;
    // Add to the category and every ancestor (a loop stops at the first repeat).
    const seen = new Set<string>();
    for (let c = byId.get(id); c && !seen.has(c.id); c = c.parentId ? byId.get(c.parentId) : undefined) {
      seen.add(c.id);
      rolled.set(c.id, (rolled.get(c.id) ?? 0n) + amount);
    }
  }
  const roots = rootsOf(categories);
  const items: CategorySpend[] = [];
  for (const c of categories) {
    if (roots.get(c.id) !== c.id || !rolled.has(c.id)) continue;
    const children = categories
      .filter((child) => child.parentId === c.id && child.id !== c.id && rolled.has(child.id))
      .map((child) => ({ categoryId: child.id, name: child.name, amount: toSafeNumber(rolled.get(child.id)!) }))
      .sort((a, b) => b.amount - a.amount || a.name.localeCompare(b.name));
    items.push({
      categoryId: c.id,
      name: c.name,
      amount: toSafeNumber(rolled.get(c.id)!),
      own: toSafeNumber(spend.get(c.id) ?? 0n),
      children,
    });
  }
  items.sort((a, b) => b.amount - a.amount || a.name.localeCompare(b.name));
  const uncategorised = spend.get(null);
  if (uncategorised !== undefined) {
    const amount = toSafeNumber(uncategorised);
    items.push({ categoryId: null, name: UNCATEGORISED, amount, own: amount, children: [] });
  }
  return items;
}

export interface MonthFlows {
  month: string;
  income: number;
  expense: number;
  net: number;
}

/** Every month from `first` to `last` (YYYY-MM), with income and spending; months without any are zero. */
export function incomeExpenseByMonth(
  groups: readonly Group[],
  categories: readonly CategoryRef[],
  first: string,
  last: string,
): MonthFlows[] {
  const kinds = new Map(categories.map((c) => [c.id, c.kind]));
  const sums = new Map<string, { income: bigint; expense: bigint }>();
  for (const g of groups) {
    const kind = g.categoryId ? (kinds.get(g.categoryId) ?? null) : null;
    const flow = flowOf(kind, Number(g.total));
    if (!flow || !g.month) continue;
    const entry = sums.get(g.month) ?? { income: 0n, expense: 0n };
    entry[flow] += flow === "expense" ? -g.total : g.total;
    sums.set(g.month, entry);
  }
  const out: MonthFlows[] = [];
  for (let month = first; month <= last; month = nextMonth(month)) {
    const { income, expense } = sums.get(month) ?? { income: 0n, expense: 0n };
    out.push({
      month,
      income: toSafeNumber(income),
      expense: toSafeNumber(expense),
      net: toSafeNumber(income - expense),
    });
  }
  return out;
}

/** Ratio to one decimal of a percent (or four decimals of a fraction); null when the base is zero. */
export function ratio(part: number, whole: number, digits: number): number | null {
  if (whole === 0) return null;
  const scale = 10 ** digits;
  return Math.round((part / whole) * scale) / scale;
}

export function change(current: number, earlier: number | null) {
  if (earlier === null) return { amount: null, change: null, percent: null };
  const diff = current - earlier;
  return { amount: earlier, change: diff, percent: earlier === 0 ? null : ratio(diff * 100, earlier, 1) };
}

/** "2026-03" minus n months. */
export function monthsBefore(month: string, n: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const index = y * 12 + (m - 1) - n;
  return `${String(Math.floor(index / 12)).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}`;
}

export { flowAmount, flowOf };
