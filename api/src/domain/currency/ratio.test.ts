import { describe, expect, it } from "vitest";
import { divideHalfEven, formatRatio, invert, parseDecimal, parseRate, RateParseError, ratioEquals } from "./ratio";

describe("parseDecimal", () => {
  it("reads decimal strings exactly, in lowest terms", () => {
    expect(parseDecimal("0.9123")).toEqual({ num: 9123n, den: 10000n });
    expect(parseDecimal("0.50")).toEqual({ num: 1n, den: 2n });
    expect(parseDecimal("157")).toEqual({ num: 157n, den: 1n });
    expect(parseDecimal("0.000000000001")).toEqual({ num: 1n, den: 1_000_000_000_000n });
    expect(parseDecimal("123456789012345678.123456789012").num).toBe(123456789012345678123456789012n / 4n);
  });

  it("reads the exponent forms a JSON serializer may write", () => {
    expect(parseDecimal("1.5e-7")).toEqual({ num: 3n, den: 20_000_000n });
    expect(parseDecimal("2E3")).toEqual({ num: 2000n, den: 1n });
  });

  it.each(["", "abc", "-1", "1,5", ".5", "1.", "0x10", "1e", "NaN", "Infinity"])("refuses %j", (text) => {
    expect(() => parseDecimal(text)).toThrow(RateParseError);
  });

  it("refuses a zero rate", () => {
    expect(() => parseRate("0.000")).toThrow(/positive/);
    expect(parseRate("0.5")).toEqual({ num: 1n, den: 2n });
  });
});

describe("invert", () => {
  it("is exact: no digits are lost in either direction", () => {
    const rate = parseRate("0.0064");
    expect(invert(rate)).toEqual({ num: 625n, den: 4n });
    expect(ratioEquals(invert(invert(rate)), rate)).toBe(true);
  });
});

describe("divideHalfEven", () => {
  it("rounds ties to the even neighbour and everything else to the nearest", () => {
    expect(divideHalfEven(5n, 2n)).toBe(2n);
    expect(divideHalfEven(7n, 2n)).toBe(4n);
    expect(divideHalfEven(9n, 4n)).toBe(2n);
    expect(divideHalfEven(11n, 4n)).toBe(3n);
    expect(divideHalfEven(1n, 2n)).toBe(0n);
    expect(divideHalfEven(3n, 2n)).toBe(2n);
  });
});

describe("formatRatio", () => {
  it("writes at most 12 decimals without trailing zeros", () => {
    expect(formatRatio(parseDecimal("0.910000000000"))).toBe("0.91");
    expect(formatRatio(parseDecimal("150.000"))).toBe("150");
    expect(formatRatio({ num: 1n, den: 3n })).toBe("0.333333333333");
    expect(formatRatio({ num: 2n, den: 3n })).toBe("0.666666666667");
    expect(formatRatio({ num: 1n, den: 2n }, 0)).toBe("0");
    expect(formatRatio(parseDecimal("1.5e-7"))).toBe("0.00000015");
  });
});
