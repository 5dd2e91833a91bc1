import { describe, expect, it } from "vitest";
import { contributionValue, goalProgress } from "./progress";

describe("contributionValue", () => {
  it("counts deposits on the goal's account and transfers out of other accounts", () => {
    expect(contributionValue(5000, "savings", "savings")).toBe(5000);
    expect(contributionValue(-2000, "savings", "savings")).toBe(-2000);
    expect(contributionValue(-5000, "checking", "savings")).toBe(5000);
    expect(contributionValue(-5000, "checking", null)).toBe(5000);
  });
});

describe("goalProgress", () => {
  it("projects completion from the average monthly rate", () => {
    const progress = goalProgress(
      { targetAmount: 100_000, deadline: "2026-12-31" },
      [
        { date: "2026-01-10", value: 10_000 },
        { date: "2026-02-10", value: 10_000 },
        { date: "2026-03-05", value: 10_000 },
      ],
      "2026-03-20",
    );
    // 30,000 over Jan–Mar is 10,000 a month; 70,000 more takes 7 months: October 20.
    expect(progress).toEqual({
      saved: 30_000,
      remaining: 70_000,
      percent: 30,
      contributionCount: 3,
      monthlyRate: 10_000,
      projectedCompletion: "2026-10-20",
      requiredMonthly: 7_000, // 70,000 over the 10 months March–December
      status: "on_track",
    });
  });

  it("is behind when the rate misses the deadline", () => {
    const progress = goalProgress(
      { targetAmount: 100_000, deadline: "2026-06-30" },
      [{ date: "2026-01-31", value: 9_000 }],
      "2026-03-31",
    );
    expect(progress.monthlyRate).toBe(3_000);
    expect(progress.projectedCompletion).toBe("2028-10-31"); // 91,000 / 3,000 → 31 months after March 2026
    expect(progress.requiredMonthly).toBe(22_750);
    expect(progress.status).toBe("behind");
  });

  it("floors the percent to one decimal and handles no contributions and completion", () => {
    expect(
      goalProgress({ targetAmount: 3, deadline: null }, [{ date: "2026-01-01", value: 1 }], "2026-01-01").percent,
    ).toBe(33.3);
    const empty = goalProgress({ targetAmount: 1000, deadline: "2026-01-01" }, [], "2026-03-01");
    expect(empty).toMatchObject({
      saved: 0,
      monthlyRate: 0,
      projectedCompletion: null,
      status: "behind",
      requiredMonthly: 1000,
    });
    expect(goalProgress({ targetAmount: 1000, deadline: null }, [], "2026-03-01").status).toBe("no_deadline");
    const done = goalProgress(
      { targetAmount: 1000, deadline: null },
      [{ date: "2026-01-01", value: 1500 }],
      "2026-03-01",
    );
    expect(done).toMatchObject({ remaining: 0, percent: 150, status: "complete", projectedCompletion: "2026-03-01" });
  });
});
