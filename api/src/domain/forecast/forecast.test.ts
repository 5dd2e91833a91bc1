import { describe, expect, it } from "vitest";
import { projectBalances, spreadEvenly } from "./forecast";

describe("spreadEvenly", () => {
  it("splits into whole units that add up exactly, remainder on the earliest days", () => {
    expect(spreadEvenly(100, 3)).toEqual([34, 33, 33]);
    expect(spreadEvenly(-100, 3)).toEqual([-34, -33, -33]);
    expect(spreadEvenly(2, 5)).toEqual([1, 1, 0, 0, 0]);
    expect(spreadEvenly(0, 2)).toEqual([0, 0]);
    const parts = spreadEvenly(-1_000_001, 31);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(-1_000_001);
    expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
  });

  it("stays exact beyond float-friendly sizes", () => {
    const total = Number.MAX_SAFE_INTEGER - 6;
    expect(spreadEvenly(total, 7).reduce((a, b) => a + b, 0)).toBe(total);
  });
});

describe("projectBalances", () => {
  it("adds items on their days, spreads budgets, and finds the lowest point", () => {
    const [acc] = projectBalances(
      "2026-03-28",
      5,
      [{ accountId: "a", balance: 10_000 }],
      [
        { accountId: "a", date: "2026-03-30", amount: -12_000, seriesId: "rent", label: "Rent" },
        { accountId: "a", date: "2026-04-01", amount: 50_000, seriesId: "pay", label: "Pay" },
        { accountId: "a", date: "2026-03-28", amount: -999, seriesId: "x", label: "Today: already in balance" },
        { accountId: "b", date: "2026-03-30", amount: -1, seriesId: "y", label: "Another account" },
      ],
      // 1000 over the rest of March (29–31), starting before tomorrow: 334, 333, 333.
      [{ accountId: "a", amount: -1000, from: "2026-03-01", to: "2026-03-31" }],
    );
    expect(acc!.points.map((p) => [p.date, p.balance])).toEqual([
      ["2026-03-29", 9_666],
      ["2026-03-30", -2_667],
      ["2026-03-31", -3_000],
      ["2026-04-01", 47_000],
      ["2026-04-02", 47_000],
    ]);
    expect(acc!.lowest).toEqual({ date: "2026-03-31", balance: -3_000 });
    expect(acc!.endBalance).toBe(47_000);
    expect(acc!.items.map((i) => i.seriesId)).toEqual(["rent", "pay"]);
  });

  it("reports today as the lowest point when the balance only rises", () => {
    const [acc] = projectBalances("2026-01-01", 2, [{ accountId: "a", balance: 5 }], []);
    expect(acc!.lowest).toEqual({ date: "2026-01-01", balance: 5 });
    expect(acc!.points).toHaveLength(2);
  });

  it("counts only the part of a spread inside the horizon", () => {
    const [acc] = projectBalances(
      "2026-04-01",
      10,
      [{ accountId: "a", balance: 0 }],
      [],
      [{ accountId: "a", amount: -3000, from: "2026-04-01", to: "2026-04-30" }],
    );
    // 29 days from Apr 2 to Apr 30: 3000 = 29 × 103 + 13, so the first 13 days get 104, the rest 103.
    expect(acc!.endBalance).toBe(-10 * 104);
  });
});
