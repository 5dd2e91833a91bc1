import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type BudgetDefinition,
  budgetStatus,
  divideHalfEven,
  projectSpend,
  rolloverInto,
  thresholdsReached,
} from "./status";

const budget = (over: Partial<BudgetDefinition> = {}): BudgetDefinition => ({
  id: "b1",
  categoryId: null,
  amount: 10_000,
  currency: "USD",
  period: "monthly",
  startDate: "2026-01-01",
  endDate: null,
  rollover: false,
  ...over,
});

describe("projection", () => {
  it("scales linearly by elapsed days and rounds half to even in minor units", () => {
    expect(projectSpend(1000, 10, 30)).toBe(3000);
    expect(projectSpend(1, 2, 3)).toBe(2); // 1.5 → 2 (even)
    expect(projectSpend(1, 2, 5)).toBe(2); // 2.5 → 2 (even)
    expect(projectSpend(3, 2, 5)).toBe(8); // 7.5 → 8 (even)
    expect(projectSpend(-1, 2, 5)).toBe(-2); // -2.5 → -2
    expect(projectSpend(100, 7, 31)).toBe(443); // 442.857…
    expect(projectSpend(500, 0, 30)).toBe(500);
    expect(projectSpend(500, 30, 30)).toBe(500);
  });

  it("divides like exact rational rounding", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.bigInt({ min: 1n, max: 400n }), (n, d) => {
        const q = divideHalfEven(n, d);
        // |n - q*d| <= d/2
        const diff = n - q * d;
        expect(2n * (diff < 0n ? -diff : diff) <= d).toBe(true);
      }),
    );
  });
});

describe("rollover", () => {
  it("carries unspent and overspent amounts forward, cumulatively", () => {
    expect(
      rolloverInto([
        { budgeted: 100, spent: 60 },
        { budgeted: 100, spent: 150 },
        { budgeted: 100, spent: 0 },
      ]),
    ).toEqual([0, 40, -10]);
  });

  it("feeds the status: available = budgeted + carried in", () => {
    const b = budget({ rollover: true, startDate: "2026-01-15" });
    const spent = new Map([
      ["2026-01-01", 4_000],
      ["2026-02-01", 12_000],
      ["2026-03-01", 5_000],
    ]);
    const s = budgetStatus(b, "2026-03-10", spent);
    // Jan: +6,000; Feb: -2,000 → 4,000 carried into March.
    expect(s).toMatchObject({ rolloverIn: 4_000, available: 14_000, spent: 5_000, remaining: 9_000, over: false });
    expect(budgetStatus({ ...b, rollover: false }, "2026-03-10", spent).rolloverIn).toBe(0);
  });
});

describe("status", () => {
  it("reports a period with percent, projection and over/under", () => {
    const s = budgetStatus(budget(), "2026-02-07", new Map([["2026-02-01", 3_500]]));
    expect(s).toMatchObject({
      periodStart: "2026-02-01",
      periodEnd: "2026-02-28",
      active: true,
      budgeted: 10_000,
      available: 10_000,
      spent: 3_500,
      remaining: 6_500,
      percent: 35,
      daysElapsed: 7,
      daysInPeriod: 28,
      projectedSpend: 14_000,
      projectedOver: true,
      over: false,
    });
  });

  it("is inactive before its start and after its end", () => {
    expect(budgetStatus(budget({ startDate: "2026-05-01" }), "2026-04-30", new Map()).active).toBe(false);
    expect(budgetStatus(budget({ endDate: "2026-03-31" }), "2026-04-01", new Map())).toMatchObject({
      active: false,
      budgeted: 0,
    });
  });

  it("reaches 80 and 100 percent thresholds exactly at the boundary", () => {
    expect(thresholdsReached(7_999, 10_000)).toEqual([]);
    expect(thresholdsReached(8_000, 10_000)).toEqual([80]);
    expect(thresholdsReached(10_000, 10_000)).toEqual([80, 100]);
    expect(thresholdsReached(0, 0)).toEqual([]);
    expect(thresholdsReached(1, -5)).toEqual([80, 100]);
  });
});
