import type { CategorySpend } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import type { CategoryRef } from "../analytics/classify";
import { categoriesWithBudgets, type MonthBudget, reportBudget } from "./budgets";

const tree: CategoryRef[] = [
  { id: "food", parentId: null, name: "Food", kind: "expense" },
  { id: "eat", parentId: "food", name: "Eating out", kind: "expense" },
  { id: "car", parentId: null, name: "Car", kind: "expense" },
  { id: "fuel", parentId: "car", name: "Fuel", kind: "expense" },
];
const budget = (over: Partial<MonthBudget>): MonthBudget => ({
  budgetId: "b1",
  categoryId: "food",
  period: "monthly",
  currency: "USD",
  active: true,
  available: 50_000,
  ...over,
});
const usd = (amount: number, currency: string) => (currency === "USD" ? amount : null);

describe("reportBudget", () => {
  it("compares base spending with the budget converted to base", () => {
    expect(reportBudget(budget({}), 60_000, usd)).toMatchObject({ availableInBase: 50_000, percent: 120, over: true });
    const euro = reportBudget(budget({ currency: "EUR" }), 60_000, (a) => Math.round(a * 1.1));
    expect(euro).toMatchObject({ available: 50_000, availableInBase: 55_000, percent: 109.1, over: true });
  });

  it("says when the budget has no rate instead of guessing", () => {
    expect(reportBudget(budget({ currency: "EUR" }), 1, usd)).toMatchObject({
      availableInBase: null,
      percent: null,
      over: false,
    });
  });
});

describe("categoriesWithBudgets", () => {
  const items: CategorySpend[] = [
    {
      categoryId: "food",
      name: "Food",
      amount: 30_000,
      own: 10_000,
      children: [{ categoryId: "eat", name: "Eating out", amount: 20_000 }],
    },
    { categoryId: null, name: "Uncategorised", amount: 500, own: 500, children: [] },
  ];

  it("attaches monthly budgets only, and adds rows for budgeted categories without spending", () => {
    const rows = categoriesWithBudgets(
      items,
      [
        budget({}),
        budget({ budgetId: "b2", categoryId: "eat", available: 10_000 }),
        budget({ budgetId: "b3", categoryId: "fuel", available: 8_000 }),
        budget({ budgetId: "b4", categoryId: "car", period: "yearly" }),
      ],
      tree,
      usd,
    );
    expect(rows.map((r) => [r.name, r.spent, r.budget?.budgetId ?? null])).toEqual([
      ["Food", 30_000, "b1"],
      ["Car", 0, null],
      ["Uncategorised", 500, null],
    ]);
    expect(rows[0]!.children[0]).toMatchObject({ name: "Eating out", budget: { percent: 200, over: true } });
    expect(rows[1]!.children).toEqual([
      expect.objectContaining({ categoryId: "fuel", spent: 0, budget: expect.objectContaining({ percent: 0 }) }),
    ]);
  });

  it("ignores inactive budgets", () => {
    const rows = categoriesWithBudgets(items, [budget({ active: false })], tree, usd);
    expect(rows[0]!.budget).toBeNull();
  });
});
