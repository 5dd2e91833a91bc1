import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocate } from "./allocate";

describe("allocate", () => {
  it("gives an odd unit to the first of equal remainders", () => {
    expect(allocate(-101, [1, 1])).toEqual([-51, -50]);
    expect(allocate(101, [1, 1])).toEqual([51, 50]);
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
  });

  it("gives leftovers to the largest remainders first", () => {
    // 1000 × 33.33% = 333.3, × 66.67% = 666.7: the second has the larger remainder.
    expect(allocate(1000, [3333, 6667])).toEqual([333, 667]);
    expect(allocate(-1, [3333, 6667])).toEqual([0, -1]);
  });

  it("keeps zero weights at zero and treats all-zero weights as equal", () => {
    expect(allocate(-999, [0, 1])).toEqual([0, -999]);
    expect(allocate(7, [0, 0])).toEqual([4, 3]);
  });

  it("is exact at the edge of safe integers", () => {
    const max = Number.MAX_SAFE_INTEGER;
    expect(allocate(max, [1, 1])).toEqual([Math.ceil(max / 2), Math.floor(max / 2)]);
  });

  it("refuses negative or fractional weights", () => {
    expect(() => allocate(10, [-1, 2])).toThrow(RangeError);
    expect(() => allocate(10, [0.5, 2])).toThrow(RangeError);
  });

  it("always adds up, and no part is more than one unit off its exact share", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 4 }),
        (amount, weights) => {
          const parts = allocate(amount, weights);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(amount);
          const total = weights.reduce((a, b) => a + b, 0);
          if (total === 0) return;
          parts.forEach((part, i) => {
            const exact = (amount * (weights[i] ?? 0)) / total;
            expect(Math.abs(part - exact)).toBeLessThan(1 + 1e-6 * Math.abs(amount));
          });
        },
      ),
    );
  });
});
