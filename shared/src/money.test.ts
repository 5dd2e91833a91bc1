import { describe, expect, it } from "vitest";
import { formatMoney, MoneyParseError, minorUnitExponent, sumMinor, toDecimalString, toMinorUnits } from "./money";

describe("minorUnitExponent", () => {
  it("knows the ISO 4217 exceptions and defaults to 2", () => {
    expect(minorUnitExponent("USD")).toBe(2);
    expect(minorUnitExponent("EUR")).toBe(2);
    expect(minorUnitExponent("JPY")).toBe(0);
    expect(minorUnitExponent("KRW")).toBe(0);
    expect(minorUnitExponent("KWD")).toBe(3);
    expect(minorUnitExponent("BHD")).toBe(3);
    expect(minorUnitExponent("CLF")).toBe(4);
  });
});

describe("toMinorUnits", () => {
  it("parses decimal strings exactly, where floating point would not", () => {
    expect(toMinorUnits("12.34", "USD")).toBe(1234);
    // 19.99 * 100 and 0.29 * 100 are 1998.9999999999998 and 28.999999999999996 in floating point.
    expect(toMinorUnits("19.99", "USD")).toBe(1999);
    expect(toMinorUnits("0.29", "USD")).toBe(29);
    expect(toMinorUnits("1.005", "KWD")).toBe(1005);
    expect(toMinorUnits("0.1", "USD")).toBe(10);
    expect(toMinorUnits("12", "USD")).toBe(1200);
    expect(toMinorUnits("0", "USD")).toBe(0);
  });

  it("handles signs and surrounding whitespace", () => {
    expect(toMinorUnits("-12.34", "USD")).toBe(-1234);
    expect(toMinorUnits("+12.34", "USD")).toBe(1234);
    expect(toMinorUnits("-0.01", "USD")).toBe(-1);
    expect(toMinorUnits(" 7.50 ", "EUR")).toBe(750);
  });

  it("uses no minor units for JPY", () => {
    expect(toMinorUnits("1500", "JPY")).toBe(1500);
    expect(toMinorUnits("-3", "JPY")).toBe(-3);
    expect(() => toMinorUnits("1500.5", "JPY")).toThrow(MoneyParseError);
    expect(() => toMinorUnits("1500.0", "JPY")).toThrow(/more than 0 decimal places for JPY/);
  });

  it("uses three decimals for KWD", () => {
    expect(toMinorUnits("1.234", "KWD")).toBe(1234);
    expect(toMinorUnits("1.2", "KWD")).toBe(1200);
    expect(toMinorUnits("0.001", "KWD")).toBe(1);
    expect(() => toMinorUnits("1.2345", "KWD")).toThrow(MoneyParseError);
  });

  it("rejects more decimals than the currency has instead of rounding", () => {
    expect(() => toMinorUnits("12.345", "USD")).toThrow(/more than 2 decimal places for USD/);
    expect(() => toMinorUnits("0.001", "EUR")).toThrow(MoneyParseError);
    expect(() => toMinorUnits("12.340", "USD")).toThrow(MoneyParseError);
  });

  it.each(["", "abc", "12,34", "1,234.00", "1e3", "12.", ".5", "--1", "1 2", "0x10", "Infinity", "NaN", "12.3.4"])(
    "rejects %j",
    (text) => {
      expect(() => toMinorUnits(text, "USD")).toThrow(MoneyParseError);
    },
  );

  it("stays exact up to the safe integer range and refuses beyond it", () => {
    expect(toMinorUnits("90071992547409.91", "USD")).toBe(Number.MAX_SAFE_INTEGER);
    expect(toMinorUnits("-90071992547409.91", "USD")).toBe(Number.MIN_SAFE_INTEGER);
    expect(() => toMinorUnits("90071992547409.92", "USD")).toThrow(/too large/);
    expect(() => toMinorUnits("99999999999999999999", "JPY")).toThrow(/too large/);
  });
});

describe("toDecimalString", () => {
  it("writes positive and negative amounts exactly", () => {
    expect(toDecimalString(1234, "USD")).toBe("12.34");
    expect(toDecimalString(-1234, "USD")).toBe("-12.34");
    expect(toDecimalString(-1, "USD")).toBe("-0.01");
    expect(toDecimalString(-99, "USD")).toBe("-0.99");
    expect(toDecimalString(-100, "USD")).toBe("-1.00");
    expect(toDecimalString(5, "USD")).toBe("0.05");
    expect(toDecimalString(0, "USD")).toBe("0.00");
    expect(toDecimalString(-0, "USD")).toBe("0.00");
  });

  it("follows the currency's exponent", () => {
    expect(toDecimalString(1500, "JPY")).toBe("1500");
    expect(toDecimalString(-3, "JPY")).toBe("-3");
    expect(toDecimalString(1234, "KWD")).toBe("1.234");
    expect(toDecimalString(-5, "KWD")).toBe("-0.005");
  });

  it("is exact at the edges of the safe range", () => {
    expect(toDecimalString(Number.MAX_SAFE_INTEGER, "USD")).toBe("90071992547409.91");
    expect(toDecimalString(Number.MIN_SAFE_INTEGER, "USD")).toBe("-90071992547409.91");
  });

  it("round-trips with toMinorUnits", () => {
    for (const currency of ["USD", "JPY", "KWD", "CLF"]) {
      for (const minor of [0, 1, -1, 9, -10, 99, 100, -101, 123_456_789, -987_654_321]) {
        expect(toMinorUnits(toDecimalString(minor, currency), currency)).toBe(minor);
      }
    }
  });
});

describe("formatMoney", () => {
  it("formats from the exact decimal, with the currency's digits", () => {
    expect(formatMoney(-1234, "USD")).toBe("-$12.34");
    expect(formatMoney(1500, "JPY")).toBe("¥1,500");
    expect(formatMoney(1234, "KWD", "en-US")).toMatch(/1\.234/);
  });
});

describe("sumMinor", () => {
  it("adds exactly and refuses to leave the safe range", () => {
    expect(sumMinor([1, 2, -3])).toBe(0);
    expect(sumMinor([])).toBe(0);
    expect(sumMinor([Number.MAX_SAFE_INTEGER, -1, 1])).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => sumMinor([Number.MAX_SAFE_INTEGER, 1])).toThrow(RangeError);
  });
});
