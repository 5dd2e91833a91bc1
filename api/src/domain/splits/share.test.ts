import type { Split } from "@tandem/shared";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { balances } from "./balance";
import { resolveShare, type ShareInput } from "./share";

const ALEX = "00000000-0000-4000-8000-00000000000a";
const BLAIR = "00000000-0000-4000-8000-00000000000b";
const GONE = "00000000-0000-4000-8000-0000000000ff";
const members = [ALEX, BLAIR];

const base: ShareInput = {
  amount: -10_000,
  members,
  accountOwnerId: ALEX,
  payer: null,
  split: null,
  categorySplit: null,
  accountSplit: null,
};
const effectOf = (input: Partial<ShareInput>) => resolveShare({ ...base, ...input }).effect.map((e) => e.amount);

describe("resolveShare", () => {
  it("leaves a member's own spending with them and shares a joint account's", () => {
    expect(resolveShare(base)).toMatchObject({
      payer: { kind: "member", memberId: ALEX },
      split: { kind: "personal" },
      splitSource: "default",
    });
    expect(effectOf({})).toEqual([0, 0]);
    expect(resolveShare({ ...base, accountOwnerId: null })).toMatchObject({
      payer: { kind: "shared" },
      split: { kind: "equal" },
    });
    expect(effectOf({ accountOwnerId: null })).toEqual([0, 0]);
  });

  it("makes the other member owe half of a shared purchase, the payer absorbing the odd cent", () => {
    const share = resolveShare({ ...base, amount: -10_001, split: { kind: "equal" } });
    expect(share.parts).toEqual([
      { memberId: ALEX, amount: -5001 },
      { memberId: BLAIR, amount: -5000 },
    ]);
    expect(share.effect).toEqual([
      { memberId: ALEX, amount: 5000 },
      { memberId: BLAIR, amount: -5000 },
    ]);
  });

  it("takes the transaction's split over the category's over the account's", () => {
    const equal: Split = { kind: "equal" };
    const blairs: Split = { kind: "personal", memberId: BLAIR };
    expect(resolveShare({ ...base, accountSplit: equal }).splitSource).toBe("account");
    expect(resolveShare({ ...base, accountSplit: equal, categorySplit: blairs }).splitSource).toBe("category");
    expect(effectOf({ accountSplit: equal, categorySplit: blairs })).toEqual([10_000, -10_000]);
    expect(resolveShare({ ...base, categorySplit: blairs, split: { kind: "personal" } }).splitSource).toBe(
      "transaction",
    );
  });

  it("charges joint money spent on one member's own things to that member", () => {
    const hobby: Split = { kind: "personal", memberId: BLAIR };
    expect(effectOf({ accountOwnerId: null, categorySplit: hobby })).toEqual([5000, -5000]);
    // "The payer's own" on a joint account has no one person: it stays shared.
    expect(effectOf({ accountOwnerId: null, categorySplit: { kind: "personal" } })).toEqual([0, 0]);
  });

  it("splits by percentage and exact amounts", () => {
    const percent: Split = {
      kind: "percent",
      shares: [
        { memberId: ALEX, basisPoints: 6000 },
        { memberId: BLAIR, basisPoints: 4000 },
      ],
    };
    expect(effectOf({ split: percent })).toEqual([4000, -4000]);
    const exact: Split = {
      kind: "exact",
      parts: [
        { memberId: ALEX, amount: 2500 },
        { memberId: BLAIR, amount: 7500 },
      ],
    };
    expect(effectOf({ split: exact })).toEqual([7500, -7500]);
    // The bank changed the amount: the exact parts are kept as proportions.
    expect(effectOf({ split: exact, amount: -20_000 })).toEqual([15_000, -15_000]);
  });

  it("counts a refund the other way round", () => {
    expect(effectOf({ amount: 4000, split: { kind: "equal" } })).toEqual([-2000, 2000]);
  });

  it("lets a member pay from another's account", () => {
    const share = resolveShare({ ...base, payer: { kind: "member", memberId: BLAIR }, split: { kind: "equal" } });
    expect(share.payerSource).toBe("transaction");
    expect(share.effect.map((e) => e.amount)).toEqual([-5000, 5000]);
  });

  it("ignores a stored choice naming someone who has left", () => {
    const share = resolveShare({
      ...base,
      payer: { kind: "member", memberId: GONE },
      split: { kind: "personal", memberId: GONE },
      accountSplit: { kind: "equal" },
    });
    expect(share).toMatchObject({ payerSource: "account", splitSource: "account" });
  });
});

const memberArb = fc.constantFrom(ALEX, BLAIR);
const splitArb: fc.Arbitrary<Split | null> = fc.oneof(
  fc.constant(null),
  fc.constant<Split>({ kind: "equal" }),
  memberArb.map<Split>((memberId) => ({ kind: "personal", memberId })),
  fc.constant<Split>({ kind: "personal" }),
  fc.integer({ min: 0, max: 10_000 }).map<Split>((bp) => ({
    kind: "percent",
    shares: [
      { memberId: ALEX, basisPoints: bp },
      { memberId: BLAIR, basisPoints: 10_000 - bp },
    ],
  })),
);
const inputArb: fc.Arbitrary<ShareInput & { currency: string }> = fc.record({
  amount: fc.integer({ min: -1e9, max: 1e9 }),
  members: fc.constant(members),
  accountOwnerId: fc.oneof(fc.constant(null), memberArb),
  payer: fc.oneof(
    fc.constant(null),
    fc.constant({ kind: "shared" as const }),
    memberArb.map((memberId) => ({ kind: "member" as const, memberId })),
  ),
  split: splitArb,
  categorySplit: splitArb,
  accountSplit: splitArb,
  currency: fc.constantFrom("USD", "JPY", "BHD"),
});

describe("settle-up invariants", () => {
  it("parts add up to the amount and effects to zero, for every transaction", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const share = resolveShare(input);
        expect(share.parts.reduce((sum, p) => sum + p.amount, 0)).toBe(input.amount);
        expect(share.effect.reduce((sum, e) => sum + e.amount, 0)).toBe(0);
      }),
    );
  });

  it("the balance adds up every effect per currency, and paying the debt clears it", () => {
    fc.assert(
      fc.property(fc.array(inputArb, { maxLength: 40 }), (inputs) => {
        const shares = inputs.map((input) => ({ currency: input.currency, effect: resolveShare(input).effect }));
        for (const balance of balances(members, shares, [])) {
          const mine = shares.filter((s) => s.currency === balance.currency);
          for (const member of members) {
            const sum = mine.flatMap((s) => s.effect).filter((e) => e.memberId === member);
            expect(balance.net.find((n) => n.memberId === member)?.amount).toBe(
              sum.reduce((total, e) => total + e.amount, 0),
            );
          }
          if (!balance.debt) continue;
          const [settled] = balances(members, mine, [{ ...balance.debt, currency: balance.currency }]);
          expect(settled?.net.every((n) => n.amount === 0)).toBe(true);
          expect(settled?.debt).toBeNull();
        }
      }),
    );
  });

  it("a group's count stands for that many identical transactions", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(inputArb, fc.integer({ min: 1, max: 5 })), { maxLength: 20 }), (groups) => {
        const effect = (input: ShareInput & { currency: string }) => ({
          currency: input.currency,
          effect: resolveShare(input).effect,
        });
        const counted = groups.map(([input, count]) => ({ ...effect(input), count }));
        const oneByOne = groups.flatMap(([input, count]) => Array.from({ length: count }, () => effect(input)));
        expect(balances(members, counted, [])).toEqual(balances(members, oneByOne, []));
      }),
    );
  });
});
