/**
 * What changed since the previous month. The rule, kept simple so a reader can check it:
 * income, spending and net are compared as totals; categories are compared at the top
 * level (subcategories rolled in, uncategorised spending as one more category), a
 * category missing from a month counting 0 there. "Grew" are the (at most 3) with the
 * largest increase in amount, "shrank" the (at most 3) with the largest decrease; no
 * change is no entry. Amounts, not percentages, decide: 5 → 50 is +900 % yet matters
 * less than 2,000 → 2,600.
 */
import type { ReportCategoryChange, ReportChange } from "@tandem/shared";

export const CHANGED_CATEGORIES = 3;

export function changeOf(current: number, previous: number): ReportChange {
  const change = current - previous;
  return {
    previous,
    current,
    change,
    percent: previous === 0 ? null : Math.round((change * 1000) / Math.abs(previous)) / 10,
  };
}

export interface CategoryTotal {
  categoryId: string | null;
  name: string;
  spent: number;
}

const keyOf = (c: CategoryTotal) => c.categoryId ?? "";

export function categoryChanges(
  current: readonly CategoryTotal[],
  previous: readonly CategoryTotal[],
  limit = CHANGED_CATEGORIES,
): { grew: ReportCategoryChange[]; shrank: ReportCategoryChange[] } {
  const rows = new Map<string, { categoryId: string | null; name: string; now: number; before: number }>();
  for (const c of previous) rows.set(keyOf(c), { categoryId: c.categoryId, name: c.name, now: 0, before: c.spent });
  for (const c of current) {
    const row = rows.get(keyOf(c)) ?? { categoryId: c.categoryId, name: c.name, now: 0, before: 0 };
    rows.set(keyOf(c), { ...row, name: c.name, now: c.spent });
  }
  const all = [...rows.values()].map((r) => ({ categoryId: r.categoryId, name: r.name, ...changeOf(r.now, r.before) }));
  const byName = (a: ReportCategoryChange, b: ReportCategoryChange) => a.name.localeCompare(b.name);
  return {
    grew: all
      .filter((c) => c.change > 0)
      .sort((a, b) => b.change - a.change || byName(a, b))
      .slice(0, limit),
    shrank: all
      .filter((c) => c.change < 0)
      .sort((a, b) => a.change - b.change || byName(a, b))
      .slice(0, limit),
  };
}
