import { describe, expect, it } from "vitest";
import { settleUpReminders } from "./settle-up";

const alex = "00000000-0000-4000-8000-00000000000a";
const blair = "00000000-0000-4000-8000-00000000000b";
const members = [
  { id: alex, displayName: "Alex" },
  { id: blair, displayName: "Blair" },
];
const balance = (currency: string, debt: { fromMemberId: string; toMemberId: string; amount: number } | null) => ({
  currency,
  net: [],
  debt,
  transactionCount: 1,
  settledAmount: 0,
});

describe("settleUpReminders", () => {
  it("names who owes whom how much, once per month and currency", () => {
    const reminders = settleUpReminders(
      {
        members,
        balances: [
          balance("USD", { fromMemberId: blair, toMemberId: alex, amount: 12_345 }),
          balance("EUR", null),
          balance("GBP", { fromMemberId: alex, toMemberId: blair, amount: 500 }),
        ],
      },
      "2026-03-01",
    );
    expect(reminders).toEqual([
      {
        dedupeKey: "settle-up:2026-03:USD",
        title: "Time to settle up",
        body: "Blair owes Alex $123.45.",
        subject: { fromMemberId: blair, toMemberId: alex, currency: "USD" },
      },
      expect.objectContaining({ dedupeKey: "settle-up:2026-03:GBP", body: "Alex owes Blair £5.00." }),
    ]);
  });

  it("says nothing when everything is settled", () => {
    expect(settleUpReminders({ members, balances: [balance("USD", null)] }, "2026-03-15")).toEqual([]);
  });
});
