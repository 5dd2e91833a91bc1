import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { convertMinor } from "./convert";
import { invert, parseRate, type Ratio } from "./ratio";

const rate = (text: string) => parseRate(text);

describe("convertMinor", () => {
  it("converts between zero-decimal and two-decimal currencies both ways", () => {
    // 1 JPY = 0.0064 USD: ¥1,000 is $6.40.
    expect(convertMinor(1000, rate("0.0064"), "JPY", "USD")).toBe(640);
    // 1 USD = 156.25 JPY: $12.34 is ¥1,928.125 → ¥1,928.
    expect(convertMinor(1234, rate("156.25"), "USD", "JPY")).toBe(1928);
    // ¥1 at 0.0064 is 0.64 cents → 1 cent; ¥0.5-cent ties go to even.
    expect(convertMinor(1, rate("0.0064"), "JPY", "USD")).toBe(1);
    expect(convertMinor(1, rate("0.005"), "JPY", "USD")).toBe(0);
    expect(convertMinor(3, rate("0.005"), "JPY", "USD")).toBe(2);
  });

  it("converts three-decimal BHD both ways", () => {
    // 1 BHD = 2.65 USD: BHD 1.234 (1234 fils) is $3.2701 → 327 cents.
    expect(convertMinor(1234, rate("2.65"), "BHD", "USD")).toBe(327);
    // 1 USD = 0.376 BHD: $10.00 is BHD 3.760 exactly.
    expect(convertMinor(1000, rate("0.376"), "USD", "BHD")).toBe(3760);
    // $0.01 is 3.76 fils → 4 fils; at a tenth of the rate, 0.376 fils → 0.
    expect(convertMinor(1, rate("0.376"), "USD", "BHD")).toBe(4);
    expect(convertMinor(1, rate("0.0376"), "USD", "BHD")).toBe(0);
    // BHD → JPY crosses three decimal places: 1.000 BHD at 415.5 JPY is ¥415.5 → ¥416 (even).
    expect(convertMinor(1000, rate("415.5"), "BHD", "JPY")).toBe(416);
    expect(convertMinor(1000, rate("414.5"), "BHD", "JPY")).toBe(414);
  });

  it("rounds exact ties to even, once", () => {
    expect(convertMinor(1, rate("0.5"), "USD", "EUR")).toBe(0);
    expect(convertMinor(3, rate("0.5"), "USD", "EUR")).toBe(2);
    expect(convertMinor(5, rate("0.5"), "USD", "EUR")).toBe(2);
    expect(convertMinor(7, rate("0.5"), "USD", "EUR")).toBe(4);
    // Rounded once: 1.45 × 1.01 = 1.4645 → 1 (a double rounding to 1.5 first would give 2).
    expect(convertMinor(145, rate("0.0101"), "USD", "EUR")).toBe(1);
  });

  it("is symmetric around zero: −x converts to −convert(x)", () => {
    expect(convertMinor(-3, rate("0.5"), "USD", "EUR")).toBe(-2);
    expect(convertMinor(-1234, rate("2.65"), "BHD", "USD")).toBe(-327);
    expect(Object.is(convertMinor(-1, rate("0.5"), "USD", "EUR"), 0)).toBe(true);
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 1, max: 10_000_000 }), (amount, micro) => {
        const r: Ratio = { num: BigInt(micro), den: 1_000_000n };
        return convertMinor(-amount, r, "USD", "JPY") === -convertMinor(amount, r, "USD", "JPY") || amount === 0;
      }),
    );
  });

  it("converts the same currency at 1 unchanged", () => {
    expect(convertMinor(-987654321, rate("1"), "EUR", "EUR")).toBe(-987654321);
  });

  it("handles the largest safe amounts exactly and refuses results beyond 2^53", () => {
    const max = Number.MAX_SAFE_INTEGER;
    expect(convertMinor(max, rate("1"), "USD", "EUR")).toBe(max);
    expect(convertMinor(-max, rate("1"), "USD", "EUR")).toBe(-max);
    expect(convertMinor(max, rate("0.5"), "USD", "EUR")).toBe(4503599627370496);
    expect(() => convertMinor(max, rate("1.000000000001"), "USD", "EUR")).toThrow(RangeError);
    expect(() => convertMinor(max, rate("1"), "JPY", "USD")).toThrow(RangeError);
    expect(() => convertMinor(2 ** 53, rate("0.5"), "USD", "EUR")).toThrow(RangeError);
    expect(() => convertMinor(1.5, rate("1"), "USD", "EUR")).toThrow(RangeError);
  });

  it("round-trips through a rate and its exact inverse within one minor unit", () => {
    // From a coarse unit to an equal or finer one (rate × 10^Δexp ≥ 1) and back.
    fc.assert(
      fc.property(
        fc.integer({ min: -1e9, max: 1e9 }),
        fc.bigInt({ min: 1_000_000_000_000n, max: 1_000_000_000_000_000n }),
        fc.constantFrom(["USD", "EUR"], ["JPY", "USD"], ["USD", "BHD"], ["JPY", "BHD"], ["EUR", "EUR"]),
        (amount, num, [from, to]) => {
          const r: Ratio = { num, den: 1_000_000_000_000n };
          const there = convertMinor(amount, r, from!, to!);
          const back = convertMinor(there, invert(r), to!, from!);
          return Math.abs(back - amount) <= 1;
        },
      ),
    );
  });

  it("round-trips any rate within the error the coarser unit allows", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e9, max: 1e9 }),
        fc.bigInt({ min: 1n, max: 1_000_000_000_000_000n }),
        (amount, num) => {
          const r: Ratio = { num, den: 1_000_000_000_000n };
          const back = convertMinor(convertMinor(amount, r, "USD", "EUR"), invert(r), "EUR", "USD");
          // Half a target unit of error, worth 1/(2r) source units, plus the final half unit.
          const bound = 0.5 + Number(r.den) / Number(r.num) / 2;
          return Math.abs(back - amount) <= bound + 1e-9;
        },
      ),
    );
  });
});
