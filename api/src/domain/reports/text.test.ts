import { describe, expect, it } from "vitest";
import { changeText, settleUpSentences } from "./text";

describe("settleUpSentences", () => {
  it("names who owes whom, per currency", () => {
    const debt = { fromMemberId: "b", fromName: "Blair", toMemberId: "a", toName: "Alex" };
    expect(
      settleUpSentences({
        asOf: "2026-10-31",
        debts: [{ ...debt, currency: "USD", amount: 1234 }],
        settledCurrencies: ["EUR"],
      }),
    ).toEqual(["Blair owes Alex $12.34", "All square in EUR"]);
    expect(settleUpSentences({ asOf: "2026-10-31", debts: [], settledCurrencies: [] })).toEqual([
      "All square: nobody owes anything",
    ]);
  });
});

describe("changeText", () => {
  it("signs the amount and the percent", () => {
    expect(changeText({ previous: 1000, current: 1500, change: 500, percent: 50 }, "USD")).toBe("+$5.00 (+50%)");
    expect(changeText({ previous: 0, current: -300, change: -300, percent: null }, "USD")).toBe("-$3.00");
    expect(changeText({ previous: 5, current: 5, change: 0, percent: 0 }, "USD")).toBe("no change");
  });
});
