import { describe, expect, it } from "vitest";
import { addMonthsClamped, nextOccurrence, occurrence, occurrencesBetween } from "./schedule";

describe("occurrences", () => {
  it("clamps Jan 31 to the end of February and returns to the 31st after", () => {
    expect(occurrencesBetween("2026-01-31", "monthly", "2026-01-01", "2026-05-31")).toEqual([
      "2026-01-31",
      "2026-02-28",
      "2026-03-31",
      "2026-04-30",
      "2026-05-31",
    ]);
  });

  it("gives Feb 29 in a leap year", () => {
    expect(occurrence("2028-01-31", "monthly", 1)).toBe("2028-02-29");
    expect(occurrence("2024-01-30", "monthly", 1)).toBe("2024-02-29");
  });

  it("moves a Feb 29 yearly anchor to Feb 28 in common years and back in leap years", () => {
    expect(occurrencesBetween("2024-02-29", "yearly", "2024-01-01", "2028-12-31")).toEqual([
      "2024-02-29",
      "2025-02-28",
      "2026-02-28",
      "2027-02-28",
      "2028-02-29",
    ]);
  });

  it("steps weekly and biweekly across month and year ends", () => {
    expect(occurrencesBetween("2025-12-24", "weekly", "2025-12-25", "2026-01-15")).toEqual([
      "2025-12-31",
      "2026-01-07",
      "2026-01-14",
    ]);
    expect(occurrencesBetween("2026-02-20", "biweekly", "2026-02-01", "2026-03-31")).toEqual([
      "2026-02-20",
      "2026-03-06",
      "2026-03-20",
    ]);
  });

  it("stops at the end date and finds the next occurrence far from the anchor", () => {
    expect(occurrencesBetween("2026-01-15", "monthly", "2026-01-01", "2026-12-31", "2026-03-20")).toHaveLength(3);
    expect(nextOccurrence("2000-01-31", "monthly", "2026-02-01")).toBe("2026-02-28");
    expect(nextOccurrence("2026-01-15", "monthly", "2026-05-01", "2026-04-30")).toBeNull();
    expect(addMonthsClamped("2026-12-15", 1)).toBe("2027-01-15");
    expect(addMonthsClamped("2026-03-31", -1)).toBe("2026-02-28");
  });
});
