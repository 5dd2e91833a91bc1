import { describe, expect, it } from "vitest";
import { budgetSpreads } from "./budget-spreads";

const status = (over: Partial<Parameters<typeof budgetSpreads>[0][number]> = {}) => ({
  budgetId: "b",
  categoryId: "food",
  currency: "USD",
  periodStart: "2026-03-01",
  periodEnd: "2026-03-31",
  active: true,
  remaining: 40_000,
  ...over,
});

describe("budgetSpreads", () => {
  const tree = [
    { id: "food", parentId: null },
    { id: "groceries", parentId: "food" },
    { id: "rent", parentId: null },
  ];

  it("subtracts recurring items in the budget's categories, in its period", () => {
    const spreads = budgetSpreads(
      [status()],
      [
        { date: "2026-03-20", amount: -5_000, categoryId: "groceries", currency: "USD" },
        { date: "2026-04-02", amount: -5_000, categoryId: "groceries", currency: "USD" },
        { date: "2026-03-20", amount: -90_000, categoryId: "rent", currency: "USD" },
      ],
      tree,
      () => "acc",
    );
    expect(spreads).toEqual([{ accountId: "acc", amount: -35_000, from: "2026-03-01", to: "2026-03-31" }]);
  });

  it("skips overspent, inactive and fully covered budgets", () => {
    const covered = [{ date: "2026-03-20", amount: -50_000, categoryId: null, currency: "USD" }];
    expect(
      budgetSpreads(
        [status({ remaining: -1 }), status({ active: false }), status({ categoryId: null })],
        covered,
        tree,
        () => "acc",
      ),
    ).toEqual([]);
  });
});
