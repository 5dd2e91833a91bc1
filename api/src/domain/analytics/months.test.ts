import { addDays } from "@tandem/shared";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitRange } from "./months";

describe("splitRange", () => {
  it("reads whole months from totals and only the partial ends from transactions", () => {
    expect(splitRange({ from: "2025-12-01", to: "2026-11-21" })).toEqual({
      whole: { first: "2025-12-01", last: "2026-10-01" },
      partial: [{ from: "2026-11-01", to: "2026-11-21" }],
    });
    expect(splitRange({ from: "2026-01-15", to: "2026-03-31" })).toEqual({
      whole: { first: "2026-02-01", last: "2026-03-01" },
      partial: [{ from: "2026-01-15", to: "2026-01-31" }],
    });
    expect(splitRange({ from: "2024-02-01", to: "2024-02-29" })).toEqual({
      whole: { first: "2024-02-01", last: "2024-02-01" },
      partial: [],
    });
  });

  it("keeps a range inside one month whole to the transactions", () => {
    expect(splitRange({ from: "2026-11-03", to: "2026-11-21" })).toEqual({
      whole: null,
      partial: [{ from: "2026-11-03", to: "2026-11-21" }],
    });
    expect(splitRange({ from: "2026-12-31", to: "2027-01-01" })).toEqual({
      whole: null,
      partial: [{ from: "2026-12-31", to: "2027-01-01" }],
    });
  });

  it("runs from the beginning of history when there is no start", () => {
    expect(splitRange({ to: "2026-11-21" })).toEqual({
      whole: { last: "2026-10-01" },
      partial: [{ from: "2026-11-01", to: "2026-11-21" }],
    });
  });

  it("covers every day of any range exactly once", () => {
    const day = fc.integer({ min: 0, max: 2_000 }).map((n) => addDays("2023-01-01", n));
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 500 }), (from, length) => {
        const to = addDays(from, length);
        const { whole, partial } = splitRange({ from, to });
        const covered = new Map<string, number>();
        const mark = (d: string) => covered.set(d, (covered.get(d) ?? 0) + 1);
        for (const p of partial) for (let d = p.from!; d <= p.to; d = addDays(d, 1)) mark(d);
        if (whole) {
          for (let d = whole.first!; d.slice(0, 7) <= whole.last.slice(0, 7); d = addDays(d, 1)) mark(d);
        }
        for (let d = from; d <= to; d = addDays(d, 1)) expect(covered.get(d)).toBe(1);
        expect(covered.size).toBe(length + 1);
      }),
      { numRuns: 300 },
    );
  });
});
