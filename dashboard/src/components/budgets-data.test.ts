import { describe, expect, it } from "vitest";
import type { BudgetStatus } from "../shared/contract/budgets.js";
import type { Category } from "../shared/contract/categories.js";
import {
  budgetRows,
  categoryLabel,
  categoryOptions,
  chartMax,
  isMonth,
  parseAmount,
  shiftMonth,
} from "./budgets-data.js";

const category = (id: string, name: string, parentId: string | null = null, kind: Category["kind"] = "expense") =>
  ({ id, name, parentId, kind, color: "#000000", icon: "tag", defaultSplit: null, createdAt: "" }) as Category;

const status = (over: Partial<BudgetStatus>): BudgetStatus => ({
  budgetId: "b1",
  categoryId: null,
  period: "monthly",
  currency: "USD",
  periodStart: "2026-11-01",
  periodEnd: "2026-11-30",
  active: true,
  budgeted: 10_000,
  rolloverIn: 0,
  available: 10_000,
  spent: 5_000,
  remaining: 5_000,
  percent: 50,
  daysElapsed: 15,
  daysInPeriod: 30,
  projectedSpend: 10_000,
  projectedOver: false,
  over: false,
  ...over,
});

describe("months", () => {
  it("moves across years", () => {
    expect(shiftMonth("2026-01", -1)).toBe("2025-12");
    expect(shiftMonth("2025-12", 1)).toBe("2026-01");
    expect(shiftMonth("2026-05", -17)).toBe("2024-12");
  });
  it("knows a month", () => {
    expect(isMonth("2026-11")).toBe(true);
    expect(isMonth("2026-13")).toBe(false);
    expect(isMonth("")).toBe(false);
  });
});

describe("parseAmount", () => {
  it("parses exactly, with separators and a symbol", () => {
    expect(parseAmount("1,250.50", "USD")).toEqual({ minor: 125_050 });
    expect(parseAmount("$80", "USD")).toEqual({ minor: 8_000 });
    expect(parseAmount("0.29", "USD")).toEqual({ minor: 29 });
    expect(parseAmount("500", "JPY")).toEqual({ minor: 500 });
  });
  it("leaves the sign to the API", () => {
    expect(parseAmount("-5", "USD")).toEqual({ minor: -500 });
  });
  it("refuses what it cannot represent, in words", () => {
    expect(parseAmount("", "USD").error).toBe("Enter an amount");
    expect(parseAmount("abc", "USD").error).toMatch(/like 250/);
    expect(parseAmount("1.234", "USD").error).toMatch(/at most 2 decimal places/);
  });
});

describe("categories", () => {
  const categories = [
    category("food", "Food"),
    category("groceries", "Groceries", "food"),
    category("salary", "Salary", null, "income"),
  ];
  it("offers expense categories with their parents", () => {
    expect(categoryOptions(categories)).toEqual([
      { id: "food", label: "Food" },
      { id: "groceries", label: "Food › Groceries" },
    ]);
  });
  it("names an overall budget and a removed category", () => {
    const byId = new Map(categories.map((c) => [c.id, c]));
    expect(categoryLabel(null, byId)).toBe("Everything (overall)");
    expect(categoryLabel("gone", byId)).toBe("A removed category");
  });
});

describe("budgetRows", () => {
  it("joins, levels and orders the rows", () => {
    const rows = budgetRows(
      [
        status({ budgetId: "b2", categoryId: "food", percent: 85 }),
        status({ budgetId: "b1", categoryId: null, percent: 120, over: true }),
        status({ budgetId: "b3", categoryId: "food", period: "weekly", percent: null, available: 0, spent: 10 }),
      ],
      [],
      [category("food", "Food")],
    );
    expect(rows.map((r) => [r.label, r.level, r.barPercent])).toEqual([
      ["Everything (overall) (month)", "over", 120],
      ["Food (month)", "near", 85],
      ["Food (week)", "near", 150],
    ]);
    expect(chartMax(rows)).toBe(150);
    expect(chartMax([])).toBe(110);
  });
});
