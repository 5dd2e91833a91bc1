import { describe, expect, it } from "vitest";
import type { SettleUpBalance } from "../shared/contract/splits.js";
import { effectWords, headlines, memberParts, paidBy, proposal } from "./settle-up-data.js";

const members = [
  { id: "a", displayName: "Alex" },
  { id: "b", displayName: "Blair" },
];
const balance = (over: Partial<SettleUpBalance>): SettleUpBalance => ({
  currency: "USD",
  net: [],
  debt: null,
  transactionCount: 3,
  settledAmount: 0,
  ...over,
});

describe("headlines", () => {
  it("says who owes whom, or all square", () => {
    expect(headlines([balance({ debt: { fromMemberId: "b", toMemberId: "a", amount: 4_217 } })], members)).toEqual([
      "Blair owes Alex $42.17",
    ]);
    expect(headlines([balance({})], members)).toEqual(["You are all square"]);
    expect(headlines([], members)).toEqual(["You are all square"]);
  });
  it("names the currency when there are several", () => {
    expect(
      headlines(
        [balance({ debt: { fromMemberId: "a", toMemberId: "b", amount: 100 } }), balance({ currency: "EUR" })],
        members,
      ),
    ).toEqual(["Alex owes Blair $1.00 in USD", "You are all square in EUR"]);
  });
});

describe("parts", () => {
  it("gives the joint account's odd unit to the first member", () => {
    expect([...paidBy({ kind: "shared" }, -101, ["a", "b"])]).toEqual([
      ["a", -51],
      ["b", -50],
    ]);
  });
  it("recovers each member's part from the effect", () => {
    // Alex paid $100 split equally: Alex is owed $50.
    const item = {
      payer: { kind: "member" as const, memberId: "a" },
      amount: -10_000,
      effect: [
        { memberId: "a", amount: 5_000 },
        { memberId: "b", amount: -5_000 },
      ],
    };
    expect(memberParts(item)).toEqual([
      { memberId: "a", amount: -5_000 },
      { memberId: "b", amount: -5_000 },
    ]);
    expect(effectWords(item.effect, "USD", members)).toBe("Blair owes Alex $50.00 more");
    expect(effectWords([], "USD", members)).toBe("No effect");
  });
  it("parts from a joint payment that is all one member's", () => {
    const item = {
      payer: { kind: "shared" as const },
      amount: -3_000,
      effect: [
        { memberId: "a", amount: 1_500 },
        { memberId: "b", amount: -1_500 },
      ],
    };
    expect(memberParts(item)).toEqual([
      { memberId: "a", amount: 0 },
      { memberId: "b", amount: -3_000 },
    ]);
  });
});

describe("proposal", () => {
  it("proposes paying the debt", () => {
    expect(
      proposal([balance({ debt: { fromMemberId: "b", toMemberId: "a", amount: 4_217 } })], members, "a", "USD"),
    ).toEqual({ fromMemberId: "b", toMemberId: "a", amount: 4_217, currency: "USD" });
  });
  it("with nothing owed, the member recording it pays the other, amount empty", () => {
    expect(proposal([balance({})], members, "b", "EUR")).toEqual({
      fromMemberId: "b",
      toMemberId: "a",
      amount: null,
      currency: "EUR",
    });
  });
});
