import { describe, expect, it } from "vitest";
import { categoryChanges, changeOf } from "./changes";

describe("changeOf", () => {
  it("gives the difference and a one-decimal percent of the previous amount", () => {
    expect(changeOf(1500, 1000)).toEqual({ previous: 1000, current: 1500, change: 500, percent: 50 });
    expect(changeOf(1000, 3000)).toEqual({ previous: 3000, current: 1000, change: -2000, percent: -66.7 });
    expect(changeOf(500, 0)).toMatchObject({ change: 500, percent: null });
    // A negative net that improves is a positive change.
    expect(changeOf(-100, -400)).toMatchObject({ change: 300, percent: 75 });
  });
});

describe("categoryChanges", () => {
  const c = (categoryId: string | null, name: string, spent: number) => ({ categoryId, name, spent });

  it("ranks by amount, counts a missing month as 0, and leaves out what did not change", () => {
    const result = categoryChanges(
      [c("food", "Food", 60_000), c("fun", "Fun", 5_000), c("rent", "Rent", 100_000), c(null, "Uncategorised", 50)],
      [c("food", "Food", 40_000), c("fun", "Fun", 500), c("rent", "Rent", 100_000), c("car", "Car", 30_000)],
    );
    expect(result.grew.map((g) => [g.name, g.change])).toEqual([
      ["Food", 20_000],
      ["Fun", 4_500],
      ["Uncategorised", 50],
    ]);
    expect(result.grew[2]).toMatchObject({ categoryId: null, previous: 0, percent: null });
    expect(result.shrank).toEqual([
      { categoryId: "car", name: "Car", previous: 30_000, current: 0, change: -30_000, percent: -100 },
    ]);
  });

  it("keeps at most `limit` each way, ties by name", () => {
    const now = ["d", "c", "b", "a"].map((id) => c(id, id.toUpperCase(), 100));
    expect(categoryChanges(now, [], 3).grew.map((g) => g.name)).toEqual(["A", "B", "C"]);
  });
});
