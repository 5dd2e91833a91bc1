import { describe, expect, it } from "vitest";
import { milestoneCrossed } from "./goals";

describe("milestoneCrossed", () => {
  it("names the milestone crossed upwards", () => {
    expect(milestoneCrossed(20, 25)).toBe(25);
    expect(milestoneCrossed(49.9, 50)).toBe(50);
    expect(milestoneCrossed(80, 120)).toBe(100);
  });

  it("names only the highest when several are crossed at once", () => {
    expect(milestoneCrossed(0, 80)).toBe(75);
    expect(milestoneCrossed(0, 100)).toBe(100);
  });

  it("is null when none is crossed upwards", () => {
    expect(milestoneCrossed(25, 30)).toBeNull();
    expect(milestoneCrossed(60, 40)).toBeNull();
    expect(milestoneCrossed(0, 24.9)).toBeNull();
    expect(milestoneCrossed(100, 150)).toBeNull();
  });
});
