import { addDays } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import { detectRecurring, type HistoryTransaction, medianMinor, merchantKey, withinTolerance } from "./detect";

let seq = 0;
function txn(
  date: string,
  amount: number,
  merchant: string,
  over: Partial<HistoryTransaction> = {},
): HistoryTransaction {
  seq++;
  return {
    id: `t${String(seq).padStart(4, "0")}`,
    accountId: "acc",
    date,
    amount,
    currency: "USD",
    merchant,
    description: merchant.toUpperCase(),
    categoryId: null,
    ...over,
  };
}

describe("merchant keys and tolerance", () => {
  it("drops reference numbers and punctuation", () => {
    expect(merchantKey("NETFLIX.COM 8472")).toBe("netflix com");
    expect(merchantKey("Netflix.com #12")).toBe("netflix com");
    expect(merchantKey("Café Olé")).toBe("cafe ole");
  });

  it("allows 10% or one unit, whichever is larger", () => {
    expect(withinTolerance(-1099, -1000)).toBe(true);
    expect(withinTolerance(-1101, -1000)).toBe(false);
    expect(withinTolerance(-599, -500)).toBe(true);
    expect(withinTolerance(-601, -500)).toBe(false);
  });

  it("takes the median in whole minor units", () => {
    expect(medianMinor([3, 1, 2])).toBe(2);
    expect(medianMinor([-1000, -1001])).toBe(-1001);
    expect(medianMinor([1000, 1001])).toBe(1001);
  });
});

describe("detectRecurring", () => {
  it("finds a monthly charge despite a late charge, a skipped month and a one-off at the same merchant", () => {
    const history = [
      txn("2025-10-15", -1599, "Netflix"),
      txn("2025-11-15", -1599, "Netflix"),
      txn("2025-12-18", -1599, "Netflix"), // three days late
      // January skipped
      txn("2026-02-15", -1599, "Netflix"),
      txn("2026-02-21", -1499, "Netflix"), // a one-off (gift card) of a similar amount
      txn("2026-03-15", -1699, "Netflix"), // price rise within tolerance
      txn("2026-03-02", -250, "Corner shop"),
    ];
    const [series, ...others] = detectRecurring(history, "2026-03-20");
    expect(others).toEqual([]);
    expect(series).toMatchObject({
      cadence: "monthly",
      amount: -1599,
      lastDate: "2026-03-15",
      nextDate: "2026-04-15",
      occurrences: 5,
      merchant: "Netflix",
    });
    expect(series!.confidence).toBeCloseTo(5 / 6, 2);
    expect(series!.transactionIds).toHaveLength(5);
  });

  it("finds a weekly series with a day of jitter", () => {
    const dates = ["2026-01-02", "2026-01-09", "2026-01-16", "2026-01-24", "2026-01-30", "2026-02-06"];
    const series = detectRecurring(
      dates.map((d) => txn(d, -4500, "Farm box")),
      "2026-02-08",
    );
    expect(series).toHaveLength(1);
    expect(series[0]).toMatchObject({ cadence: "weekly", nextDate: "2026-02-13", occurrences: 6 });
  });

  it("calls every-other-week biweekly, not weekly with gaps", () => {
    const history = [0, 14, 28, 42].map((d) => txn(addDays("2026-01-09", d), 250_000, "ACME PAYROLL"));
    expect(detectRecurring(history, "2026-02-21")).toMatchObject([{ cadence: "biweekly", amount: 250_000 }]);
  });

  it("finds a yearly charge from two occurrences", () => {
    const history = [txn("2024-06-03", -9900, "Domain renewal"), txn("2025-06-01", -9900, "Domain renewal")];
    expect(detectRecurring(history, "2026-01-10")).toMatchObject([
      { cadence: "yearly", nextDate: "2026-06-02", occurrences: 2 },
    ]);
  });

  it("keeps month-end charges at month end", () => {
    const history = ["2025-11-30", "2025-12-31", "2026-01-31", "2026-02-28"].map((d) => txn(d, -120_000, "Rent"));
    expect(detectRecurring(history, "2026-03-05")).toMatchObject([{ cadence: "monthly", nextDate: "2026-03-31" }]);
  });

  it("follows amounts that drift within tolerance", () => {
    const amounts = [-8000, -8300, -8700, -8400, -8900];
    const history = amounts.map((a, i) => txn(`2026-0${i + 1}-03`, a, "City Power"));
    expect(detectRecurring(history, "2026-05-10")).toMatchObject([{ amount: -8400, occurrences: 5 }]);
  });

  it("finds nothing with too few occurrences, irregular dates or a stopped series", () => {
    expect(detectRecurring([txn("2026-01-15", -1000, "Gym"), txn("2026-02-15", -1000, "Gym")], "2026-02-20")).toEqual(
      [],
    );
    const irregular = ["2026-01-03", "2026-01-20", "2026-02-02", "2026-03-11"].map((d) => txn(d, -3000, "Hardware"));
    expect(detectRecurring(irregular, "2026-03-15")).toEqual([]);
    const stopped = ["2025-01-10", "2025-02-10", "2025-03-10"].map((d) => txn(d, -1000, "Old gym"));
    expect(detectRecurring(stopped, "2026-03-15")).toEqual([]);
    const differentAmounts = ["2026-01-10", "2026-02-10", "2026-03-10"].map((d, i) =>
      txn(d, -1000 * (i + 1) * 3, "Shop"),
    );
    expect(detectRecurring(differentAmounts, "2026-03-15")).toEqual([]);
  });

  it("keeps accounts and directions apart", () => {
    const history = [
      ...["2026-01-10", "2026-02-10"].map((d) => txn(d, -1000, "Gym")),
      txn("2026-03-10", -1000, "Gym", { accountId: "other" }),
      txn("2026-03-10", 1000, "Gym"),
    ];
    expect(detectRecurring(history, "2026-03-15")).toEqual([]);
  });
});
