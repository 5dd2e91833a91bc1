import { describe, expect, it } from "vitest";
import { createConverter } from "./converter";
import { buildRateTable, findRate, MAX_RATE_AGE_DAYS, type RateRow } from "./lookup";

const row = (date: string, base: string, quote: string, rate: string): RateRow => ({ date, base, quote, rate });

describe("findRate", () => {
  const table = buildRateTable([
    row("2026-01-05", "USD", "EUR", "0.9"),
    row("2026-01-02", "USD", "EUR", "0.8"),
    row("2026-01-09", "USD", "EUR", "0.95"),
    row("2026-01-09", "EUR", "USD", "1.2"),
    row("2026-01-07", "GBP", "USD", "1.25"),
  ]);

  it("uses the rate of the amount's date", () => {
    expect(findRate(table, "USD", "EUR", "2026-01-05")).toMatchObject({ rate: "0.9", date: "2026-01-05" });
  });

  it("else the latest earlier rate (the weekend takes Friday's)", () => {
    expect(findRate(table, "USD", "EUR", "2026-01-04")).toMatchObject({ rate: "0.8", date: "2026-01-02" });
    expect(findRate(table, "USD", "EUR", "2026-01-08")).toMatchObject({ rate: "0.9", date: "2026-01-05" });
  });

  it("never uses a rate dated after the amount", () => {
    expect(findRate(table, "USD", "EUR", "2026-01-01")).toBeNull();
  });

  it("treats a rate 7 days old as usable and 8 days old as missing", () => {
    expect(MAX_RATE_AGE_DAYS).toBe(7);
    expect(findRate(table, "GBP", "USD", "2026-01-14")).toMatchObject({ date: "2026-01-07" });
    expect(findRate(table, "GBP", "USD", "2026-01-15")).toBeNull();
  });

  it("uses the exact inverse when only the opposite pair is stored", () => {
    const found = findRate(table, "USD", "GBP", "2026-01-07");
    expect(found).toMatchObject({ rate: "0.8", date: "2026-01-07", inverse: true });
    expect(found?.ratio).toEqual({ num: 4n, den: 5n });
  });

  it("prefers the direct pair on the same date, and the closer date over direction", () => {
    expect(findRate(table, "USD", "EUR", "2026-01-09")).toMatchObject({ rate: "0.95", inverse: false });
    expect(findRate(table, "EUR", "USD", "2026-01-09")).toMatchObject({ rate: "1.2", inverse: false });
    // EUR→USD on the 6th: no direct rate yet, the inverse of the 5th's USD/EUR 0.9 is used.
    expect(findRate(table, "EUR", "USD", "2026-01-06")).toMatchObject({ date: "2026-01-05", inverse: true });
  });

  it("answers null for a pair with no rate at all (no triangulation through USD)", () => {
    expect(findRate(table, "GBP", "EUR", "2026-01-09")).toBeNull();
    expect(findRate(buildRateTable([]), "JPY", "USD", "2026-01-09")).toBeNull();
  });

  it("converts a currency to itself at exactly 1, with no rate stored", () => {
    expect(findRate(table, "JPY", "JPY", "2030-01-01")).toMatchObject({ rate: "1", date: "2030-01-01" });
  });
});

describe("createConverter", () => {
  const converter = createConverter("USD", [
    row("2026-03-02", "USD", "JPY", "160"),
    row("2026-03-02", "BHD", "USD", "2.65"),
  ]);

  it("converts into the base with the rate and its date, or null when no rate exists", () => {
    expect(converter.base).toBe("USD");
    expect(converter.convert(16000, "JPY", "2026-03-04")).toEqual({
      amount: 10000,
      rate: "0.00625",
      rateDate: "2026-03-02",
      inverse: true,
    });
    expect(converter.convert(-1234, "BHD", "2026-03-02")).toEqual({
      amount: -327,
      rate: "2.65",
      rateDate: "2026-03-02",
      inverse: false,
    });
    expect(converter.convert(500, "USD", "2026-03-02")).toEqual({
      amount: 500,
      rate: "1",
      rateDate: "2026-03-02",
      inverse: false,
    });
    expect(converter.convert(100, "JPY", "2026-03-10")).toBeNull();
    expect(converter.convert(100, "EUR", "2026-03-02")).toBeNull();
  });
});
