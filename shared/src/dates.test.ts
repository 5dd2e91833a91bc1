import { describe, expect, it } from "vitest";
import { addDays, isIsoDate, monthKey, monthRange, nextMonth, toIsoDate } from "./dates";

describe("isIsoDate", () => {
  it("accepts real calendar dates", () => {
    expect(isIsoDate("2026-01-01")).toBe(true);
    expect(isIsoDate("2026-12-31")).toBe(true);
    expect(isIsoDate("2026-04-30")).toBe(true);
    expect(isIsoDate("1999-12-31")).toBe(true);
    expect(isIsoDate("9999-12-31")).toBe(true);
  });

  it("knows leap years: every 4th, not every 100th, but every 400th", () => {
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2028-02-29")).toBe(true);
    expect(isIsoDate("2000-02-29")).toBe(true);
    expect(isIsoDate("2400-02-29")).toBe(true);
    expect(isIsoDate("2026-02-29")).toBe(false);
    expect(isIsoDate("2025-02-29")).toBe(false);
    expect(isIsoDate("1900-02-29")).toBe(false);
    expect(isIsoDate("2100-02-29")).toBe(false);
    expect(isIsoDate("2024-02-30")).toBe(false);
  });

  it("applies the same calendar to years below 100 (no 19xx mapping)", () => {
    expect(isIsoDate("0004-02-29")).toBe(true);
    expect(isIsoDate("0099-12-31")).toBe(true);
    expect(isIsoDate("0001-01-01")).toBe(true);
    expect(isIsoDate("0100-02-29")).toBe(false);
    expect(isIsoDate("0001-02-29")).toBe(false);
  });

  it("refuses year 0000, which PostgreSQL's date type cannot store", () => {
    expect(isIsoDate("0000-01-01")).toBe(false);
  });

  it.each([
    "2026-02-30",
    "2026-04-31",
    "2026-13-01",
    "2026-00-10",
    "2026-01-00",
    "2026-01-32",
    "2026-1-01",
    "2026-01-1",
    "26-01-01",
    "20260101",
    "2026/01/01",
    "2026-01-01T00:00:00Z",
    " 2026-01-01",
    "2026-01-01 ",
    "yesterday",
    "",
    "+2026-01-01",
    "12026-01-01",
  ])("refuses %j", (value) => {
    expect(isIsoDate(value)).toBe(false);
  });
});

describe("date helpers", () => {
  it("monthKey takes the year and month", () => {
    expect(monthKey("2026-03-31")).toBe("2026-03");
  });

  it("toIsoDate uses the UTC calendar day", () => {
    expect(toIsoDate(new Date("2026-03-31T23:59:59.999Z"))).toBe("2026-03-31");
    expect(toIsoDate(new Date("2026-04-01T00:00:00Z"))).toBe("2026-04-01");
  });

  it("addDays crosses month, year and leap-day boundaries", () => {
    expect(addDays("2026-01-31", 1)).toBe("2026-02-01");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(addDays("2026-03-29", 7)).toBe("2026-04-05"); // across a DST change in many zones
    expect(addDays("2026-03-10", 0)).toBe("2026-03-10");
  });

  it("nextMonth rolls December into January", () => {
    expect(nextMonth("2026-11")).toBe("2026-12");
    expect(nextMonth("2026-12")).toBe("2027-01");
  });

  it("monthRange lists every month, both ends included", () => {
    expect(monthRange("2025-11", "2026-02")).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
    expect(monthRange("2026-03", "2026-03")).toEqual(["2026-03"]);
    expect(monthRange("2026-04", "2026-03")).toEqual([]);
  });
});
