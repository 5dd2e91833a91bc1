import { describe, expect, it } from "vitest";
import { daysIn, nextPeriod, periodContaining, periodsBetween, previousPeriod, shiftDays } from "./periods";

describe("periodContaining", () => {
  it("starts weeks on Monday, across month and year boundaries", () => {
    expect(periodContaining("weekly", "2026-03-16")).toEqual({ start: "2026-03-16", end: "2026-03-22" }); // Monday
    expect(periodContaining("weekly", "2026-03-22")).toEqual({ start: "2026-03-16", end: "2026-03-22" }); // Sunday
    expect(periodContaining("weekly", "2026-04-01")).toEqual({ start: "2026-03-30", end: "2026-04-05" });
    // ISO week 1 of 2026 begins on Monday 2025-12-29.
    expect(periodContaining("weekly", "2026-01-01")).toEqual({ start: "2025-12-29", end: "2026-01-04" });
    expect(periodContaining("weekly", "2024-02-29")).toEqual({ start: "2024-02-26", end: "2024-03-03" });
  });

  it("knows month lengths and leap years", () => {
    expect(periodContaining("monthly", "2024-02-10")).toEqual({ start: "2024-02-01", end: "2024-02-29" });
    expect(periodContaining("monthly", "2025-02-28")).toEqual({ start: "2025-02-01", end: "2025-02-28" });
    expect(periodContaining("monthly", "2100-02-01")).toEqual({ start: "2100-02-01", end: "2100-02-28" }); // not leap
    expect(periodContaining("monthly", "2000-02-01")).toEqual({ start: "2000-02-01", end: "2000-02-29" }); // leap
    expect(periodContaining("monthly", "2026-12-31")).toEqual({ start: "2026-12-01", end: "2026-12-31" });
    expect(periodContaining("monthly", "2026-04-30")).toEqual({ start: "2026-04-01", end: "2026-04-30" });
  });

  it("has quarters from January, April, July and October", () => {
    expect(periodContaining("quarterly", "2026-01-01")).toEqual({ start: "2026-01-01", end: "2026-03-31" });
    expect(periodContaining("quarterly", "2026-05-15")).toEqual({ start: "2026-04-01", end: "2026-06-30" });
    expect(periodContaining("quarterly", "2026-09-30")).toEqual({ start: "2026-07-01", end: "2026-09-30" });
    expect(periodContaining("quarterly", "2026-12-31")).toEqual({ start: "2026-10-01", end: "2026-12-31" });
    expect(daysIn(periodContaining("quarterly", "2024-02-01"))).toBe(91);
    expect(daysIn(periodContaining("quarterly", "2025-02-01"))).toBe(90);
  });

  it("has calendar years of 365 or 366 days", () => {
    expect(periodContaining("yearly", "2024-07-04")).toEqual({ start: "2024-01-01", end: "2024-12-31" });
    expect(daysIn(periodContaining("yearly", "2024-07-04"))).toBe(366);
    expect(daysIn(periodContaining("yearly", "2026-07-04"))).toBe(365);
  });
});

describe("stepping", () => {
  it("moves to the next and previous period across year ends", () => {
    expect(nextPeriod("monthly", { start: "2026-12-01", end: "2026-12-31" })).toEqual({
      start: "2027-01-01",
      end: "2027-01-31",
    });
    expect(previousPeriod("quarterly", { start: "2026-01-01", end: "2026-03-31" })).toEqual({
      start: "2025-10-01",
      end: "2025-12-31",
    });
    expect(nextPeriod("weekly", { start: "2026-12-28", end: "2027-01-03" }).start).toBe("2027-01-04");
    expect(shiftDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(shiftDays("2024-03-01", -1)).toBe("2024-02-29");
  });

  it("lists every period between two dates, contiguous, each containing its own days", () => {
    for (const kind of ["weekly", "monthly", "quarterly", "yearly"] as const) {
      const list = periodsBetween(kind, "2023-11-15", "2025-03-02");
      for (let i = 1; i < list.length; i++) expect(list[i]!.start).toBe(shiftDays(list[i - 1]!.end, 1));
      expect(list[0]!.start <= "2023-11-15" && list[0]!.end >= "2023-11-15").toBe(true);
      expect(list.at(-1)!.start <= "2025-03-02" && list.at(-1)!.end >= "2025-03-02").toBe(true);
    }
    expect(periodsBetween("monthly", "2024-01-31", "2024-03-01")).toHaveLength(3);
    expect(periodsBetween("yearly", "2024-06-01", "2024-06-01")).toHaveLength(1);
  });
});
