import { describe, expect, it } from "vitest";
import {
  indexPaymentHistory as indexed,
  isNews,
  largeMagnitude,
  median,
  merchantKey,
  type NewTransaction,
  type PastOutflow,
  unusualAgainst,
} from "./transactions";

const tx = (over: Partial<NewTransaction> = {}): NewTransaction => ({
  id: "t1",
  date: "2026-03-10",
  amount: -10_000,
  currency: "USD",
  merchant: "Corner Shop",
  description: "CORNER SHOP 123",
  pending: false,
  transfer: false,
  ...over,
});
const past = (amount: number, date: string, over: Partial<PastOutflow> = {}): PastOutflow => ({
  merchantKey: "corner shop",
  currency: "USD",
  date,
  amount,
  ...over,
});

describe("isNews", () => {
  it("takes posted transactions of the last 30 days", () => {
    expect(isNews(tx(), "2026-03-10")).toBe(true);
    expect(isNews(tx({ date: "2026-02-08" }), "2026-03-10")).toBe(true);
    expect(isNews(tx({ date: "2026-02-07" }), "2026-03-10")).toBe(false);
    expect(isNews(tx({ date: "2026-03-12" }), "2026-03-10")).toBe(true);
  });

  it("leaves out pending ones (they come back posted), transfers and zero amounts", () => {
    expect(isNews(tx({ pending: true }), "2026-03-10")).toBe(false);
    expect(isNews(tx({ transfer: true }), "2026-03-10")).toBe(false);
    expect(isNews(tx({ amount: 0 }), "2026-03-10")).toBe(false);
  });
});

describe("largeMagnitude", () => {
  it("is the absolute amount in the base currency, money in or out", () => {
    expect(largeMagnitude(tx({ amount: -60_000 }), "USD")).toBe(60_000);
    expect(largeMagnitude(tx({ amount: 60_000 }), "USD")).toBe(60_000);
  });

  it("does not compare another currency with a base-currency threshold", () => {
    expect(largeMagnitude(tx({ currency: "EUR" }), "USD")).toBeNull();
  });
});

describe("median", () => {
  it("takes the middle value, or the mean of the two middle ones", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe("merchantKey", () => {
  it("falls back to the description and ignores case and spaces", () => {
    expect(merchantKey({ merchant: " Corner Shop ", description: "x" })).toBe("corner shop");
    expect(merchantKey({ merchant: null, description: "ACME Ltd" })).toBe("acme ltd");
  });
});

describe("unusualAgainst", () => {
  const history = [past(2_000, "2026-01-05"), past(3_000, "2026-02-05"), past(2_500, "2026-03-01")];

  it("flags money out above 3x the median of earlier payments there", () => {
    expect(unusualAgainst(tx({ amount: -7_501 }), indexed(history))).toBe(2_500);
    expect(unusualAgainst(tx({ amount: -7_500 }), indexed(history))).toBeNull();
  });

  it("needs three earlier payments, before the transaction's date, at that merchant and in that currency", () => {
    expect(unusualAgainst(tx(), indexed(history.slice(0, 2)))).toBeNull();
    const later = [...history.slice(0, 2), past(2_500, "2026-03-10")];
    expect(unusualAgainst(tx(), indexed(later))).toBeNull();
    const elsewhere = [...history.slice(0, 2), past(2_500, "2026-03-01", { merchantKey: "other" })];
    expect(unusualAgainst(tx(), indexed(elsewhere))).toBeNull();
    const euros = [...history.slice(0, 2), past(2_500, "2026-03-01", { currency: "EUR" })];
    expect(unusualAgainst(tx(), indexed(euros))).toBeNull();
  });

  it("ignores money in, and one earlier outlier does not raise the bar", () => {
    expect(unusualAgainst(tx({ amount: 100_000 }), indexed(history))).toBeNull();
    const withOutlier = [...history, past(90_000, "2026-02-20")];
    expect(unusualAgainst(tx({ amount: -10_000 }), indexed(withOutlier))).toBe(2_750);
  });

  it("judges by the latest 20 earlier payments", () => {
    const old = Array.from({ length: 20 }, (_, i) => past(100, `2025-01-${String(i + 1).padStart(2, "0")}`));
    const recent = Array.from({ length: 20 }, (_, i) => past(5_000, `2026-02-${String(i + 1).padStart(2, "0")}`));
    expect(unusualAgainst(tx({ amount: -10_000 }), indexed([...old, ...recent]))).toBeNull();
  });
});
