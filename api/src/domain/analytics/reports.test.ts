import { describe, expect, it } from "vitest";
import { type CategoryRef, flowOf } from "./classify";
import { change, incomeExpenseByMonth, monthsBefore, rollUp, spendingByCategoryId } from "./reports";

const tree: CategoryRef[] = [
  { id: "food", parentId: null, name: "Food", kind: "expense" },
  { id: "groceries", parentId: "food", name: "Groceries", kind: "expense" },
  { id: "organic", parentId: "groceries", name: "Organic", kind: "expense" },
  { id: "income", parentId: null, name: "Income", kind: "income" },
  { id: "transfers", parentId: null, name: "Transfers", kind: "transfer" },
];

describe("classification", () => {
  it("leaves transfers out, counts refunds against spending and uncategorised by sign", () => {
    expect(flowOf("transfer", -100)).toBeNull();
    expect(flowOf("expense", 100)).toBe("expense");
    expect(flowOf("income", -100)).toBe("income");
    expect(flowOf(null, -1)).toBe("expense");
    expect(flowOf(null, 1)).toBe("income");
    expect(flowOf(null, 0)).toBeNull();
  });
});

describe("roll-up", () => {
  it("adds every descendant into its top-level category, with direct children broken down", () => {
    const spend = spendingByCategoryId(
      [
        { categoryId: "food", total: -100n },
        { categoryId: "groceries", total: -1_000n },
        { categoryId: "organic", total: -50n },
        { categoryId: "organic", total: 10n }, // a refund
        { categoryId: "income", total: 5_000n },
        { categoryId: "transfers", total: -7_000n },
        { categoryId: null, total: -30n },
        { categoryId: null, total: 99n },
      ],
      tree,
    );
    expect(rollUp(spend, tree)).toEqual([
      {
        categoryId: "food",
        name: "Food",
        amount: 1_140,
        own: 100,
        children: [{ categoryId: "groceries", name: "Groceries", amount: 1_040 }],
      },
      { categoryId: null, name: "Uncategorised", amount: 30, own: 30, children: [] },
    ]);
  });

  it("fills months without transactions with zeros", () => {
    const months = incomeExpenseByMonth(
      [
        { categoryId: "income", month: "2025-12", total: 500n },
        { categoryId: "food", month: "2026-02", total: -200n },
      ],
      tree,
      "2025-12",
      "2026-02",
    );
    expect(months).toEqual([
      { month: "2025-12", income: 500, expense: 0, net: 500 },
      { month: "2026-01", income: 0, expense: 0, net: 0 },
      { month: "2026-02", income: 0, expense: 200, net: -200 },
    ]);
  });
});

describe("months and changes", () => {
  it("steps back across years", () => {
    expect(monthsBefore("2026-01", 1)).toBe("2025-12");
    expect(monthsBefore("2026-03", 12)).toBe("2025-03");
    expect(monthsBefore("2025-12", -1)).toBe("2026-01");
  });
  it("reports change and percent, null against zero", () => {
    expect(change(150, 100)).toEqual({ amount: 100, change: 50, percent: 50 });
    expect(change(10, 0)).toEqual({ amount: 0, change: 10, percent: null });
  });
});
